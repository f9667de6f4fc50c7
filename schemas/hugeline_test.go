package schemas

import (
	"encoding/csv"
	"io"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"
)

// lineReader yields one CSV line of n bytes: a single unquoted cell of
// "x", then "\n". It holds no buffer of its own, so that what a validation
// allocates is all the validation's.
type lineReader struct{ left int }

func (r *lineReader) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), r.left)
	for i := range n {
		p[i] = 'x'
	}
	r.left -= n
	if r.left == 0 {
		p[n-1] = '\n'
	}
	return n, nil
}

// hugeLineSchema has a few fields, none named like the huge header.
const hugeLineSchema = `{"fields": [{"name": "code", "type": "string"}, {"name": "montant", "type": "number"}]}`

// validateHugeLine validates a single-line file of n bytes (its header is
// one cell of n-1 bytes) and returns the bytes allocated meanwhile and the
// peak of the live heap seen by a sampler.
func validateHugeLine(tb testing.TB, v *Validator, n int) (allocated, peak uint64) {
	tb.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var top atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > base && v-base > top.Load() {
				top.Store(v - base)
			}
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Microsecond):
			}
		}
	}()
	rep, err := v.Validate(&lineReader{left: n}, Options{})
	close(stop)
	<-done
	runtime.ReadMemStats(&after)
	if err != nil {
		tb.Fatal(err)
	}
	if rep.Rows != 0 || rep.Counts["extra-label"] != 1 || rep.Counts["missing-label"] != 2 || len(rep.Errors[0].Field) != n-1 {
		tb.Fatalf("report: %v", codes(rep))
	}
	return after.TotalAlloc - before.TotalAlloc, top.Load()
}

// A single-line file of 16 MB: everything the validation allocates, its
// peak included, stays within 3 times the line.
func TestHugeLineMemoryIsBounded(t *testing.T) {
	v := compileJSON(t, hugeLineSchema)
	const n = 16 << 20
	allocated, peak := validateHugeLine(t, v, n)
	t.Logf("allocated %.2f× the line, live heap peak %.2f× (sampled)", float64(allocated)/n, float64(peak)/n)
	if allocated > 3*n {
		t.Errorf("allocated %d bytes for a %d-byte line: %.2f×, want ≤ 3×", allocated, n, float64(allocated)/n)
	}
}

// BenchmarkHugeLine validates a 100 MB single-line CSV (its header one cell)
// and reports the bytes allocated and the sampled live-heap peak as ratios
// to the line's size (alloc-x-line, peak-x-line), and, as a baseline in the
// same run, what encoding/csv alone allocates to read the line
// (csv-alloc-x-line).
//
//	go test ./schemas -run '^$' -bench HugeLine -benchtime 1x
func BenchmarkHugeLine(b *testing.B) {
	v := compileJSON(b, hugeLineSchema)
	const n = 100 << 20
	b.SetBytes(n)
	var allocated, peak uint64
	for i := 0; i < b.N; i++ {
		a, p := validateHugeLine(b, v, n)
		allocated += a
		peak = max(peak, p)
	}
	b.ReportMetric(float64(allocated)/float64(b.N)/n, "alloc-x-line")
	b.ReportMetric(float64(peak)/n, "peak-x-line")
	// The baseline, in the same run: encoding/csv alone reading the line.
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cr := csv.NewReader(&lineReader{left: n})
	cr.LazyQuotes = true
	if rec, err := cr.Read(); err != nil || len(rec[0]) != n-1 {
		b.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/n, "csv-alloc-x-line")
}
