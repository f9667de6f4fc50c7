package index_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"testing"

	"github.com/gpso/codal/registry/index"
)

// The preview checks, of the snapshot's list section, the heads and the
// directory's block only: a damaged byte among the requests' haystacks is
// left to the whole load (which rebuilds the index), one in the
// directory's block is refused. The requests' haystacks and the board's
// rows are most of the section at 100,000 entries.
func TestPreviewChecksTheDirectoryListOnly(t *testing.T) {
	defer index.SetBlockSize(256)()
	r := demo(t)
	same(t, r, "first load")
	good, err := os.ReadFile(r.IndexPath)
	if err != nil {
		t.Fatal(err)
	}
	snap := bytes.Index(good, []byte("CODALSNP"))
	if snap < 0 {
		t.Fatal("no snapshot in the index file")
	}
	le := func(at int) int { return int(binary.LittleEndian.Uint32(good[at:])) }
	at := snap + 12
	for range 2 {
		at += 4 + le(at)
	}
	// the list section's blocks: the directory's, snippets', schemas',
	// requests'; each its length, its count, n+1 haystack offsets, (the
	// requests: n+1 indexes), then the haystacks
	blk := at + 4
	var middle [4]int
	for k := range 4 {
		n := le(blk + 4)
		idx := n
		if k == 3 {
			idx = n + 1
		}
		hays := blk + 8
		rest := hays + 4*(n+1+idx)
		middle[k] = rest + le(hays+4*n)/2
		blk += 4 + le(blk)
	}
	for _, c := range []struct {
		name    string
		at      int
		checked bool
	}{
		{"a flipped byte in the directory's haystacks", middle[0], true},
		{"a flipped byte in the requests' haystacks", middle[3], false},
	} {
		b := append([]byte(nil), good...)
		b[c.at] ^= 0x40
		if err := os.WriteFile(r.IndexPath, b, 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := r.Preview()
		if c.checked && (p != nil || !errors.Is(err, index.ErrBad)) {
			t.Fatalf("%s: Preview = %v, %v; want ErrBad", c.name, p, err)
		}
		if !c.checked {
			if p == nil || err != nil {
				t.Fatalf("%s: Preview = %v, %v; want the preview, unchecked there", c.name, p, err)
			}
			if actors, err := p.Actors(); err != nil || len(actors) == 0 {
				t.Fatalf("%s: the preview's directory: %d actors, %v", c.name, len(actors), err)
			}
		}
		same(t, r, c.name) // the whole load checks every block, and rebuilds
		if err := os.WriteFile(r.IndexPath, good, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
