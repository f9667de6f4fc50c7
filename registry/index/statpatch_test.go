package index

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"testing"
)

// randomTable is a sorted stat table shaped like a registry's: kind
// folders, entry roots (files and folders), files under them.
func randomTable(rng *rand.Rand, roots int) Table {
	seen := map[string]bool{}
	var t Table
	add := func(p string, dir bool) {
		if seen[p] {
			return
		}
		seen[p] = true
		mode := uint32(0o644)
		if dir {
			mode = 0o755 | 1<<31
		}
		t = append(t, Stat{Path: p, Size: rng.Int64N(5000), MTime: rng.Int64N(1 << 50), Inode: rng.Uint64N(1 << 40), Mode: mode, Racy: rng.IntN(20) == 0})
	}
	add(".", true)
	add("registry.yaml", false)
	for _, k := range []string{"actors", "requests", "snippets"} {
		add(k, true)
	}
	for range roots {
		switch rng.IntN(3) {
		case 0:
			add(fmt.Sprintf("actors/a-%d.yaml", rng.IntN(3*roots)), false)
		default:
			k := []string{"requests", "snippets"}[rng.IntN(2)]
			r := fmt.Sprintf("%s/e-%d", k, rng.IntN(3*roots))
			add(r, true)
			for range rng.IntN(6) {
				add(fmt.Sprintf("%s/f-%d.yaml", r, rng.IntN(8)), false)
			}
			if rng.IntN(2) == 0 {
				add(r+"/votes", true)
				for range rng.IntN(5) {
					add(fmt.Sprintf("%s/votes/v-%d.yaml", r, rng.IntN(6)), false)
				}
			}
		}
	}
	sort.Slice(t, func(i, j int) bool { return t[i].Path < t[j].Path })
	return t
}

// TestRefreshInPlaceIsRefresh: the stat table patched in place from a
// mapped index (Mapped.refresh: old rows copied as they lie, never
// decoded) writes, byte for byte, the index that Table.Refresh's table
// writes, for random tables, roots (present, absent, prefixes of others,
// odd ones), fresh rows and folders, with short runs copied and long ones
// borrowed.
func TestRefreshInPlaceIsRefresh(t *testing.T) {
	defer SetBlockSize(256)()
	oldRun := minRun
	defer func() { minRun = oldRun }()
	rng := rand.New(rand.NewPCG(19, 11))
	rounds := 300
	if testing.Short() {
		rounds = 60
	}
	dir := t.TempDir()
	for round := range rounds {
		minRun = []int{1, 64, 1 << 16}[round%3]
		old := randomTable(rng, 1+rng.IntN(60))
		if round%10 == 0 {
			old = old[:rng.IntN(len(old))] // down to no row at all
		}
		var roots []string
		var fresh, folders Table
		pick := func() string {
			if len(old) == 0 {
				return "requests/e-0"
			}
			return old[rng.IntN(len(old))].Path
		}
		for range rng.IntN(8) {
			var r string
			switch rng.IntN(8) {
			case 0:
				r = fmt.Sprintf("requests/new-%d", rng.IntN(10))
			case 1:
				r = "registry.yaml"
			case 2:
				r = "requests" // no entry root: only its own row goes
			case 3:
				r = "requests/e-1/votes" // deeper: only its own row goes
			default:
				r = entryOf(pick())
			}
			roots = append(roots, r)
			if rng.IntN(3) > 0 {
				fresh = append(fresh, Stat{Path: r, Mode: 0o755 | 1<<31, MTime: rng.Int64N(1 << 50)})
				for i := range rng.IntN(4) {
					fresh = append(fresh, Stat{Path: fmt.Sprintf("%s/n-%d.yaml", r, i), Size: rng.Int64N(99), Mode: 0o644, Racy: rng.IntN(3) == 0})
				}
			}
		}
		for range rng.IntN(4) {
			p := pick()
			if rng.IntN(3) == 0 {
				p = fmt.Sprintf("snippets/new-%d", rng.IntN(5))
			}
			folders = append(folders, Stat{Path: p, Mode: 0o755 | 1<<31, MTime: rng.Int64N(1 << 50), Inode: 7})
		}
		slices.SortFunc(fresh, func(a, b Stat) int { return cmpPath(a.Path, b.Path) })
		slices.SortFunc(folders, func(a, b Stat) int { return cmpPath(a.Path, b.Path) })

		p := filepath.Join(dir, fmt.Sprint(round))
		if err := Write(p, &File{Stats: old, Snapshot: []byte("snapshot")}); err != nil {
			t.Fatal(err)
		}
		m, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		// the table patched, then a copy of it: the pieces alias the
		// mapping
		table := slices.Clone(old)
		want := (&File{Stats: table.Refresh(fresh, roots, folders), Snapshot: []byte("snapshot")}).Marshal()
		et, err := m.refresh(fresh, roots, folders)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		got := (&File{table: et, Snapshot: []byte("snapshot")}).Marshal()
		m.Close()
		if !bytes.Equal(got, want) {
			gf, _ := Unmarshal(got)
			wf, _ := Unmarshal(want)
			if gf != nil && wf != nil {
				for i := range max(len(gf.Stats), len(wf.Stats)) {
					var a, b Stat
					if i < len(gf.Stats) {
						a = gf.Stats[i]
					}
					if i < len(wf.Stats) {
						b = wf.Stats[i]
					}
					if a != b {
						t.Logf("row %d: %+v in place, %+v from Refresh", i, a, b)
					}
				}
			}
			t.Fatalf("round %d: roots %q, fresh %d rows, folders %v: the table patched in place (%d bytes) is not Refresh's (%d bytes)",
				round, roots, len(fresh), folders, len(got), len(want))
		}
	}
}

func cmpPath(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestRefreshInPlaceRefusesBadOffsets: offsets that go back or past the
// rows (a damaged file with good checksums) are ErrBad, never a slice out
// of range.
func TestRefreshInPlaceRefusesBadOffsets(t *testing.T) {
	rows := []byte("abcdefgh")
	for _, offs := range [][]byte{
		{4, 0, 0, 0, 2, 0, 0, 0}, // back
		{0, 0, 0, 0, 9, 0, 0, 0}, // past the rows
	} {
		if err := (inPlace{rows: rows, offs: offs, n: 2}).ordered(); err == nil {
			t.Fatalf("offsets %v accepted", offs)
		}
	}
	if err := (inPlace{rows: rows, offs: []byte{0, 0, 0, 0, 3, 0, 0, 0}, n: 2}).ordered(); err != nil {
		t.Fatal(err)
	}
}
