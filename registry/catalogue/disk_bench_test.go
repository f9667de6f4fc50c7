//go:build linux

package catalogue

import (
	"io/fs"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/gpso/codal/registry/registrytest"
)

// BenchmarkLoadDiskVsFS is the cold load codal lint does (Load of a folder
// of the disk), through the disk reader, beside the same load through
// fs.FS (os.DirFS's files and listings, as before the disk reader) in the
// same loop, each in turn first: it reports disk-ns/op, fs-ns/op and their ratio. The registry
// is CODAL_SCALE_WORK when set (only read: /tmp/codal-bench/n10000-seed1/work,
// or the 100,000-entry one), else a generated one of 2,000 entries.
//
//	CODAL_SCALE_WORK=/tmp/codal-bench/n10000-seed1/work go test ./registry/catalogue -run '^$' -bench LoadDiskVsFS -benchtime 4x
func BenchmarkLoadDiskVsFS(b *testing.B) {
	dir := os.Getenv("CODAL_SCALE_WORK")
	if dir == "" {
		dir = b.TempDir()
		if err := registrytest.Generate(dir, registrytest.Scale(2000), 1); err != nil {
			b.Fatal(err)
		}
	}
	var disk, plain, diskCPU, plainCPU time.Duration
	load := func(fsys fs.FS, wall, cpu *time.Duration) {
		t0, c0 := time.Now(), cpuTime()
		c, err := Load(fsys)
		*wall, *cpu = *wall+time.Since(t0), *cpu+cpuTime()-c0
		if err != nil || len(c.Problems) > 0 {
			b.Fatal(err, c.Problems)
		}
	}
	i := 0
	for b.Loop() {
		// in turn first and second: the first load of a process grows
		// the heap from nothing, the second finds the caches warm
		if i%2 == 0 {
			load(os.DirFS(dir), &disk, &diskCPU)
			load(plainFS{os.DirFS(dir)}, &plain, &plainCPU)
		} else {
			load(plainFS{os.DirFS(dir)}, &plain, &plainCPU)
			load(os.DirFS(dir), &disk, &diskCPU)
		}
		i++
	}
	n := float64(b.N)
	b.ReportMetric(float64(disk.Nanoseconds())/n, "disk-ns/op")
	b.ReportMetric(float64(plain.Nanoseconds())/n, "fs-ns/op")
	b.ReportMetric(float64(disk)/float64(plain), "disk/fs")
	b.ReportMetric(float64(diskCPU.Nanoseconds())/n, "disk-cpu-ns/op")
	b.ReportMetric(float64(plainCPU.Nanoseconds())/n, "fs-cpu-ns/op")
	b.ReportMetric(float64(diskCPU)/float64(plainCPU), "cpu-disk/fs")
}

// cpuTime is the process's CPU time so far, user and system (the machine
// is shared: wall time swings with the load, CPU time much less).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
