package registry

import (
	"errors"
	"sort"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// A history walk diffs, at every commit, requests/ (thousands of entries)
// against its parent's version. In a pack, that folder is almost always
// stored as a delta on its parent's version: the delta's instructions say
// which bytes are copied from the parent's, at the same place from the
// start or from the end, and which are new. So the walk does not rebuild
// such a folder: it keeps it as a rope, the list of the pieces of memory
// its bytes lie in (a slice of the chain's first version, read whole once,
// and of the deltas' inserted bytes), and decodes only the entries the
// copies at the same place do not cover (ropeWindows). A rope also keeps
// some of its entries' offsets (marks), so that finding the entry where
// the copied beginning ends is a scan of a few entries, not of the folder.

// ropeMin is the size from which a folder is kept as a rope; smaller ones
// are rebuilt (a var for the benchmark's baseline). 8 KiB: at 1,000
// entries (requests/ is 27 KB) ropes cut the walk by a quarter, where
// 64 KiB left it as it was.
var ropeMin = 8 << 10

// ropeMaxSegs bounds a rope's pieces: a longer one is copied into one.
const ropeMaxSegs = 1024

// ropeMarkEvery is how many entries apart a chain's first version is
// marked.
const ropeMarkEvery = 32

// ropeDiffs counts the folders compared from a delta (for tests).
var ropeDiffs atomic.Int64

// ropeCacheTrees is how many ropes a history worker keeps per generation
// (ropes are small: their bytes are shared).
const ropeCacheTrees = 256

// rope is the bytes of a tree as the pieces they lie in, in order. Its
// pieces are never changed and never reused memory (rawCache.alloc's).
type rope struct {
	segs   [][]byte
	starts []int // the offset of each piece
	size   int
	// marks are offsets where an entry starts, increasing.
	marks []int
	// base is the tree this one was patched from (zero for a tree read
	// whole); its first pre bytes and last suf bytes are base's.
	base     plumbing.Hash
	pre, suf int
}

// errShortView says a window of a tree did not hold the entry read; a
// larger one is read.
var errShortView = errors.New("short view")

// newRootRope is the rope of a tree read whole (data is not reused by
// anyone): every entry is checked, every ropeMarkEvery-th marked.
func newRootRope(data []byte) (*rope, error) {
	r := &rope{segs: [][]byte{data}, starts: []int{0}, size: len(data)}
	for off, k := 0, 0; off < len(data); k++ {
		if k%ropeMarkEvery == 0 {
			r.marks = append(r.marks, off)
		}
		end, err := rawEntryEnd(data, off)
		if err != nil {
			return nil, err
		}
		off = end
	}
	return r, nil
}

// seg is the index of the piece holding offset off (< r.size).
func (r *rope) seg(off int) int {
	return sort.Search(len(r.starts), func(i int) bool { return r.starts[i] > off }) - 1
}

// appendRange appends to segs the pieces of r[lo:hi], merging a piece
// with the one before when they are neighbours in memory.
func (r *rope) appendRange(segs [][]byte, lo, hi int) [][]byte {
	for i := r.seg(lo); lo < hi; i++ {
		s := r.segs[i]
		from := lo - r.starts[i]
		to := min(len(s), hi-r.starts[i])
		segs = appendSeg(segs, s[from:to])
		lo = r.starts[i] + to
	}
	return segs
}

// appendSeg appends s to segs, or extends the last piece when s follows it
// in the same memory.
func appendSeg(segs [][]byte, s []byte) [][]byte {
	if len(s) == 0 {
		return segs
	}
	if n := len(segs); n > 0 {
		last := segs[n-1]
		if len(last) < cap(last) && len(s) <= cap(last)-len(last) {
			if ext := last[:len(last)+len(s)]; &ext[len(last)] == &s[0] {
				segs[n-1] = ext
				return segs
			}
		}
	}
	return append(segs, s)
}

// read copies r[lo:hi] into buf (grown as needed) and returns it.
func (r *rope) read(lo, hi int, buf []byte) []byte {
	if cap(buf) < hi-lo {
		buf = make([]byte, 0, max(hi-lo, 2*cap(buf)))
	}
	buf = buf[:0]
	if lo >= hi {
		return buf
	}
	for i := r.seg(lo); lo < hi; i++ {
		s := r.segs[i]
		to := min(len(s), hi-r.starts[i])
		buf = append(buf, s[lo-r.starts[i]:to]...)
		lo = r.starts[i] + to
	}
	return buf
}

// flat is r's bytes in one buffer from alloc.
func (r *rope) flat(alloc func(int) []byte) []byte {
	out := alloc(r.size)
	for _, s := range r.segs {
		out = append(out, s...)
	}
	return out
}

// markBefore is the largest mark at most off.
func (r *rope) markBefore(off int) int {
	i := sort.SearchInts(r.marks, off+1) - 1
	if i < 0 {
		return 0
	}
	return r.marks[i]
}

// patchRope rebuilds, as a rope, the object a Git delta makes of base,
// checking every instruction's bounds as applyDelta does. Its pre and suf
// are how long a beginning and an end of it the delta's first and last
// instructions copy from the same place in base (from its start; from its
// end): bytes equal on both sides. It has no marks yet (ropeWindows sets
// them).
func patchRope(base *rope, delta []byte) (*rope, error) {
	r, pre, suf, err := patchRopeBounds(base, delta)
	if err != nil {
		return nil, err
	}
	r.pre, r.suf = pre, suf
	return r, nil
}

// patchRopeBounds is patchRope, returning pre and suf.
func patchRopeBounds(base *rope, delta []byte) (r *rope, pre, suf int, err error) {
	srcSize, delta, ok := deltaSize(delta)
	if !ok || srcSize != uint64(base.size) {
		return nil, 0, 0, errBadDelta
	}
	dstSize, delta, ok := deltaSize(delta)
	if !ok || dstSize > maxDeltaResult {
		return nil, 0, 0, errBadDelta
	}
	shift := int64(base.size) - int64(dstSize) // where the end's bytes are in base
	r = &rope{size: int(dstSize)}
	pos := 0
	prefix := true
	runStart, runEnd := -1, -1 // the last run of copies at the same place from the end
	for len(delta) > 0 {
		cmd := delta[0]
		delta = delta[1:]
		switch {
		case cmd&0x80 != 0:
			off, n, rest, ok := copyOp(cmd, delta)
			if !ok {
				return nil, 0, 0, errBadDelta
			}
			delta = rest
			if off+n > uint64(base.size) || uint64(pos)+n > dstSize {
				return nil, 0, 0, errBadDelta
			}
			if prefix && off == uint64(pos) {
				pre = pos + int(n)
			} else {
				prefix = false
			}
			if int64(off)-int64(pos) == shift {
				if runEnd != pos {
					runStart = pos
				}
				runEnd = pos + int(n)
			} else {
				runStart, runEnd = -1, -1
			}
			r.segs = base.appendRange(r.segs, int(off), int(off+n))
			pos += int(n)
		case cmd != 0:
			n := int(cmd)
			if n > len(delta) || uint64(pos+n) > dstSize {
				return nil, 0, 0, errBadDelta
			}
			prefix = false
			runStart, runEnd = -1, -1
			r.segs = appendSeg(r.segs, delta[:n:n])
			delta = delta[n:]
			pos += n
		default:
			return nil, 0, 0, errBadDelta
		}
	}
	if uint64(pos) != dstSize {
		return nil, 0, 0, errBadDelta
	}
	if runEnd == pos && runStart >= 0 {
		suf = pos - runStart
	}
	r.starts = make([]int, len(r.segs))
	at := 0
	for i, s := range r.segs {
		r.starts[i] = at
		at += len(s)
	}
	return r, pre, suf, nil
}

// treeView is bytes [off, off+len(data)) of a tree of size bytes.
type treeView struct {
	data      []byte
	off, size int
}

// entryEnd is rawEntryEnd at offset i of the tree: errShortView when the
// view ends before the entry does.
func (v treeView) entryEnd(i int) (int, error) {
	if i == v.size {
		return -1, nil
	}
	short := v.off+len(v.data) < v.size
	end, err := rawEntryEnd(v.data, i-v.off)
	if end < 0 || err != nil {
		if short {
			return 0, errShortView
		}
		if err == nil {
			err = errBadTree
		}
		return 0, err
	}
	return end + v.off, nil
}

// appendEntry is appendRawEntry at offset i of the tree.
func (v treeView) appendEntry(es []object.TreeEntry, i int) ([]object.TreeEntry, int, error) {
	if _, err := v.entryEnd(i); err != nil {
		return es, 0, err
	}
	es, end, err := appendRawEntry(es, v.data, i-v.off)
	return es, end + v.off, err
}

// ropeWindows is rawWindows for b patched from a (patchRope), whose first
// pre bytes and last suf bytes are a's: it decodes the entries between
// the last entry within the beginning and the end, reading only the bytes
// around them, and marks b (a's marks before and after them, moved by the
// difference in size, and the window's ends).
func ropeWindows(a, b *rope, pre, suf int, scratch *[2][]byte) (wa, wb []object.TreeEntry, err error) {
	pre = min(pre, a.size, b.size)
	m := a.markBefore(pre)
	bufA, bufB := scratch[0], scratch[1]
	defer func() { scratch[0], scratch[1] = bufA, bufB }()
	for slack := 4 << 10; ; slack *= 4 {
		hiA := min(a.size, max(pre, a.size-suf)+slack)
		hiB := min(b.size, max(pre, b.size-suf)+slack)
		bufA = a.read(m, hiA, bufA)
		bufB = b.read(m, hiB, bufB)
		va := treeView{data: bufA, off: m, size: a.size}
		vb := treeView{data: bufB, off: m, size: b.size}
		var start, ia, ib int
		wa, wb, start, ia, ib, err = viewWindows(va, vb, pre, suf)
		if err == errShortView && (hiA < a.size || hiB < b.size) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		k := sort.SearchInts(a.marks, start)
		marks := make([]int, 0, len(a.marks)+2)
		marks = append(marks, a.marks[:k]...)
		add := func(x int) {
			if x < b.size && (len(marks) == 0 || x > marks[len(marks)-1]) {
				marks = append(marks, x)
			}
		}
		add(start)
		add(ib)
		for _, x := range a.marks[sort.SearchInts(a.marks, ia):] {
			add(x + b.size - a.size)
		}
		b.marks = marks
		return wa, wb, nil
	}
}

// viewWindows is rawWindows's loops over views starting at an entry of
// both trees, before pre: the entries within the common beginning are
// skipped, those until the common end decoded.
func viewWindows(va, vb treeView, pre, suf int) (wa, wb []object.TreeEntry, start, ia, ib int, err error) {
	start = va.off
	for {
		next, err := va.entryEnd(start)
		if err != nil {
			return nil, nil, 0, 0, 0, err
		}
		if next < 0 || next > pre {
			break
		}
		start = next
	}
	suf = min(suf, va.size-start, vb.size-start)
	ia, ib = start, start
	for ia < va.size && va.size-ia > suf {
		if wa, ia, err = va.appendEntry(wa, ia); err != nil {
			return nil, nil, 0, 0, 0, err
		}
	}
	for ib < vb.size && vb.size-ib > suf {
		if wb, ib, err = vb.appendEntry(wb, ib); err != nil {
			return nil, nil, 0, 0, 0, err
		}
	}
	for va.size-ia != vb.size-ib {
		if va.size-ia > vb.size-ib {
			wa, ia, err = va.appendEntry(wa, ia)
		} else {
			wb, ib, err = vb.appendEntry(wb, ib)
		}
		if err != nil {
			return nil, nil, 0, 0, 0, err
		}
	}
	return wa, wb, start, ia, ib, nil
}

// diffRopeDir is diffDir for folders of ropeMin bytes at least, kept as
// ropes: when b is stored as a delta on a (its parent's version), or a on
// b, only the entries the delta does not copy in place are compared;
// otherwise
// both are read from their ropes, once each, and compared as bytes
// (diffRawDir). It reports false, comparing nothing, for smaller folders
// (what it read of b is then kept for rawObject) or when the entries
// between are not in Git's order.
func (o objects) diffRopeDir(prefix string, a, b plumbing.Hash, out changeSink) (bool, error) {
	if o.raw == nil || a.IsZero() || b.IsZero() {
		return false, nil
	}
	rb, ok := o.raw.rope(b)
	if !ok {
		if _, ok := o.raw.get(b); ok {
			return false, nil
		}
		obj, data, err := o.storedObject(b)
		if err != nil {
			return false, err
		}
		o.raw.pending, o.raw.pendingObj, o.raw.pendingData = b, obj, data
		if !ropeSized(obj, data) {
			return false, nil
		}
		if rb, err = o.ropeOf(b, 0); err != nil || rb == nil {
			return false, err
		}
	}
	ra, err := o.ropeOf(a, 0)
	if err != nil || ra == nil {
		return false, err
	}
	var wa, wb []object.TreeEntry
	switch {
	case rb.base == a:
		wa, wb, err = ropeWindows(ra, rb, rb.pre, rb.suf, &o.raw.scratch)
	case ra.base == b:
		// The parent's version stored as a delta on the child's (as
		// Git packs a history: the newest whole).
		wb, wa, err = ropeWindows(rb, ra, ra.pre, ra.suf, &o.raw.scratch)
	default:
		fa, fb := ra.flat(o.raw.alloc), rb.flat(o.raw.alloc)
		o.raw.put(a, fa)
		o.raw.put(b, fb)
		return o.diffRawDir(prefix, fa, fb, out)
	}
	if err != nil {
		return false, err
	}
	ropeDiffs.Add(1)
	if !gitSorted(wa) || !gitSorted(wb) {
		return false, nil
	}
	return true, o.mergeDir(prefix, wa, wb, out)
}

// ropeSized reports whether an object read as stored is a tree of
// ropeMin bytes at least, or a delta that rebuilds that many.
func ropeSized(obj plumbing.EncodedObject, data []byte) bool {
	if _, ok := obj.(plumbing.DeltaObject); !ok {
		return obj.Type() == plumbing.TreeObject && len(data) >= ropeMin
	}
	_, rest, _ := deltaSize(data)
	size, _, ok := deltaSize(rest)
	return ok && size >= uint64(ropeMin)
}

// ropeOf returns tree h as a rope: from the cache, else patched from its
// delta's base's rope, else read whole. A tree that is not stored that way
// or not a tree gives nil.
func (o objects) ropeOf(h plumbing.Hash, depth int) (*rope, error) {
	if r, ok := o.raw.rope(h); ok {
		return r, nil
	}
	if depth >= maxDeltaDepth {
		return nil, errDeltaDepth
	}
	obj, data, err := o.storedObject(h)
	if err != nil {
		return nil, err
	}
	var r *rope
	if d, ok := obj.(plumbing.DeltaObject); ok {
		base, err := o.ropeOf(d.BaseHash(), depth+1)
		if err != nil || base == nil {
			return nil, err
		}
		if r, err = patchRope(base, data); err != nil {
			return nil, err
		}
		r.base = d.BaseHash()
		if _, _, err := ropeWindows(base, r, r.pre, r.suf, &o.raw.scratch); err != nil {
			return nil, err
		}
		if len(r.segs) > ropeMaxSegs {
			r.segs = [][]byte{r.flat(func(n int) []byte { return make([]byte, 0, n) })}
			r.starts = []int{0}
		}
	} else {
		if obj.Type() != plumbing.TreeObject {
			return nil, nil
		}
		if r, err = newRootRope(data); err != nil {
			return nil, err
		}
	}
	o.raw.putRope(h, r)
	return r, nil
}

// storedObject reads object h as stored, and its bytes: a delta's own
// when it is one (with a cache: see rawObject). What diffRopeDir left, for
// h, is taken rather than read again. The bytes are fresh memory.
func (o objects) storedObject(h plumbing.Hash) (plumbing.EncodedObject, []byte, error) {
	if o.raw != nil && o.raw.pending == h && o.raw.pendingObj != nil {
		obj, data := o.raw.pendingObj, o.raw.pendingData
		o.raw.pending, o.raw.pendingObj, o.raw.pendingData = plumbing.ZeroHash, nil, nil
		return obj, data, nil
	}
	var obj plumbing.EncodedObject
	var err error
	if ds, ok := o.s.(storer.DeltaObjectStorer); ok && o.raw != nil {
		obj, err = ds.DeltaObject(plumbing.AnyObject, h)
	} else {
		obj, err = o.s.EncodedObject(plumbing.AnyObject, h)
	}
	if err != nil {
		return nil, nil, err
	}
	data, err := readObject(obj)
	if err != nil {
		return nil, nil, err
	}
	return obj, data, nil
}
