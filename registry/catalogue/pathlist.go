package catalogue

import (
	"sort"
	"strings"
)

// pathList is the sorted paths a walk listed under one entry root, kept as
// one string: the prefix every path shares (the root, mostly), then each
// path without it, back to back; ends[i] is where the i-th ends. A request
// lists a folder and a file per vote and event, each path 40 to 60 bytes
// long with its root repeated: as a []string, the paths of 100,000 entries
// held 40 MB of the app's heap (string headers, copies, the decoder's
// interning table); this keeps a little more than their distinct bytes.
//
// The zero pathList is nil (no list at all); a list of no paths is not nil
// (ends is empty, not nil), so that the snapshot's encoding of both is kept.
type pathList struct {
	s    string
	pre  uint32 // the shared prefix's length: s[:pre]
	ends []uint32
}

// newPathList keeps paths, which must be sorted and without duplicates; a
// nil slice gives the nil list.
func newPathList(paths []string) pathList {
	if paths == nil {
		return pathList{}
	}
	var b pathListBuilder
	b.grow(len(paths))
	for _, p := range paths {
		b.add(p)
	}
	return b.done()
}

// isNil reports whether the list is nil.
func (l *pathList) isNil() bool { return l.ends == nil }

// len is the number of paths.
func (l *pathList) len() int { return len(l.ends) }

// rest is the i-th path without the shared prefix.
func (l *pathList) rest(i int) string {
	start := l.pre
	if i > 0 {
		start = l.ends[i-1]
	}
	return l.s[start:l.ends[i]]
}

// at is the i-th path (allocated when the prefix is not empty).
func (l *pathList) at(i int) string {
	if l.pre == 0 {
		return l.rest(i)
	}
	return l.s[:l.pre] + l.rest(i)
}

// all is every path, as a slice (nil for the nil list).
func (l *pathList) all() []string {
	if l.ends == nil {
		return nil
	}
	out := make([]string, len(l.ends))
	for i := range out {
		out[i] = l.at(i)
	}
	return out
}

// has reports whether p is in the list, by binary search.
func (l *pathList) has(p string) bool {
	pre := l.s[:l.pre]
	if !strings.HasPrefix(p, pre) {
		return false
	}
	r := p[len(pre):]
	i := sort.Search(len(l.ends), func(i int) bool { return l.rest(i) >= r })
	return i < len(l.ends) && l.rest(i) == r
}

// pathListBuilder makes a pathList from sorted paths given one by one,
// copied into the list's one string when done.
type pathListBuilder struct {
	paths []string
}

func (b *pathListBuilder) grow(n int) { b.paths = make([]string, 0, n) }

// add appends p, which must sort after the paths before it. p may alias
// a snapshot's bytes: the list keeps a copy.
func (b *pathListBuilder) add(p string) { b.paths = append(b.paths, p) }

// done returns the list; the paths given are no longer referenced.
func (b *pathListBuilder) done() pathList {
	paths := b.paths
	b.paths = nil
	if paths == nil {
		paths = []string{}
	}
	// the prefix every path shares (for sorted paths, the first's and the
	// last's; every path is compared all the same: a damaged snapshot's
	// may not be sorted)
	pre := 0
	if len(paths) > 0 {
		pre = len(paths[0])
		for _, p := range paths[1:] {
			n := min(pre, len(p))
			k := 0
			for k < n && p[k] == paths[0][k] {
				k++
			}
			pre = k
		}
	}
	size := pre
	for _, p := range paths {
		size += len(p) - pre
	}
	var sb strings.Builder
	sb.Grow(size)
	ends := make([]uint32, len(paths))
	if len(paths) > 0 {
		sb.WriteString(paths[0][:pre])
	}
	for i, p := range paths {
		sb.WriteString(p[pre:])
		ends[i] = uint32(sb.Len())
	}
	return pathList{s: sb.String(), pre: uint32(pre), ends: ends}
}
