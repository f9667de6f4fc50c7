package tui

import (
	"slices"
	"strings"

	"github.com/gpso/codal/registry"
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
	hay   []string
	terms []string
	match []int // indexes into hay, ascending
}

// reset installs new haystacks and clears the query.
func (f *filterIndex) reset(hay []string) {
	f.hay = hay
	f.terms = nil
	if cap(f.match) < len(hay) {
		f.match = make([]int, len(hay))
	}
	f.match = f.match[:len(hay)]
	for i := range f.match {
		f.match[i] = i
	}
}

// set applies a query and reports whether the matches may have changed.
func (f *filterIndex) set(query string) bool {
	terms := registry.Terms(query)
	if slices.Equal(terms, f.terms) {
		return false
	}
	narrowing := len(f.terms) > 0 && covers(terms, f.terms)
	f.terms = terms
	if !narrowing {
		f.match = f.match[:0]
		for i, h := range f.hay {
			if registry.MatchAll(h, terms) {
				f.match = append(f.match, i)
			}
		}
		return true
	}
	kept := f.match[:0]
	for _, i := range f.match {
		if registry.MatchAll(f.hay[i], terms) {
			kept = append(kept, i)
		}
	}
	f.match = kept
	return true
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
