package registry

import (
	"bytes"
	"errors"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// A history walk compares, at every commit, two versions of requests/: a
// folder of thousands of entries of which one differs. Decoding both into
// object.Tree (a string and a struct per entry) cost most of the walk. So
// the walk keeps trees as their raw bytes (rawCache) and compares two
// versions of a folder as bytes (diffRawDir): Git writes a folder as its
// entries one after the other ("MODE NAME\0" and a 20-byte hash), sorted,
// so two versions that differ in a few entries share a long beginning and
// a long end; only the entries between are decoded and compared.

// rawCacheBytes bounds the raw trees a history worker keeps: a commit's
// trees are its child's parent trees, and the bases of the deltas the next
// trees are stored as, so a few dozen commits' worth suffice. (64 MiB was
// no faster at 10,000 entries, and 100 MB more.) A generation holds at
// least rawCacheTrees of the largest tree seen, whatever its size.
const (
	rawCacheBytes = 24 << 20
	rawCacheTrees = 8
)

// maxDeltaDepth bounds a chain of deltas (Git writes at most 4,095): a
// longer one, or a cycle, in a damaged pack is an error.
const maxDeltaDepth = 4096

// rawCache keeps trees' raw bytes by hash, for one goroutine, in two
// generations: when the newer holds half of rawCacheBytes, the older is
// dropped and the newer becomes it; a tree found in the older moves back.
//
// The large trees dropped are reused for the trees rebuilt next (alloc):
// rebuilding requests/ at every commit into fresh memory cost more in page
// faults and clearing than the copying itself. A dropped tree may still be
// in use by whoever read it, so it is reused only after release, which the
// history walk calls between two commits, when it holds no raw tree.
type rawCache struct {
	limit     int // rawCacheBytes but in tests
	cur, old  map[plumbing.Hash][]byte
	bytes     int      // in cur
	largest   int      // the largest tree put
	dropped   [][]byte // dropped from old, maybe still in use
	free      [][]byte // released: reusable
	freeBytes int
	// ropes are the large folders kept as ropes (rawrope.go), in two
	// generations of ropeCacheTrees.
	ropes, oldRopes map[plumbing.Hash]*rope
	// pending is an object diffRopeDir read and left, for rawObject:
	// the object as stored and its bytes.
	pending     plumbing.Hash
	pendingObj  plumbing.EncodedObject
	pendingData []byte
	// scratch holds the bytes ropeWindows reads.
	scratch [2][]byte
}

// rope returns the rope of tree h when the cache holds it.
func (c *rawCache) rope(h plumbing.Hash) (*rope, bool) {
	if c == nil {
		return nil, false
	}
	if r, ok := c.ropes[h]; ok {
		return r, true
	}
	r, ok := c.oldRopes[h]
	if ok {
		c.putRope(h, r)
	}
	return r, ok
}

// putRope keeps the rope of tree h.
func (c *rawCache) putRope(h plumbing.Hash, r *rope) {
	if len(c.ropes) >= ropeCacheTrees || c.ropes == nil {
		c.oldRopes, c.ropes = c.ropes, make(map[plumbing.Hash]*rope, ropeCacheTrees)
	}
	c.ropes[h] = r
}

// rawReuseMin is the size from which a dropped tree is worth reusing.
const rawReuseMin = 64 << 10

func newRawCache() *rawCache {
	return &rawCache{limit: rawCacheBytes, cur: map[plumbing.Hash][]byte{}}
}

func (c *rawCache) get(h plumbing.Hash) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	if data, ok := c.cur[h]; ok {
		return data, true
	}
	data, ok := c.old[h]
	if ok {
		c.put(h, data)
	}
	return data, ok
}

func (c *rawCache) put(h plumbing.Hash, data []byte) {
	if c == nil {
		return
	}
	c.largest = max(c.largest, len(data))
	if c.bytes+len(data) > max(c.limit/2, rawCacheTrees*c.largest) {
		for k, d := range c.old {
			// Not the tree being put (moved back from old), nor one
			// moved back before: they stay in the cache.
			if _, moved := c.cur[k]; !moved && k != h && cap(d) >= rawReuseMin {
				c.dropped = append(c.dropped, d)
			}
		}
		c.old, c.cur, c.bytes = c.cur, map[plumbing.Hash][]byte{}, 0
	}
	c.cur[h] = data
	c.bytes += len(data)
}

// release makes the trees dropped so far reusable: the caller no longer
// holds any raw tree it read.
func (c *rawCache) release() {
	if c == nil {
		return
	}
	for _, d := range c.dropped {
		if c.freeBytes+cap(d) > max(c.limit/2, rawCacheTrees*c.largest) {
			break
		}
		c.free = append(c.free, d)
		c.freeBytes += cap(d)
	}
	clear(c.dropped)
	c.dropped = c.dropped[:0]
}

// alloc returns an empty buffer of capacity n at least, a released one
// when one is large enough.
func (c *rawCache) alloc(n int) []byte {
	if c != nil && n >= rawReuseMin {
		for i := len(c.free) - 1; i >= 0; i-- {
			if d := c.free[i]; cap(d) >= n {
				c.free[i] = c.free[len(c.free)-1]
				c.free[len(c.free)-1] = nil
				c.free = c.free[:len(c.free)-1]
				c.freeBytes -= cap(d)
				return d[:0]
			}
		}
	}
	return make([]byte, 0, n)
}

// errBadTree is the error of a tree whose bytes are not a list of entries.
var errBadTree = errors.New("malformed tree object")

// errDeltaDepth is the error of a chain of deltas too long to be Git's.
var errDeltaDepth = errors.New("chain of deltas too long")

// rawTree returns the raw bytes of tree h (nil for the zero hash), from
// o.raw when it holds them. The bytes may be shared: callers never change
// them.
func (o objects) rawTree(h plumbing.Hash) ([]byte, error) {
	if h.IsZero() {
		return nil, nil
	}
	typ, data, err := o.rawObject(h, 0)
	if err == nil && typ != plumbing.TreeObject {
		err = plumbing.ErrObjectNotFound
	}
	return data, err
}

// rawObject returns an object's type and bytes. With a cache, an object
// stored in a pack as a delta is read as the delta and its base's bytes
// (from the cache, else read the same way), and patched here: go-git would
// reopen the pack file for every object over 16 KiB, and hash every object
// it rebuilds from a delta to key its cache, which costs more than the
// rest of the walk.
func (o objects) rawObject(h plumbing.Hash, depth int) (plumbing.ObjectType, []byte, error) {
	if data, ok := o.raw.get(h); ok {
		return plumbing.TreeObject, data, nil
	}
	if r, ok := o.raw.rope(h); ok {
		data := r.flat(o.raw.alloc)
		o.raw.put(h, data)
		return plumbing.TreeObject, data, nil
	}
	obj, data, err := o.storedObject(h)
	if err != nil {
		return 0, nil, err
	}
	typ := obj.Type()
	if d, ok := obj.(plumbing.DeltaObject); ok {
		if depth >= maxDeltaDepth {
			return 0, nil, errDeltaDepth
		}
		btyp, base, err := o.rawObject(d.BaseHash(), depth+1)
		if err != nil {
			return 0, nil, err
		}
		if data, err = applyDelta(o.raw.alloc, base, data); err != nil {
			return 0, nil, err
		}
		typ = btyp
	}
	if typ == plumbing.TreeObject && (depth > 0 || !o.oneSided) {
		o.raw.put(h, data)
	}
	return typ, data, nil
}

// readObject reads an object's bytes (a delta's: the delta itself); one
// claiming a size no tree of a registry has is refused before allocating.
func readObject(obj plumbing.EncodedObject) ([]byte, error) {
	if p, ok := obj.(interface{ bytes() []byte }); ok {
		return p.bytes(), nil // read from its pack into fresh memory (history_objects.go)
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if obj.Size() < 0 || obj.Size() > maxDeltaResult {
		return nil, errBadTree
	}
	data := make([]byte, obj.Size())
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, err
	}
	return data, nil
}

// diffRawDir is diffDir over two folders given as raw tree bytes: the
// entries both share at the beginning and at the end, byte for byte, are
// skipped; those between are decoded and compared in Git's order
// (mergeDir). It reports false, comparing nothing, when those entries are
// not in Git's order: the caller then compares the whole folders through
// decoded trees, as for any tree Git did not write.
//
// Skipping is exact for folders whose names are unique (as Git requires):
// an entry in the common beginning or end is the same name with the same
// mode and hash on both sides, and a name between, on one side, is not in
// the other side's beginning or end, which are the same entries.
func (o objects) diffRawDir(prefix string, a, b []byte, out changeSink) (bool, error) {
	if len(a) == 0 && len(b) > 0 {
		return o.oneSidedRaw(prefix, b, true, out)
	}
	if len(b) == 0 && len(a) > 0 {
		return o.oneSidedRaw(prefix, a, false, out)
	}
	wa, wb, err := rawWindows(a, b)
	if err != nil {
		return false, err
	}
	if !gitSorted(wa) || !gitSorted(wb) {
		return false, nil
	}
	return true, o.mergeDir(prefix, wa, wb, out)
}

// rawWindows decodes the entries of two raw trees that lie between their
// common beginning and their common end (whole entries, byte for byte).
func rawWindows(a, b []byte) (wa, wb []object.TreeEntry, err error) {
	pre := commonPrefix(a, b)
	// The entries ending within the common beginning are the same on both
	// sides: they are read the same way from the same bytes.
	start := 0
	for {
		next, err := rawEntryEnd(a, start)
		if err != nil {
			return nil, nil, err
		}
		if next < 0 || next > pre {
			break
		}
		start = next
	}
	suf := commonSuffix(a[start:], b[start:])
	// Decode each side from start until what is left of it lies within
	// the common end; then, while what is left differs in length, one
	// more entry of the longer side. Two rests of the same length within
	// the common end are the same bytes, both starting at an entry: the
	// same entries.
	ia, ib := start, start
	for ia < len(a) && len(a)-ia > suf {
		if wa, ia, err = appendRawEntry(wa, a, ia); err != nil {
			return nil, nil, err
		}
	}
	for ib < len(b) && len(b)-ib > suf {
		if wb, ib, err = appendRawEntry(wb, b, ib); err != nil {
			return nil, nil, err
		}
	}
	for len(a)-ia != len(b)-ib {
		if len(a)-ia > len(b)-ib {
			wa, ia, err = appendRawEntry(wa, a, ia)
		} else {
			wb, ib, err = appendRawEntry(wb, b, ib)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	return wa, wb, nil
}

// rawEntryEnd returns where the entry starting at off ends, -1 at the end
// of data, or errBadTree when what starts there is not a whole entry.
func rawEntryEnd(data []byte, off int) (int, error) {
	if off == len(data) {
		return -1, nil
	}
	sp := bytes.IndexByte(data[off:], ' ')
	nul := bytes.IndexByte(data[off:], 0)
	if sp <= 0 || nul <= sp+1 || off+nul+1+20 > len(data) {
		return 0, errBadTree
	}
	return off + nul + 1 + 20, nil
}

// appendRawEntry decodes the entry starting at off, appends it to es and
// returns where it ends.
func appendRawEntry(es []object.TreeEntry, data []byte, off int) ([]object.TreeEntry, int, error) {
	end, err := rawEntryEnd(data, off)
	if err != nil {
		return es, 0, err
	}
	sp := off + bytes.IndexByte(data[off:], ' ')
	mode, err := filemode.New(string(data[off:sp]))
	if err != nil {
		return es, 0, errBadTree
	}
	e := object.TreeEntry{Name: string(data[sp+1 : end-21]), Mode: mode}
	copy(e.Hash[:], data[end-20:end])
	return append(es, e), end, nil
}

// commonPrefix is the length of the longest common beginning of a and b.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	// Whole chunks first: bytes.Equal compares many bytes at a time.
	const chunk = 256
	for i+chunk <= n && bytes.Equal(a[i:i+chunk], b[i:i+chunk]) {
		i += chunk
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix is the length of the longest common end of a and b.
func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	const chunk = 256
	for i+chunk <= n && bytes.Equal(a[len(a)-i-chunk:len(a)-i], b[len(b)-i-chunk:len(b)-i]) {
		i += chunk
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}
