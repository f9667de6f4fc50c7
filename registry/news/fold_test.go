package news

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/store"
)

// foldHistory is sliceHistory as the Git store gives it: each commit's
// changes handed to Since.Fold one at a time, in path order.
type foldHistory []store.Commit

func (h foldHistory) History(since store.Since, fn func(store.Commit) error) error {
	for _, c := range h {
		if since.Fold != nil {
			changes := c.Changes
			c.Changes = nil
			c.Folded = since.Fold(c, slices.Values(changes))
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

func (h foldHistory) ResolveCommit(string) (store.Hash, error) { return "", store.ErrNotFound }
func (h foldHistory) Head() (store.Hash, error)                { return "head", nil }

// randomSortedCommit draws a commit as a store gives it: unique paths,
// sorted, among the layout's awkward neighbours (an entry's other files
// before and after its main file, a file and a folder of the same entry
// name, "x.yaml" beside "x/", names that sort between them), added,
// changed and removed.
func randomSortedCommit(r *rand.Rand, i int) store.Commit {
	c := store.Commit{Hash: store.Hash(fmt.Sprintf("c%04d", i)), Author: "A", Date: day(1 + r.IntN(5))}
	kinds := []string{"actors", "snippets", "schemas", "trainings", "tips", "requests", "other"}
	files := []string{"", ".yaml", ".yaml2", "-b", ".x", "/README.md", "/a.py", "/snippet.yaml", "/schema.json",
		"/training.yaml", "/tip.yaml", "/zz.txt", "/examples/a.csv", "/request.yaml", "/votes/vanves.yaml",
		"/votes/issy.yaml", "/events/20260301T100000Z-gpso.yaml", "/comments/20260301T100000Z-issy.yaml", "/sub/x.yaml"}
	contents := []string{"", "title: T\nname: N\nrequested_by: sevres\n", "need: useful\n", "status: planned\nnote: n\n",
		"transfer_to: gpso\n", "body: b\n", "- not a mapping\n"}
	seen := map[string]bool{}
	for range 1 + r.IntN(40) {
		p := kinds[r.IntN(len(kinds))] + "/e" + fmt.Sprint(r.IntN(4)) + files[r.IntN(len(files))]
		if seen[p] || strings.HasSuffix(p, "/e0") {
			continue
		}
		// A path cannot be both a file and a folder on one side; the
		// random pick may still give both a file "e1" and files under
		// "e1/", as a commit turning a file into a folder does.
		seen[p] = true
		old, data := contents[r.IntN(len(contents))], contents[r.IntN(len(contents))]
		switch r.IntN(3) {
		case 0:
			c.Changes = append(c.Changes, added(p, data))
		case 1:
			c.Changes = append(c.Changes, removed(p, old))
		default:
			c.Changes = append(c.Changes, changed(p, old, data))
		}
	}
	slices.SortFunc(c.Changes, func(a, b store.FileChange) int { return strings.Compare(a.Path, b.Path) })
	return c
}

// TestFoldIsFromCommit: a commit classified one change at a time, in path
// order, gives exactly fromCommit's items and count, whatever the limit,
// even when an entry's "changed" files come before the main file that
// makes it added or removed.
func TestFoldIsFromCommit(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for i := range 3000 {
		c := randomSortedCommit(r, i)
		for _, limit := range []int{0, 1, 3} {
			want, wantTotal := fromCommit(c, limit)
			got := foldCommit(limit)(c, slices.Values(c.Changes)).(foldedCommit)
			if got.total != wantTotal || !reflect.DeepEqual(got.items, want) {
				var paths []string
				for _, ch := range c.Changes {
					paths = append(paths, fmt.Sprintf("%s(%v→%v)", ch.Path, ch.HadOld, ch.HasNew))
				}
				t.Fatalf("commit %d, limit %d, changes %v:\nfold  %d %+v\nwant  %d %+v", i, limit, paths, got.total, got.items, wantTotal, want)
			}
		}
	}
}

// TestCollectPageFoldedIsCollected: a walk whose store folds gives the
// page and count of a walk whose store lists the changes.
func TestCollectPageFoldedIsCollected(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	var h sliceHistory
	for i := range 400 {
		h = append(h, randomSortedCommit(r, i))
	}
	for _, limit := range []int{0, 5, 500} {
		want, err := CollectPage(h, store.Since{}, nil, limit)
		if err != nil {
			t.Fatal(err)
		}
		got, err := CollectPage(foldHistory(h), store.Since{}, nil, limit)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("limit %d: folded walk gives %d of %d items, listed %d of %d", limit, len(got.Items), got.Total, len(want.Items), want.Total)
		}
	}
}
