package catalogue

import (
	"bytes"
	"io/fs"
)

// Unchanged reports whether the entry roots given (paths or roots, as
// Update takes them), read again from fsys as a Load would read them now,
// are what s holds for them: each root's entry, the problems of its files
// and what the walk listed under it encode to the very bytes of its record
// (a root s does not hold must still be absent). The rest of a record — the
// reference problems, a request's standing — follows from the entries of
// the catalogue, so when every changed root is unchanged by this measure,
// s is still the snapshot a full load would write.
//
// registry.yaml may be among them: it is unchanged when it parses to the
// same description and the same problems (metaUnchanged).
//
// It is the content check of the index's racy stat rows (as git compares a
// racy entry's content with its blob): a file whose row was taken in the
// second the index was written may have changed since without its size or
// time showing it; reading its root again and finding it unchanged spares
// bringing the index up to date. Any doubt (a record that does not check
// or decode, a kind folder that came or went, a root that cannot be read)
// is false.
func (s *Snapshot) Unchanged(fsys fs.FS, roots []string) bool {
	if s.only != nil {
		return false
	}
	changed := map[string]bool{}
	for _, r := range roots {
		if r == MetaFile {
			if !s.metaUnchanged(fsys) {
				return false
			}
			continue
		}
		root := RootOf(r)
		if root == "" {
			return false
		}
		changed[root] = true
	}
	if len(changed) == 0 {
		return true
	}
	fresh, ok := readRoots(fsys, changed, s.walked)
	if !ok {
		return false
	}
	var e enc
	for root := range changed {
		pt := fresh[root]
		k := s.find(root)
		if k < 0 || pt == nil {
			if k >= 0 || pt != nil {
				return false // filed or removed
			}
			continue
		}
		off, n := s.recordSpan(k)
		if s.verify != nil && s.verify(int(off), int(off)+int(n)) != nil {
			return false
		}
		rec := s.data[off : off+n]
		// entry and problems, then the reference problems skipped, then
		// the listing
		e.b = e.b[:0]
		e.entry(pt.entry)
		e.problems(pt.probs)
		if e.err != nil || !bytes.HasPrefix(rec, e.b) {
			return false
		}
		rest := rec[len(e.b):]
		d := &dec{s: bytesString(rest)}
		d.problems()
		if d.bad {
			return false
		}
		e.b = e.b[:0]
		e.listing(pt)
		if !bytes.HasPrefix(rest[d.i:], e.b) {
			return false
		}
	}
	return true
}

// metaUnchanged reports whether registry.yaml, read again from fsys as Load
// reads it, gives the description s holds (the global section's first
// field) and the same problems (the first problems of the part of root "",
// which Load puts there before the walk's own; no later problem of that
// part may be registry.yaml's).
func (s *Snapshot) metaUnchanged(fsys fs.FS) bool {
	meta, probs, ok := rereadMeta(fsys)
	if !ok {
		return false
	}
	var e enc
	e.meta(meta)
	if e.err != nil || !bytes.HasPrefix(s.global, e.b) {
		return false
	}
	held := metaProblems(s.top.probs)
	if held != len(probs) {
		return false
	}
	for _, p := range s.top.probs[held:] {
		if p.Path == MetaFile {
			return false
		}
	}
	var now, was enc
	now.problems(probs)
	was.problems(s.top.probs[:held])
	return now.err == nil && was.err == nil && bytes.Equal(now.b, was.b)
}
