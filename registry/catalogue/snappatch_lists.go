package catalogue

import (
	"encoding/binary"
	"slices"
	"unsafe"

	"github.com/gpso/codal/requests"
)

// listReuse is what PatchSnapshot copies of the old snapshot's list
// section: an entry's folded haystack and, for a request, its list row,
// when encoding them again would give the same bytes.
//
// A haystack is a function of its entry and, for every kind but actors and
// schemas, of the names of the actors it names (a request's: its requester,
// addressee and supporters). It is copied when the entry's part is prev's
// own (Update did not read it again), no actor was added, removed or read
// again (an organisation renamed changes every request that names it), and,
// for a request, its supporters are the same. A request's row also holds
// its standing and its rank: it is copied when the part and the standing
// (status, supporters, communes, population) are the same, the rank written
// again in the middle (a vote moves the ranks of many requests).
type listReuse struct {
	old  *Snapshot
	prev *Catalogue
	// names: no actor changed between prev and c.
	names bool
	was   map[string]*requests.Standing
	// at: old's list position of each entry, by root (by request id for
	// requests), per kind.
	at [len(listKinds)]map[string]int

	hays, rows int // how many haystacks and rows were copied (tests)
}

// patchLists returns the list reuse of c against old (which encodes prev),
// or nil when there is nothing to copy from.
func patchLists(old *Snapshot, prev, c *Catalogue) *listReuse {
	if old == nil || prev == nil || prev.parts == nil {
		return nil
	}
	lr := &listReuse{old: old, prev: prev, names: sameActors(prev, c)}
	lr.was = make(map[string]*requests.Standing, len(prev.Board))
	for i := range prev.Board {
		lr.was[prev.Board[i].Request.ID] = &prev.Board[i]
	}
	for slot, k := range listKinds {
		l := &old.lists[slot]
		m := make(map[string]int, l.n)
		for i := range l.n {
			if k == Requests {
				row, ok := span(l.idx, l.rows, i)
				if !ok {
					return nil
				}
				d := dec{s: bytesString(row)}
				id := d.str()
				if d.bad {
					return nil
				}
				m[id] = i
				continue
			}
			if 4*i+4 > len(l.idx) {
				return nil
			}
			j := int(le(l.idx[4*i:]))
			if j >= old.n {
				return nil
			}
			m[string(old.name(j))] = i
		}
		lr.at[slot] = m
	}
	return lr
}

// sameActors reports whether prev and c hold the same actors, each from
// the same part (so with the same name).
func sameActors(prev, c *Catalogue) bool {
	if len(prev.actors) != len(c.actors) {
		return false
	}
	for id, a := range c.actors {
		if prev.actors[id] != a {
			return false
		}
	}
	return true
}

// bytesString views b as a string, without a copy (b must not change
// while the string is used).
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// oldAt returns old's list position of the entry key (root, or request id)
// of a kind, when the entry's part at root is prev's own.
func (lr *listReuse) oldAt(slot int, key, root string, c *Catalogue) (int, bool) {
	if lr == nil {
		return 0, false
	}
	pt := c.parts[root]
	if pt == nil || lr.prev.parts[root] != pt {
		return 0, false
	}
	i, ok := lr.at[slot][key]
	return i, ok
}

// hay returns old's haystack of an entry when it is what encoding it again
// gives (st is a request's standing, nil for other kinds).
func (lr *listReuse) hay(k Kind, slot int, key, root string, c *Catalogue, st *requests.Standing) ([]byte, bool) {
	i, ok := lr.oldAt(slot, key, root, c)
	if !ok {
		return nil, false
	}
	if k != Actors && k != Schemas && !lr.names {
		return nil, false
	}
	if st != nil {
		was := lr.was[key]
		if was == nil || !slices.Equal(was.Supporters, st.Supporters) {
			return nil, false
		}
	}
	l := &lr.old.lists[slot]
	h, ok := span(l.hays, l.hay, i)
	if ok {
		lr.hays++
	}
	return h, ok
}

// row appends old's list row of a request, with st's rank, when the rest of
// it is what encoding it again gives; false when it must be encoded.
func (lr *listReuse) row(e *enc, slot int, st *requests.Standing, c *Catalogue) bool {
	if lr == nil {
		return false
	}
	id := st.Request.ID
	i, ok := lr.oldAt(slot, id, EntryRoot(Requests, id), c)
	if !ok || !sameStanding(lr.was[id], st) {
		return false
	}
	l := &lr.old.lists[slot]
	old, ok := span(l.idx, l.rows, i)
	if !ok {
		return false
	}
	rank, rest, ok := rankSpan(old)
	if !ok {
		return false
	}
	e.b = append(e.b, old[:rank]...)
	e.b = binary.AppendVarint(e.b, int64(st.Rank))
	e.b = append(e.b, old[rest:]...)
	lr.rows++
	return true
}

// rankSpan finds the rank in a request's list row (enc.requestRow): the
// fields before it end at rank, those after it start at rest.
func rankSpan(row []byte) (rank, rest int, ok bool) {
	d := dec{s: bytesString(row)}
	for range 5 { // id, title, description, requested_by, addressed_to
		d.str()
	}
	if n, ok := d.list(); ok { // themes
		for range n {
			d.str()
		}
	}
	d.time() // created
	d.time() // wanted_by
	d.str()  // usage
	rank = d.i
	d.int()
	return rank, d.i, !d.bad
}
