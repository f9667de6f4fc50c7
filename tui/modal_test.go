package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/gpso/codal/i18n"
)

// The pattern docs/tui.md gives for a tab action: a huh form in a modal,
// then Do to write and reload.
func TestFormModalSubmitsAndReloads(t *testing.T) {
	loads := 0
	hs := newHarnessWith(t, i18n.FR, 120, 40, countingSource{folderSource: testSource(), loads: &loads})
	var name string
	var written string
	form := huh.NewForm(huh.NewGroup(huh.NewInput().Title("Nom").Value(&name)))
	hs.run(OpenModal(NewFormModal(hs.m.env, "Essai", form, func(*huh.Form) tea.Cmd {
		return Do(true, func() (string, error) {
			written = name
			return "Écrit : " + name, nil
		})
	})))
	if hs.m.modal == nil {
		t.Fatal("the modal did not open")
	}
	hs.mustShow("Essai", "Nom")
	// Keys go to the form, not to the app: q is text, 2 does not switch.
	hs.keys("q2x")
	if hs.quit || hs.m.tab().Kind() != hs.m.tabs[0].Kind() {
		t.Fatal("a key reached the app through the modal")
	}
	hs.keys("enter")
	if hs.m.modal != nil {
		t.Fatal("the modal stayed open after submitting")
	}
	if written != "q2x" {
		t.Fatalf("submitted %q", written)
	}
	if loads != 2 {
		t.Fatalf("loaded %d times, want a reload after the write", loads)
	}
	hs.mustShow("Écrit : q2x")
}

func TestFormModalEscCancels(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	submitted := false
	form := huh.NewForm(huh.NewGroup(huh.NewInput().Title("Nom")))
	hs.run(OpenModal(NewFormModal(hs.m.env, "Essai", form, func(*huh.Form) tea.Cmd {
		submitted = true
		return nil
	})))
	hs.keys("abc", "esc")
	if hs.m.modal != nil || submitted {
		t.Fatalf("esc: modal open %v, submitted %v", hs.m.modal != nil, submitted)
	}
	hs.keys("q")
	if !hs.quit {
		t.Fatal("keys do not reach the app after the modal closed")
	}
}
