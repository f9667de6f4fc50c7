package index

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"
)

// BenchmarkStatTableWrite is the stat table's part of a compaction's write:
// the rows of 40 entry roots replaced in a table of CODAL_STAT_ROWS rows
// (default 50,000; a registry of 100,000 entries has about 490,000), and
// the index file written, its snapshot a 1 MB stand-in. "decoded" is what
// the writers did before round 19 (Mapped.Stats, Table.Refresh, the whole
// table encoded again); "in-place" is Mapped.refresh (runs of rows copied
// from the mapped old file):
//
//	CODAL_STAT_ROWS=490000 go test ./registry/index -run '^$' -bench StatTableWrite -benchtime 10x
func BenchmarkStatTableWrite(b *testing.B) {
	n := 50_000
	if s := os.Getenv("CODAL_STAT_ROWS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	// requests of 8 rows each: the folder, request.yaml, votes/ and
	// events/ with two files each
	table := make(Table, 0, n)
	for i := 0; len(table) < n; i++ {
		r := fmt.Sprintf("requests/demande-%d", i)
		for _, p := range []string{r, r + "/events", r + "/events/20260415T091400Z-vanves.yaml", r + "/events/20260607T084800Z-vanves.yaml", r + "/request.yaml", r + "/votes", r + "/votes/meudon.yaml", r + "/votes/vanves.yaml"} {
			table = append(table, Stat{Path: p, Size: int64(len(p)) * 13, MTime: time.Now().UnixNano() - int64(i)*1e6, Inode: uint64(1e6 + len(table)), Mode: 0o644})
		}
	}
	sort.Slice(table, func(i, j int) bool { return table[i].Path < table[j].Path })
	dir := b.TempDir()
	old := filepath.Join(dir, "old")
	snap := make([]byte, 1<<20)
	if err := Write(old, &File{Stats: table, Snapshot: snap}); err != nil {
		b.Fatal(err)
	}
	var roots []string
	var fresh Table
	for i := range 40 {
		r := fmt.Sprintf("requests/demande-%d", i*(n/8)/40)
		roots = append(roots, r)
		fresh = append(fresh, Stat{Path: r, Mode: 0o755 | 1<<31}, Stat{Path: r + "/votes/association-8.yaml", Size: 90, Mode: 0o644})
	}
	for _, how := range []string{"decoded", "in-place"} {
		b.Run(how, func(b *testing.B) {
			for range b.N {
				m, err := Open(old)
				if err != nil {
					b.Fatal(err)
				}
				f := &File{Snapshot: snap}
				if how == "decoded" {
					t, err := m.Stats()
					if err != nil {
						b.Fatal(err)
					}
					f.Stats = t.Refresh(fresh, roots, nil)
				} else if f.table, err = m.refresh(fresh, roots, nil); err != nil {
					b.Fatal(err)
				}
				if err := Write(filepath.Join(dir, "new"), f); err != nil {
					b.Fatal(err)
				}
				m.Close()
			}
		})
	}
}
