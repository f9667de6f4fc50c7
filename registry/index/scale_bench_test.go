package index_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
	"github.com/gpso/codal/registry/registrytest"
)

// The index's scale benchmarks (docs/scale.md), each beside its anchor in
// the same loop:
//
//	go test ./registry/index -run '^$' -bench Scale -benchtime 5x
//	CODAL_SCALE_WORK=/tmp/codal-bench/n10000-seed1/work go test ./registry/index -run '^$' -bench Scale
//
// CODAL_SCALE_WORK names an existing registry (a Git work tree), only read:
// the index is written in a temporary folder (a copy of CODAL_SCALE_INDEX,
// an index file codal built for that registry, when set). Without it, a registry of
// CODAL_SCALE_N entries (10,000 by default) is generated once per process.

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

func benchRegistry(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		if d := os.Getenv("CODAL_SCALE_WORK"); d != "" {
			benchDir = d
			return
		}
		n := 10000
		if s := os.Getenv("CODAL_SCALE_N"); s != "" {
			if n, benchErr = strconv.Atoi(s); benchErr != nil {
				return
			}
		}
		tmp, err := os.MkdirTemp("", "codal-index-scale-")
		if err != nil {
			benchErr = err
			return
		}
		benchDir = filepath.Join(tmp, "work")
		if benchErr = registrytest.Generate(benchDir, registrytest.Scale(n), 1); benchErr != nil {
			return
		}
		_, benchErr = registrytest.CommitAll(benchDir, fmt.Sprintf("%d entrées", n))
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

// warmRegistry opens the registry with a fresh index, built once.
func warmRegistry(b *testing.B) *registry.Registry {
	dir := benchRegistry(b)
	r, err := registry.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	r.IndexPath = filepath.Join(b.TempDir(), "index")
	if from := os.Getenv("CODAL_SCALE_INDEX"); from != "" {
		// an index built beforehand for this registry (codal's cache file):
		// copied, so the benchmark starts warm without a full load
		data, err := os.ReadFile(from)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(r.IndexPath, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := r.Catalogue(); err != nil {
		b.Fatal(err)
	}
	return r
}

// pair times codal's side and the anchor in each iteration and reports
// both and their ratio.
func pair(b *testing.B, name string, codal func() error, anchor func() error) {
	b.Helper()
	var tc, ta time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		if err := codal(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := anchor(); err != nil {
			b.Fatal(err)
		}
		tc += t1.Sub(t0)
		ta += time.Since(t1)
	}
	b.ReportMetric(float64(tc.Nanoseconds())/float64(b.N), "codal-ns/op")
	b.ReportMetric(float64(ta.Nanoseconds())/float64(b.N), name+"-ns/op")
	b.ReportMetric(float64(tc)/float64(ta), "codal/"+name)
}

func gitRun(dir string, args ...string) func() error {
	return func() error {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		return cmd.Run()
	}
}

// BenchmarkScaleIndexView: what codal show requests/ID does once the index
// is warm (HEAD read, index read, that entry's files stat'ed, the entry
// looked up), beside git cat-file -p of its request.yaml (a process each).
func BenchmarkScaleIndexView(b *testing.B) {
	r := warmRegistry(b)
	pair(b, "catfile", func() error {
		v, err := r.View("requests/demande-0")
		if err == nil && v.Request("demande-0") == nil {
			err = fmt.Errorf("no demande-0")
		}
		return err
	}, gitRun(r.Dir(), "cat-file", "-p", "HEAD:requests/demande-0/request.yaml"))
}

// BenchmarkScaleIndexCatalogue: the whole catalogue from a warm index
// (list, the app), the whole stat check included, beside git status.
func BenchmarkScaleIndexCatalogue(b *testing.B) {
	r := warmRegistry(b)
	pair(b, "gitstatus", func() error {
		_, err := r.Catalogue()
		return err
	}, gitRun(r.Dir(), "status", "--porcelain"))
}

// BenchmarkScaleIndexStatCheck: the stat check of the whole work tree
// alone, beside git status (which does the same with .git/index).
func BenchmarkScaleIndexStatCheck(b *testing.B) {
	r := warmRegistry(b)
	f, err := index.Read(r.IndexPath)
	if err != nil {
		b.Fatal(err)
	}
	pair(b, "gitstatus", func() error {
		if ch, _ := f.Stats.Changed(r.Dir(), time.Now()); len(ch) != 0 {
			return fmt.Errorf("changed: %v", ch[:min(5, len(ch))])
		}
		return nil
	}, gitRun(r.Dir(), "status", "--porcelain"))
}

// BenchmarkScaleIndexCold: the first run (no index: scan, full load, index
// written) beside today's full load of the work tree.
func BenchmarkScaleIndexCold(b *testing.B) {
	r := warmRegistry(b)
	pair(b, "load", func() error {
		os.Remove(r.IndexPath)
		_, err := r.Catalogue()
		return err
	}, func() error {
		_, err := r.Load()
		return err
	})
}

// BenchmarkScaleIndexOpen: this package's part of a warm show, without the
// snapshot's decoding (the catalogue's): HEAD read, the index file mapped,
// its header checked, the entry's and registry.yaml's stat rows found by
// binary search and compared with the disk, the snapshot's blocks checked.
func BenchmarkScaleIndexOpen(b *testing.B) {
	r := warmRegistry(b)
	pair(b, "catfile", func() error {
		if _, err := r.Head(); err != nil {
			return err
		}
		return openInPlace(r)
	}, gitRun(r.Dir(), "cat-file", "-p", "HEAD:requests/demande-0/request.yaml"))
}

// openInPlace is what a View reads of the index file.
func openInPlace(r *registry.Registry) error {
	m, err := index.Open(r.IndexPath)
	if err != nil {
		return err
	}
	defer m.Close()
	ch, err := m.ChangedRoots(r.Dir(), time.Now(), []string{"requests/demande-0"})
	if err == nil && len(ch) != 0 {
		err = fmt.Errorf("changed: %v", ch)
	}
	if err == nil {
		_, err = m.Snapshot()
	}
	return err
}

// BenchmarkScaleIndexOpenVsRead: the index file opened in place (mapped,
// the entry's stat rows found by binary search, the snapshot's blocks
// checked) beside the way format 1 read it (the whole file read into the
// heap, checked, and the whole stat table decoded, then the entry's rows
// compared).
func BenchmarkScaleIndexOpenVsRead(b *testing.B) {
	r := warmRegistry(b)
	pair(b, "readall", func() error { return openInPlace(r) }, func() error {
		f, err := index.Read(r.IndexPath)
		if err != nil {
			return err
		}
		if ch := f.Stats.ChangedRoots(r.Dir(), time.Now(), []string{"requests/demande-0"}); len(ch) != 0 {
			return fmt.Errorf("changed: %v", ch)
		}
		return nil
	})
}

// BenchmarkScaleIndexStatLookup: finding the entry's stat rows by binary
// search in the mapped table, beside decoding the whole table first (both
// on an open index file, the entry's files stat'ed in each).
func BenchmarkScaleIndexStatLookup(b *testing.B) {
	r := warmRegistry(b)
	m, err := index.Open(r.IndexPath)
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	roots := []string{"requests/demande-0"}
	pair(b, "wholetable", func() error {
		_, err := m.ChangedRoots(r.Dir(), time.Now(), roots)
		return err
	}, func() error {
		t, err := m.Stats()
		if err == nil {
			t.ChangedRoots(r.Dir(), time.Now(), roots)
		}
		return err
	})
}

// BenchmarkScaleFirstScreen: what the app reads before its first full
// screen (tui.Previewer): the index's preview, the directory with its
// search texts and each kind's count; beside the whole catalogue through
// the index with its stat check (what the app read first before, and still
// reads in the background).
func BenchmarkScaleFirstScreen(b *testing.B) {
	r := warmRegistry(b)
	pair(b, "catalogue", func() error {
		p, err := r.Preview()
		if err != nil || p == nil {
			return fmt.Errorf("no preview: %v", err)
		}
		actors, err := p.Actors()
		if err != nil {
			return err
		}
		hay, err := p.Haystacks(catalogue.Actors)
		if err != nil || len(hay) != len(actors) {
			return fmt.Errorf("%d search texts for %d actors: %v", len(hay), len(actors), err)
		}
		n := 0
		for _, k := range catalogue.Kinds {
			n += p.Len(k)
		}
		if n == 0 {
			return fmt.Errorf("an empty preview")
		}
		return nil
	}, func() error {
		_, err := r.Catalogue()
		return err
	})
}

// BenchmarkScaleIndexStatCheckInPlace: the stat check as list and the app
// run it (Mapped.Changed: the mapped rows read in place, fstatat relative to
// the registry's folder), beside git status in the same loop
// (GIT_OPTIONAL_LOCKS=0: git does not rewrite .git/index, so the
// registry is only read).
func BenchmarkScaleIndexStatCheckInPlace(b *testing.B) {
	r := warmRegistry(b)
	m, err := index.Open(r.IndexPath)
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	b.Setenv("GIT_OPTIONAL_LOCKS", "0")
	pair(b, "gitstatus", func() error {
		ch, _, err := m.Changed(r.Dir(), time.Now())
		if err == nil && len(ch) != 0 {
			err = fmt.Errorf("changed: %v", ch[:min(5, len(ch))])
		}
		return err
	}, gitRun(r.Dir(), "status", "--porcelain"))
}

// BenchmarkScaleIndexLister: what codal list requests --query does once
// the index is warm (HEAD read, the whole stat check, the snapshot opened,
// the query's rows), beside git status.
func BenchmarkScaleIndexLister(b *testing.B) {
	r := warmRegistry(b)
	b.Setenv("GIT_OPTIONAL_LOCKS", "0")
	pair(b, "gitstatus", func() error {
		l, err := r.Lister()
		if err != nil {
			return err
		}
		rows, err := l.ListRequests([]string{"climat"})
		if err == nil && len(rows) == 0 {
			err = fmt.Errorf("no request for climat")
		}
		return err
	}, gitRun(r.Dir(), "status", "--porcelain"))
}

// runs times each of fns in turn in every iteration (the same minutes for
// all: the machine is noisy) and reports each one's time per op and each
// one's ratio to the last (the anchor).
func runs(b *testing.B, names []string, fns ...func() error) {
	b.Helper()
	total := make([]time.Duration, len(fns))
	b.ResetTimer()
	for range b.N {
		for i, f := range fns {
			t0 := time.Now()
			if err := f(); err != nil {
				b.Fatalf("%s: %v", names[i], err)
			}
			total[i] += time.Since(t0)
		}
	}
	last := len(fns) - 1
	for i := range fns {
		b.ReportMetric(float64(total[i].Nanoseconds())/float64(b.N), names[i]+"-ns/op")
		if i != last {
			b.ReportMetric(float64(total[i])/float64(total[last]), names[i]+"/"+names[last])
		}
	}
	if last >= 2 {
		b.ReportMetric(float64(total[1])/float64(total[0]), names[1]+"/"+names[0])
	}
}

// BenchmarkScaleIndexListerScoped: codal list requests --query once the
// index is warm, the stat check scoped to what a list of requests reads
// (Lister(catalogue.Requests): the requests, the directory, registry.yaml,
// the root), beside the whole check (Lister()) and git status in the same
// loop.
func BenchmarkScaleIndexListerScoped(b *testing.B) {
	r := warmRegistry(b)
	b.Setenv("GIT_OPTIONAL_LOCKS", "0")
	list := func(kinds ...catalogue.Kind) func() error {
		return func() error {
			l, err := r.Lister(kinds...)
			if err != nil {
				return err
			}
			rows, err := l.ListRequests([]string{"climat"})
			if err == nil && len(rows) == 0 {
				err = fmt.Errorf("no request for climat")
			}
			return err
		}
	}
	runs(b, []string{"whole", "scoped", "gitstatus"}, list(), list(catalogue.Requests), gitRun(r.Dir(), "status", "--porcelain"))
}

// BenchmarkScaleIndexStatCheckScoped: the in-place stat check alone, of
// what a list of each kind reads (Mapped.ChangedIn) beside the whole check
// (Mapped.Changed) in the same loop.
func BenchmarkScaleIndexStatCheckScoped(b *testing.B) {
	r := warmRegistry(b)
	m, err := index.Open(r.IndexPath)
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	check := func(kinds []catalogue.Kind) func() error {
		return func() error {
			ch, _, err := m.ChangedIn(r.Dir(), time.Now(), kinds)
			if err == nil && len(ch) != 0 {
				err = fmt.Errorf("changed: %v", ch[:min(5, len(ch))])
			}
			return err
		}
	}
	for _, k := range []catalogue.Kind{catalogue.Requests, catalogue.Snippets, catalogue.Actors} {
		b.Run(string(k), func(b *testing.B) {
			runs(b, []string{"scoped", "whole"}, check(catalogue.ListReads(k)), check(nil))
		})
	}
}
