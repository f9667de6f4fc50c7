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
// (catalogue.Update), and write the index again. A command about one entry
// after a few requests changed in commits answers over the index instead
// (catalogue.Snapshot.Overlay) and records the tree diff it applied in a
// small delta file beside it (Delta), leaving the index file as it is until
// a command reads the whole catalogue or the lists.
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
//
// Version 2: the header has its own checksum, and the body (stat table and
// snapshot) a checksum per block, so that a reader checks only the bytes
// it reads; the stat table has an offset per row (binary search).
// Version 3: the snapshot carries transfers (an event's transfer_to) and
// registry.yaml's response_days (catalogue.SnapshotVersion 3).
// Version 4: catalogue.SnapshotVersion 5 (an actor's datagouv, a schema's
// homepage and path).
// Version 5: catalogue.SnapshotVersion 7 (a schema's custom_checks; a
// request's rank is no longer in its record).
// Version 6: catalogue.SnapshotVersion 8 (the table of named roots).
// Version 7: catalogue.SnapshotVersion 9 (the actors named but missing in
// that table).
const Version = 7

// magic opens every index file.
const magic = "CODALIDX"

// blockSize is the size of the body's checksummed blocks that Marshal
// writes (the header says it: a reader takes the file's).
var blockSize = 64 << 10

// ErrBad is wrapped by Read's error for a file that is not a readable index
// of this version (truncated, corrupt, foreign): the caller rebuilds it.
var ErrBad = errors.New("index: unreadable index file")

// Header is what an index file says before its stat table and snapshot.
type Header struct {
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
}

// File is the content of an index file.
type File struct {
	Header
	// Stats is the work tree's stat table, sorted by path.
	Stats Table
	// Snapshot is the catalogue, as catalogue.MarshalBinary encodes it.
	Snapshot []byte
	// Pieces, when Snapshot is nil, is the snapshot in pieces, written one
	// after the other (an overlay's compaction: most of them are the old
	// index file's mapped bytes, never copied into memory).
	Pieces [][]byte

	// table, when set, is the stat table already encoded (Stats is then
	// nil): the old file's rows patched where they changed
	// (Mapped.refresh), never decoded.
	table *encodedTable
}

// rows is the number of rows of f's stat table.
func (f *File) rows() int {
	if f.table != nil {
		return f.table.n
	}
	return len(f.Stats)
}

// snapshot returns the snapshot's pieces and its length.
func (f *File) snapshot() ([][]byte, int) {
	if f.Snapshot != nil || f.Pieces == nil {
		return [][]byte{f.Snapshot}, len(f.Snapshot)
	}
	n := 0
	for _, p := range f.Pieces {
		n += len(p)
	}
	return f.Pieces, n
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

// Marshal encodes f:
//
//	"CODALIDX" | Version (u32) | header length (u32) | header | CRC-32C of all before it (u32) | body
//
// The header holds the key, the build time, the communes, the lengths of
// the body's parts and a CRC-32C per 64 KiB block of the body. The body is
// the stat table's rows (varints, sorted by path), one u32 offset per row,
// then the snapshot. All integers are little-endian.
func (f *File) Marshal() []byte {
	head, body := f.encode()
	n := len(head)
	for _, p := range body {
		n += len(p)
	}
	b := make([]byte, 0, n)
	b = append(b, head...)
	for _, p := range body {
		b = append(b, p...)
	}
	return b
}

// encode returns Marshal's bytes in pieces: everything up to the header's
// checksum, then the body's parts (the stat table's rows, their offsets,
// the snapshot), so that Write sends the snapshot as it is instead of
// copying it into one buffer.
func (f *File) encode() (head []byte, body [][]byte) {
	t := f.table
	if t == nil {
		t = encodeTable(f.Stats)
	}
	snap, snapLen := f.snapshot()
	body = make([][]byte, 0, len(t.rows)+1+len(snap))
	body = append(body, t.rows...)
	body = append(body, t.offs)
	body = append(body, snap...)

	var h []byte
	h = appendString(h, string(f.Tree))
	h = appendString(h, string(f.Commit))
	h = binary.AppendVarint(h, f.Built.UnixNano())
	h = binary.AppendUvarint(h, uint64(f.Communes))
	h = binary.AppendUvarint(h, uint64(t.n))
	h = binary.AppendUvarint(h, uint64(t.rowsLen))
	h = binary.AppendUvarint(h, uint64(snapLen))
	h = binary.AppendUvarint(h, uint64(blockSize))
	h = appendBlockCRCs(h, body, blockSize)

	head = make([]byte, 0, len(magic)+12+len(h))
	head = append(head, magic...)
	head = binary.LittleEndian.AppendUint32(head, Version)
	head = binary.LittleEndian.AppendUint32(head, uint32(len(h)))
	head = append(head, h...)
	head = binary.LittleEndian.AppendUint32(head, crc32.Checksum(head, crcTable))
	return head, body
}

// encodeTable encodes a whole stat table.
func encodeTable(stats Table) *encodedTable {
	size := 0
	for _, s := range stats {
		size += len(s.Path) + 2*binary.MaxVarintLen16 + 3*binary.MaxVarintLen64 + 1
	}
	rows := make([]byte, 0, size)
	offs := make([]byte, 0, 4*len(stats))
	for _, s := range stats {
		offs = binary.LittleEndian.AppendUint32(offs, uint32(len(rows)))
		rows = appendRow(rows, s)
	}
	return &encodedTable{rows: [][]byte{rows}, rowsLen: len(rows), offs: offs, n: len(stats)}
}

// appendBlockCRCs appends the CRC-32C of each block of size bytes of the
// concatenation of parts (the last block may be shorter), without making
// that concatenation.
func appendBlockCRCs(h []byte, parts [][]byte, size int) []byte {
	var crc uint32
	fill := 0 // bytes in the current block
	for _, p := range parts {
		for len(p) > 0 {
			k := min(size-fill, len(p))
			crc = crc32.Update(crc, crcTable, p[:k])
			p, fill = p[k:], fill+k
			if fill == size {
				h = binary.LittleEndian.AppendUint32(h, crc)
				crc, fill = 0, 0
			}
		}
	}
	if fill > 0 {
		h = binary.LittleEndian.AppendUint32(h, crc)
	}
	return h
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// Unmarshal decodes an index file, checking every block; any defect is an
// error wrapping ErrBad. The snapshot is not copied: it aliases data.
func Unmarshal(data []byte) (*File, error) {
	m, err := parse(data)
	if err != nil {
		return nil, err
	}
	return m.file()
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

// Read reads and checks the whole index file at path (every block). A
// missing file is an error wrapping fs.ErrNotExist; anything else that is
// not a valid index of this Version wraps ErrBad. Open reads only what is
// asked of it.
func Read(path string) (*File, error) {
	m, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer m.Close()
	f, err := m.file()
	if err != nil {
		return nil, err
	}
	f.Snapshot = bytes.Clone(f.Snapshot) // the mapping goes
	return f, nil
}

// Write replaces the index file at path with f atomically: f is written to
// a temporary file in the same folder, then renamed over path, so a
// reader sees the old file or the new one, never a mix. The folder is
// created (0700) when missing.
func Write(path string, f *File) error {
	// No fsync: after a crash, a file renamed before its data reached the
	// disk fails its checksum and is rebuilt, as any bad index is.
	head, body := f.encode()
	return replaceFile(path, append([][]byte{head}, body...)...)
}

// replaceFile writes parts, in order, to a temporary file beside path (its
// folder made private if missing) and renames it over path: a reader sees
// the old file or the new one, never a torn one. The index, its delta and
// its watcher token are all written this way.
func replaceFile(path string, parts ...[]byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	for _, p := range parts {
		if _, err = tmp.Write(p); err != nil {
			break
		}
	}
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
