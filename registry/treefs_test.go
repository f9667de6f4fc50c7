package registry

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/gpso/codal/registry/registrytest"
)

// Loading a commit through treeFS finds exactly what loading the same files
// from disk finds, problems included.
func TestTreeFSLoadsLikeTheDisk(t *testing.T) {
	for _, src := range []string{"catalogue/testdata/mini", "catalogue/testdata/broken"} {
		dir := t.TempDir()
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
		repo, err := git.PlainInit(dir, false)
		if err != nil {
			t.Fatal(err)
		}
		wt, _ := repo.Worktree()
		if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
			t.Fatal(err)
		}
		h, err := wt.Commit("x", &git.CommitOptions{Author: &object.Signature{Name: "a", Email: "a@b.c"}})
		if err != nil {
			t.Fatal(err)
		}
		r, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		fromDisk, err := r.Load()
		if err != nil {
			t.Fatal(err)
		}
		fromTree, err := r.LoadCommit(hashOf(h))
		if err != nil {
			t.Fatal(err)
		}
		if len(fromDisk.Problems) == 0 && src == "catalogue/testdata/broken" {
			t.Fatal("broken registry without problems")
		}
		if !reflect.DeepEqual(fromDisk.Problems, fromTree.Problems) {
			t.Errorf("%s: problems differ\ndisk: %v\ntree: %v", src, fromDisk.Problems, fromTree.Problems)
		}
		if len(fromDisk.Snippets) != len(fromTree.Snippets) || len(fromDisk.Actors) != len(fromTree.Actors) || len(fromDisk.Requests) != len(fromTree.Requests) || len(fromDisk.Schemas) != len(fromTree.Schemas) {
			t.Errorf("%s: entries differ", src)
		}
	}
}

// Reading a file of a commit does not wait for another goroutine's read:
// while one goroutine holds an object storage (here, for ever), another
// still reads through a storage of its own. Before the storage pool, every
// read took turns under one lock, and this read never finished.
func TestTreeFSReadsDoNotTakeTurns(t *testing.T) {
	isolateGit(t)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	src := t.TempDir()
	if err := registrytest.Generate(src, registrytest.Spread(20), 1); err != nil {
		t.Fatal(err)
	}
	r, err := initFrom(filepath.Join(t.TempDir(), "reg"), os.DirFS(src), "init")
	if err != nil {
		t.Fatal(err)
	}
	head, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := r.commitFS(gitHash(head))
	if err != nil {
		t.Fatal(err)
	}
	held := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	go func() {
		_ = fsys.read(func(storer.EncodedObjectStorer) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	done := make(chan error, 1)
	go func() {
		_, err := fsys.ReadFile("registry.yaml")
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("a read of the commit waited for another goroutine's read")
	}
}
