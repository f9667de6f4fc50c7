package catalogue

import (
	"encoding/binary"
	"errors"
	"maps"
	"math"
	"slices"

	"github.com/gpso/codal/requests"
)

// MarshalBinary encodes the catalogue the overlay answers for, byte for
// byte as MarshalBinary (and PatchSnapshot) of the catalogue that Update
// brings up to date with the same roots would encode it, without decoding
// that catalogue: it is the index's compaction after a change the overlay
// takes, and it costs copies of the snapshot's bytes plus the changed
// roots' records, not the registry's decode.
//
// What it copies, and why it is what an encode now gives:
//   - the global section (registry.yaml, the walked kinds, root ""): the
//     overlay takes changes of entry roots only (the table of named roots
//     in it brought up to date);
//   - the orders of the kinds, the roots' names and every record but the
//     changed roots': the same entries (an entry of another kind than
//     requests only edited in place, which keeps its place), the same
//     references, and each unchanged request's standing but its rank
//     (which no record holds);
//   - every list block but the requests' and those of kinds edited in
//     place (their edited entries' haystacks encoded now, editedBlock);
//     the requests' unchanged rows keep their bytes but the rank, written
//     again in the middle (rankSpan), and their haystacks are the same (no
//     actor's name changed, and an unchanged request's supporters did
//     not).
//
// The board's order is written again from the ranks now, and the changed
// roots' records, haystacks and rows are encoded. The base's bytes must be
// checked before (the index reads the whole snapshot through its
// checksums for a compaction): what is copied is not checked again.
func (o *Overlay) MarshalBinary() ([]byte, error) {
	parts, err := o.MarshalParts()
	if err != nil {
		return nil, err
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	for _, p := range parts {
		b = append(b, p...)
	}
	return b, nil
}

// MarshalParts is MarshalBinary in pieces, written one after the other:
// the long runs of the snapshot's bytes that did not change (its records,
// its names, its haystacks) are slices of its data, not copies, so they
// must be written before that data goes (an index file's mapping).
func (o *Overlay) MarshalParts() ([][]byte, error) {
	s := o.base
	if s.global == nil || s.listSec == nil {
		return nil, ErrBadSnapshot
	}
	rs, err := o.rootsNow()
	if err != nil {
		return nil, err
	}
	board, ok := s.boardOrder()
	if !ok {
		return nil, ErrBadSnapshot
	}
	// The board now (indices of rs.names): each changed request at its
	// rank now, the others in the snapshot's order around them.
	size := len(board)
	changedAt := map[int]*requests.Standing{} // by index now
	for id, st := range o.now {
		if o.was[id] != nil {
			size--
		}
		if st != nil {
			size++
		}
	}
	now := make([]int, size)
	byRank := make([]*requests.Standing, size)
	for id, st := range o.now {
		if st == nil {
			continue
		}
		if st.Rank < 1 || st.Rank > size || byRank[st.Rank-1] != nil {
			return nil, ErrBadSnapshot
		}
		byRank[st.Rank-1] = st
		k, ok := rs.index(EntryRoot(Requests, id))
		if !ok {
			return nil, ErrBadSnapshot
		}
		changedAt[k] = st
	}
	j := 0
	for i := range now {
		if st := byRank[i]; st != nil {
			now[i], _ = rs.index(EntryRoot(Requests, st.Request.ID))
			continue
		}
		for j < len(board) && rs.changed(board[j]) {
			j++
		}
		if j == len(board) {
			return nil, ErrBadSnapshot
		}
		now[i] = int(rs.remap[board[j]])
		j++
	}

	w := &pieceWriter{e: enc{b: make([]byte, 0, 1<<20)}}
	e := w.enc()
	e.b = append(e.b, snapshotMagic...)
	e.b = binary.LittleEndian.AppendUint32(e.b, SnapshotVersion)
	section := func(write func() error) error {
		n := w.reserve(4)
		at := w.pos()
		if err := write(); err != nil {
			return err
		}
		binary.LittleEndian.PutUint32(n, uint32(w.pos()-at))
		return nil
	}
	if err := section(func() error { return o.global(w) }); err != nil {
		return nil, err
	}

	// The orders: the kinds' as they were (their roots renumbered when
	// entries came or went), those of the toolbox's kinds whose entries
	// came, went or moved written now, the requests' with those that came
	// or went, the board's now.
	err = section(func() error {
		e := w.enc()
		d := &dec{s: bytesString(s.orders)}
		for list := range 7 {
			n := d.n()
			switch list {
			case 4: // the board
				for range n {
					d.uv()
				}
				if n != len(board) {
					return ErrBadSnapshot
				}
				e.uv(uint64(len(now)))
				for _, k := range now {
					e.uv(uint64(k))
				}
			case 3: // the requests, by id: by root name, so by index now
				var ks []int
				for range n {
					k := d.uv()
					if k >= uint64(s.n) {
						return ErrBadSnapshot
					}
					if rs.remap[k] < 0 {
						continue // removed
					}
					ks = append(ks, int(rs.remap[k]))
				}
				for _, k := range rs.added {
					if isRequestRoot(rs.names[k]) {
						ks = append(ks, k)
					}
				}
				slices.Sort(ks)
				e.uv(uint64(len(ks)))
				for _, k := range ks {
					e.uv(uint64(k))
				}
			default:
				if kind := orderKinds[list]; kind != "" {
					// a kind of the toolbox whose entries came, went
					// or moved: its order now
					wrote, err := o.kindOrder(e, kind, rs)
					if err != nil {
						return err
					}
					if wrote {
						for range n {
							d.uv()
						}
						continue
					}
				}
				e.uv(uint64(n))
				for range n {
					k := d.uv()
					if k >= uint64(s.n) || rs.remap[k] < 0 {
						return ErrBadSnapshot
					}
					e.uv(uint64(rs.remap[k]))
				}
			}
		}
		if d.bad || d.i != len(d.s) {
			return ErrBadSnapshot
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	// The lists: the requests' block written again, the others' roots
	// renumbered.
	err = section(func() error {
		for slot, kind := range listKinds {
			l := &s.lists[slot]
			if kind == Requests {
				if err := o.requestBlock(w, l, board, now, changedAt, rs); err != nil {
					return err
				}
				continue
			}
			if o.editsKind(kind) {
				if err := o.editedBlock(w, l, kind, rs); err != nil {
					return err
				}
				continue
			}
			e := w.enc()
			e.b = binary.LittleEndian.AppendUint32(e.b, uint32(l.hi-l.lo+4))
			e.b = binary.LittleEndian.AppendUint32(e.b, uint32(l.n))
			e.b = append(e.b, l.hays...)
			for i := range l.n {
				k := le(l.idx[4*i:])
				if k >= uint32(s.n) || rs.remap[k] < 0 {
					return ErrBadSnapshot
				}
				e.b = binary.LittleEndian.AppendUint32(e.b, uint32(rs.remap[k]))
			}
			w.borrow(l.hay)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	// The root table, the names, the records.
	n := len(rs.names)
	e = w.enc()
	e.b = binary.LittleEndian.AppendUint32(e.b, uint32(n))
	table := w.reserve(16 * n)
	for k, name := range rs.names {
		row := table[16*k:]
		binary.LittleEndian.PutUint32(row[0:], uint32(w.pos()))
		binary.LittleEndian.PutUint32(row[4:], uint32(len(name)))
		if old := rs.old[k]; old >= 0 {
			w.borrow(s.name(old))
		} else {
			e := w.enc()
			e.b = append(e.b, name...)
		}
	}
	for k, name := range rs.names {
		recAt := w.pos()
		if old := rs.old[k]; old >= 0 && !rs.changed(old) {
			off, n := s.recordSpan(old)
			w.borrow(s.data[off : off+n])
		} else {
			w.enc().record(o.parts[name], o.refs[name], changedAt[k])
		}
		if w.pos() > math.MaxUint32 {
			return nil, errors.New("catalogue: snapshot larger than 4 GiB")
		}
		row := table[16*k:]
		binary.LittleEndian.PutUint32(row[8:], uint32(recAt))
		binary.LittleEndian.PutUint32(row[12:], uint32(w.pos()-recAt))
	}
	return w.finish()
}

// orderKinds are the kinds of the orders section's lists (the requests'
// and the board's aside).
var orderKinds = [7]Kind{0: Actors, 1: Snippets, 2: Schemas, 5: Trainings, 6: Tips}

// rootsNow are the roots of the catalogue now: the snapshot's, less the
// requests removed, plus those added, sorted by name as a snapshot's root
// table is.
type rootsNow struct {
	names []string
	old   []int   // by index now: the snapshot's index, or -1 (added)
	remap []int32 // by the snapshot's index: the index now, or -1 (removed)
	added []int   // indices now of the roots added, increasing
	byNew map[string]int
	was   map[int]bool // the snapshot's indices of the changed roots
}

// index returns the index now of a root that changed.
func (rs *rootsNow) index(root string) (int, bool) {
	k, ok := rs.byNew[root]
	return k, ok
}

// changed reports whether the snapshot's root k changed (or went away).
func (rs *rootsNow) changed(k int) bool { return rs.was[k] }

func (o *Overlay) rootsNow() (*rootsNow, error) {
	s := o.base
	var added []string
	rs := &rootsNow{remap: make([]int32, s.n), byNew: map[string]int{}, was: map[int]bool{}}
	gone := map[int]bool{}
	for root, pt := range o.parts {
		k := s.find(root)
		if k >= 0 {
			rs.was[k] = true
			if pt == nil {
				gone[k] = true
			}
		} else if pt != nil {
			added = append(added, root)
		}
	}
	slices.Sort(added)
	rs.names = make([]string, 0, s.n-len(gone)+len(added))
	rs.old = make([]int, 0, cap(rs.names))
	a := 0
	for k := 0; k <= s.n; k++ {
		var name string
		if k < s.n {
			name = string(s.name(k))
		}
		for a < len(added) && (k == s.n || added[a] < name) {
			rs.byNew[added[a]] = len(rs.names)
			rs.added = append(rs.added, len(rs.names))
			rs.names = append(rs.names, added[a])
			rs.old = append(rs.old, -1)
			a++
		}
		if k == s.n {
			break
		}
		if gone[k] {
			rs.remap[k] = -1
			continue
		}
		rs.remap[k] = int32(len(rs.names))
		if rs.was[k] {
			rs.byNew[name] = len(rs.names)
		}
		rs.names = append(rs.names, name)
		rs.old = append(rs.old, k)
	}
	return rs, nil
}

// global writes the global section: the snapshot's, with the table of
// named roots brought up to date when a changed entry names other entries
// (or missing actors) than it did.
func (o *Overlay) global(w *pieceWriter) error {
	s := o.base
	// each (named root, naming root) pair mentioned before and now by the
	// roots read again
	delta := map[[2]string]int{}
	var buf []string
	for root := range o.read {
		if k := s.find(root); k >= 0 {
			old := s.root(k)
			if old == nil {
				return ErrBadSnapshot
			}
			buf = namedBy(buf[:0], old.pt.entry)
			for _, r := range buf {
				delta[[2]string{r, root}]--
			}
			buf = actorsNamedBy(buf[:0], old.pt.entry)
			for _, r := range buf {
				if s.Actor(actorID(r)) == nil {
					delta[[2]string{r, root}]--
				}
			}
		}
		if pt := o.parts[root]; pt != nil {
			buf = namedBy(buf[:0], pt.entry)
			for _, r := range buf {
				delta[[2]string{r, root}]++
			}
			buf = actorsNamedBy(buf[:0], pt.entry)
			for _, r := range buf {
				if o.Actor(actorID(r)) == nil {
					delta[[2]string{r, root}]++
				}
			}
		}
	}
	same := true
	for _, n := range delta {
		if n != 0 {
			same = false
		}
	}
	if same {
		w.borrow(s.global)
		return nil
	}
	named, ok := s.namedRoots()
	if !ok {
		return ErrBadSnapshot
	}
	now := maps.Clone(named)
	for pair, n := range delta {
		target, by := pair[0], pair[1]
		l := slices.Clone(now[target])
		for ; n > 0; n-- {
			l = append(l, by)
		}
		for ; n < 0; n++ {
			i := slices.Index(l, by)
			if i < 0 {
				return ErrBadSnapshot
			}
			l = slices.Delete(l, i, i+1)
		}
		if len(l) == 0 {
			delete(now, target)
		} else {
			now[target] = l
		}
	}
	w.borrow(s.global[:s.namedAt])
	w.enc().named(now)
	w.borrow(s.global[s.namedEnd:])
	return nil
}

// requestBlock writes the list block of requests for the board now (root
// indices now, in order): an unchanged request's haystack and row copied
// from the snapshot's block l (its row with its rank now), a changed one's
// encoded. board is the snapshot's order (the snapshot's indices), whose
// positions l's rows follow.
func (o *Overlay) requestBlock(w *pieceWriter, l *listBlock, board, now []int, changedAt map[int]*requests.Standing, rs *rootsNow) error {
	if l.n != len(board) {
		return ErrBadSnapshot
	}
	pos := make([]int32, len(rs.names)) // index now → row in l (a slice: 100,000 map entries cost more)
	for i, k := range board {
		if !rs.changed(k) {
			pos[rs.remap[k]] = int32(i)
		}
	}
	n := len(now)
	size := w.reserve(4)
	at := w.pos()
	e := w.enc()
	e.b = binary.LittleEndian.AppendUint32(e.b, uint32(n))
	offs := w.reserve(8 * (n + 1))
	hays, idx := offs[:4*(n+1)], offs[4*(n+1):]
	start := w.pos()
	for i, k := range now {
		binary.LittleEndian.PutUint32(hays[4*i:], uint32(w.pos()-start))
		if st := changedAt[k]; st != nil {
			e := w.enc()
			e.b = append(e.b, o.requestHaystack(st)...)
			continue
		}
		h, ok := span(l.hays, l.hay, int(pos[k]))
		if !ok {
			return ErrBadSnapshot
		}
		w.borrow(h)
	}
	binary.LittleEndian.PutUint32(hays[4*n:], uint32(w.pos()-start))
	// the rows: the snapshot's, a rank's bytes more or less each, and the
	// changed ones'
	w.grow(len(l.rows) + 4*len(now) + 1<<16)
	start = w.pos()
	e = w.enc()
	for i, k := range now {
		binary.LittleEndian.PutUint32(idx[4*i:], uint32(w.pos()-start))
		if st := changedAt[k]; st != nil {
			e.requestRow(st)
			continue
		}
		row, ok := span(l.idx, l.rows, int(pos[k]))
		if !ok {
			return ErrBadSnapshot
		}
		rank, rest, ok := rankSpan(row)
		if !ok {
			return ErrBadSnapshot
		}
		e.b = append(e.b, row[:rank]...)
		e.b = binary.AppendVarint(e.b, int64(i+1))
		e.b = append(e.b, row[rest:]...)
	}
	binary.LittleEndian.PutUint32(idx[4*n:], uint32(w.pos()-start))
	binary.LittleEndian.PutUint32(size, uint32(w.pos()-at))
	return nil
}
