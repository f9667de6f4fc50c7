package catalogue_test

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// statCounter is an fs.FS that counts the Info calls on the entries its
// ReadDir lists: on a folder of the disk, each one is an lstat.
type statCounter struct {
	fs.FS
	mu    sync.Mutex
	asked map[string]int
}

func (s *statCounter) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(s.FS, name)
	for i, e := range entries {
		entries[i] = countedEntry{e, s, path.Join(name, e.Name())}
	}
	return entries, err
}

type countedEntry struct {
	fs.DirEntry
	s *statCounter
	p string
}

func (e countedEntry) Info() (fs.FileInfo, error) {
	e.s.mu.Lock()
	e.s.asked[e.p]++
	e.s.mu.Unlock()
	return e.DirEntry.Info()
}

// The walk asks no fact file its size (a syscall per file, as costly as
// reading it on a slow file system): only a snippet's code files, whose
// sizes the snippet checks need.
func TestWalkAsksNoFactFileItsSize(t *testing.T) {
	dir := generated400(t)
	fsys := &statCounter{FS: os.DirFS(dir), asked: map[string]int{}}
	c, err := catalogue.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) > 0 || len(c.Requests) == 0 {
		t.Fatalf("the generated registry loads with %d requests and problems %v", len(c.Requests), c.Problems)
	}
	for p := range fsys.asked {
		if strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".json") {
			t.Errorf("the walk asked the size of %s", p)
		}
	}
}

// A fact file over the size cap is still the problem too-large, with its
// size, and an entry folder whose main file is too large still misses it,
// now that the cap is enforced while reading rather than by the walk.
func TestTooLargeFactFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/mini")); err != nil {
		t.Fatal(err)
	}
	big := "comment: " + strings.Repeat("x", catalogue.MaxFactSize) + "\n"
	for _, p := range []string{"actors/meudon.yaml", "requests/arbres/request.yaml", "requests/budget-climat/votes/sevres.yaml"} {
		if err := os.WriteFile(filepath.Join(dir, p), []byte(big), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := catalogue.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range c.Problems {
		if p.Code == "too-large" || p.Code == "missing-file" {
			got[p.Path+" "+p.Code] = p.Format(i18n.EN)
		}
	}
	tooLarge := ":1:1: too-large file too large (" + strconv.Itoa(len(big)) + " bytes, at most 4194304)"
	want := map[string]string{
		"actors/meudon.yaml too-large":                       "actors/meudon.yaml" + tooLarge,
		"requests/arbres/request.yaml too-large":             "requests/arbres/request.yaml" + tooLarge,
		"requests/arbres missing-file":                       "requests/arbres:1:1: missing-file the file request.yaml is missing from this folder",
		"requests/budget-climat/votes/sevres.yaml too-large": "requests/budget-climat/votes/sevres.yaml" + tooLarge,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected problem %s: %s", k, got[k])
		}
	}
}
