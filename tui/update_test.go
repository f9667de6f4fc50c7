package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

func TestOpensOnTheDirectoryWithCommunesFirst(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	if got := hs.m.tab().Kind(); got != catalogue.Actors {
		t.Fatalf("first tab is %s", got)
	}
	if got := hs.selected(); got != "boulogne-billancourt" {
		t.Fatalf("selected %q, want the first commune", got)
	}
	hs.mustShow("1 Annuaire 6", "2 Extraits de code 2", "3 Schémas 1", "4 Demandes 4",
		"92012", "121\u202f583 habitants", "Registre d'essai CODAL")
}

func TestTabSwitching(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	want := func(k catalogue.Kind) {
		t.Helper()
		if got := hs.m.tab().Kind(); got != k {
			t.Fatalf("active tab %s, want %s", got, k)
		}
	}
	hs.keys("tab")
	want(catalogue.Snippets)
	hs.keys("tab", "tab")
	want(catalogue.Requests)
	hs.keys("tab")
	want(catalogue.Trainings)
	hs.keys("tab")
	want(catalogue.Tips)
	hs.keys("tab")
	want(catalogue.Actors) // wraps around
	hs.keys("shift+tab")
	want(catalogue.Tips)
	hs.keys("5")
	want(catalogue.Trainings)
	hs.keys("6")
	want(catalogue.Tips)
	hs.keys("3")
	want(catalogue.Schemas)
	hs.keys("1")
	want(catalogue.Actors)
	hs.keys("4")
	want(catalogue.Requests)
	hs.mustShow("Budget climat détaillé par commune", "3/4 communes", "à l'étude")
}

func TestEnglishLabels(t *testing.T) {
	hs := newHarness(t, i18n.EN, 120, 40)
	hs.mustShow("1 Directory", "2 Code snippets", "3 Schemas", "4 Requests", "121,583 inhabitants")
	hs.keys("4")
	hs.mustShow("under review", "3/4 communes")
}

func TestSelectionMoves(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	steps := []struct {
		keys []string
		want string
	}{
		{[]string{"j"}, "issy-les-moulineaux"},
		{[]string{"down"}, "sevres"},
		{[]string{"k"}, "issy-les-moulineaux"},
		{[]string{"up", "up", "up"}, "boulogne-billancourt"}, // stops at the top
		{[]string{"G"}, "idf-mobilites"},
		{[]string{"j"}, "idf-mobilites"}, // stops at the bottom
		{[]string{"g"}, "boulogne-billancourt"},
	}
	for _, s := range steps {
		hs.keys(s.keys...)
		if got := hs.selected(); got != s.want {
			t.Fatalf("after %v: selected %q, want %q", s.keys, got, s.want)
		}
	}
	hs.keys("j", "j")
	hs.mustShow("Sèvres", "92072", "23\u202f507 habitants")
}

func TestFilterAsYouType(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	hs.keys("/")
	if !hs.m.tab().Typing() {
		t.Fatal("/ does not open the filter")
	}
	hs.keys("sevr") // accents folded: finds Sèvres
	if got := hs.selected(); got != "sevres" {
		t.Fatalf("selected %q after typing sevr", got)
	}
	hs.mustShow("/ sevr", "1/6")
	hs.mustNotShow("Vanves    ")

	// Single-letter keys are text while typing: q does not quit, 2 does not
	// switch tabs, ? does not open the help.
	hs.keys("q2?")
	if hs.quit || hs.m.tab().Kind() != catalogue.Actors || hs.m.overlay != noOverlay {
		t.Fatalf("a key acted while typing (quit %v, tab %s, overlay %v)", hs.quit, hs.m.tab().Kind(), hs.m.overlay)
	}
	hs.keys("backspace", "backspace", "backspace")
	hs.mustShow("/ sevr")
	hs.send(tea.KeyPressMsg{Code: '2', Text: "2", Mod: tea.ModAlt}) // esc+2 read as alt+2
	hs.mustShow("/ sevr ")
	hs.send(tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl}) // the field's own keys still work
	if hs.m.tab().(*actorsTab).input.Value() != "" {
		t.Fatal("ctrl+w does not delete the word")
	}

	// esc clears the filter and gives the keys back.
	hs.keys("esc")
	if hs.m.tab().Typing() {
		t.Fatal("esc does not leave the filter")
	}
	hs.mustShow("Vanves", "Issy-les-Moulineaux")
	hs.keys("2")
	if hs.m.tab().Kind() != catalogue.Snippets {
		t.Fatal("keys do not act again after esc")
	}
}

func TestFilterIsAnANDOfTermsAndKeepsAfterEnter(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	hs.keys("4", "/", "climat issy", "enter")
	if hs.m.tab().Typing() {
		t.Fatal("enter does not leave the field")
	}
	if got := hs.selected(); got != "budget-climat" {
		t.Fatalf("selected %q", got)
	}
	hs.mustShow("1/1 · 4")
	hs.mustNotShow("Bornes de recharge")
	// A commune's name finds the requests it supports.
	hs.keys("/", "esc", "/", "SEVRES")
	hs.mustShow("Budget climat", "Horaires des bibliothèques")
	hs.mustNotShow("Bornes de recharge")
	// No match.
	hs.keys("esc", "/", "zzz")
	hs.mustShow("Aucun résultat")
	if got := hs.selected(); got != "" {
		t.Fatalf("selected %q with no match", got)
	}
	// esc at the list clears an applied filter.
	hs.keys("enter", "esc")
	hs.mustShow("Bornes de recharge", "Budget climat")
}

func TestOpenDetailAndBack(t *testing.T) {
	hs := newHarness(t, i18n.FR, 80, 24)
	hs.keys("4", "enter")
	hs.mustShow("Demandes › budget-climat", "esc retour")
	hs.keys("G") // scrolls the detail to its end
	hs.mustShow("Historique")
	if got := hs.selected(); got != "budget-climat" {
		t.Fatalf("G in the detail moved the list to %q", got)
	}
	hs.keys("esc")
	hs.mustNotShow("Demandes › budget-climat")
	hs.mustShow("Bornes de recharge électrique")
	// esc at the top does nothing, and certainly does not quit.
	hs.keys("esc", "esc")
	if hs.quit {
		t.Fatal("esc quit the app")
	}
}

func TestRequestDetailShowsSupportersAndHistory(t *testing.T) {
	hs := newHarness(t, i18n.FR, 200, 60)
	hs.keys("4")
	hs.mustShow("Communes en soutien (3/4 communes)",
		"Issy-les-Moulineaux — à l'origine de la demande",
		"Boulogne-Billancourt — indispensable — « Indispensable pour le rapport développement durable. »",
		"Sèvres — utile",
		"Autres organisations (1)",
		"Île-de-France Mobilités — intéressée — « Pour la partie mobilités. »",
		"2026-02-15 à l'étude — Grand Paris Seine Ouest",
		"Étude avec la direction des finances.")
}

func TestQuit(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		hs := newHarness(t, i18n.FR, 80, 24)
		hs.keys(k)
		if !hs.quit {
			t.Fatalf("%s does not quit", k)
		}
	}
	// ctrl+c quits even while typing.
	hs := newHarness(t, i18n.FR, 80, 24)
	hs.keys("/", "ctrl+c")
	if !hs.quit {
		t.Fatal("ctrl+c does not quit while typing")
	}
}

func TestHelpPageListsTheKeymap(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	hs.keys("?")
	if hs.m.overlay != helpOverlay {
		t.Fatal("? does not open the help")
	}
	k := hs.m.env.keys
	for _, b := range []string{k.Quit.Help().Desc, k.Filter.Help().Desc, k.GoTab.Help().Desc, k.Copy.Help().Desc, k.Reload.Help().Desc} {
		hs.mustShow(b)
	}
	hs.keys("?")
	if hs.m.overlay != noOverlay {
		t.Fatal("? does not close the help")
	}
	hs.keys("?", "esc")
	if hs.m.overlay != noOverlay {
		t.Fatal("esc does not close the help")
	}
	hs.keys("?", "q")
	if !hs.quit {
		t.Fatal("q does not quit from the help")
	}
}

func TestProblemsPage(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	hs.mustShow("⚠ 1 problème (!)")
	hs.keys("!")
	hs.mustShow("Problèmes du registre (1)", "requests/cassee/request.yaml:2", "yaml-syntax")
	hs.keys("esc")
	hs.mustNotShow("Problèmes du registre (1)")
	// The broken request does not hide the others.
	hs.keys("4")
	hs.mustShow("Budget climat", "Bornes de recharge", "Horaires des bibliothèques")
}

func TestStatusBarSyncState(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	hs.mustShow("main ↑1 ↓0 · synchro il y a 2 h")
	hs = newHarness(t, i18n.EN, 120, 40)
	hs.mustShow("main ↑1 ↓0 · synced 2 h ago", "⚠ 1 problem (!)")
}

func TestCopySnippet(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	hs.keys("2")
	if got := hs.selected(); got != "geocoder-ban" {
		t.Fatalf("selected %q", got)
	}
	hs.mustShow("curl -s -X POST") // the code was read and shown
	hs.keys("y")
	if len(hs.copied) != 1 || !strings.Contains(hs.copied[0], "api-adresse.data.gouv.fr") {
		t.Fatalf("copied %q", hs.copied)
	}
	hs.mustShow("Code copié dans le presse-papiers (7 lignes).")
	// The message goes when its time is up.
	hs.send(statusExpiredMsg{seq: hs.m.statusSeq})
	hs.mustNotShow("Code copié")
}

func TestResizeRelaysOut(t *testing.T) {
	hs := newHarness(t, i18n.FR, 200, 60)
	for _, tab := range []string{"1", "2", "3", "4"} {
		hs.keys(tab)
		for _, size := range [][2]int{{200, 60}, {80, 24}, {120, 40}, {60, 15}, {100, 30}, {99, 30}} {
			hs.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			lines := strings.Split(hs.text(), "\n")
			if len(lines) != size[1] {
				t.Fatalf("tab %s at %v: %d lines", tab, size, len(lines))
			}
			for i, l := range lines {
				if w := len([]rune(l)); w != size[0] {
					t.Fatalf("tab %s at %v: line %d is %d wide: %q", tab, size, i, w, l)
				}
			}
		}
	}
}

func TestSideBySideOrStacked(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	first := strings.Split(hs.text(), "\n")[2]
	if !strings.Contains(first, "Boulogne-Billancourt") || !strings.Contains(first, "│") {
		t.Fatalf("not side by side at 120 columns: %q", first)
	}
	hs.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if strings.Contains(hs.text(), "│ ID") {
		t.Fatal("still side by side at 80 columns")
	}
	hs.mustShow("────────")
}

func TestReloadKeepsSelectionAndFilter(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	hs.keys("/", "i", "enter", "j")
	before := hs.selected()
	hs.keys("ctrl+r")
	if got := hs.selected(); got != before {
		t.Fatalf("reload moved the selection from %q to %q", before, got)
	}
	hs.mustShow("/ i", "Registre relu.")
}

func TestResultMessageReloads(t *testing.T) {
	loads := 0
	src := countingSource{folderSource: testSource(), loads: &loads}
	hs := newHarnessWith(t, i18n.FR, 120, 40, src)
	hs.run(Do(true, func() (string, error) { return "Soutien enregistré.", nil }))
	if loads != 2 {
		t.Fatalf("loaded %d times, want 2 (start and after the write)", loads)
	}
	hs.mustShow("Soutien enregistré.")
	hs.run(Do(true, func() (string, error) { return "", i18n.Errorf(i18n.T("écriture impossible", "cannot write")) }))
	if loads != 2 {
		t.Fatal("a failed action reloaded")
	}
	hs.mustShow("écriture impossible")
}

type countingSource struct {
	folderSource
	loads *int
}

func (c countingSource) Load(kinds ...catalogue.Kind) (*catalogue.Catalogue, error) {
	*c.loads++
	return c.folderSource.Load(kinds...)
}

func TestLoadErrorIsShown(t *testing.T) {
	hs := newHarnessWith(t, i18n.FR, 80, 24, folderSource{dir: "testdata/nowhere"})
	hs.mustShow("Le registre n'a pas pu être lu")
	hs.keys("q")
	if !hs.quit {
		t.Fatal("q does not quit after a load error")
	}
}

// The actors' filter reads the facets kind: and competence: as the CLI's
// --kind and --competence do.
func TestActorFilterFacets(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	hs.keys("1", "/", "kind:commune", "enter")
	hs.mustShow("4/6", "Sèvres", "Vanves")
	hs.mustNotShow("Île-de-France Mobilités")
	hs.keys("/", "esc", "/", "competence:dechets")
	hs.mustShow("1/6", "Grand Paris Seine Ouest")
	hs.mustNotShow("Sèvres", "Vanves")
	hs.keys("esc", "/", "kind:commune déchets")
	hs.mustShow("Aucun résultat")
}
