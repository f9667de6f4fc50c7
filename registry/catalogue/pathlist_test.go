package catalogue_test

import (
	"runtime"
	"testing"

	"github.com/gpso/codal/registry/catalogue"

	"github.com/gpso/codal/registry/registrytest"
)

// The catalogue decoded from a snapshot keeps the paths its entries list
// (what Exists answers from) as one string per entry root, the root written
// once: 1,500 entries decode into 1.13× the snapshot's size, 1.24× when
// each path was a string of its own (at 100,000 entries, 40 MB of the
// app's heap then, 18 MB now). Every path is still found.
func TestDecodedCatalogueKeepsItsPathsCompact(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("1,500 entries decoded and measured: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	data, paths := snapshotAndPaths(t, 1500)
	var v any
	var live int64
	for range 2 { // the first decode's leftovers are not counted
		v = nil
		v, live = liveAfter(func() any {
			s, _ := catalogue.OpenSnapshot(data)
			c, _ := s.Catalogue()
			return c
		})
	}
	if v == nil || v.(*catalogue.Catalogue) == nil {
		t.Fatal("the snapshot does not decode")
	}
	c := v.(*catalogue.Catalogue)
	got := catalogue.Paths(c)
	if len(got) != len(paths) {
		t.Fatalf("%d paths decoded, %d loaded", len(got), len(paths))
	}
	for i, p := range paths {
		if got[i] != p || !c.Exists(p) {
			t.Fatalf("path %d: %q decoded, %q loaded (found: %v)", i, got[i], p, c.Exists(p))
		}
	}
	n := int64(len(data))
	t.Logf("snapshot %d bytes, decoded catalogue keeps %d bytes (%.3f×)", n, live, float64(live)/float64(n))
	if live > n*118/100 {
		t.Errorf("the decoded catalogue keeps %d bytes for a snapshot of %d: more than 1.18×", live, n)
	}
	runtime.KeepAlive(c)
}

// snapshotAndPaths loads a generated registry of n entries and returns its
// snapshot and its paths; nothing else of the load stays.
func snapshotAndPaths(t *testing.T, n int) ([]byte, []string) {
	loaded, err := catalogue.Load(mapRegistry(t, n, 1))
	if err != nil {
		t.Fatal(err)
	}
	data, err := loaded.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return data, catalogue.Paths(loaded)
}
