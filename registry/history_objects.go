package registry

import (
	"bytes"
	"io"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/gpso/codal/registry/mmapfile"
)

// historyObjects reads a history walk's trees through the walk's objReader
// (objread.go): the pack files mapped, an object found by binary search in
// its pack's mapped index. go-git's storage, which the walk read them
// through before, decodes the whole index of a pack on its first read
// (20 MB at 100,000 entries) and, to name the base of a delta stored as an
// offset, builds a table of every object's offset (44 MB): live for the
// whole walk, on top of the catalogue the app holds. Here the base of such
// a delta is named through a reverse index built on first need: the
// objects' positions in the index sorted by offset, 8 bytes an object
// (5 MB at 100,000 entries), the table Git itself keeps in a .rev file.
//
// The walk reads every tree of a bulk import: the pages of the packs it
// touches are dropped from resident memory every historyReleaseEvery reads
// (they stay in the page cache).
type historyObjects struct {
	r     *objReader
	revs  []revIndex // one per pack of r
	reads atomic.Int64
}

// historyReleaseEvery is how many objects a walk reads between two
// releases of the packs' pages: the pages it reads again (the bases of
// the chains of requests/) fault back in after each release, which at
// every 512 reads cost a walk of 10,000 commits a third of its time.
const historyReleaseEvery = 4096

// revIndex is a pack's objects sorted by offset: offset<<24 | position in
// the pack's index. ok is false when the pack is too large for that
// packing (16 million objects, a terabyte): deltas are then read whole.
type revIndex struct {
	once sync.Once
	keys []uint64
	ok   bool
}

func newHistoryObjects(r *objReader) *historyObjects {
	return &historyObjects{r: r, revs: make([]revIndex, len(r.packs))}
}

// storer is the walk's object storage for trees and commits.
func (w *historyObjects) storer() historyStorer { return historyStorer{objStorer{w.r}, w} }

// counted counts one read, and releases the packs' pages every
// historyReleaseEvery reads. Another goroutine reading a released page
// reads it again from the file: what read returns are copies.
func (w *historyObjects) counted() {
	if w.reads.Add(1)%historyReleaseEvery != 0 {
		return
	}
	for _, p := range w.r.packs {
		mmapfile.Release(p.idx)
		mmapfile.Release(p.pack)
	}
}

// offsetAt is the offset of the object at position i of p's index (-1 when
// the index says something out of the pack).
func (p *mappedPack) offsetAt(i int) int64 {
	const names = 8 + 256*4
	offs := names + p.n*20 + p.n*4
	off := uint64(uint32(p.idx[offs+i*4])<<24 | uint32(p.idx[offs+i*4+1])<<16 | uint32(p.idx[offs+i*4+2])<<8 | uint32(p.idx[offs+i*4+3]))
	if off&0x80000000 != 0 {
		large := offs + p.n*4 + int(off&0x7fffffff)*8
		if large+8 > len(p.idx)-40 {
			return -1
		}
		off = 0
		for _, b := range p.idx[large : large+8] {
			off = off<<8 | uint64(b)
		}
	}
	if off > uint64(len(p.pack)) {
		return -1
	}
	return int64(off)
}

// hashAt names the object at offset off of pack i.
func (w *historyObjects) hashAt(i int, off int64) (plumbing.Hash, bool) {
	p, rev := w.r.packs[i], &w.revs[i]
	rev.once.Do(func() {
		if p.n >= 1<<24 || len(p.pack) >= 1<<40 {
			return
		}
		keys := make([]uint64, p.n)
		for j := range keys {
			o := p.offsetAt(j)
			if o < 0 {
				return
			}
			keys[j] = uint64(o)<<24 | uint64(j)
		}
		slices.Sort(keys)
		rev.keys, rev.ok = keys, true
	})
	if !rev.ok {
		return plumbing.ZeroHash, false
	}
	k := sort.Search(len(rev.keys), func(k int) bool { return int64(rev.keys[k]>>24) >= off })
	if k == len(rev.keys) || int64(rev.keys[k]>>24) != off {
		return plumbing.ZeroHash, false
	}
	const names = 8 + 256*4
	j := int(rev.keys[k] & (1<<24 - 1))
	var h plumbing.Hash
	copy(h[:], p.idx[names+j*20:names+j*20+20])
	return h, true
}

// historyStorer is objStorer counting its reads, and giving deltas as
// stored (storer.DeltaObjectStorer), as the walk's raw tree cache reads
// them (rawtree.go).
type historyStorer struct {
	objStorer
	w *historyObjects
}

func (s historyStorer) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	s.w.counted()
	return s.objStorer.EncodedObject(t, h)
}

// DeltaObject returns object h as its pack stores it: a delta and the
// name of its base, or the whole object (not in a pack, not a delta, or a
// base it cannot name).
func (s historyStorer) DeltaObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	for i, p := range s.w.r.packs {
		off := p.offset(h)
		if off < 0 {
			continue
		}
		typ, size, at, err := p.header(off)
		if err != nil {
			return nil, err
		}
		var base plumbing.Hash
		switch typ {
		case plumbing.OFSDeltaObject:
			rel, n, ok := ofsDelta(p.pack[at:])
			if !ok || rel > uint64(off) || rel == 0 {
				return nil, errBadPack
			}
			if base, ok = s.w.hashAt(i, off-int64(rel)); !ok {
				return s.EncodedObject(t, h)
			}
			at += int64(n)
		case plumbing.REFDeltaObject:
			if int64(len(p.pack)) < at+20 {
				return nil, errBadPack
			}
			copy(base[:], p.pack[at:at+20])
			at += 20
		case plumbing.TreeObject, plumbing.CommitObject, plumbing.BlobObject, plumbing.TagObject:
		default:
			return nil, errBadPack
		}
		s.w.counted()
		data, err := inflateSized(p.pack[at:], size)
		if err != nil {
			return nil, err
		}
		if base.IsZero() {
			if t != plumbing.AnyObject && t != typ {
				return nil, plumbing.ErrObjectNotFound
			}
			return &packedObject{typ: typ, hash: h, data: data}, nil
		}
		d := &packedDelta{packedObject: packedObject{typ: typ, hash: h, data: data}, base: base}
		if _, rest, ok := deltaSize(data); ok {
			if n, _, ok := deltaSize(rest); ok {
				d.actualSize = int64(n)
			}
		}
		return d, nil
	}
	return s.EncodedObject(t, h)
}

// inflateSized is inflate into a buffer of the size the pack's header
// gives, for the sizes of a registry's trees (inflate grows its buffer as
// the bytes come, copying them at each step, so that a header claiming
// more than the data holds costs what the data holds).
func inflateSized(b []byte, size int64) ([]byte, error) {
	if size > 1<<20 {
		return inflate(b, size)
	}
	zr, err := getInflater(b)
	if err != nil {
		return nil, errBadPack
	}
	defer inflaters.Put(zr)
	data := make([]byte, size)
	if _, err := io.ReadFull(zr, data); err != nil {
		return nil, errBadPack
	}
	return data, nil
}

// packedObject is an object as a pack stores it, read only: a whole
// object, or a delta's own bytes (packedDelta).
type packedObject struct {
	typ  plumbing.ObjectType
	hash plumbing.Hash
	data []byte
}

func (o *packedObject) Hash() plumbing.Hash             { return o.hash }
func (o *packedObject) Type() plumbing.ObjectType       { return o.typ }
func (o *packedObject) SetType(plumbing.ObjectType)     {}
func (o *packedObject) Size() int64                     { return int64(len(o.data)) }
func (o *packedObject) SetSize(int64)                   {}
func (o *packedObject) Writer() (io.WriteCloser, error) { return nil, errReadOnlyObjects }

// bytes are the object's bytes, the caller's: readObject takes them as
// they are.
func (o *packedObject) bytes() []byte { return o.data }

func (o *packedObject) Reader() (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(o.data)), nil
}

// packedDelta is a delta as a pack stores it (plumbing.DeltaObject).
type packedDelta struct {
	packedObject
	base       plumbing.Hash
	actualSize int64
}

// BaseHash is the object the delta applies to.
func (d *packedDelta) BaseHash() plumbing.Hash { return d.base }

// ActualHash is the object the delta rebuilds.
func (d *packedDelta) ActualHash() plumbing.Hash { return d.hash }

// ActualSize is the size of the object the delta rebuilds.
func (d *packedDelta) ActualSize() int64 { return d.actualSize }
