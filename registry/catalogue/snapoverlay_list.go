package catalogue

import (
	"cmp"
	"slices"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
	"github.com/gpso/codal/toolbox"
)

// An Overlay lists too: the lists after a small change made since the
// snapshot was written (a pull, a vote committed by the git CLI, codal's
// own write) cost the change, not the registry. The overlay takes only
// changes of requests (Snapshot.Overlay), so every other kind's list is the
// snapshot's, and the board is the snapshot's rows with the rows of the
// requests whose standings moved (the changed ones, the originals their
// supporters flow to) replaced, those filed added and those removed
// dropped, and every rank moved to its place now.
var _ Lister = (*Overlay)(nil)

// ListRequests returns the standings, in board order, whose haystack holds
// every term, as Snapshot.ListRequests of the snapshot that Update and
// PatchSnapshot would write now: the snapshot's matching rows for the
// requests whose records did not change (their haystacks did not: no actor
// changed, and neither did their supporters), with their ranks now; the
// changed requests' rows now, each matched on its haystack now
// (RequestHaystack of its standing now), placed at its rank now. The rank is the board
// position: a request that moved up pushes down by one each request
// between its old and its new place, as Rank would rank them.
func (o *Overlay) ListRequests(terms []string) ([]requests.Standing, error) {
	rows, err := o.base.ListRequests(terms)
	if err != nil {
		return nil, err
	}
	// The changed requests that match now, by their rank now, and where
	// they were and go in the snapshot's board (0-based positions).
	var fresh []requests.Standing
	gone := make([]int, 0, len(o.now))
	goes := make([]int, 0, len(o.now))
	for id, st := range o.now {
		if was := o.was[id]; was != nil {
			gone = append(gone, was.Rank-1)
		}
		if st == nil {
			continue // removed
		}
		goes = append(goes, o.ins[id])
		row, ok := o.listRow(st)
		if !ok {
			return nil, ErrBadSnapshot
		}
		if MatchAll(o.requestHaystack(st), terms) {
			fresh = append(fresh, row)
		}
	}
	slices.Sort(gone)
	slices.Sort(goes)
	slices.SortFunc(fresh, func(a, b requests.Standing) int { return cmp.Compare(a.Rank, b.Rank) })
	// One walk down the snapshot's rows (board order: their positions
	// grow): a row at position p is now p+1, less the changed requests
	// that were ahead of it, plus those that are ahead of it now.
	out := make([]requests.Standing, 0, len(rows)+len(fresh))
	g, n, f, last := 0, 0, 0, -1
	for _, r := range rows {
		p := r.Rank - 1
		if p <= last {
			return nil, ErrBadSnapshot // ranks out of board order
		}
		last = p
		if _, changed := o.now[r.Request.ID]; changed {
			continue
		}
		for g < len(gone) && gone[g] < p {
			g++
		}
		for n < len(goes) && goes[n] <= p {
			n++
		}
		r.Rank = p + 1 - g + n
		for f < len(fresh) && fresh[f].Rank < r.Rank {
			out = append(out, fresh[f])
			f++
		}
		out = append(out, r)
	}
	out = append(out, fresh[f:]...)
	if len(out) == 0 {
		return nil, nil // as Snapshot.ListRequests: no match is nil
	}
	return out, nil
}

// listRow is what the list section would hold of a changed request's
// standing now: the row enc.requestRow writes, read back, so that its
// fields are exactly those a snapshot written now lists (no votes, status
// events, comments or positions; the transfers without positions).
func (o *Overlay) listRow(st *requests.Standing) (requests.Standing, bool) {
	var e enc
	e.requestRow(st)
	var row requests.Standing
	var r requests.Request
	var arena []string
	d := dec{s: string(e.b)}
	d.requestRow(&row, &r, &arena)
	return row, !d.bad && d.i == len(d.s)
}

// requestHaystack is the haystack RequestHaystack gives a changed
// request's standing now: the actors it names are the snapshot's (the
// overlay takes no change of actor).
func (o *Overlay) requestHaystack(st *requests.Standing) string {
	c := &Catalogue{actors: map[string]*directory.Actor{}}
	r := st.Request
	for _, id := range append([]string{r.RequestedBy, r.AddressedTo}, st.Supporters...) {
		if _, ok := c.actors[id]; ok || id == "" {
			continue
		}
		if a := o.base.Actor(id); a != nil {
			c.actors[id] = a
		}
	}
	return c.RequestHaystack(*st)
}

// ListActors returns the snapshot's: the overlay takes no change of actor.
func (o *Overlay) ListActors(terms []string) ([]*directory.Actor, error) {
	return o.base.ListActors(terms)
}

// ListSnippets returns the snapshot's: the overlay takes changes of
// requests only.
func (o *Overlay) ListSnippets(terms []string) ([]*snippets.Snippet, error) {
	return o.base.ListSnippets(terms)
}

// ListSchemas returns the snapshot's: the overlay takes changes of
// requests only.
func (o *Overlay) ListSchemas(terms []string) ([]*schemas.Schema, error) {
	return o.base.ListSchemas(terms)
}

// ListTrainings returns the snapshot's: the overlay takes changes of
// requests only.
func (o *Overlay) ListTrainings(terms []string) ([]*toolbox.Training, error) {
	return o.base.ListTrainings(terms)
}

// ListTips returns the snapshot's: the overlay takes changes of requests
// only.
func (o *Overlay) ListTips(terms []string) ([]*toolbox.Tip, error) {
	return o.base.ListTips(terms)
}
