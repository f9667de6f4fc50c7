package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/registry/catalogue"
)

// Preview is a first look at the registry, read before the whole catalogue:
// what the first screen shows (the directory, each kind's count, the
// registry's name). The index's snapshot (*catalogue.Snapshot) is one: it
// answers these from its list section in a few milliseconds where the
// whole catalogue takes seconds at 100,000 entries.
type Preview interface {
	// Meta is registry.yaml as the preview knows it.
	Meta() catalogue.Meta
	// Len counts the entries of a kind.
	Len(k catalogue.Kind) int
	// Actors is the directory, in order; Haystacks(catalogue.Actors) their
	// folded search texts, in the same order.
	Actors() ([]*directory.Actor, error)
	Haystacks(k catalogue.Kind) ([]string, error)
	// Actor returns the actor with that id, or nil.
	Actor(id string) *directory.Actor
}

// Previewer is a store that can show the first screen before its Load: the
// app asks for the preview first, draws the directory from it, then loads
// the whole catalogue in the background (the status bar says
// "vérification…" meanwhile) and swaps it in, keeping the selection.
// Preview returns nil and no error when it has nothing to show (no index
// yet, or one written for another commit).
type Previewer interface {
	Preview() (Preview, error)
}

// previewMsg carries the store's preview; nil when it has none.
type previewMsg struct{ p Preview }

// previewCmd reads the preview; a failure is no preview (the whole load
// that follows says what is wrong).
func previewCmd(src Previewer) tea.Cmd {
	return func() tea.Msg {
		p, err := src.Preview()
		if err != nil {
			p = nil
		}
		return previewMsg{p: p}
	}
}

// firstLoad is what Init reads first: the preview when the store has one,
// then (setPreview) the whole catalogue; else the catalogue at once.
func (m *Model) firstLoad() tea.Cmd {
	if p, ok := m.src.(Previewer); ok {
		return previewCmd(p)
	}
	return m.loadCmd()
}

// setPreview shows the preview in the directory while the whole catalogue
// is read (unless it is already there), and starts that read.
func (m *Model) setPreview(msg previewMsg) tea.Cmd {
	if m.env.cat != nil {
		return nil // a reload (ctrl+r) was quicker
	}
	if msg.p != nil {
		if t, ok := m.actorsTab(); ok && t.loadPreview(msg.p) {
			m.env.preview = msg.p
		}
	}
	m.checking = true
	return m.loadCmd()
}

// previewing reports whether the screen shows the preview: no catalogue
// yet, but the directory.
func (m *Model) previewing() bool { return m.env.cat == nil && m.env.preview != nil }

// actorsTab is the app's directory tab.
func (m *Model) actorsTab() (*actorsTab, bool) {
	for _, t := range m.tabs {
		if a, ok := t.(*actorsTab); ok {
			return a, true
		}
	}
	return nil, false
}

// previewShown reports whether the body shows the preview: the directory
// is the active tab. The other tabs say "Lecture du registre…" until the
// catalogue is there.
func (m *Model) previewShown() bool {
	_, ok := m.tab().(*actorsTab)
	return m.previewing() && ok
}
