package tui

import (
	"testing"

	"github.com/gpso/codal/registry/catalogue"
)

// t transfers the selected request: a triager sends it on, the new
// addressee may then change its status, a stranger may not transfer.
func TestTransferAsTriager(t *testing.T) {
	reg := memRegistry(t)
	hs := newStoreHarness(t, reg, catalogue.Identity{Name: "Secrétariat du CODAL", Email: "codal@gpso.example", Actor: "gpso"})
	hs.fkeys("4", "t") // budget-climat, from issy-les-moulineaux to gpso
	hs.mustShow("Transférer « Budget climat détaillé par commune »", "Transférer à", "destinataire actuel : Grand Paris Seine Ouest")
	hs.fkeys("enter") // the first actor offered: neither gpso nor the requester
	hs.mustShow("Note (facultatif)")
	hs.fkeys("Boulogne tient le fichier.")
	hs.fkeys("tab")
	hs.fkeys("enter")
	if hs.m.modal != nil {
		t.Fatalf("form still open:\n%s", hs.text())
	}
	hs.mustShow("Transférée à Boulogne-Billancourt. Enregistré.")
	ev := committed(reg, "requests/budget-climat/events/20260302T100000Z-gpso.yaml")
	if ev != "transfer_to: boulogne-billancourt\nname: Secrétariat du CODAL\nemail: codal@gpso.example\ndate: 2026-03-02\nnote: Boulogne tient le fichier.\n" {
		t.Fatalf("event:\n%s", ev)
	}
	cleanTree(t, reg)
	// The detail pane shows the hop and the new addressee.
	hs.mustShow("Transférée à    Boulogne-Billancourt")
	hs.fkeys("enter", "G")
	hs.mustShow("transférée à Boulogne-Billancourt", "Boulogne tient le fichier.")
	hs.fkeys("esc")

	// The new addressee may change the status; a stranger may not transfer.
	boulogne := newStoreHarness(t, reg, catalogue.Identity{Name: "Boulogne", Email: "data@boulogne.example", Actor: "boulogne-billancourt"})
	boulogne.fkeys("4", "s")
	boulogne.mustShow("Nouveau statut")
	stranger := newStoreHarness(t, reg, sevres)
	stranger.fkeys("4", "t")
	if stranger.m.modal != nil {
		t.Fatal("sevres may not transfer budget-climat: no form expected")
	}
	stranger.mustShow("Sèvres ne peut pas transférer cette demande")
	if n := len(reg.Log("main")); n != 2 {
		t.Fatalf("%d commits, want 2 (init + the transfer)", n)
	}
}
