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
// own write) cost the change, not the registry. Of the other kinds the
// overlay takes only entries edited in place (Snapshot.Overlay), so their
// lists are the snapshot's, those entries as they are now, matched on
// their haystacks now; the board is the snapshot's rows with the rows of
// the requests whose standings moved (the changed ones, the originals
// their supporters flow to) replaced, those filed added and those removed
// dropped, and every rank moved to its place now.
var _ Lister = (*Overlay)(nil)

// ListRequests returns the standings, in board order, whose haystack holds
// every term, as Snapshot.ListRequests of the snapshot that Update and
// PatchSnapshot would write now: the snapshot's matching rows for the
// requests whose records did not change (their haystacks did not: no
// actor's name changed, and neither did their supporters), with their
// ranks now; the
// changed requests' rows now, each matched on its haystack now
// (RequestHaystack of its standing now), placed at its rank now. The rank is the board
// position: a request that moved up pushes down by one each request
// between its old and its new place, as Rank would rank them.
func (o *Overlay) ListRequests(terms []string) ([]requests.Standing, error) {
	rows, err := o.base.ListRequests(terms)
	if err != nil {
		return nil, err
	}
	m, err := o.merger(terms)
	if err != nil {
		return nil, err
	}
	out := make([]requests.Standing, 0, len(rows)+len(m.fresh))
	fresh := func(st *requests.Standing) error {
		out = append(out, *st)
		return nil
	}
	for _, r := range rows {
		rank, keep, err := m.place(r.Request.ID, r.Rank, fresh)
		if err != nil {
			return nil, err
		}
		if keep {
			r.Rank = rank
			out = append(out, r)
		}
	}
	m.rest(fresh)
	if len(out) == 0 {
		return nil, nil // as Snapshot.ListRequests: no match is nil
	}
	return out, nil
}

var (
	_ StandingLister   = (*Overlay)(nil)
	_ RequestRowLister = (*Overlay)(nil)
)

// EachStanding calls each, in board order, with the standings
// ListRequests returns, one at a time (StandingLister): the snapshot's
// matching rows, read in place, their ranks moved, with the changed
// requests' rows merged in.
func (o *Overlay) EachStanding(terms []string, each func(*requests.Standing) error) error {
	m, err := o.merger(terms)
	if err != nil {
		return err
	}
	fresh := func(st *requests.Standing) error { return each(st) }
	err = o.base.EachStanding(terms, func(r *requests.Standing) error {
		rank, keep, err := m.place(r.Request.ID, r.Rank, fresh)
		if err != nil || !keep {
			return err
		}
		r.Rank = rank
		return each(r)
	})
	if err != nil {
		return err
	}
	return m.rest(fresh)
}

// EachRequestRow calls each, in board order, with the rows of the
// standings ListRequests returns (RequestRowLister), as EachStanding.
func (o *Overlay) EachRequestRow(terms []string, each func(*RequestRow) error) error {
	m, err := o.merger(terms)
	if err != nil {
		return err
	}
	of := 0
	fresh := func(st *requests.Standing) error {
		return each(&RequestRow{Of: of, Rank: st.Rank, ID: st.Request.ID, Title: st.Request.Title, Status: st.Status, Communes: st.Communes})
	}
	err = o.base.EachRequestRow(terms, func(r *RequestRow) error {
		of = r.Of + len(m.fresh) // a size hint: the rows matched, the changed ones' counted twice at most
		rank, keep, err := m.place(r.ID, r.Rank, fresh)
		if err != nil || !keep {
			return err
		}
		r.Rank, r.Of = rank, of
		return each(r)
	})
	if err != nil {
		return err
	}
	return m.rest(fresh)
}

// overlayMerge walks the snapshot's matching rows down the board (their
// positions grow): a row at position p is now p+1, less the changed
// requests that were ahead of it, plus those that are ahead of it now; the
// changed requests that match now are merged in by their rank now.
type overlayMerge struct {
	o     *Overlay
	fresh []requests.Standing // the changed requests that match now, by rank now
	// gone and goes are where the changed requests were and go in the
	// snapshot's board (0-based positions), sorted.
	gone, goes    []int
	g, n, f, last int
}

// merger prepares the walk for terms.
func (o *Overlay) merger(terms []string) (*overlayMerge, error) {
	m := &overlayMerge{o: o, gone: make([]int, 0, len(o.now)), goes: make([]int, 0, len(o.now)), last: -1}
	for id, st := range o.now {
		if was := o.was[id]; was != nil {
			m.gone = append(m.gone, was.Rank-1)
		}
		if st == nil {
			continue // removed
		}
		m.goes = append(m.goes, o.ins[id])
		row, ok := o.listRow(st)
		if !ok {
			return nil, ErrBadSnapshot
		}
		if MatchAll(o.requestHaystack(st), terms) {
			m.fresh = append(m.fresh, row)
		}
	}
	slices.Sort(m.gone)
	slices.Sort(m.goes)
	slices.SortFunc(m.fresh, func(a, b requests.Standing) int { return cmp.Compare(a.Rank, b.Rank) })
	return m, nil
}

// place takes the snapshot's row of request id at rank was: keep is false
// for a changed request (its row now is among fresh); else rank is its
// rank now, and the changed rows ranked before it are handed to fresh
// first.
func (m *overlayMerge) place(id string, was int, fresh func(*requests.Standing) error) (rank int, keep bool, err error) {
	p := was - 1
	if p <= m.last {
		return 0, false, ErrBadSnapshot // ranks out of board order
	}
	m.last = p
	if _, changed := m.o.now[id]; changed {
		return 0, false, nil
	}
	for m.g < len(m.gone) && m.gone[m.g] < p {
		m.g++
	}
	for m.n < len(m.goes) && m.goes[m.n] <= p {
		m.n++
	}
	rank = p + 1 - m.g + m.n
	for m.f < len(m.fresh) && m.fresh[m.f].Rank < rank {
		if err := fresh(&m.fresh[m.f]); err != nil {
			return 0, false, err
		}
		m.f++
	}
	return rank, true, nil
}

// rest hands the changed rows ranked after the last of the snapshot's.
func (m *overlayMerge) rest(fresh func(*requests.Standing) error) error {
	for ; m.f < len(m.fresh); m.f++ {
		if err := fresh(&m.fresh[m.f]); err != nil {
			return err
		}
	}
	return nil
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
// request's standing now, with the names of the actors it names.
func (o *Overlay) requestHaystack(st *requests.Standing) string {
	c := &Catalogue{actors: map[string]*directory.Actor{}}
	r := st.Request
	for _, id := range append([]string{r.RequestedBy, r.AddressedTo}, st.Supporters...) {
		if _, ok := c.actors[id]; ok || id == "" {
			continue
		}
		if a := o.Actor(id); a != nil {
			c.actors[id] = a
		}
	}
	return c.RequestHaystack(*st)
}

// ListActors returns the actors, in directory order, whose haystack holds
// every term now: the snapshot's, those edited in place as they are now.
func (o *Overlay) ListActors(terms []string) ([]*directory.Actor, error) {
	return overlayList[*directory.Actor](o, Actors, terms)
}

// ListSnippets returns the snippets whose haystack holds every term now,
// in order.
func (o *Overlay) ListSnippets(terms []string) ([]*snippets.Snippet, error) {
	return overlayList[*snippets.Snippet](o, Snippets, terms)
}

// ListSchemas returns the schemas whose haystack holds every term now, in
// order.
func (o *Overlay) ListSchemas(terms []string) ([]*schemas.Schema, error) {
	return overlayList[*schemas.Schema](o, Schemas, terms)
}

// ListTrainings returns the trainings whose haystack holds every term now,
// in order.
func (o *Overlay) ListTrainings(terms []string) ([]*toolbox.Training, error) {
	return overlayList[*toolbox.Training](o, Trainings, terms)
}

// ListTips returns the tips whose haystack holds every term now, in order.
func (o *Overlay) ListTips(terms []string) ([]*toolbox.Tip, error) {
	return overlayList[*toolbox.Tip](o, Tips, terms)
}

// overlayList is the list of a non-request kind now, as Overlay.entries
// gives it (nil when nothing matches, as the snapshot's lists).
func overlayList[T any](o *Overlay, k Kind, terms []string) ([]T, error) {
	var out []T
	err := o.entries(k, terms, func(v any) bool {
		x, ok := v.(T)
		out = append(out, x)
		return ok
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
