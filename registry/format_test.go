package registry

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// A comment written to a format 1 registry raises registry.yaml's format
// line to 2 in the same commit, changing only that line; the next comment
// leaves registry.yaml alone.
func TestWriteRaisesTheFormatLine(t *testing.T) {
	isolateGit(t)
	files := smallRegistry()
	meta := "# Registre de test\r\nformat: 1 # voir docs/registry-format.md\r\nname: Test\r\nlanguage: fr\r\ntriagers: [gpso]\r\n"
	files["registry.yaml"].Data = []byte(meta)
	r := newTestRegistry(t, files)
	comment := func(body string, at time.Time) store.WriteResult {
		t.Helper()
		c, err := catalogue.Load(os.DirFS(r.Dir()))
		if err != nil {
			t.Fatal(err)
		}
		p, err := c.Comment("budget", "sevres", body, "", testWho, at)
		if err != nil {
			t.Fatal(err)
		}
		res, err := r.Write(context.Background(), p.Change, testWho, at, store.WriteOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	at := time.Date(2026, 3, 5, 9, 30, 0, 0, time.UTC)
	comment("Premier commentaire.", at)
	if got := gitOut(t, r.Dir(), "show", "--name-only", "--format=", "HEAD"); got != "registry.yaml\nrequests/budget/comments/20260305T093000Z-sevres.yaml" {
		t.Fatalf("first comment's commit holds:\n%s", got)
	}
	want := strings.Replace(meta, "format: 1 #", "format: 2 #", 1)
	if got := gitOut(t, r.Dir(), "show", "HEAD:registry.yaml"); got != strings.TrimSpace(want) {
		t.Fatalf("committed registry.yaml:\n%q\nwant\n%q", got, want)
	}
	if data, _ := os.ReadFile(filepath.Join(r.Dir(), "registry.yaml")); string(data) != want {
		t.Fatalf("work tree registry.yaml:\n%q\nwant\n%q", data, want)
	}
	if st := gitOut(t, r.Dir(), "status", "--porcelain"); st != "" {
		t.Fatalf("work tree not clean after the write:\n%s", st)
	}
	comment("Second commentaire.", at.Add(time.Hour))
	if got := gitOut(t, r.Dir(), "show", "--name-only", "--format=", "HEAD"); got != "requests/budget/comments/20260305T103000Z-sevres.yaml" {
		t.Fatalf("second comment's commit holds:\n%s", got)
	}
	c, err := catalogue.Load(os.DirFS(r.Dir()))
	if err != nil {
		t.Fatal(err)
	}
	if c.Meta.Format != 2 || len(c.Request("budget").Comments) != 2 || fact.HasCode(c.Problems, "format-too-old") {
		t.Fatalf("format %d, %d comments, problems %v", c.Meta.Format, len(c.Request("budget").Comments), c.Problems)
	}
}

// A change that needs no format (a vote) never touches registry.yaml, and a
// registry.yaml whose format cannot be raised stops the write before
// anything is written.
func TestWriteFormatLeavesOrStops(t *testing.T) {
	isolateGit(t)
	files := smallRegistry()
	files["registry.yaml"].Data = []byte("format: un\nname: Test\ntriagers: [gpso]\n")
	r := newTestRegistry(t, files)
	before := head(t, r)
	ch := catalogue.Change{Message: "c", Files: map[string][]byte{"requests/budget/comments/20260305T093000Z-sevres.yaml": []byte("name: A\n")}, MinFormat: 2}
	if _, err := r.Write(context.Background(), ch, testWho, time.Time{}, store.WriteOptions{}); err == nil || !strings.Contains(err.Error(), "format") {
		t.Fatalf("write over an unreadable format: %v", err)
	}
	if head(t, r) != before {
		t.Fatal("HEAD moved")
	}
	ch.MinFormat = 0
	if _, err := r.Write(context.Background(), ch, testWho, time.Time{}, store.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := gitOut(t, r.Dir(), "show", "--name-only", "--format=", "HEAD"); got != "requests/budget/comments/20260305T093000Z-sevres.yaml" {
		t.Fatalf("commit holds:\n%s", got)
	}
}

// The commit of a share branch that carries a comment raises the format of
// the base's registry.yaml too: the pull request's registry must lint.
func TestBuildShareRaisesTheFormat(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	base := head(t, r)
	files, err := r.EntryFiles(catalogue.Requests, "budget")
	if err != nil {
		t.Fatal(err)
	}
	files["requests/budget/comments/20260305T093000Z-sevres.yaml"] = []byte("name: A\nemail: a@sevres.example\ndate: 2026-03-05\nbody: Bonjour.\n")
	h, err := r.BuildShare(hashOf(base), "", catalogue.Requests, "budget", files, "Commentaire", testWho, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if got := gitOut(t, r.Dir(), "diff", "--name-only", base.String(), h.String()); got != "registry.yaml\nrequests/budget/comments/20260305T093000Z-sevres.yaml" {
		t.Fatalf("share commit changes:\n%s", got)
	}
	c, err := r.LoadCommit(h)
	if err != nil {
		t.Fatal(err)
	}
	if c.Meta.Format != 2 || len(c.Problems) != 0 {
		t.Fatalf("format %d, problems %v", c.Meta.Format, c.Problems)
	}
}
