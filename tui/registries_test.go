package tui

import (
	"testing"

	"github.com/gpso/codal/i18n"
)

func TestSwitchRegistryWithR(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 30)
	hs.m.registries, hs.m.current = []string{"cd92", "gpso", "reseau-\x1b[31mrouge"}, "gpso"
	hs.keys("1")
	hs.mustShow("[gpso] Registre d'essai CODAL")
	hs.keys("R")
	hs.mustShow("Changer de registre", "cd92", "gpso (ouvert)", "reseau-[31mrouge")
	if hs.quit {
		t.Fatal("quit before a choice")
	}
	// The current one is selected; choosing it again changes nothing.
	hs.keys("enter")
	if hs.quit || hs.m.Next() != "" {
		t.Fatalf("choosing the open registry switched: quit %v, next %q", hs.quit, hs.m.Next())
	}
	hs.keys("R", "up", "enter")
	if !hs.quit || hs.m.Next() != "cd92" {
		t.Fatalf("quit %v, next %q: want the app to end with cd92 chosen", hs.quit, hs.m.Next())
	}
}

func TestSwitchRegistryNeedsSeveral(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 30)
	hs.keys("R")
	hs.mustShow("Un seul registre")
	hs.mustNotShow("[", "Changer de registre")
	if hs.quit || hs.m.Next() != "" {
		t.Fatal("switched with one registry")
	}
}
