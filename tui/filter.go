package tui

import (
	"slices"
	"strings"

	"github.com/gpso/codal/registry/catalogue"
)

// filterIndex matches a query against precomputed haystacks: the folded
// text registry.*Haystack gives for each entry, so the app filters exactly
// as `codal list --query` does (every term a substring, accents folded,
// case ignored).
//
// It is incremental: when the new query only narrows the previous one (each
// previous term is contained in a new term, as when a letter is typed), only
// the current matches are scanned, in place and without allocating.
type filterIndex struct {
	terms []string
	match []int // indexes of haystacks, ascending

	// all is every haystack joined by a separator, and starts[i] where
	// the i-th begins in it (starts has one more offset, the end): a full
	// scan searches this one string, which strings.Index does much faster
	// than 100 000 small ones. It is the only copy the index keeps: each
	// haystack is read back as a slice of it (hay), so the app does not
	// hold the requests' folded texts twice (23 MB at 100,000 entries).
	all    string
	starts []int
}

// hay is the i-th haystack, a slice of all without its separator.
func (f *filterIndex) hay(i int) string { return f.all[f.starts[i] : f.starts[i+1]-1] }

// len is the number of haystacks.
func (f *filterIndex) len() int { return max(len(f.starts)-1, 0) }

// reset installs new haystacks and clears the query. It copies them into
// one string: the caller's may go once it returns.
func (f *filterIndex) reset(hay []string) {
	f.terms = nil
	if cap(f.match) < len(hay) {
		f.match = make([]int, len(hay))
	}
	f.match = f.match[:len(hay)]
	for i := range f.match {
		f.match[i] = i
	}
	size := 0
	for _, h := range hay {
		size += len(h) + 1
	}
	var b strings.Builder
	b.Grow(size)
	f.starts = make([]int, len(hay)+1)
	for i, h := range hay {
		f.starts[i] = b.Len()
		b.WriteString(h)
		b.WriteByte(0x1f)
	}
	f.starts[len(hay)] = b.Len()
	f.all = b.String()
}

// set applies a query and reports whether the matches may have changed.
func (f *filterIndex) set(query string) bool {
	terms := catalogue.Terms(query)
	if slices.Equal(terms, f.terms) {
		return false
	}
	narrowing := len(f.terms) > 0 && covers(terms, f.terms)
	f.terms = terms
	if !narrowing {
		f.fullScan()
		return true
	}
	kept := f.match[:0]
	for _, i := range f.match {
		if catalogue.MatchAll(f.hay(i), terms) {
			kept = append(kept, i)
		}
	}
	f.match = kept
	return true
}

// fullScan finds the matches among all haystacks: the longest term is
// searched in the joined text, and each entry it lands in is checked
// against every term.
func (f *filterIndex) fullScan() {
	f.match = f.match[:0]
	if len(f.terms) == 0 {
		for i := range f.len() {
			f.match = append(f.match, i)
		}
		return
	}
	longest := f.terms[0]
	for _, t := range f.terms[1:] {
		if len(t) > len(longest) {
			longest = t
		}
	}
	single := len(f.terms) == 1
	entry, pos := 0, 0
	for pos < len(f.all) {
		j := strings.Index(f.all[pos:], longest)
		if j < 0 {
			break
		}
		at := pos + j
		// The entry holding offset at. Hits only move forward, so does the
		// entry: the whole scan walks starts once.
		for f.starts[entry+1] <= at {
			entry++
		}
		end := f.starts[entry+1] - 1 // the separator after hay[entry]
		if single && at+len(longest) <= end || !single && catalogue.MatchAll(f.hay(entry), f.terms) {
			f.match = append(f.match, entry)
		}
		pos = end + 1
		entry++
		if entry >= f.len() {
			break
		}
	}
}

// covers reports whether every old term occurs inside some new term, so
// that whatever matches the new terms matched the old ones.
func covers(terms, old []string) bool {
	for _, o := range old {
		found := false
		for _, t := range terms {
			if strings.Contains(t, o) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// active reports whether a query is applied.
func (f *filterIndex) active() bool { return len(f.terms) > 0 }

// position returns where item stands among the matches, or -1.
func (f *filterIndex) position(item int) int {
	if i, ok := slices.BinarySearch(f.match, item); ok {
		return i
	}
	return -1
}
