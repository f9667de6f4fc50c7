//go:build unix

package registry

import (
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/gpso/codal/registry/catalogue"
)

// The cold path of issue #11 on a registry already on disk, so that a
// profile does not pay for generating one: CODAL_COLD_REGISTRY names a work
// tree (a Git repository, such as one written by codal-gen -git); the
// benchmarks are skipped without it.
//
//	CODAL_COLD_REGISTRY=/tmp/n10000/work go test ./registry -run '^$' -bench Cold -benchtime 3x
//
// Each reports codal's time, the anchor's (cat of every file, in the same
// loop) and their ratio; the processor time (user + system) each side used
// and their ratio, which a machine busy with other work disturbs less than
// the elapsed time; and the heap in use after a collection with the loaded
// catalogue still held (heap-MB).

const coldEnv = "CODAL_COLD_REGISTRY"

func coldRegistry(b *testing.B) *Registry {
	b.Helper()
	dir := os.Getenv(coldEnv)
	if dir == "" {
		b.Skip(coldEnv + " names no registry")
	}
	r, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	coldCat(b, dir) // warm the page cache
	return r
}

// coldCat is the anchor: git ls-files -z | xargs -0 cat >/dev/null.
func coldCat(b *testing.B, dir string) time.Duration {
	t0 := time.Now()
	cmd := exec.Command("sh", "-c", "git ls-files -z | xargs -0 cat >/dev/null")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("cat of every file: %v: %s", err, out)
	}
	return time.Since(t0)
}

func benchCold(b *testing.B, load func(r *Registry) (*catalogue.Catalogue, error)) {
	r := coldRegistry(b)
	var codal, anchor, codalCPU, anchorCPU time.Duration
	var heap uint64
	n := 0
	for b.Loop() {
		n++
		t0, cpu0 := time.Now(), cpuTime(syscall.RUSAGE_SELF)
		c, err := load(r)
		codal += time.Since(t0)
		codalCPU += cpuTime(syscall.RUSAGE_SELF) - cpu0
		if err != nil || len(c.Problems) > 0 {
			b.Fatal(err, c.Problems)
		}
		b.StopTimer()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		heap = max(heap, m.HeapInuse)
		runtime.KeepAlive(c)
		c = nil
		runtime.GC()
		b.StartTimer()
		cpu0 = cpuTime(syscall.RUSAGE_CHILDREN)
		anchor += coldCat(b, r.Dir())
		anchorCPU += cpuTime(syscall.RUSAGE_CHILDREN) - cpu0
	}
	b.ReportMetric(float64(codal.Nanoseconds())/float64(n), "codal-ns/op")
	b.ReportMetric(float64(anchor.Nanoseconds())/float64(n), "cat-ns/op")
	b.ReportMetric(float64(codal)/float64(anchor), "codal/cat")
	b.ReportMetric(codalCPU.Seconds()/float64(n), "codal-cpu-s/op")
	b.ReportMetric(anchorCPU.Seconds()/float64(n), "cat-cpu-s/op")
	b.ReportMetric(float64(codalCPU)/float64(anchorCPU), "cpu-codal/cat")
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
}

// cpuTime is the user and system time used by the process (RUSAGE_SELF) or
// by its waited-for children (RUSAGE_CHILDREN).
func cpuTime(who int) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(who, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkColdLoadWorkTree: Load of the work tree (codal lint's load).
func BenchmarkColdLoadWorkTree(b *testing.B) {
	benchCold(b, func(r *Registry) (*catalogue.Catalogue, error) { return r.Load() })
}

// BenchmarkColdLoadCommit: LoadCommit of HEAD, from Git objects.
func BenchmarkColdLoadCommit(b *testing.B) {
	benchCold(b, func(r *Registry) (*catalogue.Catalogue, error) {
		h, err := r.headHash()
		if err != nil {
			return nil, err
		}
		return r.loadCommit(h)
	})
}
