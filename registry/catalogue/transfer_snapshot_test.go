package catalogue_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
)

// A snapshot carries transfers and the response clock.
func TestSnapshotRoundTripTransfers(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/mini")); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		catalogue.MetaFile: "format: 1\nname: Mini\nresponse_days: 12\ntriagers:\n  - gpso\n",
		"requests/arbres/events/20260403T100000Z-gpso.yaml": "transfer_to: meudon\nname: Mission\nemail: m@b.example\ndate: 2026-04-03\nnote: Ils ont les données.\n",
	}
	for p, body := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := catalogue.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if c.Meta.ResponseDays != 12 || c.Request("arbres").CurrentAddressee() != "meudon" {
		t.Fatalf("the registry did not load as written: %+v", c.Meta)
	}
	roundTrip(t, c)
}
