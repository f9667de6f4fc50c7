package catalogue

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/requests"
)

// generatedBoard loads a generated registry of 600 entries (heavy-tailed
// votes, requests closed as duplicates), generated once for the tests that
// read it: each gets its own catalogue, to change at will.
func generatedBoard(t *testing.T) *Catalogue {
	t.Helper()
	boardOnce.Do(func() {
		boardFiles = fstest.MapFS{}
		dir := filepath.Join(t.TempDir(), "registry")
		if boardErr = registrytest.Generate(dir, registrytest.Scale(600), 3); boardErr != nil {
			return
		}
		boardErr = fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(filepath.Join(dir, p))
			boardFiles[p] = &fstest.MapFile{Data: data, Mode: 0o644}
			return err
		})
	})
	if boardErr != nil {
		t.Fatal(boardErr)
	}
	c, err := Load(boardFiles)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var (
	boardOnce  sync.Once
	boardFiles fstest.MapFS
	boardErr   error
)

// ByActor answers FiledBy and SupportedBy, which scan the board, for every
// actor of a generated registry with heavy-tailed votes and requests closed
// as duplicates (whose supporters count for the original on the board:
// ranks and counts move, the requests an actor filed or voted on do not),
// and for votes a hand edit could leave: the requester's own, and two
// votes naming the same actor on one request.
func TestByActorIsTheScan(t *testing.T) {
	c := generatedBoard(t)
	dups := 0
	for _, s := range c.Board {
		if s.Status == requests.Duplicate {
			dups++
		}
	}
	if dups == 0 || len(c.Board) < 300 {
		t.Fatalf("the generated board has %d requests, %d duplicates", len(c.Board), dups)
	}
	// what a hand edit can leave: the requester voting for its own
	// request, an actor's vote twice on one request
	r0, r1 := c.Board[0].Request, c.Board[1].Request
	r0.Votes = append(r0.Votes, &requests.Vote{Actor: r0.RequestedBy})
	if len(r1.Votes) == 0 {
		t.Fatal("the board's second request has no votes")
	}
	r1.Votes = append(r1.Votes, &requests.Vote{Actor: r1.Votes[0].Actor})

	x := c.ByActor()
	standings := func(at []int32) []requests.Standing {
		var out []requests.Standing
		for _, i := range at {
			out = append(out, c.Board[i])
		}
		return out
	}
	same := func(a, b []requests.Standing) bool {
		return slices.EqualFunc(a, b, func(p, q requests.Standing) bool { return p.Request == q.Request && p.Rank == q.Rank })
	}
	ids := []string{"nobody"}
	for _, a := range c.Actors {
		ids = append(ids, a.ID)
	}
	filed, supported := 0, 0
	for _, id := range ids {
		if got, want := standings(x.Filed(id)), c.FiledBy(id); !same(got, want) {
			t.Fatalf("%s filed %d requests by the index, %d by the scan", id, len(got), len(want))
		}
		if got, want := standings(x.Supported(id)), c.SupportedBy(id); !same(got, want) {
			t.Fatalf("%s supports %d requests by the index, %d by the scan", id, len(got), len(want))
		}
		filed += len(x.Filed(id))
		supported += len(x.Supported(id))
	}
	if filed != len(c.Board) || supported == 0 {
		t.Fatalf("the index holds %d requests filed of %d, %d supported", filed, len(c.Board), supported)
	}
}

// Duplicates finds, for every request of a generated registry, the
// requests whose latest status event closes them as its duplicates, as a
// scan of every request does; a request reopened after being closed as a
// duplicate is not one.
func TestDuplicatesIsTheScan(t *testing.T) {
	c := generatedBoard(t)
	// reopen one duplicate: its original loses it
	var reopened *requests.Request
	for _, r := range c.Requests {
		if r.Status() == requests.Duplicate {
			reopened = r
			break
		}
	}
	if reopened == nil {
		t.Fatal("no duplicate in the generated registry")
	}
	reopened.Events = append(reopened.Events, &requests.Event{Status: requests.UnderReview})
	// and close the first and last requests as duplicates of a third:
	// Of keeps the requests' order
	first, last, orig := c.Requests[0], c.Requests[len(c.Requests)-1], c.Requests[len(c.Requests)/2]
	for _, r := range []*requests.Request{last, first} {
		r.Events = append(r.Events, &requests.Event{Status: requests.Duplicate, DuplicateOf: orig.ID})
	}
	x := c.Duplicates()
	if got := x.Of(orig.ID); len(got) < 2 || got[0] != first || got[len(got)-1] != last {
		t.Fatalf("%s has %d duplicates, not the two closed as such in order", orig.ID, len(got))
	}
	found := 0
	for _, r := range c.Requests {
		var want []*requests.Request
		for _, o := range c.Requests {
			if ev := o.Latest(); ev != nil && o.Status() == requests.Duplicate && ev.DuplicateOf == r.ID {
				want = append(want, o)
			}
		}
		if got := x.Of(r.ID); !slices.Equal(got, want) {
			t.Fatalf("%s: %d duplicates by the index, %d by the scan", r.ID, len(got), len(want))
		}
		found += len(want)
	}
	if found == 0 {
		t.Fatal("no request has duplicates")
	}
}
