package catalogue_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
)

// TestEveryProblemIsEncodable: a catalogue whose files hold every kind of
// problem the loader reports — the broken fixture, and registry text with
// control characters (an escape in a request's title, a bell in a vote's
// comment, a tip's body, an actor's name) — encodes as a snapshot. A
// problem argument the snapshot cannot encode (the control character, once
// a rune) kept the index from ever being written: every command then loaded
// the whole registry again, without a word.
func TestEveryProblemIsEncodable(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/broken")); err != nil {
		t.Fatal(err)
	}
	for p, data := range map[string]string{
		"requests/climat/request.yaml":      "title: \"Budget \\e[2J climat\"\nrequested_by: meudon\naddressed_to: gpso\ndate: 2026-01-05\nstatus: filed\n",
		"requests/climat/votes/sevres.yaml": "name: Léa\nemail: l@example.org\ndate: 2026-01-06\nneed: useful\ncomment: \"a\\abell\"\n",
		"tips/escape.yaml":                  "title: Astuce\nbody: \"x\\u001b]0;pwned\\u0007\"\n",
		"actors/vanves.yaml":                "name: \"Vanves\\u0008\"\nkind: commune\ninsee: \"92075\"\n",
	} {
		full := filepath.Join(dir, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := catalogue.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	controls := 0
	for _, p := range c.Problems {
		if p.Code == "control-character" {
			controls++
		}
	}
	if controls < 3 {
		t.Fatalf("%d control-character problems, want the ones written here", controls)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatalf("the snapshot cannot encode the catalogue's problems: %v", err)
	}
	snap, err := catalogue.OpenSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	back, err := snap.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range c.Problems {
		if got, want := back.Problems[i].Message("fr"), p.Message("fr"); got != want {
			t.Errorf("problem %d reads %q after the snapshot, %q before", i, got, want)
		}
		if strings.Contains(p.Message("en"), "%!") {
			t.Errorf("problem %d badly formatted: %q", i, p.Message("en"))
		}
	}
}
