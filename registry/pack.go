package registry

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
)

// A push sends the objects a write added (see objectsToSend): the new file,
// and a new version of every folder above it. The folders near the root are
// large (requests/ lists every request: 3 MB at 100,000 entries), and each
// differs from the version the remote holds by one line. So a folder that
// replaces one at the same path is sent as a delta against that version
// (a "thin" pack, which git's receive-pack completes with the objects it
// holds, unless it says no-thin): the pack grows with the change, not with
// the registry.

// packObject is one object of a pack: sent whole, or as a delta against
// base (an object the remote holds or the pack carries).
type packObject struct {
	hash plumbing.Hash
	base plumbing.Hash // zero: whole
}

// The pack object types of git's pack format.
const (
	packRefDelta = 7
)

// writePack writes a version 2 pack of objs to w. Objects with a base are
// written as REF_DELTA when thin allows it and the delta is smaller.
func writePack(w io.Writer, o objects, objs []packObject, thin bool) error {
	sum := sha1.New()
	bw := bufio.NewWriterSize(w, 64<<10)
	out := io.MultiWriter(bw, sum)
	var head [12]byte
	copy(head[:], "PACK")
	binary.BigEndian.PutUint32(head[4:], 2)
	binary.BigEndian.PutUint32(head[8:], uint32(len(objs)))
	if _, err := out.Write(head[:]); err != nil {
		return err
	}
	zw := zlib.NewWriter(io.Discard)
	for _, po := range objs {
		typ, data, err := o.readRaw(po.hash)
		if err != nil {
			return err
		}
		if thin && !po.base.IsZero() {
			if btyp, base, err := o.readRaw(po.base); err == nil && btyp == typ && len(base) > 0 {
				d := prefixSuffixDelta(base, data)
				if typ == plumbing.TreeObject {
					d = treeDelta(base, data)
				}
				if len(d) < len(data) {
					if err := writePackEntry(out, zw, packRefDelta, po.base, d); err != nil {
						return err
					}
					continue
				}
			}
		}
		if err := writePackEntry(out, zw, int(typ), plumbing.ZeroHash, data); err != nil {
			return err
		}
	}
	if _, err := bw.Write(sum.Sum(nil)); err != nil {
		return err
	}
	return bw.Flush()
}

// writePackEntry writes one object: its type and size, the base of a
// delta, then the data deflated.
func writePackEntry(out io.Writer, zw *zlib.Writer, typ int, base plumbing.Hash, data []byte) error {
	var hdr []byte
	size := uint64(len(data))
	b := byte(typ<<4) | byte(size&0x0f)
	size >>= 4
	for size > 0 {
		hdr = append(hdr, b|0x80)
		b = byte(size & 0x7f)
		size >>= 7
	}
	hdr = append(hdr, b)
	if typ == packRefDelta {
		hdr = append(hdr, base[:]...)
	}
	if _, err := out.Write(hdr); err != nil {
		return err
	}
	zw.Reset(out)
	if _, err := zw.Write(data); err != nil {
		return err
	}
	return zw.Close()
}

// readRaw returns an object's type and content.
func (o objects) readRaw(h plumbing.Hash) (plumbing.ObjectType, []byte, error) {
	obj, err := o.s.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		return 0, nil, fmt.Errorf("object %s: %w", h, err)
	}
	r, err := obj.Reader()
	if err != nil {
		return 0, nil, err
	}
	defer r.Close()
	var b bytes.Buffer
	b.Grow(int(obj.Size()))
	if _, err := b.ReadFrom(r); err != nil {
		return 0, nil, err
	}
	return obj.Type(), b.Bytes(), nil
}

// prefixSuffixDelta is a git delta that rebuilds target from base by
// copying their common beginning and end and inserting what lies between:
// exactly the shape of a folder (a sorted list of entries) where a few
// neighbouring entries changed. It costs one comparison of the two.
func prefixSuffixDelta(base, target []byte) []byte {
	pre := 0
	for pre < len(base) && pre < len(target) && base[pre] == target[pre] {
		pre++
	}
	suf := 0
	for suf < len(base)-pre && suf < len(target)-pre && base[len(base)-1-suf] == target[len(target)-1-suf] {
		suf++
	}
	d := appendDeltaSize(nil, len(base))
	d = appendDeltaSize(d, len(target))
	d = appendDeltaCopy(d, 0, pre)
	for mid := target[pre : len(target)-suf]; len(mid) > 0; {
		n := min(len(mid), 0x7f)
		d = append(d, byte(n))
		d = append(d, mid[:n]...)
		mid = mid[n:]
	}
	return appendDeltaCopy(d, len(base)-suf, suf)
}

// treeDelta is a git delta that rebuilds the tree target from the tree
// base: both list their entries in the same order, so one walk through
// the two lists finds the runs of entries target keeps (copied from base)
// and the entries it adds or changes (inserted), wherever they are. A tree
// it cannot read gets the prefix and suffix delta.
func treeDelta(base, target []byte) []byte {
	b, okB := treeEntries(base)
	t, okT := treeEntries(target)
	if !okB || !okT {
		return prefixSuffixDelta(base, target)
	}
	d := appendDeltaSize(nil, len(base))
	d = appendDeltaSize(d, len(target))
	runOff, runLen := 0, 0 // the copy being extended: base[runOff:runOff+runLen]
	flush := func() {
		d = appendDeltaCopy(d, runOff, runLen)
		runLen = 0
	}
	i := 0
	for _, te := range t {
		for i < len(b) && compareTreeEntries(b[i], te) < 0 {
			i++
		}
		entry := target[te.off:te.end]
		if i < len(b) && bytes.Equal(base[b[i].off:b[i].end], entry) {
			if runLen > 0 && runOff+runLen == b[i].off {
				runLen += b[i].end - b[i].off
			} else {
				flush()
				runOff, runLen = b[i].off, b[i].end-b[i].off
			}
			i++
			continue
		}
		flush()
		for len(entry) > 0 {
			n := min(len(entry), 0x7f)
			d = append(d, byte(n))
			d = append(d, entry[:n]...)
			entry = entry[n:]
		}
	}
	flush()
	return d
}

// treeEntry is where one entry of a raw tree lies, and the key it is
// sorted by (its name; a folder's sorts as if followed by a slash).
type treeEntry struct {
	off, end int
	key      []byte
	dir      bool
}

// treeEntries splits a raw tree (mode, space, name, NUL, 20-byte hash,
// repeated) into its entries; ok is false for bytes that are not one.
func treeEntries(raw []byte) ([]treeEntry, bool) {
	var out []treeEntry
	for off := 0; off < len(raw); {
		sp := bytes.IndexByte(raw[off:], ' ')
		if sp < 0 {
			return nil, false
		}
		nul := bytes.IndexByte(raw[off+sp:], 0)
		if nul < 0 || off+sp+nul+1+20 > len(raw) {
			return nil, false
		}
		mode := raw[off : off+sp]
		name := raw[off+sp+1 : off+sp+nul]
		end := off + sp + nul + 1 + 20
		out = append(out, treeEntry{off: off, end: end, key: name, dir: string(mode) == "40000"})
		off = end
	}
	return out, true
}

// compareTreeEntries orders tree entries as git does: by name, a folder's
// name followed by a slash.
func compareTreeEntries(a, b treeEntry) int {
	n := min(len(a.key), len(b.key))
	if c := bytes.Compare(a.key[:n], b.key[:n]); c != 0 {
		return c
	}
	next := func(e treeEntry) byte {
		switch {
		case len(e.key) > n:
			return e.key[n]
		case e.dir:
			return '/'
		}
		return 0
	}
	return int(next(a)) - int(next(b))
}

func appendDeltaSize(d []byte, n int) []byte {
	for n >= 0x80 {
		d = append(d, byte(n)|0x80)
		n >>= 7
	}
	return append(d, byte(n))
}

// appendDeltaCopy adds copy instructions for base[off:off+n], in pieces of
// at most 64 KiB (the size every git reads).
func appendDeltaCopy(d []byte, off, n int) []byte {
	for n > 0 {
		size := min(n, 0x10000)
		op := byte(0x80)
		var args []byte
		for i := 0; i < 4; i++ {
			if v := byte(off >> (8 * i)); v != 0 {
				op |= 1 << i
				args = append(args, v)
			}
		}
		if size != 0x10000 { // 0x10000 is written as no size bytes
			for i := 0; i < 3; i++ {
				if v := byte(size >> (8 * i)); v != 0 {
					op |= 1 << (4 + i)
					args = append(args, v)
				}
			}
		}
		d = append(d, op)
		d = append(d, args...)
		off += size
		n -= size
	}
	return d
}
