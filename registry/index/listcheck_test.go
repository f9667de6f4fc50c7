package index_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
)

// listBlocks returns, for an index file, the middle of each kind's
// haystacks in the list section (actors, snippets, schemas, requests) and
// the middle of the requests' rows.
func listBlocks(t *testing.T, good []byte) (hays [4]int, rows int) {
	t.Helper()
	snap := bytes.Index(good, []byte("CODALSNP"))
	if snap < 0 {
		t.Fatal("no snapshot in the index file")
	}
	le := func(at int) int { return int(binary.LittleEndian.Uint32(good[at:])) }
	at := snap + 12
	for range 2 {
		at += 4 + le(at)
	}
	blk := at + 4
	for k := range 4 {
		n := le(blk + 4)
		idx := n
		if k == 3 {
			idx = n + 1
		}
		offs := blk + 8
		rest := offs + 4*(n+1+idx)
		hays[k] = rest + le(offs+4*n)/2
		if k == 3 {
			end := blk + 4 + le(blk)
			rows = (rest + le(offs+4*n) + end) / 2
		}
		blk += 4 + le(blk)
	}
	return hays, rows
}

// TestListerChecksWhatItLists: a Lister given the kinds it lists checks,
// of the list section, the blocks of those kinds (a damaged byte in the
// board's rows or the directory's haystacks: rebuilt, as before) and
// leaves the others to be checked when read: a damaged byte among the
// snippets' haystacks leaves a list of requests and the index file as they
// are, the same Lister refuses to list snippets from it (ErrBadSnapshot,
// never what the damaged bytes say), and a Lister of snippets rebuilds.
func TestListerChecksWhatItLists(t *testing.T) {
	defer index.SetBlockSize(256)()
	r := demo(t)
	same(t, r, "first load")
	good, err := os.ReadFile(r.IndexPath)
	if err != nil {
		t.Fatal(err)
	}
	want, err := catalogue.Load(os.DirFS(r.Dir()))
	if err != nil {
		t.Fatal(err)
	}
	board, _ := want.ListRequests(nil)
	hays, rows := listBlocks(t, good)
	damage := func(at int) []byte {
		b := append([]byte(nil), good...)
		b[at] ^= 0x40
		if err := os.WriteFile(r.IndexPath, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return b
	}
	listRequests := func(what string) catalogue.Lister {
		t.Helper()
		l, err := r.Lister(catalogue.Requests)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		got, err := l.ListRequests(nil)
		if err != nil || len(got) != len(board) {
			t.Fatalf("%s: %d requests, %v; want %d", what, len(got), err, len(board))
		}
		for i := range got {
			if got[i].Request.ID != board[i].Request.ID || got[i].Request.Title != board[i].Request.Title || got[i].Rank != board[i].Rank {
				t.Fatalf("%s: row %d is %s %q, want %s %q", what, i, got[i].Request.ID, got[i].Request.Title, board[i].Request.ID, board[i].Request.Title)
			}
		}
		return l
	}
	for _, c := range []struct {
		name string
		at   int
	}{
		{"a flipped byte in the board's rows", rows},
		{"a flipped byte in the requests' haystacks", hays[3]},
		{"a flipped byte in the directory's haystacks", hays[0]},
	} {
		bad := damage(c.at)
		listRequests(c.name)
		if now, _ := os.ReadFile(r.IndexPath); bytes.Equal(now, bad) {
			t.Fatalf("%s: the list of requests trusted it (the index was not rebuilt)", c.name)
		}
		valid(t, r)
	}

	bad := damage(hays[1])
	l := listRequests("a flipped byte in the snippets' haystacks")
	if now, _ := os.ReadFile(r.IndexPath); !bytes.Equal(now, bad) {
		t.Fatal("the list of requests checked (and rebuilt for) the snippets' block")
	}
	if xs, err := l.ListSnippets(nil); !errors.Is(err, catalogue.ErrBadSnapshot) {
		t.Fatalf("snippets from the damaged block: %d, %v; want ErrBadSnapshot", len(xs), err)
	}
	ls, err := r.Lister(catalogue.Snippets)
	if err != nil {
		t.Fatal(err)
	}
	if xs, err := ls.ListSnippets(nil); err != nil || len(xs) != len(want.Snippets) {
		t.Fatalf("list of snippets after the damage: %d, %v; want %d", len(xs), err, len(want.Snippets))
	}
	if now, _ := os.ReadFile(r.IndexPath); bytes.Equal(now, bad) {
		t.Fatal("the list of snippets trusted the damaged block")
	}
	valid(t, r)
}
