//go:build unix

package catalogue_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
)

// The index benchmarks of issue #11 (docs/scale.md), on a generated
// registry of CODAL_SCALE_N entries (10,000 by default) written once per
// process on the first benchmark that needs it. Each reports its time beside
// a full Load of the same registry measured in the same process
// (load-ns/op), and their ratio:
//
//	go test ./registry/catalogue -run '^$' -bench Index -benchtime 20x

var (
	indexOnce sync.Once
	indexDir  string
	indexCat  *catalogue.Catalogue
	indexLoad time.Duration
	indexCPU  time.Duration // the load's CPU time (user + system, every thread)
	indexErr  error
)

// TestMain removes the generated registry (240 MB at 10,000 entries, 2.4
// GB at 100,000) when the benchmarks are done, and the folders the tests
// shared (catalogue.SharedDirs).
func TestMain(m *testing.M) {
	code := m.Run()
	if indexDir != "" {
		os.RemoveAll(indexDir)
	}
	for _, dir := range catalogue.SharedDirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// cpuTime is the process's CPU time so far, user and system: on a busy
// machine it moves less than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// indexRegistry returns the generated registry's folder (the benchmark may
// write to it), its catalogue and the time the load took.
func indexRegistry(b *testing.B) (string, *catalogue.Catalogue, time.Duration) {
	b.Helper()
	indexOnce.Do(func() {
		n := 10000
		if v, err := strconv.Atoi(os.Getenv("CODAL_SCALE_N")); err == nil && v > 0 {
			n = v
		}
		if indexDir, indexErr = os.MkdirTemp("", "codal-index-"); indexErr != nil {
			return
		}
		if indexErr = registrytest.Generate(indexDir, registrytest.Scale(n), 1); indexErr != nil {
			return
		}
		catalogue.Load(os.DirFS(indexDir)) // warm the page cache
		start, cpu := time.Now(), cpuTime()
		indexCat, indexErr = catalogue.Load(os.DirFS(indexDir))
		indexLoad, indexCPU = time.Since(start), cpuTime()-cpu
	})
	if indexErr == nil && indexCat == nil { // dropped by indexSnapshot
		indexCat, indexErr = catalogue.Load(os.DirFS(indexDir))
	}
	if indexErr != nil {
		b.Fatal(indexErr)
	}
	return indexDir, indexCat, indexLoad
}

// reportVsLoad adds the load's time and the ratio of the benchmark's time
// per operation to it, in wall-clock time and in CPU time (cpu is the CPU
// time the loop took).
func reportVsLoad(b *testing.B, spent, cpu, load time.Duration) {
	per := float64(spent.Nanoseconds()) / float64(b.N)
	b.ReportMetric(float64(load.Nanoseconds()), "load-ns/op")
	b.ReportMetric(per/float64(load.Nanoseconds()), "x/load")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(indexCPU.Nanoseconds()), "load-cpu-ns/op")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(indexCPU.Nanoseconds()), "cpu-x/load")
}

// BenchmarkIndexMarshal encodes the whole catalogue.
func BenchmarkIndexMarshal(b *testing.B) {
	_, c, load := indexRegistry(b)
	var size int
	start, cpu := time.Now(), cpuTime()
	for b.Loop() {
		data, err := c.MarshalBinary()
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	reportVsLoad(b, time.Since(start), cpuTime()-cpu, load)
	b.ReportMetric(float64(size), "bytes")
}

// BenchmarkIndexUpdateVote adds or removes one vote on disk, then updates
// the catalogue from that request's root.
func BenchmarkIndexUpdateVote(b *testing.B) {
	dir, c, load := indexRegistry(b)
	r := c.Board[len(c.Board)/2].Request
	root := "requests/" + r.ID
	vote := filepath.Join(dir, root, "votes", "association-9.yaml")
	if _, err := os.Stat(vote); err == nil {
		b.Skip("association-9 already voted for", r.ID)
	}
	os.MkdirAll(filepath.Dir(vote), 0o755)
	defer os.Remove(vote)
	fsys := os.DirFS(dir)
	prev := c
	var spent, cpu time.Duration
	i := 0
	for b.Loop() {
		b.StopTimer()
		if i%2 == 0 {
			os.WriteFile(vote, []byte("name: Bench\nemail: bench@example.org\ndate: 2026-11-29\nneed: useful\n"), 0o644)
		} else {
			os.Remove(vote)
		}
		i++
		b.StartTimer()
		start, c0 := time.Now(), cpuTime()
		next, err := catalogue.Update(prev, fsys, []string{root})
		spent, cpu = spent+time.Since(start), cpu+cpuTime()-c0
		if err != nil || len(next.Problems) != 0 {
			b.Fatal(err, next.Problems)
		}
		prev = next
	}
	reportVsLoad(b, spent, cpu, load)
}

// BenchmarkIndexShow is what codal show requests/ID needs: open the
// snapshot, read one request and its standing.
func BenchmarkIndexShow(b *testing.B) {
	data, load := indexSnapshot(b)
	s, err := catalogue.OpenSnapshot(data)
	if err != nil {
		b.Fatal(err)
	}
	board, err := s.Board()
	if err != nil {
		b.Fatal(err)
	}
	id := board[len(board)/2].Request.ID
	start, cpu := time.Now(), cpuTime()
	for b.Loop() {
		s, err := catalogue.OpenSnapshot(data)
		if err != nil {
			b.Fatal(err)
		}
		if s.Request(id) == nil || s.Standing(id) == nil {
			b.Fatal("no request", id)
		}
	}
	reportVsLoad(b, time.Since(start), cpuTime()-cpu, load)
	reportLive(b, func() any {
		s, _ := catalogue.OpenSnapshot(data)
		return []any{s.Request(id), s.Standing(id)}
	})
}

// BenchmarkIndexCatalogue decodes the whole catalogue (codal list, the
// app's first screen).
func BenchmarkIndexCatalogue(b *testing.B) {
	data, load := indexSnapshot(b)
	// own: today's decode, each string its own; one-copy: the baseline,
	// every string a slice of one copy of the whole snapshot (before).
	for _, v := range []struct {
		name   string
		decode func(*catalogue.Snapshot) (*catalogue.Catalogue, error)
	}{
		{"own", (*catalogue.Snapshot).Catalogue},
		{"one-copy", (*catalogue.Snapshot).CatalogueOneCopy},
	} {
		b.Run(v.name, func(b *testing.B) {
			start, cpu := time.Now(), cpuTime()
			for b.Loop() {
				s, err := catalogue.OpenSnapshot(data)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := v.decode(s); err != nil {
					b.Fatal(err)
				}
			}
			reportVsLoad(b, time.Since(start), cpuTime()-cpu, load)
			reportLive(b, func() any {
				s, _ := catalogue.OpenSnapshot(data)
				c, _ := v.decode(s)
				return c
			})
		})
	}
}

// reportLive adds the heap the result of f keeps (HeapInuse after a
// collection, against before; the snapshot's bytes are not counted) and
// the bytes f allocates in all.
func reportLive(b *testing.B, f func() any) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := f()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	runtime.KeepAlive(f) // and the snapshot f reads
	b.ReportMetric(float64(int64(after.HeapInuse)-int64(before.HeapInuse)), "live-B")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc), "alloc-B")
}

var (
	snapOnce sync.Once
	snapData []byte
)

// indexSnapshot returns the snapshot of the generated registry's catalogue
// and the load's time. The benchmarks that read a snapshot run after those
// that need the loaded catalogue, which is then dropped: a codal process
// that reads the index holds no loaded catalogue, whose large heap would
// make every collection slower (indexRegistry loads it again if a later
// benchmark needs it).
func indexSnapshot(b *testing.B) ([]byte, time.Duration) {
	snapOnce.Do(func() {
		_, c, _ := indexRegistry(b)
		if snapData, indexErr = c.MarshalBinary(); indexErr == nil {
			indexCat = nil
			runtime.GC()
		}
	})
	if indexErr != nil {
		b.Fatal(indexErr)
	}
	return snapData, indexLoad
}

// benchList measures OpenSnapshot then f, and reports the heap f's result
// keeps.
func benchList(b *testing.B, data []byte, load time.Duration, f func(s *catalogue.Snapshot) (any, int, error)) {
	n := 0
	start, cpu := time.Now(), cpuTime()
	for b.Loop() {
		s, err := catalogue.OpenSnapshot(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, n, err = f(s); err != nil {
			b.Fatal(err)
		}
	}
	reportVsLoad(b, time.Since(start), cpuTime()-cpu, load)
	b.ReportMetric(float64(n), "rows")
	reportLive(b, func() any {
		s, _ := catalogue.OpenSnapshot(data)
		v, _, _ := f(s)
		return v
	})
}

// BenchmarkIndexListQuery is codal list requests --query Q: the requests a
// commune's name finds (a few hundred at 10,000 entries), then a query that
// finds a handful.
func BenchmarkIndexListQuery(b *testing.B) {
	data, load := indexSnapshot(b)
	s, err := catalogue.OpenSnapshot(data)
	if err != nil {
		b.Fatal(err)
	}
	actors, err1 := s.Actors()
	board, err2 := s.Board()
	if err1 != nil || err2 != nil {
		b.Fatal(err1, err2)
	}
	var communes []string
	for _, a := range actors {
		if a.IsCommune() {
			communes = append(communes, a.Name)
		}
	}
	for _, q := range []struct{ name, query string }{
		{"commune", communes[len(communes)/2]},
		{"id", board[len(board)/3].Request.ID},
	} {
		terms := catalogue.Terms(q.query)
		b.Run(q.name, func(b *testing.B) {
			benchList(b, data, load, func(s *catalogue.Snapshot) (any, int, error) {
				rows, err := s.ListRequests(terms)
				return rows, len(rows), err
			})
		})
	}
}

// BenchmarkIndexBoard is codal list requests with no query: the whole
// board, its requests without votes and events.
func BenchmarkIndexBoard(b *testing.B) {
	data, load := indexSnapshot(b)
	benchList(b, data, load, func(s *catalogue.Snapshot) (any, int, error) {
		rows, err := s.Board()
		return rows, len(rows), err
	})
}

// BenchmarkIndexFirstScreen is what the app's first screen reads: the
// directory with its haystacks (the filter), and the count of each kind.
func BenchmarkIndexFirstScreen(b *testing.B) {
	data, load := indexSnapshot(b)
	benchList(b, data, load, func(s *catalogue.Snapshot) (any, int, error) {
		actors, err := s.Actors()
		if err != nil {
			return nil, 0, err
		}
		hay, err := s.Haystacks(catalogue.Actors)
		if err != nil {
			return nil, 0, err
		}
		counts := []int{len(actors), s.Len(catalogue.Snippets), s.Len(catalogue.Schemas), s.Len(catalogue.Requests)}
		return []any{actors, hay, counts}, len(actors), nil
	})
}

// BenchmarkIndexPatchVote: the snapshot after one vote, patched from the
// previous one (PatchSnapshot: only the records that changed encoded
// again), beside MarshalBinary of the same catalogue in the same loop (the
// index wrote that before).
func BenchmarkIndexPatchVote(b *testing.B) {
	dir, c, _ := indexRegistry(b)
	data, err := c.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	snap, err := catalogue.OpenSnapshot(data)
	if err != nil {
		b.Fatal(err)
	}
	prev, err := snap.Catalogue()
	if err != nil {
		b.Fatal(err)
	}
	r := c.Board[len(c.Board)/2].Request
	root := "requests/" + r.ID
	vote := filepath.Join(dir, root, "votes", "association-9.yaml")
	if _, err := os.Stat(vote); err == nil {
		b.Skip("association-9 already voted for", r.ID)
	}
	os.MkdirAll(filepath.Dir(vote), 0o755)
	if err := os.WriteFile(vote, []byte("name: Bench\nemail: bench@example.org\ndate: 2026-11-29\nneed: useful\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	defer os.Remove(vote)
	next, err := catalogue.Update(prev, os.DirFS(dir), []string{root})
	if err != nil {
		b.Fatal(err)
	}
	_, copied, encoded, err := catalogue.PatchCounted(next, snap, prev)
	if err != nil {
		b.Fatal(err)
	}
	_, hays, rows, err := catalogue.PatchListsCounted(next, snap, prev)
	if err != nil {
		b.Fatal(err)
	}
	var tp, tm time.Duration
	for b.Loop() {
		t0 := time.Now()
		p, err := next.PatchSnapshot(snap, prev)
		t1 := time.Now()
		m, err2 := next.MarshalBinary()
		tp += t1.Sub(t0)
		tm += time.Since(t1)
		if err != nil || err2 != nil || len(p) != len(m) {
			b.Fatal(err, err2, len(p), len(m))
		}
	}
	b.ReportMetric(float64(tp.Nanoseconds())/float64(b.N), "patch-ns/op")
	b.ReportMetric(float64(tm.Nanoseconds())/float64(b.N), "marshal-ns/op")
	b.ReportMetric(float64(tp)/float64(tm), "patch/marshal")
	b.ReportMetric(float64(encoded), "records-encoded")
	b.ReportMetric(float64(copied), "records-copied")
	b.ReportMetric(float64(hays), "haystacks-copied")
	b.ReportMetric(float64(rows), "rows-copied")
}
