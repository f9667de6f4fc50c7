package catalogue

import (
	"encoding/binary"
	"errors"
	"math"

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
//     overlay takes changes of request roots only;
//   - the orders of the kinds, the roots' names and every record but the
//     changed roots': the same entries, the same references, and each
//     unchanged request's standing but its rank (which no record holds);
//   - every list block but the requests', whose unchanged rows keep their
//     bytes but the rank, written again in the middle (rankSpan), and
//     whose haystacks are the same (no actor changed, and an unchanged
//     request's supporters did not).
//
// The board's order is written again from the ranks now, and the changed
// roots' records, haystacks and rows are encoded. The base's bytes must be
// checked before (the index reads the whole snapshot through its
// checksums for a compaction): what is copied is not checked again.
func (o *Overlay) MarshalBinary() ([]byte, error) {
	s := o.base
	if s.global == nil || s.listSec == nil {
		return nil, ErrBadSnapshot
	}
	board, ok := s.boardOrder()
	if !ok {
		return nil, ErrBadSnapshot
	}
	// The board now: each changed request at its rank now, the others in
	// the snapshot's order around them.
	now := make([]int, len(board)) // root indices
	byRank := make([]*requests.Standing, len(board))
	changedAt := map[int]*requests.Standing{}
	for id, st := range o.now {
		k := s.find(EntryRoot(Requests, id))
		if k < 0 || st.Rank < 1 || st.Rank > len(board) || byRank[st.Rank-1] != nil {
			return nil, ErrBadSnapshot
		}
		byRank[st.Rank-1] = st
		changedAt[k] = st
	}
	j := 0
	for i := range now {
		if st := byRank[i]; st != nil {
			now[i] = s.find(EntryRoot(Requests, st.Request.ID))
			continue
		}
		for j < len(board) && changedAt[board[j]] != nil {
			j++
		}
		if j == len(board) {
			return nil, ErrBadSnapshot
		}
		now[i] = board[j]
		j++
	}

	e := &enc{b: make([]byte, 0, len(s.data)+len(s.data)/64+1<<16)}
	e.b = append(e.b, snapshotMagic...)
	e.b = binary.LittleEndian.AppendUint32(e.b, SnapshotVersion)
	e.b = binary.LittleEndian.AppendUint32(e.b, uint32(len(s.global)))
	e.b = append(e.b, s.global...)

	// The orders: the kinds' as they were, the board's now.
	d := &dec{s: bytesString(s.orders)}
	for range 4 {
		for range d.n() {
			d.uv()
		}
	}
	head := s.orders[:d.i]
	if n := d.n(); d.bad || n != len(board) {
		return nil, ErrBadSnapshot
	}
	for range board {
		d.uv()
	}
	if d.bad {
		return nil, ErrBadSnapshot
	}
	tail := s.orders[d.i:]
	at := len(e.b)
	e.b = append(e.b, 0, 0, 0, 0)
	e.b = append(e.b, head...)
	e.uv(uint64(len(now)))
	for _, k := range now {
		e.uv(uint64(k))
	}
	e.b = append(e.b, tail...)
	binary.LittleEndian.PutUint32(e.b[at:], uint32(len(e.b)-at-4))

	// The lists: the requests' block written again.
	at = len(e.b)
	e.b = append(e.b, 0, 0, 0, 0)
	rest := s.listSec
	for slot, kind := range listKinds {
		m := int(le(rest))
		blk := rest[:4+m]
		rest = rest[4+m:]
		if kind != Requests {
			e.b = append(e.b, blk...)
			continue
		}
		if err := o.requestBlock(e, &s.lists[slot], board, now, changedAt); err != nil {
			return nil, err
		}
	}
	binary.LittleEndian.PutUint32(e.b[at:], uint32(len(e.b)-at-4))

	// The root table, the names, the records.
	e.b = binary.LittleEndian.AppendUint32(e.b, uint32(s.n))
	table := len(e.b)
	e.b = append(e.b, make([]byte, 16*s.n)...)
	for k := range s.n {
		row := e.b[table+16*k:]
		name := s.name(k)
		binary.LittleEndian.PutUint32(row[0:], uint32(len(e.b)))
		binary.LittleEndian.PutUint32(row[4:], uint32(len(name)))
		e.b = append(e.b, name...)
	}
	for k := range s.n {
		recAt := len(e.b)
		if st := changedAt[k]; st != nil {
			root := EntryRoot(Requests, st.Request.ID)
			e.record(o.parts[root], o.refs[root], st)
		} else {
			off, n := s.recordSpan(k)
			e.b = append(e.b, s.data[off:off+n]...)
		}
		if len(e.b) > math.MaxUint32 {
			return nil, errors.New("catalogue: snapshot larger than 4 GiB")
		}
		row := e.b[table+16*k:]
		binary.LittleEndian.PutUint32(row[8:], uint32(recAt))
		binary.LittleEndian.PutUint32(row[12:], uint32(len(e.b)-recAt))
	}
	if e.err != nil {
		return nil, e.err
	}
	return e.b, nil
}

// requestBlock writes the list block of requests for the board now (root
// indices, in order): an unchanged request's haystack and row copied from
// the snapshot's block l (its row with its rank now), a changed one's
// encoded. board is the snapshot's order, whose positions l's rows follow.
func (o *Overlay) requestBlock(e *enc, l *listBlock, board, now []int, changedAt map[int]*requests.Standing) error {
	if l.n != len(board) {
		return ErrBadSnapshot
	}
	pos := make(map[int]int, len(board)-len(changedAt)) // root index → row in l
	for i, k := range board {
		if changedAt[k] == nil {
			pos[k] = i
		}
	}
	n := len(now)
	at := len(e.b)
	e.b = append(e.b, 0, 0, 0, 0)
	e.b = binary.LittleEndian.AppendUint32(e.b, uint32(n))
	offs := len(e.b)
	e.b = append(e.b, make([]byte, 8*(n+1))...)
	idx := offs + 4*(n+1)
	start := len(e.b)
	for i, k := range now {
		binary.LittleEndian.PutUint32(e.b[offs+4*i:], uint32(len(e.b)-start))
		if st := changedAt[k]; st != nil {
			e.b = append(e.b, o.requestHaystack(st)...)
			continue
		}
		h, ok := span(l.hays, l.hay, pos[k])
		if !ok {
			return ErrBadSnapshot
		}
		e.b = append(e.b, h...)
	}
	binary.LittleEndian.PutUint32(e.b[offs+4*n:], uint32(len(e.b)-start))
	start = len(e.b)
	for i, k := range now {
		binary.LittleEndian.PutUint32(e.b[idx+4*i:], uint32(len(e.b)-start))
		if st := changedAt[k]; st != nil {
			e.requestRow(st)
			continue
		}
		row, ok := span(l.idx, l.rows, pos[k])
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
	binary.LittleEndian.PutUint32(e.b[idx+4*n:], uint32(len(e.b)-start))
	binary.LittleEndian.PutUint32(e.b[at:], uint32(len(e.b)-at-4))
	return nil
}
