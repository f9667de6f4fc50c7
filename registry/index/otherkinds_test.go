package index_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
	"github.com/gpso/codal/registry/registrytest"
)

// An actor and a snippet edited in place, a snippet and a commune added,
// committed with the git CLI (the actor's name, kind and population kept,
// nothing naming what was added): a list answers through the overlay, the index
// left as it is with a delta naming them; the whole read then compacts through the overlay, not
// the whole catch-up, and the index written is a full load's snapshot.
func TestCatchUpTakesOtherKinds(t *testing.T) {
	r, dir := generatedRepo(t, 100, 5)
	c := same(t, r, "first load")
	actor := catalogue.EntryRoot(catalogue.Actors, c.Actors[2].ID)
	snippet := catalogue.EntryRoot(catalogue.Snippets, c.Snippets[3].ID) + "/snippet.yaml"
	setKey(t, dir, actor, "competences", "[eau, voirie]")
	setKey(t, dir, snippet, "tags", "[eau]")
	added := []string{"snippets/neuf/snippet.yaml", "snippets/neuf/main.py"}
	write(t, dir, added[0], []byte("title: Eau neuve\nlanguage: python\nlicense: etalab-2.0\nauthor: "+c.Actors[0].ID+"\nfiles:\n  - main.py\n"))
	write(t, dir, added[1], []byte("print(1)\n"))
	commune := "actors/nouvelle-commune.yaml"
	write(t, dir, commune, []byte("name: Nouvelle commune\nkind: commune\ninsee: \"92999\"\npopulation: 1000\n"))
	added = append(added, commune)
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "fiches corrigées, un extrait ajouté")
	back(t, dir, actor, snippet, added[0], added[1])
	before := index.Compactions()

	l, err := r.Lister(catalogue.Actors, catalogue.Snippets)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := l.(*catalogue.Overlay); !ok {
		t.Fatalf("the list after the edits read %T, not the overlay", l)
	}
	sameLists(t, r, l, "after edits in place")
	m, err := index.Open(r.IndexPath)
	if err != nil {
		t.Fatal(err)
	}
	d, err := index.ReadDelta(r.IndexPath, &m.Header)
	m.Close()
	if err != nil || d == nil || len(d.Roots) != 4 {
		t.Fatalf("the delta after the list = %+v, %v; want the two actors and the two snippets", d, err)
	}
	v, err := r.View(commune)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := v.View.(*catalogue.Overlay); !ok {
		t.Fatalf("the view after the list read %T, not the overlay", v.View)
	}
	sameView(t, r, v.View, "after a commune added")
	if want := len(c.Communes()) + 1; v.Communes != want {
		t.Fatalf("the view counts %d communes, want %d", v.Communes, want)
	}
	same(t, r, "the whole read after")
	if index.Compactions() != before+1 {
		t.Fatal("the whole read did not compact the edits through the overlay")
	}
	indexSnapshot(t, r, "after edits in place")

	// a commune renamed, another one an association now: the requests
	// naming them are restated, and a view counts one commune fewer
	communes := c.Communes()
	renamed := catalogue.EntryRoot(catalogue.Actors, communes[0].ID)
	demoted := catalogue.EntryRoot(catalogue.Actors, communes[1].ID)
	setKey(t, dir, renamed, "name", "Commune renommée")
	setKey(t, dir, demoted, "kind", "association")
	git(t, dir, "commit", "-qam", "une commune renommée, une autre association")
	back(t, dir, renamed, demoted)
	before = index.Compactions()
	l, err = r.Lister(catalogue.Actors, catalogue.Requests)
	if err != nil {
		t.Fatal(err)
	}
	// through the overlay, or compacted through it (a file the whole read
	// wrote in the second the index was written is read again, as git's
	// racy entries): not the whole catch-up
	if _, ok := l.(*catalogue.Overlay); !ok && index.Compactions() == before {
		t.Fatalf("the list after the renaming read %T, neither the overlay nor compacted through it", l)
	}
	sameLists(t, r, l, "after a commune renamed")
	if v, err = r.View(renamed); err != nil {
		t.Fatal(err)
	}
	sameView(t, r, v.View, "after a commune renamed")
	if want := len(c.Communes()); v.Communes != want {
		t.Fatalf("the view counts %d communes, want %d (one added, one an association now)", v.Communes, want)
	}
	same(t, r, "the whole read after the renaming")
	indexSnapshot(t, r, "after a commune renamed")
}

// setKey sets a top-level key of the YAML file at p in dir: its line
// replaced, or added.
func setKey(t *testing.T, dir, p, key, value string) {
	t.Helper()
	name := filepath.Join(dir, filepath.FromSlash(p))
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	found := false
	for i, l := range lines {
		if strings.HasPrefix(l, key+":") {
			lines[i], found = key+": "+value, true
		}
	}
	if !found {
		lines = append(lines, key+": "+value)
	}
	write(t, dir, p, []byte(strings.Join(lines, "\n")+"\n"))
}

// registry.yaml changed (a triager added, the name) and committed: a list
// brings the index up to date through the whole catch-up — registry.yaml
// read again, every entry's references checked again — not a full load of
// every file, and the index written is a full load's snapshot.
func TestCatchUpReadsRegistryYAMLAgain(t *testing.T) {
	r := demo(t)
	dir := r.Dir()
	same(t, r, "first load")
	meta, err := os.ReadFile(filepath.Join(dir, "registry.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(meta), "triagers:\n", "triagers:\n  - vanves\n", 1)
	if edited == string(meta) {
		t.Fatal("the demo's registry.yaml has no triagers: to adapt")
	}
	write(t, dir, "registry.yaml", []byte(edited))
	git(t, dir, "commit", "-qam", "un trieur de plus")
	back(t, dir, "registry.yaml")
	before := index.CatchUps()
	l, err := r.Lister(catalogue.Requests)
	if err != nil {
		t.Fatal(err)
	}
	sameLists(t, r, l, "after registry.yaml changed")
	if index.CatchUps() != before+1 {
		t.Fatal("registry.yaml changed: not the whole catch-up (a full load, or nothing)")
	}
	indexSnapshot(t, r, "after registry.yaml changed")
	same(t, r, "the whole read after registry.yaml changed")
}

// generatedRepo generates a registry of n entries (seed), commits it with
// the git CLI under a test identity, ages its files (no stat row racy) and
// opens it with its index in a folder of its own.
func generatedRepo(t *testing.T, n int, seed uint64) (*registry.Registry, string) {
	t.Helper()
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(t.TempDir(), "gitconfig"))
	for _, k := range []string{"GIT_AUTHOR", "GIT_COMMITTER"} {
		t.Setenv(k+"_NAME", "Test")
		t.Setenv(k+"_EMAIL", "test@example.org")
	}
	dir := filepath.Join(t.TempDir(), "reg")
	if err := registrytest.Generate(dir, registrytest.Scale(n), seed); err != nil {
		t.Fatal(err)
	}
	if _, err := registrytest.CommitAll(dir, "registre"); err != nil {
		t.Fatal(err)
	}
	age(t, dir)
	r, err := registry.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r.IndexPath = filepath.Join(t.TempDir(), "cache", "index")
	return r, dir
}
