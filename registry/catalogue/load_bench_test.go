package catalogue_test

import (
	"os"
	"sync"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
)

// generated400 is a registry of 400 generated entries on disk, written once
// per process: the tests only read it.
func generated400(t *testing.T) string {
	t.Helper()
	return catalogue.SharedDir(t, &generated400Once, &generated400Dir, func(t *testing.T, root string) string {
		if err := registrytest.Generate(root, registrytest.Spread(400), 1); err != nil {
			t.Fatal(err)
		}
		return root
	})
}

var (
	generated400Once sync.Once
	generated400Dir  string
)

func TestGeneratedRegistryIsClean(t *testing.T) {
	dir := generated400(t)
	c, err := catalogue.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Problems {
		t.Errorf("generated registry has a problem: %s", p)
	}
	if n := len(c.Actors) + len(c.Snippets) + len(c.Schemas) + len(c.Requests); n < 400 {
		t.Errorf("loaded %d entries, want at least 400", n)
	}
}

// BenchmarkLoad10k loads a generated registry of 10,000 entries (requests,
// snippets, schemas, actors, plus their votes and events).
func BenchmarkLoad10k(b *testing.B) {
	dir := b.TempDir()
	if err := registrytest.Generate(dir, registrytest.Spread(10000), 1); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c, err := catalogue.Load(fsys)
		if err != nil || len(c.Problems) > 0 {
			b.Fatal(err, c.Problems)
		}
	}
}
