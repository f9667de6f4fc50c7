package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/registry/catalogue"
)

// a in Astuces: the form, then the tip committed on its share branch on top
// of HEAD (which does not move), selected, p's next step offered.
func TestAddTipFromTheTipsTab(t *testing.T) {
	reg := memRegistry(t)
	head, _ := reg.Head()
	hs := newStoreHarness(t, reg, sevres)
	hs.fkeys("6", "a")
	if hs.m.modal == nil {
		t.Fatalf("a opens no form:\n%s", hs.text())
	}
	hs.mustShow("Nouvelle astuce", "Titre", "Mots-clés", "Voir aussi", "Auteur")
	hs.fkeys("Géocoder des adresses", "enter")
	hs.fkeys("ban, adresses", "enter")
	hs.fkeys("snippets/geocoder-ban", "enter")
	hs.fkeys("enter") // author: the user's organisation, preselected
	hs.mustShow("Astuce (Markdown)")
	hs.fkeys("Utilisez la **BAN** : https://adresse.data.gouv.fr", "enter")
	if hs.m.modal != nil {
		t.Fatalf("the form is still open:\n%s", hs.text())
	}
	const id = "geocoder-des-adresses"
	hs.mustShow("Astuce ajoutée, p pour la proposer : " + id)
	if hs.selected() != id || hs.m.tab().Kind() != catalogue.Tips {
		t.Fatalf("selected %q on %s, want the new tip", hs.selected(), hs.m.tab().Kind())
	}
	if got, _ := reg.Head(); got != head {
		t.Fatal("HEAD moved")
	}
	tip, ok, err := reg.BranchHead("codal/tip-" + id)
	if err != nil || !ok {
		t.Fatalf("no share branch: %v", err)
	}
	files, err := reg.EntryFilesAt(tip, catalogue.Tips, id)
	if err != nil {
		t.Fatal(err)
	}
	got := string(files["tips/"+id+"/tip.md"])
	want := "---\ntitle: Géocoder des adresses\ntags:\n  - ban\n  - adresses\nauthor: sevres\ndate: \"2026-03-02\"\nrelated:\n  - snippets/geocoder-ban\n---\nUtilisez la **BAN** : https://adresse.data.gouv.fr\n"
	if got != want {
		t.Fatalf("tip.md:\n%s\nwant:\n%s", got, want)
	}
}

// A related entry that does not exist: the status bar says so, the form
// comes back as the user left it, nothing is written. (The form is filled
// by its values here: typing through it is TestAddTipFromTheTipsTab's
// business.)
func TestAddTipRefusedGivesTheFormBack(t *testing.T) {
	reg := memRegistry(t)
	hs := newStoreHarness(t, reg, sevres)
	hs.fkeys("6")
	tab := hs.m.tab().(*tipsTab)
	in := &tipInput{title: "Astuce", related: "schemas/absent", author: "sevres", body: "Texte."}
	prepare := func(c *catalogue.Catalogue, taken func(string) (bool, error)) (catalogue.Prepared, error) {
		return c.PrepareTip(catalogue.NewTip{Title: in.title, Related: commaList(in.related), Author: in.author, Body: in.body}, taken)
	}
	hs.run(addEntryCmd(reg, catalogue.Tips, prepare, sevres, hs.m.env.now, func() tea.Cmd { return tab.tipForm(in) }))
	if !strings.Contains(hs.statusText(), "entrée liée inconnue \"schemas/absent\"") || !hs.m.status.err {
		t.Fatalf("status %q", hs.statusText())
	}
	modalOf[*formModal](t, hs)
	hs.mustShow("Nouvelle astuce", "> Astuce", "> schemas/absent")
	if branches, _ := reg.ShareBranches(); len(branches) != 0 {
		t.Fatalf("branches %v", branches)
	}
	cleanTree(t, reg)
}

// a in Formations: a training with an actor and a named speaker.
func TestAddTrainingFromTheTrainingsTab(t *testing.T) {
	reg := memRegistry(t)
	hs := newStoreHarness(t, reg, sevres)
	hs.fkeys("5", "a")
	hs.mustShow("Nouvelle formation", "Date", "Durée (minutes)", "Niveau", "Intervenants")
	hs.fkeys("Atelier QGIS", "enter")
	hs.fkeys("enter") // today's date, preset
	hs.fkeys("90", "enter")
	hs.fkeys("down", "enter") // débutant
	hs.fkeys("sevres, Camille Martin", "enter")
	hs.fkeys("enter") // organiser: the user's organisation, preselected
	hs.fkeys("QGIS, SIG", "enter")
	hs.fkeys("https://video.example/w/qgis", "enter")
	hs.fkeys("Prise en main.", "enter")
	const id = "atelier-qgis"
	hs.mustShow("Formation ajoutée, p pour la proposer : " + id)
	got, err := reg.ReadFile("trainings/" + id + "/training.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"title: Atelier QGIS\n", "duration: 90\n", "  - actor: sevres\n", "  - name: Camille Martin\n", "organiser: sevres\n", "level: débutant\n", "video: https://video.example/w/qgis\n"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("training.yaml lacks %q:\n%s", want, got)
		}
	}
}

// p proposes a tip added here as a pull request titled by its kind, on
// its share branch codal/tip-<id>.
func TestProposeANewTip(t *testing.T) {
	srv, reg := shareFixture(t)
	srv.Push = true
	id, err := reg.AddEntry(t.Context(), catalogue.Tips, func(c *catalogue.Catalogue, taken func(string) (bool, error)) (catalogue.Prepared, error) {
		return c.PrepareTip(catalogue.NewTip{Title: "Dire bonjour", Author: "gpso", Related: []string{"snippets/hello"}, Body: "Voir l'extrait.\n"}, taken)
	}, camille, testNow)
	if err != nil {
		t.Fatal(err)
	}
	hs := openOn(t, reg, "6", id)
	hs.mustShow("p proposer")
	hs.fkeys("p")
	hs.mustShow("Astuces › Dire bonjour", "codal/tip-"+id, "+ tips/"+id+"/tip.md (ajouté)")
	hs.fkeys("enter")
	prs := srv.PRs()
	if len(prs) != 1 || prs[0].Title != "Astuce : Dire bonjour" || prs[0].Head != "codal/tip-"+id {
		t.Fatalf("pull requests: %+v", prs)
	}
}
