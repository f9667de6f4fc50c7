package tui

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
)

// heapAfterGC is the live heap once the collector ran.
func heapAfterGC() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// The filter keeps one copy of the haystacks it is given: at 100,000
// requests their folded texts are 23 MB, held twice before (the strings
// and their joined copy).
func TestFilterKeepsOneCopyOfTheHaystacks(t *testing.T) {
	const n, size = 20000, 200
	before := heapAfterGC()
	hay := make([]string, n)
	total := 0
	for i := range hay {
		hay[i] = fmt.Sprintf("%06d %s", i, strings.Repeat("demande de donnees ", size/19))
		total += len(hay[i])
	}
	var f filterIndex
	f.reset(hay)
	hay = nil
	after := heapAfterGC()
	kept := int64(after) - int64(before)
	// the joined text, its offsets and the matches: about 1.1× the texts
	if limit := int64(total) * 13 / 10; kept > limit {
		t.Errorf("the filter keeps %d bytes for %d bytes of haystacks (at most %d)", kept, total, limit)
	}
	for _, i := range []int{0, 7, n / 2, n - 1} {
		if want := fmt.Sprintf("%06d %s", i, strings.Repeat("demande de donnees ", size/19)); f.len() != n || f.hay(i) != want {
			t.Errorf("haystack %d = %q of %d", i, f.hay(i), f.len())
		}
	}
	if !f.set("000123 donnees") || len(f.match) != 1 || f.match[0] != 123 {
		t.Errorf("query 000123: %v", f.match)
	}
	runtime.KeepAlive(hay)
}

// The requests tab hands its haystacks to the filter one at a time
// (resetFunc): the filter keeps only its joined copy, so the folded texts
// of 100,000 requests (23 MB) are never all held at once beside it. Here
// the haystacks given are garbage as soon as copied: the heap at the end
// holds the joined text, not the haystacks too.
func TestFilterTakesTheHaystacksOneAtATime(t *testing.T) {
	const n, size = 20000, 200
	text := func(i int) string {
		return fmt.Sprintf("%06d %s", i, strings.Repeat("demande de donnees ", size/19))
	}
	var peak uint64
	before := heapAfterGC()
	var f filterIndex
	f.resetFunc(n, func(i int) string {
		if i == n-1 { // the last one: everything before it was copied
			peak = heapAfterGC()
		}
		return text(i)
	})
	total := int64(n * len(text(0)))
	// what is live while the last haystack is asked for: the chunks so
	// far and the offsets, about 1.1× the texts; before, every haystack
	// and then their joined copy (2.2×)
	if kept := int64(peak) - int64(before); kept > total*14/10 {
		t.Errorf("%d bytes live while the haystacks (%d bytes) were handed over (at most 1.4×)", kept, total)
	}
	for _, i := range []int{0, 1, n / 3, n - 1} {
		if f.hay(i) != text(i) {
			t.Errorf("haystack %d = %q", i, f.hay(i))
		}
	}
	if len(f.text) < 2 {
		t.Errorf("%d chunk(s) for %d bytes", len(f.text), total)
	}
	for _, q := range []string{"019999 demande", "000000", "donnees 010000", "zzz"} {
		f.set(q)
		var want []int
		for i := range n {
			if catalogue.MatchAll(text(i), catalogue.Terms(q)) {
				want = append(want, i)
			}
		}
		if !slices.Equal(f.match, want) {
			t.Errorf("query %q: %d matches, want %d", q, len(f.match), len(want))
		}
	}
}
