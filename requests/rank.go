package requests

import (
	"sort"

	"github.com/gpso/codal/directory"
)

// Standing is a request's computed place on the priority board. Nothing here
// is stored: it is all derived from the files.
type Standing struct {
	Request *Request
	// Rank is 1 for the highest priority.
	Rank   int
	Status Status
	// Supporters are the supporting organisations' ids, the requesting
	// organisation first, including the supporters of the requests marked
	// as duplicates of this one.
	Supporters []string
	// Communes are the distinct communes among Supporters.
	Communes []string
	// Population is the total population of Communes.
	Population int
}

// Lookup finds an actor by id, or returns nil.
type Lookup func(id string) *directory.Actor

// Rank computes every request's standing and orders them: open requests
// before closed ones; then more distinct supporting communes; then more
// supporting organisations; then more population in the supporting communes;
// then the older request; then the id. The supporters of a request closed as
// a duplicate count for its original.
func Rank(reqs []*Request, actor Lookup) []Standing {
	byID := make(map[string]*Request, len(reqs))
	for _, r := range reqs {
		byID[r.ID] = r
	}
	// Supporters of duplicates flow to the request they duplicate, following
	// chains and stopping at cycles or unknown ids.
	extra := map[string][]string{}
	for _, r := range reqs {
		if r.Status() != Duplicate {
			continue
		}
		if root := Original(r, func(id string) *Request { return byID[id] }); root != nil && root != r {
			extra[root.ID] = append(extra[root.ID], r.Supporters()...)
		}
	}
	out := make([]Standing, len(reqs))
	for i, r := range reqs {
		out[i] = StandingOf(r, append(r.Supporters(), extra[r.ID]...), actor)
	}
	sort.SliceStable(out, func(i, j int) bool { return Ahead(&out[i], &out[j]) })
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}

// StandingOf is r's standing, but for its rank, given its supporters in
// Rank's order (its own, then those the requests closed as its duplicates
// bring): each counted once, in first-seen order, with the communes among
// them and their population (actor looks them up).
func StandingOf(r *Request, supporters []string, actor Lookup) Standing {
	s := Standing{Request: r, Status: r.Status()}
	seen := make(map[string]bool, len(supporters))
	for _, id := range supporters {
		if seen[id] {
			continue
		}
		seen[id] = true
		s.Supporters = append(s.Supporters, id)
		if a := actor(id); a != nil && a.IsCommune() {
			s.Communes = append(s.Communes, id)
			s.Population += a.Population
		}
	}
	return s
}

// Ahead reports whether a ranks before b on the board: Rank's order (open
// before closed, then more communes, more organisations, more population,
// the older request, the smaller id). The id makes it a strict total order
// over the requests of one registry, so an order computed elsewhere (the
// index's catch-up, which places a few changed standings among the ones it
// kept) is the one Rank gives.
func Ahead(a, b *Standing) bool {
	if ao, bo := a.Status.Open(), b.Status.Open(); ao != bo {
		return ao
	}
	if len(a.Communes) != len(b.Communes) {
		return len(a.Communes) > len(b.Communes)
	}
	if len(a.Supporters) != len(b.Supporters) {
		return len(a.Supporters) > len(b.Supporters)
	}
	if a.Population != b.Population {
		return a.Population > b.Population
	}
	ac, bc := a.Request.Created, b.Request.Created
	if !ac.Equal(bc.Time) {
		return ac.Before(bc.Time)
	}
	return a.Request.ID < b.Request.ID
}

// Original follows duplicate_of links from r, looking each request up by
// id, to the request it finally duplicates: r itself when it is no
// duplicate, nil when the chain is broken or loops. Rank counts a
// duplicate's supporters for it.
func Original(r *Request, lookup func(id string) *Request) *Request {
	seen := map[string]bool{r.ID: true}
	cur := r
	for cur.Status() == Duplicate {
		next := lookup(cur.Latest().DuplicateOf)
		if next == nil || seen[next.ID] {
			return nil
		}
		seen[next.ID] = true
		cur = next
	}
	return cur
}
