package index

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"slices"

	"github.com/gpso/codal/registry/store"
)

// A Delta is what a command that answered over the index without writing
// it again (a View after a few requests changed in commits: an overlay)
// records beside the index file, so that the next command does not diff
// the same trees again: the key it answered for (HEAD's commit and tree
// then) and the entry roots that changed between the index's key and that
// one. It is tied to one index file, the base, by the base's key and build
// time: a base written again since (another process brought the index up
// to date) makes the delta foreign, and it is ignored. It holds no entry:
// the roots it names are read again from the work tree by whoever uses it,
// so a delta that is missing, damaged, foreign or stale costs a tree diff,
// never a wrong answer.
type Delta struct {
	// BaseTree, BaseCommit and BaseBuilt are the base's key and build
	// time (Header).
	BaseTree, BaseCommit store.Hash
	BaseBuilt            int64
	// Tree and Commit are the key the delta brings the base to.
	Tree, Commit store.Hash
	// Roots are the entry roots changed between BaseTree and Tree (or a
	// few more: a root changed and changed back).
	Roots []string
}

// deltaMagic opens every delta file; deltaVersion is its format's version.
const (
	deltaMagic   = "CODALDLT"
	deltaVersion = 1
)

// maxDelta caps the size of a delta file read: far more than
// catalogue.MaxOverlayRoots roots need.
const maxDelta = 1 << 20

// DeltaPath is the delta file of the index file at path.
func DeltaPath(path string) string { return path + ".delta" }

// of reports whether d was written over the base h.
func (d *Delta) of(h *Header) bool {
	return d.BaseTree == h.Tree && d.BaseCommit == h.Commit && d.BaseBuilt == h.Built.UnixNano()
}

// marshal encodes d: magic, version (u32), the fields (length-prefixed
// strings, varints), then the CRC-32C of all before it (u32).
func (d *Delta) marshal() []byte {
	b := []byte(deltaMagic)
	b = binary.LittleEndian.AppendUint32(b, deltaVersion)
	b = appendString(b, string(d.BaseTree))
	b = appendString(b, string(d.BaseCommit))
	b = binary.AppendVarint(b, d.BaseBuilt)
	b = appendString(b, string(d.Tree))
	b = appendString(b, string(d.Commit))
	b = binary.AppendUvarint(b, uint64(len(d.Roots)))
	for _, r := range d.Roots {
		b = appendString(b, r)
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crcTable))
}

// errBadDelta is ReadDelta's error for a file that is not a delta of this
// version.
var errBadDelta = errors.New("index: unreadable delta file")

// unmarshalDelta decodes a delta file, checking its checksum.
func unmarshalDelta(b []byte) (*Delta, error) {
	n := len(deltaMagic) + 4
	if len(b) < n+4 || string(b[:len(deltaMagic)]) != deltaMagic ||
		binary.LittleEndian.Uint32(b[len(deltaMagic):]) != deltaVersion ||
		crc32.Checksum(b[:len(b)-4], crcTable) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, errBadDelta
	}
	dc := &decoder{b: b[n : len(b)-4]}
	d := &Delta{
		BaseTree:   store.Hash(dc.string()),
		BaseCommit: store.Hash(dc.string()),
		BaseBuilt:  dc.varint(),
		Tree:       store.Hash(dc.string()),
		Commit:     store.Hash(dc.string()),
	}
	count := dc.uvarint()
	if count > uint64(len(dc.b)) {
		return nil, errBadDelta
	}
	for range count {
		d.Roots = append(d.Roots, dc.string())
	}
	if dc.err != nil || len(dc.b) != 0 {
		return nil, errBadDelta
	}
	return d, nil
}

// ReadDelta reads the delta file of the index file at path, if it was
// written over the base h: nil, without an error, when there is none or it
// belongs to another base; an error for a file that is not a readable delta
// (the caller ignores it: the delta is a memo of a tree diff). A link or
// anything but a regular file is not read.
func ReadDelta(path string, h *Header) (*Delta, error) {
	p := DeltaPath(path)
	fi, err := os.Lstat(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > maxDelta {
		return nil, errBadDelta
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxDelta+1))
	if err != nil {
		return nil, err
	}
	d, err := unmarshalDelta(b)
	if err != nil {
		return nil, err
	}
	if !d.of(h) {
		return nil, nil
	}
	return d, nil
}

// WriteDelta replaces the delta file of the index file at path with d,
// atomically (a temporary file renamed over it, as Write).
func WriteDelta(path string, d *Delta) error {
	return replaceFile(DeltaPath(path), d.marshal())
}

// sameRoots reports whether two lists of roots hold the same roots.
func sameRoots(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}
