package coverage

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/schemas"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

var (
	subventions = Target{ID: "scdl-subventions", Name: "subventions", DataGouv: "scdl/subventions",
		Fields: []string{"nomAttribuant", "idAttribuant", "dateConvention", "nomBeneficiaire", "montant"}}
	budget = Target{ID: "scdl-budget", Name: "budget", DataGouv: "scdl/budget",
		Fields: []string{"BGT_NATDEC", "BGT_ANNEE", "BGT_SIRET", "BGT_NOM", "BGT_CONTNAT", "BGT_MTREAL"}}
	day     = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
	checked = time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
)

func TestTargetOfDerivesTheDataGouvID(t *testing.T) {
	cases := map[string]string{
		"https://gitlab.com/opendatafrance/scdl/subventions":                      "scdl/subventions",
		"https://gitlab.com/opendatafrance/scdl/budget/raw/v0.8.1/schema.json":    "scdl/budget",
		"https://github.com/etalab/schema-irve-statique":                          "etalab/schema-irve-statique",
		"https://raw.githubusercontent.com/etalab/schema-irve/v2.3.0/schema.json": "etalab/schema-irve",
		"https://example.org/schema.json":                                         "",
		"":                                                                        "",
	}
	for in, want := range cases {
		if got := DataGouvSchemaID(in); got != want {
			t.Errorf("DataGouvSchemaID(%q) = %q, want %q", in, got, want)
		}
	}
	for id, want := range map[string]string{"scdl-subventions": "scdl/subventions", "scdl-budget": "scdl/budget", "budget-vert": ""} {
		data, err := os.ReadFile("../registry/demo/schemas/" + id + "/schema.json")
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := schemas.Parse("schemas/"+id+"/schema.json", data)
		if got := TargetOf(sc).DataGouv; got != want {
			t.Errorf("demo schema %s: schema.data.gouv.fr id %q (homepage %q, path %q), want %q", id, got, sc.Homepage, sc.Path, want)
		}
	}
	s := &schemas.Schema{ID: "scdl-subventions", Name: "subventions", Path: "https://gitlab.com/opendatafrance/scdl/subventions/raw/v2.1.1/schema.json",
		Fields: []schemas.Field{{Name: "a"}, {Name: "b"}}}
	tg := TargetOf(s)
	if tg.DataGouv != "scdl/subventions" || tg.Name != "subventions" || len(tg.Fields) != 2 {
		t.Errorf("TargetOf = %+v", tg)
	}
}

func TestScoreDeclaredThenOverlap(t *testing.T) {
	for _, decl := range []string{"scdl/subventions", "SCDL/Subventions", "scdl-subventions", "subventions"} {
		if _, declared, ok := Score(subventions, Dataset{Schemas: []string{decl}}); !ok || !declared {
			t.Errorf("declared %q: not matched", decl)
		}
	}
	if _, _, ok := Score(subventions, Dataset{Schemas: []string{"scdl/budget"}}); ok {
		t.Error("scdl/budget matched subventions")
	}
	// 3 of 5 fields, spelled the way Opendatasoft names them: the threshold.
	s, declared, ok := Score(subventions, Dataset{Fields: []string{"nomattribuant", "id_attribuant", "Date convention", "autre"}})
	if !ok || declared || s != 0.6 {
		t.Errorf("overlap 3/5: score %v declared %v ok %v", s, declared, ok)
	}
	if _, _, ok := Score(subventions, Dataset{Fields: []string{"nomattribuant", "idattribuant"}}); ok {
		t.Error("2 of 5 fields matched")
	}
}

func TestBestTies(t *testing.T) {
	all := []string{"nomAttribuant", "idAttribuant", "dateConvention", "nomBeneficiaire", "montant"}
	older := Dataset{ID: "subv-2024", Fields: all, Modified: day.AddDate(-1, 0, 0)}
	newer := Dataset{ID: "subv-2025", Fields: all, Modified: day}
	partial := Dataset{ID: "subv-partial", Fields: all[:4], Modified: day.AddDate(1, 0, 0)}
	decl := Dataset{ID: "declared", Schemas: []string{"scdl/subventions"}, Modified: day.AddDate(-5, 0, 0)}
	if m, _ := Best(subventions, []Dataset{older, partial, newer}); m.Dataset.ID != "subv-2025" {
		t.Errorf("best of equal scores = %s, want the most recent", m.Dataset.ID)
	}
	if m, _ := Best(subventions, []Dataset{partial, older}); m.Dataset.ID != "subv-2024" {
		t.Errorf("best score = %s, want subv-2024", m.Dataset.ID)
	}
	if m, _ := Best(subventions, []Dataset{newer, decl}); m.Dataset.ID != "declared" || !m.Declared {
		t.Errorf("declared dataset not preferred: %+v", m)
	}
	a, _ := Best(subventions, []Dataset{{ID: "b", Fields: all}, {ID: "a", Fields: all}})
	b, _ := Best(subventions, []Dataset{{ID: "a", Fields: all}, {ID: "b", Fields: all}})
	if a.Dataset.ID != "a" || b.Dataset.ID != "a" {
		t.Errorf("the choice depends on the order: %s, %s", a.Dataset.ID, b.Dataset.ID)
	}
}

func demoMatrix() *Matrix {
	all := []string{"nomAttribuant", "idAttribuant", "dateConvention", "nomBeneficiaire", "montant"}
	actors := []Actor{
		{ID: "gpso", Name: "Grand Paris Seine Ouest", HasPortal: true, CheckedAt: checked, Datasets: []Dataset{
			{Source: Opendatasoft, Portal: "https://data.seineouest.fr", ID: "subventions-2025", Title: "Subventions 2025", Fields: all,
				URL: "https://data.seineouest.fr/explore/dataset/subventions-2025/", Modified: day},
			{Source: Opendatasoft, Portal: "https://data.seineouest.fr", ID: "budget-primitif", Title: "Budget \x1b[31mprimitif\x1b[0m",
				Fields: budget.Fields, URL: "https://data.seineouest.fr/explore/dataset/budget-primitif/", Modified: day},
		}},
		{ID: "issy-les-moulineaux", Name: "Issy", HasPortal: true, CheckedAt: checked, Datasets: []Dataset{
			{Source: DataGouv, Portal: "https://www.data.gouv.fr/api/1", ID: "5f0c", Title: "Subventions", Schemas: []string{"scdl/subventions"},
				URL: "https://www.data.gouv.fr/fr/datasets/subventions-issy/"},
		}},
		{ID: "meudon", Name: "Meudon", HasPortal: true, CheckedAt: checked, Failed: []string{"data.meudon.example: 500"}},
		{ID: "chaville", Name: "Chaville", HasPortal: true, CheckedAt: checked},
		{ID: "vanves|\x1b]0;x\x07", Name: "Vanves"},
	}
	m := Build(actors, []Target{subventions, budget})
	m.Find("gpso", "scdl-subventions").Validated(0)
	m.Find("gpso", "scdl-budget").Validated(3)
	return m
}

func TestMatrixStates(t *testing.T) {
	m := demoMatrix()
	want := map[[2]string]State{
		{"gpso", "scdl-subventions"}: Valid, {"gpso", "scdl-budget"}: Invalid,
		{"issy-les-moulineaux", "scdl-subventions"}: Found, {"issy-les-moulineaux", "scdl-budget"}: Missing,
		{"meudon", "scdl-subventions"}: Unreachable, {"chaville", "scdl-budget"}: Missing,
		{"vanves|\x1b]0;x\x07", "scdl-budget"}: NoPortal,
	}
	for k, st := range want {
		if c := m.Find(k[0], k[1]); c == nil || c.State != st {
			t.Errorf("%v: %+v, want %s", k, c, st)
		}
	}
	if c := m.Find("gpso", "scdl-budget"); c.ErrorCount != 3 || c.Label() != "invalid (3)" {
		t.Errorf("invalid cell: %+v", c)
	}
}

func TestMatrixGolden(t *testing.T) {
	m := demoMatrix()
	for _, f := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"matrix.txt", func(b *bytes.Buffer) error { return m.Text(b, i18n.EN) }},
		{"matrix.fr.txt", func(b *bytes.Buffer) error { return m.Text(b, i18n.FR) }},
		{"matrix.md", func(b *bytes.Buffer) error { return m.Markdown(b, i18n.EN) }},
		{"matrix.csv", func(b *bytes.Buffer) error { return m.CSV(b) }},
		{"matrix.json", func(b *bytes.Buffer) error { return m.JSON(b) }},
	} {
		var b bytes.Buffer
		if err := f.write(&b); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(b.String(), "\x1b\x07") {
			t.Errorf("%s carries a control character:\n%q", f.name, b.String())
		}
		golden(t, f.name, b.Bytes())
	}
}

func TestCacheRoundTripPutApply(t *testing.T) {
	m := demoMatrix()
	c := &Cache{SavedAt: checked}
	c.Put(m.Actors)
	c.Record(m, checked)
	data, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeCache(data)
	if err != nil || len(back.Actors) != len(m.Actors) || len(back.Validations) != 2 {
		t.Fatalf("%+v, %v", back, err)
	}
	again := Build(back.Actors, m.Schemas)
	back.Apply(again)
	if c := again.Find("gpso", "scdl-budget"); c.State != Invalid || c.ErrorCount != 3 {
		t.Errorf("cached validation not applied: %+v", c)
	}
	back.Put([]Actor{{ID: "gpso", HasPortal: true}})
	if len(back.Actors) != len(m.Actors) || len(back.Validations) != 0 {
		t.Errorf("Put: %d actors, %d validations", len(back.Actors), len(back.Validations))
	}
	if _, err := DecodeCache([]byte(`{"version":99}`)); err != ErrBadCache {
		t.Errorf("foreign cache: %v", err)
	}
}

func TestStaleRetriesFailedReadings(t *testing.T) {
	c := &Cache{}
	c.Put([]Actor{{ID: "ok", CheckedAt: checked}, {ID: "down", CheckedAt: checked, Failed: []string{"500"}}, {ID: "old", CheckedAt: checked.Add(-MaxAge)}})
	rows := []Row{{ID: "ok"}, {ID: "down"}, {ID: "old"}, {ID: "new"}}
	var got []string
	for _, r := range c.Stale(rows, checked, MaxAge, false) {
		got = append(got, r.ID)
	}
	if strings.Join(got, ",") != "down,old,new" {
		t.Errorf("stale: %v", got)
	}
	if n := len(c.Stale(rows, checked, MaxAge, true)); n != 4 {
		t.Errorf("forced: %d", n)
	}
}
