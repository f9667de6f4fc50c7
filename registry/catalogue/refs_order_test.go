package catalogue_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
)

// TestUnlistedFilesInNameOrder: a snippet's files missing from its list
// are reported in name order, so that two loads of the same registry
// encode the same snapshot byte for byte (they were reported in a map's
// order, which the snapshot kept).
func TestUnlistedFilesInNameOrder(t *testing.T) {
	dir := t.TempDir()
	if err := registrytest.Generate(dir, registrytest.Spread(60), 1); err != nil {
		t.Fatal(err)
	}
	snips, err := os.ReadDir(filepath.Join(dir, "snippets"))
	if err != nil || len(snips) == 0 {
		t.Fatal("no snippet", err)
	}
	for i := range 40 {
		name := filepath.Join(dir, "snippets", snips[0].Name(), fmt.Sprintf("oublie-%02d.js", i))
		if err := os.WriteFile(name, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var first []byte
	for range 5 {
		c, err := catalogue.Load(os.DirFS(dir))
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Problems) != 40 {
			t.Fatalf("%d problems, want 40 unlisted files", len(c.Problems))
		}
		b, err := c.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Fatal("two loads of the same registry encode different snapshots")
		}
	}
}
