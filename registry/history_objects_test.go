package registry

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// TestHistoryStorerGivesDeltasAsGoGit: every object of a packed repository
// (trees stored as deltas on others, by offset), read as stored through
// the walk's objReader, is what go-git's storage gives: the same type, the
// same base named, the same bytes — the reverse index names a delta's base
// as go-git's table of every offset does. None builds that table.
func TestHistoryStorerGivesDeltasAsGoGit(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	dir := r.Dir()
	for c := range 6 {
		files := map[string]*string{}
		for i := range 60 {
			files[fmt.Sprintf("requests/r%03d/votes/v%d.yaml", i, c)] = text(fmt.Sprintf("need: %d\n", c))
		}
		commitFiles(t, dir, fmt.Sprintf("2026-03-0%dT10:00:00Z", c+1), files)
	}
	gitOut(t, dir, "repack", "-adfq")
	gitdir := filepath.Join(dir, ".git")
	or, err := openObjReader(gitdir)
	if err != nil {
		t.Fatal(err)
	}
	defer or.close()
	hs := newHistoryObjects(or).storer()
	pool := newHistoryPool(gitdir)
	defer pool.close()
	gs := pool.get().(storer.DeltaObjectStorer)
	deltas := 0
	for _, line := range strings.Split(gitOut(t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)"), "\n") {
		h := plumbing.NewHash(line)
		want, err := gs.DeltaObject(plumbing.AnyObject, h)
		if err != nil {
			t.Fatal(err)
		}
		got, err := hs.DeltaObject(plumbing.AnyObject, h)
		if err != nil {
			t.Fatal(err)
		}
		wd, wok := want.(plumbing.DeltaObject)
		gd, gok := got.(plumbing.DeltaObject)
		if wok != gok || got.Type() != want.Type() {
			t.Fatalf("%s: delta %v type %s, go-git: delta %v type %s", h, gok, got.Type(), wok, want.Type())
		}
		if wok {
			deltas++
			_, whole, err := or.read(h)
			if err != nil {
				t.Fatal(err)
			}
			if gd.BaseHash() != wd.BaseHash() || gd.ActualHash() != h || gd.ActualSize() != int64(len(whole)) {
				t.Fatalf("%s: base %s, rebuilds %s of %d bytes; go-git: base %s, the object has %d bytes", h, gd.BaseHash(), gd.ActualHash(), gd.ActualSize(), wd.BaseHash(), len(whole))
			}
		}
		gb, err := readObject(got)
		if err != nil {
			t.Fatal(err)
		}
		wb, err := readObject(want)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(gb, wb) {
			t.Fatalf("%s: bytes differ", h)
		}
	}
	if deltas < 10 {
		t.Fatalf("only %d deltas in the pack: the test reads none", deltas)
	}
}
