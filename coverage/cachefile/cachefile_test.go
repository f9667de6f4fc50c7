package cachefile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/coverage"
	"github.com/gpso/codal/i18n"
)

func TestSaveLoad(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	p := Path("/some/registry")
	if !strings.HasPrefix(p, filepath.Join(os.Getenv("XDG_CACHE_HOME"), "codal", "coverage")) || p != Path("/some/registry") || p == Path("/other") {
		t.Fatalf("Path = %s", p)
	}
	if c := Load(p); len(c.Actors) != 0 || !c.SavedAt.IsZero() {
		t.Fatalf("missing cache: %+v", c)
	}
	at := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	c := &coverage.Cache{SavedAt: at, Actors: []coverage.Actor{{ID: "gpso", HasPortal: true, CheckedAt: at}}}
	if err := Save(p, c); err != nil {
		t.Fatal(err)
	}
	back := Load(p)
	if !back.SavedAt.Equal(at) || len(back.Actors) != 1 || back.Actors[0].ID != "gpso" {
		t.Fatalf("loaded %+v", back)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(p), ".coverage-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	os.WriteFile(p, []byte("{not json"), 0o644)
	if c := Load(p); len(c.Actors) != 0 {
		t.Errorf("a corrupt cache was used: %+v", c)
	}
}

func TestSaveFailsInOneSentence(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)
	err := Save(filepath.Join(blocker, "coverage", "x.json"), &coverage.Cache{})
	if err == nil {
		t.Fatal("saved under a file")
	}
	msg := i18n.Message(err, i18n.EN)
	if !strings.HasPrefix(msg, "coverage cache not written (") || strings.Contains(msg, "\n") {
		t.Errorf("%q", msg)
	}
}
