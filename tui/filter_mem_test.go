package tui

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
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
	if len(f.starts)-1 != n || f.all[f.starts[7]:f.starts[8]-1] != fmt.Sprintf("%06d %s", 7, strings.Repeat("demande de donnees ", size/19)) {
		t.Errorf("haystack 7 = %q of %d", f.all[f.starts[7]:f.starts[8]-1], n)
	}
	if !f.set("000123 donnees") || len(f.match) != 1 || f.match[0] != 123 {
		t.Errorf("query 000123: %v", f.match)
	}
	runtime.KeepAlive(hay)
}
