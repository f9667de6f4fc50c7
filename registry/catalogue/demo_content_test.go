package catalogue_test

// Checks the content of the embedded demo registry (registry/demo) file by file
// with the domain parsers, independently of the registry loader: every file
// parses without problem, references point at known actors and requests, the
// request rules hold (who votes, who changes statuses, dates), the snippets
// list exactly their files, and budget-climat ranks first.

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
)

const demoRoot = "../demo"

// demoDeadline is the date before which every date of the demo must fall.
var demoDeadline = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func readDemo(t *testing.T, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(demoRoot, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func listDemo(t *testing.T, rel string) []os.DirEntry {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(demoRoot, filepath.FromSlash(rel)))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return entries
}

func reportProblems(t *testing.T, ps []fact.Problem) {
	t.Helper()
	for _, p := range ps {
		t.Errorf("%s", p.Format("fr"))
	}
}

func loadActors(t *testing.T) map[string]*directory.Actor {
	t.Helper()
	actors := map[string]*directory.Actor{}
	for _, e := range listDemo(t, "actors") {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			t.Errorf("actors/%s: only <id>.yaml files belong in actors/", e.Name())
			continue
		}
		rel := "actors/" + e.Name()
		a, ps := directory.Parse(rel, readDemo(t, rel))
		reportProblems(t, ps)
		if !fact.ValidID(a.ID) {
			t.Errorf("%s: invalid id %q", rel, a.ID)
		}
		actors[a.ID] = a
	}
	return actors
}

func TestDemoActors(t *testing.T) {
	actors := loadActors(t)
	communes := map[string]string{
		"boulogne-billancourt": "92012", "chaville": "92022", "issy-les-moulineaux": "92040",
		"marnes-la-coquette": "92047", "meudon": "92048", "sevres": "92072", "vanves": "92075",
		"ville-d-avray": "92077",
	}
	total := 0
	for id, insee := range communes {
		a := actors[id]
		if a == nil {
			t.Errorf("commune %s missing", id)
			continue
		}
		if a.Kind != directory.Commune || a.INSEE != insee || a.Parent != "gpso" || !a.CODAL || a.Population <= 0 {
			t.Errorf("commune %s: kind %s, insee %s, parent %s, codal %v, population %d", id, a.Kind, a.INSEE, a.Parent, a.CODAL, a.Population)
		}
		total += a.Population
	}
	gpso := actors["gpso"]
	if gpso == nil || gpso.Kind != directory.EPT || !gpso.CODAL || gpso.Parent != "metropole-du-grand-paris" {
		t.Fatalf("gpso: %+v", gpso)
	}
	if gpso.Population != total {
		t.Errorf("gpso population %d, sum of its communes %d", gpso.Population, total)
	}
	for id, a := range actors {
		if a.Parent != "" && actors[a.Parent] == nil {
			t.Errorf("actors/%s.yaml: unknown parent %q", id, a.Parent)
		}
		if a.CODAL && a.Kind != directory.Commune && id != "gpso" {
			t.Errorf("actors/%s.yaml: only the communes and gpso are CODAL members", id)
		}
		for _, c := range a.Contacts {
			if c.Name != "" {
				t.Errorf("actors/%s.yaml: contacts must be role mailboxes, no personal name (%q)", id, c.Name)
			}
			if c.Email != "" && !strings.HasSuffix(c.Email, ".example") {
				t.Errorf("actors/%s.yaml: contact e-mail %q is not on an example domain", id, c.Email)
			}
			if c.Phone != "" && !strings.HasPrefix(c.Phone, "01 99 00 ") {
				t.Errorf("actors/%s.yaml: phone %q outside the fictional 01 99 00 range", id, c.Phone)
			}
		}
	}
}

func TestDemoRegistryFile(t *testing.T) {
	data := string(readDemo(t, "registry.yaml"))
	for _, want := range []string{"format: 1", "language: fr", "triagers:", "- gpso"} {
		if !strings.Contains(data, want) {
			t.Errorf("registry.yaml: missing %q", want)
		}
	}
	if strings.Contains(data, "github:") {
		t.Error("registry.yaml: the demo has no remote, no github field")
	}
}

func TestDemoSnippets(t *testing.T) {
	actors := loadActors(t)
	entries := listDemo(t, "snippets")
	if len(entries) < 8 {
		t.Errorf("%d snippets, at least 8 expected", len(entries))
	}
	languages := map[string]bool{}
	for _, e := range entries {
		dir := "snippets/" + e.Name()
		s, ps := snippets.Parse(dir+"/snippet.yaml", readDemo(t, dir+"/snippet.yaml"))
		reportProblems(t, ps)
		languages[s.Language] = true
		if s.Author == "" || actors[s.Author] == nil {
			t.Errorf("%s: unknown author %q", dir, s.Author)
		}
		if strings.TrimSpace(s.Description) == "" {
			t.Errorf("%s: no description", dir)
		}
		listed := map[string]bool{}
		for _, f := range s.Files {
			listed[f] = true
			if _, err := os.Stat(filepath.Join(demoRoot, dir, f)); err != nil {
				t.Errorf("%s: listed file %s is missing", dir, f)
			}
		}
		for _, f := range listDemo(t, dir) {
			if f.Name() != "snippet.yaml" && !listed[f.Name()] {
				t.Errorf("%s: file %s is not listed in files", dir, f.Name())
			}
		}
	}
	if len(languages) < 5 {
		t.Errorf("snippets in %d languages, several expected", len(languages))
	}
}

func TestDemoSchemas(t *testing.T) {
	entries := listDemo(t, "schemas")
	if len(entries) < 5 {
		t.Errorf("%d schemas, at least 5 expected", len(entries))
	}
	for _, e := range entries {
		dir := "schemas/" + e.Name()
		s, ps := schemas.Parse(dir+"/schema.json", readDemo(t, dir+"/schema.json"))
		reportProblems(t, ps)
		if s.Name == "" || s.Title == "" || s.Version == "" || len(s.Fields) == 0 {
			t.Errorf("%s: name, title, version and fields expected", dir)
		}
		if _, err := os.Stat(filepath.Join(demoRoot, dir, "README.md")); err != nil {
			t.Errorf("%s: README.md missing", dir)
		}
		examples, _ := filepath.Glob(filepath.Join(demoRoot, dir, "examples", "*.csv"))
		if len(examples) == 0 {
			t.Errorf("%s: no examples/*.csv", dir)
		}
		for _, ex := range examples {
			data, _ := os.ReadFile(ex)
			header, _, _ := strings.Cut(string(data), "\n")
			var names []string
			for _, f := range s.Fields {
				names = append(names, f.Name)
			}
			if header != strings.Join(names, ",") {
				t.Errorf("%s: header does not list the schema's fields in order", ex)
			}
		}
	}
	for _, n := range []string{"budget", "subventions", "deliberations", "equipements", "catalogue"} {
		want, err := os.ReadFile(filepath.Join("..", "..", "shared", "schemas-corpus", "scdl__"+n+"__schema.json"))
		if err != nil {
			continue // the corpus is not beside every checkout
		}
		if got := readDemo(t, "schemas/scdl-"+n+"/schema.json"); string(got) != string(want) {
			t.Errorf("schemas/scdl-%s/schema.json differs from the corpus file", n)
		}
	}
}

func loadRequests(t *testing.T) []*requests.Request {
	t.Helper()
	var reqs []*requests.Request
	for _, e := range listDemo(t, "requests") {
		dir := "requests/" + e.Name()
		r, ps := requests.Parse(dir+"/request.yaml", readDemo(t, dir+"/request.yaml"))
		reportProblems(t, ps)
		for _, v := range listDemo(t, dir+"/votes") {
			rel := dir + "/votes/" + v.Name()
			vote, ps := requests.ParseVote(rel, readDemo(t, rel))
			reportProblems(t, ps)
			r.Votes = append(r.Votes, vote)
		}
		sort.SliceStable(r.Votes, func(i, j int) bool { return r.Votes[i].Date.Before(r.Votes[j].Date.Time) })
		for _, ev := range listDemo(t, dir+"/events") {
			rel := dir + "/events/" + ev.Name()
			event, ps := requests.ParseEvent(rel, readDemo(t, rel))
			reportProblems(t, ps)
			r.Events = append(r.Events, event)
		}
		sort.SliceStable(r.Events, func(i, j int) bool { return r.Events[i].Less(r.Events[j]) })
		reqs = append(reqs, r)
	}
	return reqs
}

func TestDemoRequests(t *testing.T) {
	actors := loadActors(t)
	reqs := loadRequests(t)
	if len(reqs) < 8 {
		t.Errorf("%d requests, at least 8 expected", len(reqs))
	}
	byID := map[string]*requests.Request{}
	for _, r := range reqs {
		byID[r.ID] = r
	}
	statuses := map[requests.Status]bool{}
	for _, r := range reqs {
		where := path.Join("requests", r.ID)
		statuses[r.Status()] = true
		for _, ref := range []string{r.RequestedBy, r.AddressedTo} {
			if actors[ref] == nil {
				t.Errorf("%s: unknown actor %q", where, ref)
			}
		}
		if r.Created.Before(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || !r.Created.Before(demoDeadline) {
			t.Errorf("%s: created %s outside 2026 before %s", where, r.Created, demoDeadline.Format(time.DateOnly))
		}
		if r.Usage == "" || len(r.Themes) == 0 || r.Description == "" {
			t.Errorf("%s: description, themes and usage expected", where)
		}
		for _, v := range r.Votes {
			if actors[v.Actor] == nil {
				t.Errorf("%s: vote by unknown actor %q", where, v.Actor)
			}
			if v.Actor == r.AddressedTo {
				t.Errorf("%s: the addressed actor %s votes on its own request", where, v.Actor)
			}
			if v.Actor == r.RequestedBy {
				t.Errorf("%s: the requesting organisation %s already counts as a supporter", where, v.Actor)
			}
			if v.Date.Before(r.Created.Time) || !v.Date.Before(demoDeadline) {
				t.Errorf("%s: vote of %s dated %s", where, v.Actor, v.Date)
			}
			if !strings.HasSuffix(v.Email, ".example") {
				t.Errorf("%s: vote of %s by %q, not a role mailbox on an example domain", where, v.Actor, v.Email)
			}
		}
		for _, ev := range r.Events {
			if ev.Actor != "gpso" && ev.Actor != r.AddressedTo {
				t.Errorf("%s: status changed by %s, neither a triager nor the addressed actor", where, ev.Actor)
			}
			if ev.Date.Before(r.Created.Time) || !ev.Date.Before(demoDeadline) {
				t.Errorf("%s: event dated %s", where, ev.Date)
			}
			if ev.Date.Format(time.DateOnly) != ev.Stamp.Format(time.DateOnly) {
				t.Errorf("%s: event stamped %s but dated %s", where, ev.Stamp.Format(requests.StampLayout), ev.Date)
			}
			if ev.Status == requests.Duplicate && byID[ev.DuplicateOf] == nil {
				t.Errorf("%s: duplicate of unknown request %q", where, ev.DuplicateOf)
			}
			if ev.Status == requests.Planned && ev.PlannedFor.IsZero() {
				t.Errorf("%s: planned without planned_for", where)
			}
		}
	}
	for _, s := range []requests.Status{requests.Submitted, requests.UnderReview, requests.Planned, requests.InProgress,
		requests.Published, requests.AlreadyAvailable, requests.Declined, requests.Duplicate} {
		if !statuses[s] {
			t.Errorf("no demo request is %s", s)
		}
	}
}

func TestDemoRanking(t *testing.T) {
	actors := loadActors(t)
	board := requests.Rank(loadRequests(t), func(id string) *directory.Actor { return actors[id] })
	if len(board) == 0 || board[0].Request.ID != "budget-climat" {
		t.Fatalf("budget-climat must rank first")
	}
	first := board[0]
	if first.Status != requests.UnderReview || len(first.Communes) < 5 || first.Request.RequestedBy != "issy-les-moulineaux" || first.Request.AddressedTo != "gpso" {
		t.Errorf("budget-climat: %s, %d communes", first.Status, len(first.Communes))
	}
	for _, s := range board[1:] {
		if s.Status.Open() && len(s.Communes) >= len(first.Communes) {
			t.Errorf("%s: %d supporting communes, as many as budget-climat", s.Request.ID, len(s.Communes))
		}
	}
	for _, s := range board {
		t.Logf("%2d. %-32s %-18s communes %d, supporters %d, population %d", s.Rank, s.Request.ID, s.Status, len(s.Communes), len(s.Supporters), s.Population)
	}
}

// TestRegistryFormatDocQuotesDemo keeps docs/registry-format.md honest: the
// examples it presents as copies of demo files must still be exact copies.
func TestRegistryFormatDocQuotesDemo(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "registry-format.md"))
	if err != nil {
		t.Fatal("docs/registry-format.md not found")
	}
	for _, rel := range []string{
		"registry.yaml",
		"actors/issy-les-moulineaux.yaml",
		"actors/gpso.yaml",
		"snippets/communes-gpso-geo-api/snippet.yaml",
		"schemas/budget-vert/schema.json",
		"schemas/budget-vert/examples/budget-vert-2025-issy-les-moulineaux.csv",
		"schemas/scdl-subventions/README.md",
		"requests/budget-climat/request.yaml",
		"requests/budget-climat/votes/chaville.yaml",
		"requests/budget-climat/events/20260305T093000Z-gpso.yaml",
		"requests/bornes-recharge-irve/events/20260414T080000Z-gpso.yaml",
		"requests/frequentation-mediatheques/events/20260407T120000Z-gpso.yaml",
		"requests/irve-disponibilite-temps-reel/events/20260414T081500Z-gpso.yaml",
		"requests/menus-restauration-colleges/events/20260303T150000Z-hauts-de-seine.yaml",
		"requests/arbres-alignement/events/20260316T090000Z-hauts-de-seine.yaml",
		"trainings/publier-son-budget-au-format-scdl/training.yaml",
		"tips/verifier-un-csv-avec-codal/tip.md",
	} {
		if !strings.Contains(string(doc), strings.TrimRight(string(readDemo(t, rel)), "\n")) {
			t.Errorf("docs/registry-format.md no longer quotes registry/demo/%s exactly", rel)
		}
	}
}
