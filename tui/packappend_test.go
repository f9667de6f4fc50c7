package tui

import (
	"fmt"
	"strings"
	"testing"
)

// packAppended lays haystacks of every size out as packHaystacks did: each
// read back whole, none straddling two chunks, a chunk over filterChunk
// only for one haystack alone, and a query finds them across the chunks'
// boundaries.
func TestPackAppendedLaysOutEveryHaystack(t *testing.T) {
	sizes := []int{0, 1, 100, filterChunk - 1, filterChunk, filterChunk + 5, 3, 0, 200000, 70000, 1}
	var hay []string
	for i := range 4000 {
		n := sizes[i%len(sizes)]
		if i > 40 {
			n = i % 300
		}
		hay = append(hay, fmt.Sprintf("<%d>", i)+strings.Repeat("x", n))
	}
	p := packAppended(len(hay), func(dst []byte, i int) []byte { return append(dst, hay[i]...) })
	var f filterIndex
	f.install(p)
	if f.len() != len(hay) {
		t.Fatalf("%d haystacks of %d", f.len(), len(hay))
	}
	for i, h := range hay {
		if f.hay(i) != h {
			t.Fatalf("haystack %d: %d bytes back, want %d", i, len(f.hay(i)), len(h))
		}
	}
	for c, text := range p.text {
		if len(text) > filterChunk && strings.Count(text, "\x1f") > 1 {
			t.Errorf("chunk %d: %d bytes, %d haystacks", c, len(text), strings.Count(text, "\x1f"))
		}
		if !strings.HasSuffix(text, "\x1f") {
			t.Errorf("chunk %d splits a haystack", c)
		}
	}
	for _, i := range []int{0, 3, 5, 8, 39, 2999} {
		q := fmt.Sprintf("<%d>", i)
		if !f.set(q) || len(f.match) != 1 || f.match[0] != i {
			t.Errorf("query %s: %v", q, f.match)
		}
	}
}
