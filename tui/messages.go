package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// The app's typed messages. Update never does I/O: it returns commands, and
// the commands come back with one of these.

// catalogueMsg carries a freshly loaded catalogue (or why it could not be
// loaded).
type catalogueMsg struct {
	cat *catalogue.Catalogue
	err error
	// packed are the haystacks of the kinds whose tab was filtering when
	// the load was asked, packed by the command that loaded the catalogue
	// (at 100,000 entries, folding them holds the event loop for seconds;
	// packing them after would show such a tab unfiltered meanwhile). The
	// other tabs' are packed when a query first needs them.
	packed map[catalogue.Kind]*packedHaystacks
	// lists are every kind's ids and first matches (kindList), made by
	// the same command: made in Update they were megabytes allocated
	// while the collector marks the new catalogue.
	lists map[catalogue.Kind]*kindList
	// byActor is the board indexed by actor, for the directory's pages
	// (at 100,000 entries, finding an actor's requests read the whole
	// board in Update).
	byActor *catalogue.ByActor
	// dups are the requests closed as duplicates, by original, for the
	// requests' pages (a supporter through a duplicate read every request).
	dups *catalogue.Duplicates
}

// syncMsg carries the registry's standing against its remote.
type syncMsg struct {
	state store.SyncState
	err   error
}

// statusMsg shows a transient message in the status bar.
type statusMsg struct {
	text string
	err  bool
}

// statusExpiredMsg clears the status message numbered seq, unless a newer
// one replaced it.
type statusExpiredMsg struct{ seq int }

// resultMsg is what an action's command returns once its I/O is done: a
// sentence for the status bar, or the error; Reload asks for the catalogue to
// be read again (after a write to the registry).
type resultMsg struct {
	Text   string
	Err    error
	Reload bool
}

// openModalMsg puts a modal over the body; closeModalMsg removes it.
type (
	openModalMsg  struct{ modal Modal }
	closeModalMsg struct{}
)

// statusDuration is how long a status message stays.
const statusDuration = 5 * time.Second

// loadCmd reads the catalogue, makes every list's ids and first matches
// and the board's indexes, and packs the haystacks of the tabs that are
// filtering.
func (m *Model) loadCmd() tea.Cmd {
	src := m.src
	var filtering []catalogue.Kind
	for _, t := range m.tabs {
		if b, ok := t.(interface{ filtering() bool }); ok && b.filtering() {
			filtering = append(filtering, t.Kind())
		}
	}
	return func() tea.Msg {
		c, err := src.Load()
		msg := catalogueMsg{cat: c, err: err}
		if err == nil && c != nil {
			// the lists, the board's indexes, and the filtering tabs'
			// haystacks: the others' are packed when a query needs them,
			// or in the background after the news walk (Model.setCatalogue)
			msg.lists = kindLists(c)
			msg.byActor, msg.dups = c.ByActor(), c.Duplicates()
			if len(filtering) > 0 {
				msg.packed = make(map[catalogue.Kind]*packedHaystacks, len(filtering))
				for _, k := range filtering {
					msg.packed[k] = packAppended(kindAppended(c, k))
				}
			}
		}
		return msg
	}
}

// syncCmd reads the sync state (no network: as of the last fetch).
func syncCmd(src store.Stater) tea.Cmd {
	return func() tea.Msg {
		s, err := src.State()
		return syncMsg{state: s, err: err}
	}
}

// Status returns a command that shows text in the status bar for a while.
func Status(text string) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text} }
}

// StatusError shows an error in the status bar.
func StatusError(text string) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text, err: true} }
}

// Do runs fn as a command (it may do I/O: write to the registry, reach the
// network) and reports its outcome in the status bar; with reload, the
// catalogue is read again afterwards. This is how a tab action writes.
func Do(reload bool, fn func() (string, error)) tea.Cmd {
	return func() tea.Msg {
		text, err := fn()
		return resultMsg{Text: text, Err: err, Reload: reload && err == nil}
	}
}

// OpenModal shows m over the body until it sends CloseModal.
func OpenModal(m Modal) tea.Cmd {
	return func() tea.Msg { return openModalMsg{modal: m} }
}

// CloseModal removes the current modal.
func CloseModal() tea.Msg { return closeModalMsg{} }
