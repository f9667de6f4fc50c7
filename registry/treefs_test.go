package registry

import (
	"os"
	"reflect"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
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
