package registry

import (
	"bytes"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// A folder added or removed whole (a bulk import adds hundreds of
// thousands of files in such folders) has every entry changed: decoding
// its entries into a list (names as strings, rawWindows) before comparing
// them with nothing cost the history walk most of its garbage. oneSidedRaw
// reads them from the raw tree one at a time instead, each handed to
// diffEntry as mergeDir would.

// oneSidedRaw is diffRawDir for a folder present on one side only: data
// is its raw tree, added says it is on the new side. It reports false,
// comparing nothing, when the entries are not whole or not in Git's order
// (the caller then compares decoded trees, as for any tree Git did not
// write).
func (o objects) oneSidedRaw(prefix string, data []byte, added bool, out changeSink) (bool, error) {
	// Check first, emit after: nothing may go out of a folder the caller
	// then compares again.
	var prevName []byte
	prevDir := false
	for off := 0; off < len(data); {
		name, mode, _, end, ok := rawEntryAt(data, off)
		if !ok {
			return false, nil
		}
		dir := mode == filemode.Dir
		if off > 0 && rawGitCompare(prevName, prevDir, name, dir) >= 0 {
			return false, nil
		}
		prevName, prevDir, off = name, dir, end
	}
	for off := 0; off < len(data); {
		name, mode, h, end, _ := rawEntryAt(data, off)
		e := object.TreeEntry{Mode: mode, Hash: h}
		p := prefix + string(name)
		var err error
		if added {
			err = o.diffEntry(p, object.TreeEntry{}, e, true, out)
		} else {
			err = o.diffEntry(p, e, object.TreeEntry{}, false, out)
		}
		if err != nil {
			return true, err
		}
		off = end
	}
	return true, nil
}

// rawEntryAt reads the entry starting at off of a raw tree: its name (in
// data), mode and hash, and where it ends; ok is false when it is not a
// whole entry with a mode filemode.New reads.
func rawEntryAt(data []byte, off int) (name []byte, mode filemode.FileMode, h plumbing.Hash, end int, ok bool) {
	end, err := rawEntryEnd(data, off)
	if err != nil || end < 0 {
		return nil, 0, h, 0, false
	}
	sp := off + bytes.IndexByte(data[off:], ' ')
	m, ok := octal(data[off:sp])
	if !ok {
		return nil, 0, h, 0, false
	}
	copy(h[:], data[end-20:end])
	return data[sp+1 : end-21], filemode.FileMode(m), h, end, true
}

// octal reads digits as filemode.New does (strconv.ParseUint base 8, 32
// bits), without making a string of them.
func octal(b []byte) (uint32, bool) {
	if len(b) == 0 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		if c < '0' || c > '7' {
			return 0, false
		}
		v = v<<3 | uint64(c-'0')
		if v > 1<<32-1 {
			return 0, false
		}
	}
	return uint32(v), true
}

// rawGitCompare is gitCompare of two entries given by name and dir-ness.
func rawGitCompare(an []byte, aDir bool, bn []byte, bDir bool) int {
	n := min(len(an), len(bn))
	if c := bytes.Compare(an[:n], bn[:n]); c != 0 {
		return c
	}
	next := func(name []byte, dir bool) int {
		if len(name) > n {
			return int(name[n])
		}
		if dir {
			return '/'
		}
		return 0
	}
	return next(an, aDir) - next(bn, bDir)
}
