package catalogue

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// copyTree copies a testdata registry into a temporary folder, so tests can
// add what Git cannot hold (symbolic links) without touching testdata.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./registry -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestLintBrokenRegistry(t *testing.T) {
	dir := copyTree(t, "testdata/broken")
	// A link that leads out of the registry, and a linked folder.
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "actors", "passwd.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc", filepath.Join(dir, "snippets", "etc")); err != nil {
		t.Fatal(err)
	}
	c, err := Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []i18n.Lang{i18n.FR, i18n.EN} {
		var b strings.Builder
		for _, p := range c.Problems {
			b.WriteString(p.Format(lang))
			b.WriteByte('\n')
		}
		golden(t, "broken.lint."+string(lang)+".golden", b.String())
	}
	// A broken file never hides the others.
	if c.Actor("meudon") == nil || c.Actor("sevres") == nil || c.Actor("gpso") == nil {
		t.Errorf("broken actors hid good ones: %v", c.Actors)
	}
	if c.Request("climat") == nil || len(c.Request("climat").Votes) != 3 {
		t.Errorf("request climat not loaded with its votes")
	}
	if c.Snippet("ok-snippet") == nil || c.Schema("table") == nil {
		t.Errorf("snippet or schema missing")
	}
	for _, p := range c.Problems {
		if p.Line < 1 || p.Col < 1 || p.Code == "" || p.Path == "" {
			t.Errorf("problem without a place or code: %+v", p)
		}
	}
	if !fact.HasCode(c.Problems, "symlink") {
		t.Errorf("symbolic links not reported")
	}
}

func TestLoadRefusesNewerFormat(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, MetaFile), []byte("format: 3\nname: futur\n"), 0o644)
	_, err := Load(os.DirFS(dir))
	if err == nil || !strings.Contains(err.Error(), "format 3") {
		t.Fatalf("Load of a format 3 registry: %v", err)
	}
}

func TestLoadOnlyReadsTheKindsGiven(t *testing.T) {
	c, err := LoadOnly(os.DirFS("testdata/broken"), Actors, Requests)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Actors) == 0 || len(c.Requests) == 0 || len(c.Snippets) != 0 || len(c.Schemas) != 0 {
		t.Fatalf("LoadOnly(actors, requests): %d actors, %d requests, %d snippets, %d schemas", len(c.Actors), len(c.Requests), len(c.Snippets), len(c.Schemas))
	}
	for _, p := range c.Problems {
		if strings.HasPrefix(p.Path, "snippets/") || strings.HasPrefix(p.Path, "schemas/") {
			t.Errorf("problem of a kind left out: %s", p)
		}
	}
}
