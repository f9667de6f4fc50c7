package catalogue

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/requests"
)

// ByActor answers FiledBy and SupportedBy, which scan the board, for every
// actor of a generated registry with heavy-tailed votes and requests closed
// as duplicates (whose supporters count for the original on the board:
// ranks and counts move, the requests an actor filed or voted on do not),
// and for votes a hand edit could leave: the requester's own, and two
// votes naming the same actor on one request.
func TestByActorIsTheScan(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "registry")
	if err := registrytest.Generate(dir, registrytest.Scale(600), 3); err != nil {
		t.Fatal(err)
	}
	c, err := Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
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
