package registry

import (
	"fmt"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/storage/memory"
)

// countingStorage counts the trees read from the storage.
type countingStorage struct {
	*memory.Storage
	trees int
}

func (s *countingStorage) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	obj, err := s.Storage.EncodedObject(t, h)
	if err == nil && obj.Type() == plumbing.TreeObject {
		s.trees++
	}
	return obj, err
}

// TestWriteSessionKeepsTreesWithinBudget: a session replaying forty votes
// in a registry whose requests folder is large keeps, of the trees it
// parsed, what the budget allows (it kept one requests tree per change),
// and a vote after another in the same folder still reads none of the
// trees on its path from the storage.
func TestWriteSessionKeepsTreesWithinBudget(t *testing.T) {
	old := treeCacheBudget
	treeCacheBudget = 1 << 20
	t.Cleanup(func() { treeCacheBudget = old })
	st := &countingStorage{Storage: memory.NewStorage()}
	o := objects{s: st, trees: newTreeCache()}
	blob, err := o.writeBlob([]byte("need: utile\n"))
	if err != nil {
		t.Fatal(err)
	}
	file := entry{Hash: blob, Mode: filemode.Regular}
	edits := treeEdit{}
	for i := range 5000 {
		edits[fmt.Sprintf("requests/r%04d/request.yaml", i)] = file
	}
	root, err := o.editTree(plumbing.ZeroHash, edits)
	if err != nil {
		t.Fatal(err)
	}
	top, err := o.readTree(root)
	if err != nil {
		t.Fatal(err)
	}
	requestsTree, err := o.readTree(top.Entries[0].Hash)
	if err != nil {
		t.Fatal(err)
	}
	one := treeBytes(requestsTree)
	for i := range 40 {
		before := st.trees
		root, err = o.editTree(root, treeEdit{fmt.Sprintf("requests/r%04d/votes/v%d.yaml", i/2, i%2): file})
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 && st.trees != before {
			t.Fatalf("vote %d, after one in the same folder: %d trees read from the storage", i, st.trees-before)
		}
	}
	if o.trees.bytes > treeCacheBudget || 40*one < 4*treeCacheBudget {
		t.Errorf("the session keeps %d KB of parsed trees, budget %d KB", o.trees.bytes>>10, treeCacheBudget>>10)
	}
	if n := o.trees.lru.Len(); n != len(o.trees.byKey) {
		t.Errorf("%d trees listed, %d by hash", n, len(o.trees.byKey))
	}
	t.Logf("kept %d trees, %d KB (a parsed requests folder weighs %d KB)", o.trees.lru.Len(), o.trees.bytes>>10, one>>10)
}
