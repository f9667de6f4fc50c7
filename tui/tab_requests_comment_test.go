package tui

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// c comments on the selected request; the first comment raises the test
// registry (format 1) to format 2 in the same commit; a second c answers it.
func TestCommentFromTheRequestsTab(t *testing.T) {
	reg := memRegistry(t)
	hs := newStoreHarness(t, reg, sevres)
	hs.fkeys("4") // budget-climat
	hs.fkeys("c")
	if hs.m.modal == nil {
		t.Fatalf("c opens no form:\n%s", hs.text())
	}
	hs.mustShow("Commenter « Budget climat détaillé par commune »", "Commentaire (Markdown)")
	hs.fkeys("Les lignes **investissement** suffiraient.")
	hs.fkeys("tab") // leave the text area
	if hs.m.modal != nil {
		hs.fkeys("enter")
	}
	if hs.m.modal != nil {
		t.Fatalf("the form is still open:\n%s", hs.text())
	}
	hs.mustShow("Commentaire de Sèvres enregistré. Enregistré.")
	p := "requests/budget-climat/comments/20260302T100000Z-sevres.yaml"
	if got := committed(reg, p); got != "name: Service données – Ville de Sèvres\nemail: donnees@sevres.example\ndate: 2026-03-02\nbody: Les lignes **investissement** suffiraient.\n" {
		t.Fatalf("comment file:\n%s", got)
	}
	if meta := committed(reg, "registry.yaml"); !strings.HasPrefix(meta, "format: 2\nname: Registre d'essai CODAL\n") {
		t.Fatalf("registry.yaml not raised:\n%s", meta)
	}
	cleanTree(t, reg)
	hs.fkeys("enter", "G")
	hs.mustShow("Commentaires (1)", "Les lignes **investissement** suffiraient.")

	// A reply: the form now asks which comment is answered.
	gpso := newStoreHarness(t, reg, catalogue.Identity{Name: "Secrétariat du CODAL", Email: "codal@gpso.example", Actor: "gpso"})
	gpso.fkeys("4", "c")
	gpso.mustShow("En réponse à", "(nouveau fil)")
	gpso.fkeys("down", "enter") // the latest comment
	gpso.fkeys("Prévu au budget 2027.")
	gpso.fkeys("tab")
	if gpso.m.modal != nil {
		gpso.fkeys("enter")
	}
	gpso.mustShow("Commentaire de Grand Paris Seine Ouest enregistré.")
	gpso.fkeys("enter", "G")
	gpso.mustShow("Commentaires (2)", "↳ en réponse à Service données – Ville de Sèvres")
	reply := committed(reg, "requests/budget-climat/comments/20260302T100000Z-gpso.yaml")
	if !strings.Contains(reply, "reply_to: \"20260302T100000Z-sevres\"\n") {
		t.Fatalf("reply file:\n%s", reply)
	}
	if n := len(reg.Log("main")); n != 3 {
		t.Fatalf("%d commits, want 3", n)
	}
	cleanTree(t, reg)
}

// The detail pane of a request with a discussion, at both sizes.
func TestGoldenRequestComments(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(strings.Join([]string{"", ""}, "")+sizeName(size), func(t *testing.T) {
			hs := newHarnessWith(t, i18n.FR, size[0], size[1], mapSource{fsys: os.DirFS("../registry/catalogue/testdata/comments")})
			hs.keys("4", "enter", "G")
			hs.mustShow("Commentaires (3)")
			golden.RequireEqual(t, hs.screenIn(colorprofile.ASCII))
		})
	}
}

func sizeName(s [2]int) string {
	return map[[2]int]string{{80, 24}: "80x24", {120, 40}: "120x40"}[s]
}

// A comment's every text tries to reach the terminal; the detail pane shows
// it defused.
func TestCommentTextNeverReachesTheTerminalRaw(t *testing.T) {
	fsys := fstest.MapFS{}
	for k, v := range hostile {
		fsys[k] = v
	}
	fsys["registry.yaml"] = &fstest.MapFile{Data: []byte("format: 2\nname: Evil\n")}
	fsys["requests/r/comments/20260104T000000Z-other.yaml"] = &fstest.MapFile{Data: []byte(`name: "Mallory\e]0;pwned\a"
email: m@b.example
date: 2026-01-04
body: "Lisez\e]52;c;cm0gLXJmIC8=\a ceci \e[2J\e[H\u202Eenilno\n\n[lien](https://evil.example/\e]8;;https://x\e\\)\x9B31m fin"
`)}
	fsys["requests/r/comments/20260105T000000Z-evil.yaml"] = &fstest.MapFile{Data: []byte(`name: Eve
email: e@b.example
date: 2026-01-05
reply_to: 20260104T000000Z-other
body: "Réponse\e[5m"
`)}
	hs := newHarnessWith(t, i18n.FR, 120, 40, mapSource{fsys: fsys})
	hs.keys("4")
	for i := 0; i < 3 && hs.selected() != "r"; i++ {
		hs.keys("j")
	}
	hs.keys("enter", "G")
	hs.mustShow("Commentaires (2)", "Mallory]0;pwned", "Lisez]52;c;cm0gLXJmIC8= ceci", "fin", "↳ en réponse à Mallory")
	screen := sgr.ReplaceAllString(hs.m.View().Content, "")
	for _, bad := range []string{"\x1b", "\a", "\u009b", "\u202e"} {
		if i := strings.Index(screen, bad); i >= 0 {
			t.Fatalf("%q reaches the terminal: …%q…", bad, screen[max(i-30, 0):min(i+30, len(screen))])
		}
	}
}
