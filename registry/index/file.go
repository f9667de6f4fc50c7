// Package index keeps a derived index of a registry's catalogue in codal's
// cache folder, so that a command costs what changed since the last one,
// not what the registry holds.
//
// The index of a registry is one file (Location): a header (magic, the
// index format's Version, the key — the tree of the commit checked out when
// the work tree was read — and the build time), the work tree's stat table
// (every file and folder the catalogue was read from, with what git status
// compares: size, modification time, inode, mode), the catalogue's snapshot
// (catalogue.MarshalBinary) and a checksum over everything. It is written
// to a temporary file in the same folder, then renamed over the old one:
// two codal processes never see a torn file, and the last writer wins
// (both wrote a true state).
//
// The index is a cache, never a source of truth: it holds nothing that is
// not in the registry, deleting it loses nothing, and a missing, corrupt,
// truncated or foreign-version file is rebuilt by a full load, with one
// debug line only (CODAL_DEBUG=1). Source orchestrates: read the index,
// apply the tree diff since its key (store.Indexer) and the hand edits the
// stat table finds, re-read only the entry roots they touch
// (catalogue.Update), and write the index again.
//
// The package imports no Git library: the store answers its questions
// through store.Indexer.
package index

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"time"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/registry/store"
)

// Version is the index format's version, part of the key: an index written
// by another version (of this package or of the catalogue's snapshot
// encoding) is rebuilt. Bump it when either changes.
const Version = 1

// magic opens every index file.
const magic = "CODALIDX"

// ErrBad is wrapped by Read's error for a file that is not a readable index
// of this version (truncated, corrupt, foreign): the caller rebuilds it.
var ErrBad = errors.New("index: unreadable index file")

// File is the content of an index file.
type File struct {
	// Tree is the key: the tree of the commit checked out when the work
	// tree was read ("" for a plain folder or before the first commit).
	Tree store.Hash
	// Commit is the commit checked out then, whose tree is Tree: when
	// HEAD still names it, the tree is known without reading the commit.
	Commit store.Hash
	// Built is when the stat table's scan began.
	Built time.Time
	// Communes counts the directory's communes (what show prints beside a
	// request's support without decoding the directory).
	Communes int
	// Stats is the work tree's stat table, sorted by path.
	Stats Table
	// Snapshot is the catalogue, as catalogue.MarshalBinary encodes it.
	Snapshot []byte
}

// Location is the index file of the registry rooted at dir:
// $XDG_CACHE_HOME/codal/index/<the first 32 hex digits of the SHA-256 of
// dir's absolute path>.
func Location(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	sum := sha256.Sum256([]byte(dir))
	return filepath.Join(config.CacheDir(), "index", hex.EncodeToString(sum[:16]))
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Marshal encodes f: header, stat table, snapshot, then a CRC-32C of all
// of it.
func (f *File) Marshal() []byte {
	var b []byte
	b = append(b, magic...)
	b = binary.LittleEndian.AppendUint32(b, Version)
	b = appendString(b, string(f.Tree))
	b = appendString(b, string(f.Commit))
	b = binary.AppendVarint(b, f.Built.UnixNano())
	b = binary.AppendUvarint(b, uint64(f.Communes))
	b = binary.AppendUvarint(b, uint64(len(f.Stats)))
	for _, s := range f.Stats {
		b = appendString(b, s.Path)
		b = binary.AppendVarint(b, s.Size)
		b = binary.AppendVarint(b, s.MTime)
		b = binary.AppendUvarint(b, s.Inode)
		b = binary.AppendUvarint(b, uint64(s.Mode))
		b = append(b, s.flags())
	}
	b = binary.AppendUvarint(b, uint64(len(f.Snapshot)))
	b = append(b, f.Snapshot...)
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crcTable))
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// Unmarshal decodes an index file; any defect is an error wrapping ErrBad.
// The snapshot is not copied: it aliases data.
func Unmarshal(data []byte) (*File, error) {
	if len(data) < len(magic)+4+4 || !bytes.Equal(data[:len(magic)], []byte(magic)) {
		return nil, fmt.Errorf("%w: no index header", ErrBad)
	}
	if v := binary.LittleEndian.Uint32(data[len(magic):]); v != Version {
		return nil, fmt.Errorf("%w: format version %d, this codal writes %d", ErrBad, v, Version)
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, crcTable) != sum {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrBad)
	}
	d := decoder{b: body[len(magic)+4:]}
	f := &File{}
	f.Tree = store.Hash(d.string())
	f.Commit = store.Hash(d.string())
	f.Built = time.Unix(0, d.varint())
	f.Communes = int(d.uvarint())
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		return nil, fmt.Errorf("%w: stat table too long", ErrBad)
	}
	f.Stats = make(Table, n)
	for i := range f.Stats {
		s := &f.Stats[i]
		s.Path = d.string()
		s.Size = d.varint()
		s.MTime = d.varint()
		s.Inode = d.uvarint()
		s.Mode = uint32(d.uvarint())
		s.setFlags(d.byte())
	}
	f.Snapshot = d.bytes()
	if d.err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBad, d.err)
	}
	if len(d.b) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrBad, len(d.b))
	}
	return f, nil
}

// decoder reads the fields Marshal appended; the first defect sticks.
type decoder struct {
	b   []byte
	err error
}

var errShort = errors.New("truncated")

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShort
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errShort
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.err = errShort
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.err = errShort
		return nil
	}
	out := d.b[:n:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) string() string { return string(d.bytes()) }

// Read reads and checks the index file at path. A missing file is an error
// wrapping fs.ErrNotExist; anything else that is not a valid index of this
// Version wraps ErrBad.
func Read(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Unmarshal(data)
}

// Write replaces the index file at path with f atomically: f is written to
// a temporary file in the same folder, then renamed over path, so a
// reader sees the old file or the new one, never a mix. The folder is
// created (0700) when missing.
func Write(path string, f *File) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	// No fsync: after a crash, a file renamed before its data reached the
	// disk fails its checksum and is rebuilt, as any bad index is.
	_, err = tmp.Write(f.Marshal())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
