package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/news"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// mini is the small registry of the catalogue's tests: four actors (three
// communes and GPSO), two requests, one status event, a snippet, a schema.
const mini = "../registry/catalogue/testdata/mini"

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func date(s string) fact.Date {
	d, err := fact.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// samplePack is a pack over the mini registry with every section filled:
// items of every kind (one before the period, left out), two overdue rows
// and the board.
func samplePack(t *testing.T, l i18n.Lang) Pack {
	t.Helper()
	c, err := catalogue.Load(os.DirFS(mini))
	if err != nil {
		t.Fatal(err)
	}
	items := []news.Item{
		{Kind: news.RequestFiled, Entry: "requests/ancienne", Title: "Avant la période", Actor: "meudon", Date: at("2026-01-15T09:00:00Z")},
		{Kind: news.RequestFiled, Entry: "requests/budget-climat", Title: "Données du budget climat", Actor: "issy-les-moulineaux", Date: at("2026-02-10T09:00:00Z")},
		{Kind: news.SupportGained, Entry: "requests/budget-climat", Title: "Données du budget climat", Actor: "meudon", Need: "essential", Date: at("2026-02-12T08:00:00Z")},
		{Kind: news.SupportGained, Entry: "requests/budget-climat", Title: "Données du budget climat", Actor: "sevres", Need: "useful", Date: at("2026-02-15T08:00:00Z")},
		{Kind: news.SupportGained, Entry: "requests/budget-climat", Title: "Données du budget climat", Actor: "gpso", Need: "interested", Date: at("2026-02-16T08:00:00Z")},
		{Kind: news.StatusChanged, Entry: "requests/budget-climat", Title: "Données du budget climat", Actor: "gpso", Status: "under-review", Text: "Examen au prochain comité.", Date: at("2026-03-01T10:00:05Z")},
		{Kind: news.RequestFiled, Entry: "requests/arbres", Title: "Arbres d'alignement", Actor: "sevres", Date: at("2026-04-02T09:00:00Z")},
		{Kind: news.SupportGained, Entry: "requests/arbres", Title: "Arbres d'alignement", Actor: "meudon", Need: "useful", Date: at("2026-04-05T09:00:00Z")},
		{Kind: news.SupportGained, Entry: "requests/arbres", Title: "Arbres d'alignement", Actor: "issy-les-moulineaux", Need: "useful", Date: at("2026-04-06T09:00:00Z")},
		{Kind: news.SupportWithdrawn, Entry: "requests/arbres", Title: "Arbres d'alignement", Actor: "issy-les-moulineaux", Date: at("2026-04-08T09:00:00Z")},
		{Kind: news.SupportWithdrawn, Entry: "requests/budget-climat", Title: "Données du budget climat", Actor: "issy-les-moulineaux", Date: at("2026-04-09T09:00:00Z")},
		{Kind: news.StatusChanged, Entry: "requests/arbres", Title: "Arbres d'alignement", Actor: "gpso", Status: "planned", Date: at("2026-04-20T09:00:00Z")},
		{Kind: news.Transferred, Entry: "requests/arbres", Title: "Arbres d'alignement", Actor: "gpso", To: "meudon", Text: "Meudon tient l'inventaire des arbres.", Date: at("2026-04-21T09:00:00Z")},
		{Kind: news.StatusChanged, Entry: "requests/arbres", Title: "Arbres d'alignement", Actor: "meudon", Status: "in-progress", Date: at("2026-04-25T09:00:00Z")},
		{Kind: news.Commented, Entry: "requests/arbres", Title: "Arbres d'alignement", Actor: "meudon", Text: "Un commentaire n'est pas à l'ordre du jour.", Date: at("2026-04-26T09:00:00Z")},
		{Kind: news.EntryAdded, Entry: "snippets/bonjour", Title: "Bonjour", Author: "Camille", Date: at("2026-02-20T09:00:00Z")},
		{Kind: news.EntryChanged, Entry: "snippets/bonjour", Title: "Bonjour", Author: "Camille", Date: at("2026-02-22T09:00:00Z")},
		{Kind: news.EntryChanged, Entry: "schemas/salles", Title: "Salles municipales", Date: at("2026-03-05T09:00:00Z")},
		{Kind: news.EntryAdded, Entry: "schemas/ephemere", Title: "Éphémère", Date: at("2026-03-06T09:00:00Z")},
		{Kind: news.EntryRemoved, Entry: "schemas/ephemere", Title: "Éphémère", Date: at("2026-03-07T09:00:00Z")},
		{Kind: news.EntryAdded, Entry: "actors/meudon", Title: "Meudon", Date: at("2026-02-01T00:00:00Z")},
		{Kind: news.EntryRemoved, Entry: "actors/ancien", Title: "Ancien partenaire", Date: at("2026-04-30T23:00:00Z")},
		{Kind: news.RequestFiled, Entry: "requests/apres", Title: "Après la période", Actor: "meudon", Date: at("2026-05-01T00:00:00Z")},
	}
	return Pack{
		Lang:     l,
		Registry: c.Meta.Name,
		Since:    date("2026-02-01"),
		Until:    date("2026-04-30"),
		Items:    items,
		Overdue: []OverdueRow{
			{ID: "arbres", Title: "Arbres d'alignement", Addressee: "meudon", DaysLate: 12, Reason: NoAnswer},
			{ID: "budget-climat", Title: "Données du budget climat", Addressee: "gpso", DaysLate: 3, Reason: PastWantedBy},
		},
		Board:    c.Board,
		Communes: len(c.Communes()),
		Lookup:   c,
	}
}

// golden compares got with testdata/name (go test ./report -update
// rewrites it).
func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./report -update rewrites it); got:\n%s", name, got)
	}
}

func render(t *testing.T, format string, p Pack) string {
	t.Helper()
	var b bytes.Buffer
	var err error
	if format == "html" {
		err = HTML(&b, p)
	} else {
		err = Markdown(&b, p)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
		for _, format := range []string{"md", "html"} {
			t.Run(string(l)+"."+format, func(t *testing.T) {
				p := samplePack(t, l)
				got := render(t, format, p)
				golden(t, "pack."+string(l)+"."+format, got)
				if again := render(t, format, p); again != got {
					t.Error("two renderings of one pack differ")
				}
			})
		}
	}
}

// An empty period keeps every section, each saying there is nothing.
func TestGoldenEmptyPeriod(t *testing.T) {
	for _, format := range []string{"md", "html"} {
		p := Pack{Registry: "Registre vide", Since: date("2026-11-01"), Until: date("2026-11-30")}
		got := render(t, format, p)
		golden(t, "empty.fr."+format, got)
		if n := strings.Count(got, "Rien de nouveau."); n != 6 {
			t.Errorf("%s: %d sections say Rien de nouveau, want the 6 news sections", format, n)
		}
		for _, want := range []string{"Nouvelles demandes", "Soutiens gagnés", "Changements de statut et transferts", "Aucune demande en retard.",
			"Aucune demande au classement.", "Extraits de code", "Schémas", "Acteurs"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: %q missing from an empty pack", format, want)
			}
		}
	}
}

// The sections' content, beyond the golden bytes: supports grouped per
// request with the communes named, old → new statuses, transfers, items
// outside the period and comments left out.
func TestSectionsSayWhatChanged(t *testing.T) {
	got := render(t, "md", samplePack(t, i18n.FR))
	for _, want := range []string{
		"| Données du budget climat (budget-climat) | Meudon (indispensable), Sèvres (utile) | Grand Paris Seine Ouest (intéressée) | Issy-les-Moulineaux |",
		"| Arbres d'alignement (arbres) | Meudon (utile) |  |  |",
		"| 2026-03-01 | Données du budget climat (budget-climat) | Grand Paris Seine Ouest | déposée → à l'étude | Examen au prochain comité. |",
		"| Grand Paris Seine Ouest | → planifiée |",
		"| Grand Paris Seine Ouest | transférée à Meudon | Meudon tient l'inventaire des arbres. |",
		"| Meudon | planifiée → en cours |",
		"| 2026-02-22 | Bonjour (bonjour) | nouveau |",
		"| 2026-04-30 | Ancien partenaire (ancien) | supprimé |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q", want)
		}
	}
	// Left out: items outside the period, comments (not on the agenda), a
	// schema added and removed within the period.
	for _, absent := range []string{"Avant la période", "Après la période", "commentaire", "ephemere"} {
		if strings.Contains(got, absent) {
			t.Errorf("%q should not be in the pack", absent)
		}
	}
	if t.Failed() {
		t.Logf("the pack:\n%s", got)
	}
}
