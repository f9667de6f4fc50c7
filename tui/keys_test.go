package tui

import (
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// The keymap is the one source of keys: bound to other keys, the filter
// field, ctrl+c, the tab numbers and a form's cancel follow it, and the old
// keys no longer act.
func TestKeymapIsTheOnlySourceOfKeys(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	k := hs.m.env.keys
	bind := func(keys ...string) key.Binding { return key.NewBinding(key.WithKeys(keys...)) }
	k.FilterClear, k.FilterApply = bind("ctrl+g"), bind("ctrl+o")
	k.FilterUp, k.FilterDown = bind("ctrl+k"), bind("ctrl+j")
	k.Interrupt, k.Quit = bind("ctrl+q"), bind("ctrl+q")
	k.GoTab = bind("f1", "f2", "f3", "f4")
	k.Cancel = bind("ctrl+g")
	ctrl := func(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl} }

	hs.keys("/", "i")
	first := hs.selected()
	hs.send(ctrl('j'))
	if hs.selected() == first {
		t.Fatal("the rebound FilterDown does not move while typing")
	}
	hs.send(ctrl('k'))
	if hs.selected() != first {
		t.Fatal("the rebound FilterUp does not move while typing")
	}
	hs.keys("esc") // no longer clears
	if !hs.m.tab().Typing() {
		t.Fatal("esc still leaves the filter once FilterClear is ctrl+g")
	}
	hs.send(ctrl('g'))
	if hs.m.tab().Typing() || hs.m.tab().(*actorsTab).input.Value() != "" {
		t.Fatal("ctrl+g (FilterClear) does not clear the filter")
	}
	hs.keys("/", "i")
	hs.send(ctrl('o'))
	if hs.m.tab().Typing() || hs.m.tab().(*actorsTab).input.Value() != "i" {
		t.Fatal("ctrl+o (FilterApply) does not keep the filter")
	}

	hs.keys("3")
	if hs.m.tab().Kind() != catalogue.Actors {
		t.Fatal("3 still goes to a tab once GoTab is f1–f4")
	}
	hs.send(tea.KeyPressMsg{Code: tea.KeyF3})
	if hs.m.tab().Kind() != catalogue.Schemas {
		t.Fatalf("f3 went to %s, want the third tab", hs.m.tab().Kind())
	}

	form := huh.NewForm(huh.NewGroup(huh.NewInput().Title("Nom")))
	hs.run(OpenModal(NewFormModal(hs.m.env, "Essai", form, func(*huh.Form) tea.Cmd { return nil })))
	hs.keys("esc")
	if hs.m.modal == nil {
		t.Fatal("esc still closes a form once Cancel is ctrl+g")
	}
	hs.send(ctrl('g'))
	if hs.m.modal != nil {
		t.Fatal("ctrl+g (Cancel) does not close the form")
	}

	hs.keys("/", "ctrl+c")
	if hs.quit {
		t.Fatal("ctrl+c still quits once Interrupt is ctrl+q")
	}
	hs.send(ctrl('q'))
	if !hs.quit {
		t.Fatal("ctrl+q (Interrupt) does not quit while typing")
	}
}
