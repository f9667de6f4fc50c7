package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/registry/index"
)

// After votes committed by the git CLI (one of them moving a request up
// the board), `codal list requests` (the table, a query, --json) prints
// exactly what it prints without the index, and leaves the index file as
// it was: the list answers through the overlay (index.DeltaPath written).
func TestListAfterAGitVoteIsTheFullList(t *testing.T) {
	identify(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("CODAL_WATCH", "0")
	reg := demoRegistry(t)
	// files written in the second the index is built are read again by
	// every command (racy rows): the registry's files are an hour old
	old := time.Now().Add(-time.Hour)
	err := filepath.Walk(reg, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.Name() == ".git" {
			if err == nil {
				err = filepath.SkipDir
			}
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
	lists := [][]string{{"list", "requests", "--json"}, {"list", "requests"}, {"list", "requests", "--query", "meudon"}, {"list", "requests", "--query", "arbres"}}
	for _, args := range lists { // the index built, then warm
		if _, e, c := cli(t, append([]string{"--registry", reg}, args...)...); c != 0 {
			t.Fatalf("codal %s: %s", strings.Join(args, " "), e)
		}
	}
	path := index.Location(reg)
	base, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, voter := range []string{"vanves", "meudon", "issy-les-moulineaux"} {
		p := filepath.Join(reg, "requests", "arbres-alignement", "votes", voter+".yaml")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("name: Service\nemail: s@example.org\ndate: 2026-11-29\nneed: useful\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitc(t, reg, "add", "-A")
	gitc(t, reg, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "votes")
	for _, args := range lists {
		o1, e1, c1 := cli(t, append([]string{"--registry", reg}, args...)...)
		o2, e2, c2 := cli(t, append([]string{"--registry", reg, "--no-index"}, args...)...)
		if o1 != o2 || e1 != e2 || c1 != c2 {
			t.Fatalf("codal %s after the votes differs with the index (exit %d, %d):\n%s%s\n--- without ---\n%s%s", strings.Join(args, " "), c1, c2, o1, e1, o2, e2)
		}
	}
	if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, base) {
		t.Fatalf("the lists after the votes wrote the index again (%v)", err)
	}
	if _, err := os.Stat(index.DeltaPath(path)); err != nil {
		t.Fatalf("no delta beside the index: %v", err)
	}
}
