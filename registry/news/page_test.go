package news

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/gpso/codal/registry/store"
)

// sliceHistory is a walk's output held in memory: the commits, newest
// first, as a store's History gives them.
type sliceHistory []store.Commit

func (h sliceHistory) History(_ store.Since, fn func(store.Commit) error) error {
	for _, c := range h {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

func (h sliceHistory) ResolveCommit(string) (store.Hash, error) { return "", store.ErrNotFound }
func (h sliceHistory) Head() (store.Hash, error)                { return "head", nil }

// randomHistory draws n commits whose dates repeat and go back and forth
// (ties are broken by the walk's order), some of them bulk imports with
// more items than a page, others mixing votes, events, comments and
// entries added, changed and removed with their other files.
func randomHistory(r *rand.Rand, n int) sliceHistory {
	var h sliceHistory
	for i := range n {
		c := store.Commit{Hash: store.Hash(fmt.Sprintf("c%04d", i)), Author: "A",
			Date: time.Date(2026, 3, 1+r.IntN(5), 10, 0, 0, 0, time.UTC)}
		items := 1 + r.IntN(6)
		if r.IntN(40) == 0 {
			items = 300 + r.IntN(900)
		}
		for j := range items {
			id := fmt.Sprintf("e%d", r.IntN(50)+j)
			switch r.IntN(7) {
			case 0:
				c.Changes = append(c.Changes, added("requests/"+id+"/votes/vanves.yaml", "name: A\nneed: useful\n"))
			case 1:
				c.Changes = append(c.Changes, removed("requests/"+id+"/votes/issy.yaml", "name: A\nneed: essential\n"))
			case 2:
				c.Changes = append(c.Changes, added("requests/"+id+"/events/20260301T100000Z-gpso.yaml", "name: P\nstatus: planned\n"))
			case 3:
				c.Changes = append(c.Changes, added("snippets/"+id+"/snippet.yaml", "title: S\n"), added("snippets/"+id+"/README.md", "x"))
			case 4:
				c.Changes = append(c.Changes, changed("snippets/"+id+"/README.md", "a", "b"), changed("snippets/"+id+"/code.py", "a", "b"))
			case 5:
				c.Changes = append(c.Changes, removed("actors/"+id+".yaml", "name: X\nkind: commune\n"))
			default:
				c.Changes = append(c.Changes, added("requests/"+id+"/request.yaml", "title: R\nrequested_by: sevres\n"))
			}
		}
		h = append(h, c)
	}
	return h
}

// TestCollectPageIsCollectCut: the page of the newest items is exactly the
// head of the whole list, through several batches, ties of dates, bulk
// commits larger than the page and entries added with their other files;
// its total counts the whole list.
func TestCollectPageIsCollectCut(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 17))
	titles := func(e string) string { return "T " + e }
	for round := range 6 {
		h := randomHistory(r, 100+r.IntN(700))
		all, err := Collect(h, store.Since{}, titles)
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 7, 500, 0} {
			p, err := CollectPage(h, store.Since{}, titles, limit)
			if err != nil {
				t.Fatal(err)
			}
			want := all
			if limit > 0 && len(want) > limit {
				want = want[:limit]
			}
			if p.Total != len(all) {
				t.Fatalf("round %d, limit %d: total %d, want %d", round, limit, p.Total, len(all))
			}
			if !reflect.DeepEqual(p.Items, want) {
				t.Fatalf("round %d, limit %d: %d items differ from the head of Collect's %d", round, limit, len(p.Items), len(all))
			}
		}
	}
}
