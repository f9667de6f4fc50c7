package index

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/gpso/codal/registry/catalogue"
)

// A scoped stat check compares only the rows a command's output depends
// on: the registry's root folder, registry.yaml and the folders of some
// kinds, with everything under them (a list of requests: the requests and
// the directory, catalogue.ListReads). A hand edit elsewhere is found by
// the next command that reads it: the rows of the kinds left out are kept
// as they were, so the next whole check still sees them differ.

// span is the rows [lo, hi) of a table.
type span struct{ lo, hi int }

// scopeTops is what a check of kinds covers among the root's children
// (and the root itself), sorted: ".", registry.yaml and each kind's folder.
// No kind, or a kind the table does not cover, is nil: the whole table.
func scopeTops(kinds []catalogue.Kind) []string {
	if len(kinds) == 0 {
		return nil
	}
	tops := []string{".", catalogue.MetaFile}
	for _, k := range kinds {
		if !inScope(string(k)) || string(k) == catalogue.MetaFile {
			return nil
		}
		tops = append(tops, string(k))
	}
	slices.Sort(tops)
	return slices.Compact(tops)
}

// search is sort.Search over the paths of src, with the first error a
// row gave.
func search(src rowSource, from bool, key string) (int, error) {
	var err error
	i := sort.Search(src.len(), func(i int) bool {
		s, e := src.at(i)
		if e != nil {
			if err == nil {
				err = e
			}
			return true
		}
		if from {
			return s.Path >= key
		}
		return s.Path > key
	})
	return i, err
}

// scopeSpans finds, by binary search in the sorted rows of src, the spans
// of the rows of each top: the row of "." and of registry.yaml, and for a
// kind folder its row and every row under it (all the rows from "kind" up
// to "kind0": '0' follows '/', and the table holds no other name of the
// root in between). Spans are in row order, never overlapping.
func scopeSpans(src rowSource, tops []string) ([]span, error) {
	var out []span
	for _, t := range tops {
		lo, err := search(src, true, t)
		if err != nil {
			return nil, err
		}
		var hi int
		if t == "." || t == catalogue.MetaFile {
			hi, err = search(src, false, t)
		} else {
			hi, err = search(src, true, t+"0")
		}
		if err != nil {
			return nil, err
		}
		if lo >= hi {
			continue // not recorded: the root's row sees it appear
		}
		if n := len(out); n > 0 && lo < out[n-1].hi {
			// tops are sorted, so spans are: this is a table out of order
			return nil, fmt.Errorf("%w: stat table not sorted", ErrBad)
		}
		out = append(out, span{lo, hi})
	}
	return out, nil
}

// concat is row sources one after the other, as one.
type concat struct {
	parts []rowSource
	n     int
}

func (c concat) len() int { return c.n }

func (c concat) at(i int) (Stat, error) {
	for _, p := range c.parts {
		if i < p.len() {
			return p.at(i)
		}
		i -= p.len()
	}
	return Stat{}, fmt.Errorf("%w: stat row out of its scope", ErrBad)
}

// changedIn is changedRows over the rows of tops only (all rows when tops
// is nil), each span of them read through part; a folder listed again is
// compared with what the whole table records in it.
func changedIn(dir string, at time.Time, all rowSource, tops []string, part func(span) (rowSource, error), racy *racyFound) ([]string, Table, error) {
	if tops == nil {
		return changedRows(dir, at, all, all, racy)
	}
	spans, err := scopeSpans(all, tops)
	if err != nil {
		return nil, nil, err
	}
	var c concat
	for _, sp := range spans {
		p, err := part(sp)
		if err != nil {
			return nil, nil, err
		}
		c.parts = append(c.parts, p)
		c.n += p.len()
	}
	return changedRows(dir, at, c, all, racy)
}

// ChangedIn is Changed over the rows of the given kinds only, with the
// root's row and registry.yaml's: what a list of one kind depends on
// (catalogue.ListReads). A hand edit in another kind is not reported (the
// next whole check reports it); with no kind it is Changed.
func (t Table) ChangedIn(dir string, at time.Time, kinds []catalogue.Kind) (changed []string, folders Table) {
	part := func(sp span) (rowSource, error) { return t[sp.lo:sp.hi], nil }
	changed, folders, _ = changedIn(dir, at, t, scopeTops(kinds), part, nil) // a Table's rows never fail
	return changed, folders
}

// mappedRows is the rows of a mapped index read one by one where they lie,
// each block checked against its checksum the first time a row in it is
// read: a scoped check's binary searches, and the comparison of a folder
// listed again with the rows recorded in it, read these blocks only, not
// the whole table. Paths alias the mapping.
type mappedRows struct{ m *Mapped }

func (r mappedRows) len() int { return r.m.nrows }

func (r mappedRows) at(i int) (Stat, error) {
	lo, hi, err := r.m.rowSpan(i)
	if err != nil {
		return Stat{}, err
	}
	b, err := r.m.read(lo, hi)
	if err != nil {
		return Stat{}, err
	}
	return decodeRow(b, i, true)
}

// ChangedIn is Table.ChangedIn read in place: only the blocks holding the
// rows of those kinds (and those its binary searches and any folder listed
// again compare) are checked and read, each run of rows at once; with no
// kind it is Changed.
func (m *Mapped) ChangedIn(dir string, at time.Time, kinds []catalogue.Kind) (changed []string, folders Table, err error) {
	return m.changedIn(dir, at, kinds, nil)
}

// changedIn is ChangedIn, the paths changed only by a racy row appended to
// racy (changedRows).
func (m *Mapped) changedIn(dir string, at time.Time, kinds []catalogue.Kind, racy *racyFound) (changed []string, folders Table, err error) {
	tops := scopeTops(kinds)
	if tops == nil {
		return m.changed(dir, at, racy)
	}
	return changedIn(dir, at, mappedRows{m}, tops, m.span, racy)
}

// span is the rows of sp in place, their offsets and bytes checked at once
// (the workers then decode them without a lock).
func (m *Mapped) span(sp span) (rowSource, error) {
	if sp.lo < 0 || sp.hi > m.nrows || sp.lo >= sp.hi {
		return nil, fmt.Errorf("%w: stat rows %d to %d out of the table", ErrBad, sp.lo, sp.hi)
	}
	offs, err := m.read(m.rowsLen+4*sp.lo, m.rowsLen+4*sp.hi)
	if err != nil {
		return nil, err
	}
	lo, _, err := m.rowSpan(sp.lo)
	if err != nil {
		return nil, err
	}
	_, hi, err := m.rowSpan(sp.hi - 1)
	if err != nil {
		return nil, err
	}
	rows, err := m.read(lo, hi)
	if err != nil {
		return nil, err
	}
	return inPlace{rows: rows, offs: offs, n: sp.hi - sp.lo, base: lo}, nil
}
