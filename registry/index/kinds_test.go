package index_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
)

// The stat table covers every kind folder the catalogue reads (trainings/
// and tips/ included): a hand edit there is seen, a file elsewhere is not
// listed.
func TestScanCoversEveryKind(t *testing.T) {
	dir := t.TempDir()
	write := func(rel string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("registry.yaml")
	write("docs/notes.md")
	for _, k := range catalogue.Kinds {
		write(k.Path("x"))
	}
	rows := map[string]bool{}
	for _, st := range index.Scan(dir, time.Now()) {
		rows[st.Path] = true
	}
	for _, k := range catalogue.Kinds {
		if !rows[k.Path("x")] {
			t.Errorf("the stat table lacks %s", k.Path("x"))
		}
	}
	if rows["docs/notes.md"] {
		t.Error("the stat table lists docs/, which the catalogue does not read")
	}
}
