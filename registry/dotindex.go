package registry

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/index"

	"github.com/gpso/codal/registry/mmapfile"
)

// The .git/index of a registry lists every file (45,000 at 10,000 entries).
// A write changes a handful of them, so codal neither decodes nor re-encodes
// the whole list: it reads the file as bytes, finds the entries it needs by a
// scan that reads only each entry's flags and name, and writes the file back
// with the changed entries spliced in, the others copied as they are. The
// cost is one pass over the bytes and one SHA-1, instead of an object per
// entry.
//
// Index versions 2 and 3 (what git writes unless told otherwise) are patched
// in place; version 4 (prefix-compressed names, where an entry cannot be
// copied alone) goes through go-git's decoder and encoder, as before.

const (
	indexHeaderLen  = 12 // "DIRC", version, number of entries
	indexEntryFixed = 62 // times, dev, ino, mode, uid, gid, size, hash, flags
	indexNameMask   = 0xfff
	indexExtended   = 0x4000 // flags: two bytes of extended flags follow
	indexStageShift = 12
	indexSumLen     = sha1.Size
)

// errIndexVersion is an index codal does not patch as bytes (version 4):
// callers fall back to go-git's decoder.
var errIndexVersion = errors.New("index version not patched in place")

// indexFile is .git/index as read from disk.
type indexFile struct {
	data    []byte // the whole file, checksum included (nil: no index yet)
	version uint32
	count   uint32
}

// readIndexFile maps and checks the index at p (its signature, version and
// checksum); a missing file is an empty index of version 2. unmap releases
// the bytes (never nil); nothing may read them after it. The file is mapped,
// not read (54 MB at 100,000 entries): Git replaces its index by rename,
// never in place, as codal does, so the mapped bytes do not change.
func readIndexFile(p string) (x *indexFile, unmap func(), err error) {
	data, unmap, err := mmapfile.Map(p)
	if errors.Is(err, fs.ErrNotExist) {
		return &indexFile{version: 2}, func() {}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*indexFile, func(), error) {
		unmap()
		return nil, nil, err
	}
	if len(data) < indexHeaderLen+indexSumLen || string(data[:4]) != "DIRC" {
		return fail(errors.New("not a Git index (bad signature or size)"))
	}
	x = &indexFile{data: data, version: binary.BigEndian.Uint32(data[4:]), count: binary.BigEndian.Uint32(data[8:])}
	switch x.version {
	case 2, 3:
	case 4:
		return fail(errIndexVersion)
	default:
		return fail(fmt.Errorf("unsupported Git index version %d", x.version))
	}
	body := len(data) - indexSumLen
	if sum := sha1.Sum(data[:body]); !bytes.Equal(sum[:], data[body:]) {
		return fail(errors.New("Git index checksum mismatch"))
	}
	return x, unmap, nil
}

// gitIndex is .git/index as a write session read it last: a write reads it
// twice (the check for local changes, then the update under index.lock), and
// reads it again only when the file was replaced in between.
type gitIndex struct {
	x     *indexFile
	unmap func()
	stat  fs.FileInfo // the file's, when x was read (nil: no file)
	reuse bool        // false: the file was replaced while it was read
}

// index returns .git/index, read again only when the file is not the one
// read last (another inode, size or modification time: Git and codal both
// replace it by rename, and the mapping keeps the old inode's number in use).
func (s *session) index() (*indexFile, error) {
	p := filepath.Join(s.gitdir, "index")
	before, err := os.Lstat(p)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if c := s.idx; c != nil && c.reuse && sameIndexFile(c.stat, before) {
		return c.x, nil
	}
	s.dropIndex()
	x, unmap, err := readIndexFile(p)
	if err != nil {
		return nil, err
	}
	after, _ := os.Lstat(p)
	s.idx = &gitIndex{x: x, unmap: unmap, stat: before, reuse: sameIndexFile(before, after)}
	return x, nil
}

// dropIndex forgets the index read last and releases its bytes.
func (s *session) dropIndex() {
	if s.idx != nil {
		s.idx.unmap()
		s.idx = nil
	}
}

// sameIndexFile reports that a and b describe the same file, unchanged; two
// missing files (nil) are the same.
func sameIndexFile(a, b fs.FileInfo) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// each calls visit for every entry in file order with its name (valid only
// during the call), stage and byte range; visit returns false to stop.
func (x *indexFile) each(visit func(name []byte, stage int, start, end int) bool) error {
	if x.data == nil {
		return nil
	}
	limit := len(x.data) - indexSumLen
	off := indexHeaderLen
	for i := uint32(0); i < x.count; i++ {
		if off+indexEntryFixed > limit {
			return errors.New("Git index truncated")
		}
		flags := binary.BigEndian.Uint16(x.data[off+60:])
		fixed := indexEntryFixed
		if flags&indexExtended != 0 {
			if x.version < 3 {
				return errors.New("extended flags in a version 2 Git index")
			}
			fixed += 2
		}
		nameAt := off + fixed
		if nameAt > limit {
			return errors.New("Git index truncated")
		}
		n := int(flags & indexNameMask)
		if n == indexNameMask {
			nul := bytes.IndexByte(x.data[nameAt:limit], 0)
			if nul < 0 {
				return errors.New("Git index truncated")
			}
			n = nul
		}
		end := off + (fixed+n+8)&^7
		if nameAt+n > limit || end > limit {
			return errors.New("Git index truncated")
		}
		if !visit(x.data[nameAt:nameAt+n], int(flags>>indexStageShift&3), off, end) {
			return nil
		}
		off = end
	}
	return nil
}

// staged returns the hash of the ordinary (stage 0) entry of each of paths
// that the index holds.
func (x *indexFile) staged(paths []string) (map[string]plumbing.Hash, error) {
	want := make(map[string]bool, len(paths))
	for _, p := range paths {
		want[p] = true
	}
	out := make(map[string]plumbing.Hash, len(paths))
	err := x.each(func(name []byte, stage, start, _ int) bool {
		if stage == int(stageMerged) && want[string(name)] {
			var h plumbing.Hash
			copy(h[:], x.data[start+40:start+60])
			out[string(name)] = h
		}
		return true
	})
	return out, err
}

// patch writes to w the index with every entry (of any stage) named in set
// removed and set's non-nil entries added as ordinary entries, in Git's
// order (by name); the other entries are copied byte for byte, in runs
// written straight from the bytes read (no copy of the whole index is made:
// at 485,000 entries the index is 54 MB). Extensions are dropped, as they
// describe the old entries (git rebuilds the cached trees it needs).
func (x *indexFile) patch(w io.Writer, set map[string]*index.Entry) error {
	var add []*index.Entry
	for name, e := range set {
		if e != nil {
			e.Name = name
			add = append(add, e)
		}
	}
	sort.Slice(add, func(i, j int) bool { return add[i].Name < add[j].Name })
	count := uint32(len(add))
	err := x.each(func(name []byte, _ int, _, _ int) bool {
		if _, changed := set[string(name)]; !changed {
			count++
		}
		return true
	})
	if err != nil {
		return err
	}
	sum := sha1.New()
	out := io.MultiWriter(w, sum)
	var buf []byte // the header and the new entries
	buf = append(buf, "DIRC"...)
	buf = binary.BigEndian.AppendUint32(buf, x.version)
	buf = binary.BigEndian.AppendUint32(buf, count)
	run, last := -1, 0 // the entries being copied as they are: [run, last)
	write := func() {
		if run >= 0 && err == nil {
			_, err = out.Write(x.data[run:last])
		}
		run = -1
		if len(buf) > 0 && err == nil {
			_, err = out.Write(buf)
		}
		buf = buf[:0]
	}
	if eachErr := x.each(func(name []byte, _ int, start, end int) bool {
		for len(add) > 0 && add[0].Name <= string(name) {
			if run >= 0 {
				write()
			}
			buf = appendIndexEntry(buf, add[0])
			add = add[1:]
		}
		if _, changed := set[string(name)]; changed {
			write()
			return err == nil
		}
		if run < 0 {
			write() // what buf holds comes first
			run = start
		}
		last = end
		return err == nil
	}); eachErr != nil {
		return eachErr
	}
	write()
	for _, e := range add {
		buf = appendIndexEntry(buf, e)
	}
	write()
	if err != nil {
		return err
	}
	_, err = w.Write(sum.Sum(nil))
	return err
}

// appendIndexEntry encodes e as an ordinary entry of a version 2 or 3
// index (no extended flags: a file codal writes is neither skipped nor
// only intended to be added).
func appendIndexEntry(out []byte, e *index.Entry) []byte {
	stamp := func(t int64, ns int) (uint32, uint32) {
		if t <= 0 || t > 1<<32-1 {
			return 0, 0
		}
		return uint32(t), uint32(ns)
	}
	var cs, cn, ms, mn uint32
	if !e.CreatedAt.IsZero() {
		cs, cn = stamp(e.CreatedAt.Unix(), e.CreatedAt.Nanosecond())
	}
	if !e.ModifiedAt.IsZero() {
		ms, mn = stamp(e.ModifiedAt.Unix(), e.ModifiedAt.Nanosecond())
	}
	be := binary.BigEndian
	for _, v := range []uint32{cs, cn, ms, mn, e.Dev, e.Inode, uint32(e.Mode), e.UID, e.GID, e.Size} {
		out = be.AppendUint32(out, v)
	}
	out = append(out, e.Hash[:]...)
	flags := uint16(min(len(e.Name), indexNameMask))
	out = be.AppendUint16(out, flags)
	out = append(out, e.Name...)
	pad := (indexEntryFixed+len(e.Name)+8)&^7 - indexEntryFixed - len(e.Name)
	return append(out, make([]byte, pad)...)
}
