package registry

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/gpso/codal/registry/mmapfile"
)

// objReader reads a few objects of a Git folder straight from its pack
// files and loose objects: each pack's index and data mapped read-only, an
// object found by binary search in its pack's index, deltas applied by
// applyDelta. It builds no table of a pack's objects: go-git's storage
// builds one of every object's offset on its first read from a pack (78 MB
// and 0.4 s at 100,000 entries, on every selection the app asks
// Unshared about), so reading one entry's files through it cost what the
// registry holds, not what the entry weighs. It is safe for concurrent
// reads; close it when done.
type objReader struct {
	gitdir string
	packs  []*mappedPack
	// release drops the packs' pages after each read (releasing): for
	// the reader the app keeps reading one entry through; a walk or a
	// write session reads many objects and unmaps at close instead.
	release bool
}

// mappedPack is one pack: its index (version 2) and its data, mapped.
type mappedPack struct {
	idx, pack []byte
	n         int // objects in the pack
	unmap     []func()
}

// errNoObjReader says that the Git folder has something objReader does not
// read (alternates, an index of another version): go-git reads it instead.
var errNoObjReader = errors.New("objects not readable directly")

// errBadPack is the error of a pack or loose object whose bytes are not
// what Git writes.
var errBadPack = errors.New("damaged Git object")

// openObjReader maps the packs of gitdir (a repository's .git folder).
func openObjReader(gitdir string) (*objReader, error) {
	if _, err := os.Lstat(filepath.Join(gitdir, "objects", "info", "alternates")); err == nil {
		return nil, errNoObjReader
	}
	o := &objReader{gitdir: gitdir}
	dir := filepath.Join(gitdir, "objects", "pack")
	ents, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	for _, e := range ents {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, "pack-") || !strings.HasSuffix(name, ".idx") {
			continue
		}
		p, err := mapPack(filepath.Join(dir, strings.TrimSuffix(name, ".idx")))
		if err != nil {
			o.close()
			return nil, err
		}
		o.packs = append(o.packs, p)
	}
	return o, nil
}

// mapPack maps base.idx and base.pack and checks their headers and sizes.
func mapPack(base string) (*mappedPack, error) {
	p := &mappedPack{}
	for _, ext := range []string{".idx", ".pack"} {
		if fi, err := os.Lstat(base + ext); err != nil {
			p.close()
			return nil, err
		} else if !fi.Mode().IsRegular() {
			p.close()
			return nil, errNoObjReader
		}
		data, unmap, err := mmapfile.Map(base + ext)
		if err != nil {
			p.close()
			return nil, err
		}
		p.unmap = append(p.unmap, unmap)
		if ext == ".idx" {
			p.idx = data
		} else {
			p.pack = data
		}
	}
	const head = 8 + 256*4
	if len(p.idx) < head+40 || !bytes.Equal(p.idx[:8], []byte{0xff, 't', 'O', 'c', 0, 0, 0, 2}) {
		p.close()
		return nil, errNoObjReader
	}
	n := binary.BigEndian.Uint32(p.idx[head-4 : head])
	if uint64(len(p.idx)) < uint64(head)+uint64(n)*28+40 || len(p.pack) < 12+20 || string(p.pack[:4]) != "PACK" {
		p.close()
		return nil, fmt.Errorf("%s: %w", filepath.Base(base), errBadPack)
	}
	p.n = int(n)
	return p, nil
}

func (p *mappedPack) close() {
	for _, u := range p.unmap {
		u()
	}
	p.unmap = nil
}

// close unmaps every pack; nothing may read the bytes read through o
// after it unless they were copied (read returns copies).
func (o *objReader) close() {
	for _, p := range o.packs {
		p.close()
	}
	o.packs = nil
}

// offset finds h in p's index: its offset in the pack, or -1.
func (p *mappedPack) offset(h plumbing.Hash) int64 {
	const fan = 8
	names := fan + 256*4
	lo := 0
	if h[0] > 0 {
		lo = int(binary.BigEndian.Uint32(p.idx[fan+(int(h[0])-1)*4:]))
	}
	hi := int(binary.BigEndian.Uint32(p.idx[fan+int(h[0])*4:]))
	if hi > p.n || lo > hi {
		return -1
	}
	i := lo + sort.Search(hi-lo, func(i int) bool {
		at := names + (lo+i)*20
		return bytes.Compare(p.idx[at:at+20], h[:]) >= 0
	})
	if i >= hi || !bytes.Equal(p.idx[names+i*20:names+i*20+20], h[:]) {
		return -1
	}
	offs := names + p.n*20 + p.n*4
	off := binary.BigEndian.Uint32(p.idx[offs+i*4:])
	if off&0x80000000 == 0 {
		return int64(off)
	}
	large := offs + p.n*4 + int(off&0x7fffffff)*8
	if large+8 > len(p.idx)-40 {
		return -1
	}
	v := binary.BigEndian.Uint64(p.idx[large:])
	if v > uint64(len(p.pack)) {
		return -1
	}
	return int64(v)
}

// read returns object h's type and bytes (a copy, safe after close). On a
// releasing reader the pages of the packs it touched are then dropped from
// resident memory: a big tree (the folder of 100,000 requests) rebuilt
// through its deltas touches tens of megabytes of pack and index, resident
// until close otherwise (31 MB each time the app asks Unshared at 100,000
// entries). A reader that reads many objects (a history walk, a write
// session) does not release after each: that would fault the same pack
// index pages again at every object.
func (o *objReader) read(h plumbing.Hash) (plumbing.ObjectType, []byte, error) {
	typ, data, err := o.readDepth(h, 0)
	if o.release {
		for _, p := range o.packs {
			mmapfile.Release(p.idx)
			mmapfile.Release(p.pack)
		}
	}
	return typ, data, err
}

func (o *objReader) readDepth(h plumbing.Hash, depth int) (plumbing.ObjectType, []byte, error) {
	for _, p := range o.packs {
		if off := p.offset(h); off >= 0 {
			return o.readAt(p, off, depth)
		}
	}
	return o.readLoose(h)
}

// readAt reads the object at off in p, resolving deltas.
func (o *objReader) readAt(p *mappedPack, off int64, depth int) (plumbing.ObjectType, []byte, error) {
	if depth >= maxDeltaDepth {
		return 0, nil, errDeltaDepth
	}
	typ, size, at, err := p.header(off)
	if err != nil {
		return 0, nil, err
	}
	switch typ {
	case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
		data, err := inflate(p.pack[at:], size)
		return typ, data, err
	case plumbing.OFSDeltaObject:
		rel, n, ok := ofsDelta(p.pack[at:])
		if !ok || rel > uint64(off) || rel == 0 {
			return 0, nil, errBadPack
		}
		delta, err := inflate(p.pack[at+int64(n):], size)
		if err != nil {
			return 0, nil, err
		}
		btyp, base, err := o.readAt(p, off-int64(rel), depth+1)
		if err != nil {
			return 0, nil, err
		}
		data, err := applyDelta(noCache.alloc, base, delta)
		return btyp, data, err
	case plumbing.REFDeltaObject:
		if int64(len(p.pack)) < at+20 {
			return 0, nil, errBadPack
		}
		var base plumbing.Hash
		copy(base[:], p.pack[at:at+20])
		delta, err := inflate(p.pack[at+20:], size)
		if err != nil {
			return 0, nil, err
		}
		btyp, b, err := o.readDepth(base, depth+1)
		if err != nil {
			return 0, nil, err
		}
		data, err := applyDelta(noCache.alloc, b, delta)
		return btyp, data, err
	}
	return 0, nil, errBadPack
}

// header reads the object header at off: type, size of its inflated
// bytes, and where its compressed bytes (or delta base reference) start.
func (p *mappedPack) header(off int64) (plumbing.ObjectType, int64, int64, error) {
	end := int64(len(p.pack)) - 20 // the trailer
	if off < 12 || off >= end {
		return 0, 0, 0, errBadPack
	}
	c := p.pack[off]
	typ := plumbing.ObjectType((c >> 4) & 7)
	size := uint64(c & 15)
	shift := uint(4)
	at := off + 1
	for c&0x80 != 0 {
		if at >= end || shift > 56 {
			return 0, 0, 0, errBadPack
		}
		c = p.pack[at]
		at++
		size |= uint64(c&0x7f) << shift
		shift += 7
	}
	if size > maxDeltaResult {
		return 0, 0, 0, errBadPack
	}
	return typ, int64(size), at, nil
}

// ofsDelta decodes an offset delta's distance back to its base, and how
// many bytes it took.
func ofsDelta(b []byte) (uint64, int, bool) {
	if len(b) == 0 {
		return 0, 0, false
	}
	c := b[0]
	v := uint64(c & 0x7f)
	n := 1
	for c&0x80 != 0 {
		if n >= len(b) || n > 9 {
			return 0, 0, false
		}
		c = b[n]
		n++
		v = ((v + 1) << 7) | uint64(c&0x7f)
	}
	return v, n, true
}

// inflate decompresses exactly size bytes from the zlib stream at the
// start of b.
func inflate(b []byte, size int64) ([]byte, error) {
	zr, err := getInflater(b)
	if err != nil {
		return nil, errBadPack
	}
	defer inflaters.Put(zr)
	// grown as the bytes come, so that a header claiming a size the data
	// does not hold costs what the data holds
	data, err := io.ReadAll(io.LimitReader(zr, size))
	if err != nil || int64(len(data)) != size {
		return nil, errBadPack
	}
	return data, nil
}

// inflaters keeps zlib readers for inflate: each holds a 32 KiB window
// and its tables (about 40 KiB), and an entry's files read through a
// chain of deltas inflate one per link: reusing them spares the app
// tens of megabytes of garbage each time it asks Unshared.
var inflaters sync.Pool

// getInflater returns a zlib reader of b, reused when one is free.
func getInflater(b []byte) (io.ReadCloser, error) {
	if zr, ok := inflaters.Get().(io.ReadCloser); ok {
		if err := zr.(zlib.Resetter).Reset(bytes.NewReader(b), nil); err != nil {
			inflaters.Put(zr)
			return nil, err
		}
		return zr, nil
	}
	return zlib.NewReader(bytes.NewReader(b))
}

// maxLooseObject bounds a loose object's compressed file.
const maxLooseObject = maxDeltaResult

// readLoose reads a loose object (objects/ab/cdef…), never through a link.
func (o *objReader) readLoose(h plumbing.Hash) (plumbing.ObjectType, []byte, error) {
	s := h.String()
	name := filepath.Join(o.gitdir, "objects", s[:2], s[2:])
	fi, err := os.Lstat(name)
	if err != nil {
		if os.IsNotExist(err) {
			return 0, nil, plumbing.ErrObjectNotFound
		}
		return 0, nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > maxLooseObject {
		return 0, nil, errBadPack
	}
	raw, err := os.ReadFile(name)
	if err != nil {
		return 0, nil, err
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return 0, nil, errBadPack
	}
	defer zr.Close()
	head := make([]byte, 0, 32)
	one := make([]byte, 1)
	for {
		if len(head) > 30 {
			return 0, nil, errBadPack
		}
		if _, err := io.ReadFull(zr, one); err != nil {
			return 0, nil, errBadPack
		}
		if one[0] == 0 {
			break
		}
		head = append(head, one[0])
	}
	kind, sz, ok := strings.Cut(string(head), " ")
	typ, err := plumbing.ParseObjectType(kind)
	n, nerr := strconv.ParseInt(sz, 10, 64)
	if !ok || err != nil || nerr != nil || n < 0 || n > maxDeltaResult {
		return 0, nil, errBadPack
	}
	// Deflate inflates at most ~1032 times: a header claiming more than
	// the file can hold is a lie, refused before its buffer is made. The
	// buffer is made once, at its size (a 4 MB folder of 100,000 requests
	// read by io.ReadAll would be copied a dozen times as it grew).
	if n > int64(len(raw))*1032+64 {
		return 0, nil, errBadPack
	}
	data := make([]byte, n)
	if _, err := io.ReadFull(zr, data); err != nil {
		return 0, nil, errBadPack
	}
	return typ, data, nil
}

// noCache allocates every delta's result afresh (a nil rawCache).
var noCache *rawCache

// errReadOnlyObjects is the error of a write through an objStorer.
var errReadOnlyObjects = errors.New("read-only object storage")

// objStorer is an objReader as the read-only object storage go-git's
// object package decodes commits and trees from.
type objStorer struct{ r *objReader }

func (s objStorer) NewEncodedObject() plumbing.EncodedObject { return &plumbing.MemoryObject{} }

func (s objStorer) SetEncodedObject(plumbing.EncodedObject) (plumbing.Hash, error) {
	return plumbing.ZeroHash, errReadOnlyObjects
}

func (s objStorer) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	typ, data, err := s.r.read(h)
	if err != nil {
		return nil, err
	}
	if t != plumbing.AnyObject && t != typ {
		return nil, plumbing.ErrObjectNotFound
	}
	obj := &plumbing.MemoryObject{}
	obj.SetType(typ)
	if _, err := obj.Write(data); err != nil {
		return nil, err
	}
	return obj, nil
}

func (s objStorer) IterEncodedObjects(plumbing.ObjectType) (storer.EncodedObjectIter, error) {
	return nil, errReadOnlyObjects
}

func (s objStorer) HasEncodedObject(h plumbing.Hash) error {
	_, _, err := s.r.read(h)
	return err
}

func (s objStorer) EncodedObjectSize(h plumbing.Hash) (int64, error) {
	_, data, err := s.r.read(h)
	return int64(len(data)), err
}

func (s objStorer) AddAlternate(string) error { return errReadOnlyObjects }

// readThrough is a write session's object storage: objects are read through
// an objReader first (the pack files mapped, nothing built of the whole pack
// on the first read: at 100,000 entries go-git's storage decodes the pack's
// index and builds a table of its 485,000 offsets before reading one tree),
// and through the repository's own storage when the reader has not got them
// (a pack fetched during the session) or cannot read them; writes and
// everything else are the repository storage's.
type readThrough struct {
	storer.EncodedObjectStorer
	fast objStorer
	// written keeps what the session wrote (objwrite.go); nil keeps nothing.
	written *written
}

func (s readThrough) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	if s.written != nil {
		if obj, ok := s.written.get(h); ok && (t == plumbing.AnyObject || t == obj.Type()) {
			return obj, nil
		}
	}
	if obj, err := s.fast.EncodedObject(t, h); err == nil {
		return obj, nil
	}
	return s.EncodedObjectStorer.EncodedObject(t, h)
}

func (s readThrough) HasEncodedObject(h plumbing.Hash) error {
	if s.fast.HasEncodedObject(h) == nil {
		return nil
	}
	return s.EncodedObjectStorer.HasEncodedObject(h)
}

func (s readThrough) EncodedObjectSize(h plumbing.Hash) (int64, error) {
	if n, err := s.fast.EncodedObjectSize(h); err == nil {
		return n, nil
	}
	return s.EncodedObjectStorer.EncodedObjectSize(h)
}
