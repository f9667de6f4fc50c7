package tui

import (
	"slices"
	"sort"
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

	// text is every haystack followed by a separator, in chunks of about
	// filterChunk bytes (a haystack never straddles two); starts[i] is
	// where the i-th begins in the chunks' concatenation (starts has one
	// more offset, the end), chunkAt[c] where chunk c begins. A full scan
	// searches a few long strings, which strings.Index does much faster
	// than 100 000 small ones. It is the only copy the index keeps: each
	// haystack is read back as a slice of it (hay), and resetFunc takes
	// them one at a time, so that the app never holds the requests' folded
	// texts twice (23 MB at 100,000 entries) nor all of them at once.
	text    []string
	chunkAt []int
	starts  []int

	// lazy, while set, appends the i-th of the lazyN haystacks, not
	// packed yet (installLazy): a catalogue's are packed when a query
	// first needs them, not at each load (20 MB at 100,000 entries, held
	// by every session that never filters). Until then the index matches
	// everything.
	lazy  func(dst []byte, i int) []byte
	lazyN int
}

// filterPackNow is the most haystacks set packs itself when a query needs
// them (a few milliseconds); more are packed by a command, off the event
// loop (browser.packCmd, backgroundPackCmd). A variable for the tests.
var filterPackNow = 5000

// filterChunk is the size of text's chunks.
const filterChunk = 256 << 10

// hay is the i-th haystack, a slice of text without its separator.
func (f *filterIndex) hay(i int) string {
	c := sort.SearchInts(f.chunkAt, f.starts[i]+1) - 1
	return f.text[c][f.starts[i]-f.chunkAt[c] : f.starts[i+1]-1-f.chunkAt[c]]
}

// len is the number of haystacks.
func (f *filterIndex) len() int {
	if f.lazy != nil {
		return f.lazyN
	}
	return max(len(f.starts)-1, 0)
}

// reset installs new haystacks and clears the query. It copies them: the
// caller's may go once it returns.
func (f *filterIndex) reset(hay []string) {
	f.resetFunc(len(hay), func(i int) string { return hay[i] })
}

// resetFunc installs n haystacks, the i-th hay(i), asked for once each in
// order, and clears the query.
func (f *filterIndex) resetFunc(n int, hay func(i int) string) { f.install(packHaystacks(n, hay)) }

// packedHaystacks are haystacks laid out as a filterIndex keeps them (its
// text, chunkAt and starts): what a command builds off the event loop for
// a list of 100,000 entries, for the tab to install in Update.
type packedHaystacks struct {
	text    []string
	chunkAt []int
	starts  []int
}

// n is how many haystacks p holds.
func (p *packedHaystacks) n() int { return max(len(p.starts)-1, 0) }

// packHaystacks lays out n haystacks, the i-th hay(i), asked for once each
// in order: each is copied into the chunks as it is made, so that they are
// never all held twice.
func packHaystacks(n int, hay func(i int) string) *packedHaystacks {
	return packAppended(n, func(dst []byte, i int) []byte { return append(dst, hay(i)...) })
}

// packAppended is packHaystacks with the i-th haystack appended to dst by
// app: folded in place (catalogue.AppendRequestHaystack), a haystack makes
// no garbage. The chunk is built in one buffer, copied once into its
// string; a haystack that overflows it starts the next chunk.
func packAppended(n int, app func(dst []byte, i int) []byte) *packedHaystacks {
	p := &packedHaystacks{starts: make([]int, n+1)}
	buf := make([]byte, 0, filterChunk)
	base := 0
	flush := func(end int) {
		p.text, p.chunkAt = append(p.text, string(buf[:end])), append(p.chunkAt, base)
		base += end
		buf = buf[:copy(buf, buf[end:])]
	}
	for i := range n {
		at := len(buf)
		buf = append(app(buf, i), 0x1f)
		if at > 0 && len(buf) > filterChunk {
			flush(at) // the haystack moves to the next chunk, whole
			at = 0
		}
		p.starts[i] = base + at
	}
	if len(buf) > 0 {
		flush(len(buf))
	}
	p.starts[n] = base
	return p
}

// install takes packed haystacks (which it keeps: the caller lets them go)
// and clears the query.
func (f *filterIndex) install(p *packedHaystacks) { f.installFirst(p, nil) }

// installFirst is install with the first matches (every entry, as
// firstMatches makes them) when the caller has them: the index takes them
// as they are. The load command makes every list's (kindList): made in
// Update they were megabytes allocated while the collector marks the new
// catalogue (docs/scale.md, round 19).
func (f *filterIndex) installFirst(p *packedHaystacks, first []int) {
	f.matchAll(p.n(), first)
	f.text, f.chunkAt, f.starts = p.text, p.chunkAt, p.starts
	f.lazy, f.lazyN = nil, 0
}

// installLazy takes n haystacks, the i-th appended by app, without packing
// them (see lazy), and clears the query; first as installFirst's.
func (f *filterIndex) installLazy(n int, app func(dst []byte, i int) []byte, first []int) {
	f.matchAll(n, first)
	f.text, f.chunkAt, f.starts = nil, nil, nil
	f.lazy, f.lazyN = app, n
}

// matchAll clears the query: each of n haystacks matches. first, when it
// holds n matches, is taken as they are (firstMatches(n), which the index
// then owns); else the index's own are reused, or made.
func (f *filterIndex) matchAll(n int, first []int) {
	f.terms = nil
	if len(first) == n && n > 0 {
		f.match = first
		return
	}
	if cap(f.match) < n {
		f.match = make([]int, n)
	}
	f.match = f.match[:n]
	for i := range f.match {
		f.match[i] = i
	}
}

// firstMatches are the matches of the empty query over n haystacks: every
// one, in order.
func firstMatches(n int) []int {
	m := make([]int, n)
	for i := range m {
		m[i] = i
	}
	return m
}

// unpacked reports whether the haystacks are still to be packed.
func (f *filterIndex) unpacked() bool { return f.lazy != nil }

// set applies a query and reports whether the matches may have changed.
func (f *filterIndex) set(query string) bool {
	terms := catalogue.Terms(query)
	if f.lazy != nil && len(terms) > 0 {
		if f.lazyN > filterPackNow {
			return false // not yet: the browser has them packed (packCmd)
		}
		f.install(packAppended(f.lazyN, f.lazy))
	}
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
	entry := 0
	for c, text := range f.text {
		base, pos := f.chunkAt[c], 0
		for pos < len(text) {
			j := strings.Index(text[pos:], longest)
			if j < 0 {
				break
			}
			at := base + pos + j
			// The entry holding offset at. Hits only move forward, so
			// does the entry: the whole scan walks starts once.
			for f.starts[entry+1] <= at {
				entry++
			}
			end := f.starts[entry+1] - 1 // the separator after the entry
			if single && at+len(longest) <= end || !single && catalogue.MatchAll(f.hay(entry), f.terms) {
				f.match = append(f.match, entry)
			}
			pos = end + 1 - base
			entry++
			if entry >= f.len() {
				return
			}
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
