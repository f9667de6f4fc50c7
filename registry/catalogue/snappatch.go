package catalogue

import (
	"reflect"
	"slices"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/requests"
)

// PatchSnapshot encodes c exactly as MarshalBinary does, byte for byte,
// without encoding again the records that did not change: old is the
// snapshot prev was decoded from (prev is old.Catalogue(), or an Update of
// it that shares its parts), and c an Update of prev. The record of a root
// whose part is prev's own (Update keeps the parts of the roots it did not
// read again), with the same reference problems and the same standing
// (status, supporters, communes, population: the rank is not in the
// record) is copied from old; the others are encoded. In the list
// section, each entry's haystack and each request's row are copied from
// old too when encoding them again would give the same bytes (listReuse:
// same part, no actor changed, same standing; a row's rank is written
// again). The tables and the orders are encoded whole. After a vote, the
// request voted on is encoded again (and the requests it names as
// duplicates); every other record, haystack and row is a copy.
func (c *Catalogue) PatchSnapshot(old *Snapshot, prev *Catalogue) ([]byte, error) {
	return c.marshal(patchReuse(old, prev), patchLists(old, prev, c))
}

// patchReuse is PatchSnapshot's reuseFunc: old's record of a root whose
// part is prev's, with the same reference problems and standing.
func patchReuse(old *Snapshot, prev *Catalogue) reuseFunc {
	if old == nil || prev == nil || prev.parts == nil {
		return nil
	}
	was := make(map[string]*requests.Standing, len(prev.Board))
	for i := range prev.Board {
		was[prev.Board[i].Request.ID] = &prev.Board[i]
	}
	j := 0 // old's root table is sorted, and so are the roots marshal walks
	return func(root string, pt *part, refs []fact.Problem, st *requests.Standing) []byte {
		if prev.parts[root] != pt {
			return nil
		}
		for j < old.n && string(old.name(j)) < root {
			j++
		}
		if j == old.n || string(old.name(j)) != root {
			return nil
		}
		if !sameProblems(prev.refs[root], refs) {
			return nil
		}
		if req, ok := pt.entry.(*requests.Request); ok && !sameStanding(was[req.ID], st) {
			return nil
		}
		row := old.table[16*j:]
		off, n := le(row[8:]), le(row[12:])
		return old.data[off : off+n]
	}
}

// reuseRecord asks reuse, when there is one, for a root's old record.
func reuseRecord(reuse reuseFunc, root string, pt *part, refs []fact.Problem, st *requests.Standing) []byte {
	if reuse == nil {
		return nil
	}
	return reuse(root, pt, refs, st)
}

// sameProblems reports whether two lists of problems encode alike.
func sameProblems(a, b []fact.Problem) bool {
	if len(a) != len(b) {
		return false
	}
	return len(a) == 0 || reflect.DeepEqual(a, b)
}

// sameStanding reports whether two standings encode alike (the request
// itself is the part's entry, compared by the caller).
func sameStanding(a, b *requests.Standing) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Status == b.Status && a.Population == b.Population &&
		slices.Equal(a.Supporters, b.Supporters) && slices.Equal(a.Communes, b.Communes)
}
