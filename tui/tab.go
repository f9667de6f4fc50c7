package tui

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/requests"
)

// Tab is one of the four tabs. The app talks to tabs only through this
// interface; each tab is its own model (tab_actors.go, tab_snippets.go,
// tab_schemas.go, tab_requests.go) built on the shared browser (list, filter,
// detail).
type Tab interface {
	// Kind is the kind of entry the tab shows; its label is the tab's name.
	Kind() catalogue.Kind
	// Count is the number of entries, for the tab bar.
	Count() int
	// Load rebuilds the tab from env.cat (a new catalogue), keeping the
	// selected entry when it still exists.
	Load() tea.Cmd
	// SetSize gives the tab its area.
	SetSize(width, height int)
	// Update handles the keys the app passes on (when no global binding took
	// them) and every non-key message; a tab ignores what is not its own.
	Update(msg tea.Msg) tea.Cmd
	// View draws the tab: exactly its width and height.
	View() string
	// Keys lists the tab's own actions, shown in the help where they apply.
	Keys() []key.Binding
	// Typing reports whether a text field has the keyboard: then every key
	// but ctrl+c goes to the tab.
	Typing() bool
	// Back goes back one level (detail to list, filter cleared); it reports
	// false when already at the top.
	Back() bool
	// ShortHelp lists the moves that make sense where the tab stands (in
	// the list, in the detail), for the help line.
	ShortHelp() []key.Binding
	// Invalidate drops rendered details (the theme changed).
	Invalidate()
	// Position describes the selection for the status bar ("3/14").
	Position() string
	// Selected is the entry under the cursor: its kind and id; ok is false
	// when the list is empty or the filter matches nothing.
	Selected() (kind catalogue.Kind, id string, ok bool)
}

// env is what the app shares with its tabs. Tabs read it when they render;
// the app replaces its fields (catalogue, styles) and then tells the tabs.
type env struct {
	lang   i18n.Lang
	keys   *keyMap
	st     *styles
	render *renderer
	cat    *catalogue.Catalogue
	// preview is the first screen's look at the registry (preview.go),
	// while cat is nil; nil once cat is there.
	preview Preview
	// packed are cat's haystacks for the kinds whose tab was filtering,
	// packed by the command that loaded it, until each tab takes its own
	// (setKindItems).
	packed map[catalogue.Kind]*packedHaystacks
	// communes is the number of communes in cat ("3/8 communes").
	communes int
	// lists are cat's ids and first matches by kind, made by the command
	// that loaded it, until each tab takes its own (kindIDs, setKindItems;
	// none when cat came another way).
	lists map[catalogue.Kind]*kindList
	// byActor is cat's board indexed by actor (the directory's pages),
	// dups its requests closed as duplicates (the requests' pages), built
	// by the command that loaded cat; built at first use when cat came
	// another way.
	byActor *catalogue.ByActor
	dups    *catalogue.Duplicates
	// src is the registry's store: where the catalogue and the files are
	// read, and, when it is Git (src.IsGit), where actions write. Every
	// call does I/O and is only made from commands.
	src store.Store
	// who writes (and whoErr, why it is unknown).
	who    catalogue.Identity
	whoErr error
	now    func() time.Time
	// clipboard writes to the system clipboard (the native fallback of
	// OSC 52).
	clipboard func(string) error
	// open hands an http(s) URL to the system's opener (o), outside the
	// terminal.
	open func(string) error
	// githubAPI and unshared serve p (share.go).
	githubAPI string
	unshared  unsharedState
}

func (e *env) t(fr, en string) string { return i18n.T(fr, en).In(e.lang) }

// writable reports whether actions may write: the store is a Git registry
// (store.Writable).
func (e *env) writable() bool { return store.Writable(e.src) == nil }

// writeGuard is the guard of every action that writes (request actions,
// snippet add, propose): nil when the registry can be written and the writer
// is known; else a command that says, in the status bar, the store's one
// sentence for a read-only registry (store.Writable), or why the identity
// is unknown.
func (e *env) writeGuard() tea.Cmd {
	if e.src == nil {
		return StatusError(sentence(store.NotARepository("").In(e.lang)))
	}
	if err := store.Writable(e.src); err != nil {
		return StatusError(sentence(i18n.Message(err, e.lang)))
	}
	if e.whoErr != nil {
		return StatusError(errorText(e.lang, e.whoErr))
	}
	return nil
}

// sentence starts s with a capital letter and ends it with a full stop, as
// the status bar's messages are.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// actorName is an actor's name, or its id when unknown; raw (not cleaned).
func (e *env) actorName(id string) string {
	if e.cat != nil {
		if a := e.cat.Actor(id); a != nil && a.Name != "" {
			return a.Name
		}
	} else if e.preview != nil {
		if a := e.preview.Actor(id); a != nil && a.Name != "" {
			return a.Name
		}
	}
	return id
}

// communeCount renders "3/8 communes".
func (e *env) communeCount(n int) string {
	return fmt.Sprintf("%d/%d communes", n, e.communes)
}

// setCatalogue installs a new catalogue.
func (e *env) setCatalogue(c *catalogue.Catalogue) {
	e.cat = c
	e.communes = len(c.Communes())
	e.packed, e.lists, e.byActor, e.dups = nil, nil, nil, nil
}

// requestsOf is where the requests the actor filed and those it supports
// stand on cat's board (catalogue.ByActor).
func (e *env) requestsOf(actor string) (filed, supported []int32) {
	if e.byActor == nil {
		e.byActor = e.cat.ByActor()
	}
	return e.byActor.Filed(actor), e.byActor.Supported(actor)
}

// duplicatesOf are cat's requests closed as duplicates of the request id
// (catalogue.Duplicates).
func (e *env) duplicatesOf(id string) []*requests.Request {
	if e.dups == nil {
		e.dups = e.cat.Duplicates()
	}
	return e.dups.Of(id)
}
