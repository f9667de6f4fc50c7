package schemas

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/gpso/codal/schemas/schemastest"
)

// writeSubventions writes n rows shaped like an SCDL subventions file (16
// columns, ";", UTF-8, accents, one attributing body, varied beneficiaries,
// amounts and dates), every row valid: schemastest.Subventions.
func writeSubventions(tb testing.TB, path string, n int) int64 {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	size, err := schemastest.Subventions(f, n)
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		tb.Fatal(err)
	}
	return size
}

// bareRead reads the file with encoding/csv alone, as fast as it goes: the
// baseline the validator is compared with.
func bareRead(tb testing.TB, path string) int {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReaderSize(f, sniffSize))
	cr.Comma = ';'
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	n := 0
	for {
		_, err := cr.Read()
		if err == io.EOF {
			return n
		}
		if err != nil {
			tb.Fatal(err)
		}
		n++
	}
}

// BenchmarkValidateSubventions1M validates a generated 1,000,000-row
// subventions file, sequentially (Workers 1) and in parallel (Workers 0:
// one per core), and, in the same run, reads it with a bare encoding/csv
// loop. It reports rows/s of both and their ratio (x-bare: validation time
// over bare read time). ns/op and allocs/op are the validation's alone.
//
//	go test ./schemas -run '^$' -bench Subventions1M -benchtime 3x
func BenchmarkValidateSubventions1M(b *testing.B) {
	const rows = 1_000_000
	path := filepath.Join(b.TempDir(), "subventions-1M.csv")
	size := writeSubventions(b, path, rows)
	v := compileTestdata(b, "scdl__subventions__schema.json")
	for _, mode := range []struct {
		name    string
		workers int
	}{{"sequential", 1}, {"parallel", 0}} {
		b.Run(mode.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			var tVal, tBare time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				t0 := time.Now()
				if n := bareRead(b, path); n != rows+1 {
					b.Fatalf("bare read %d records", n)
				}
				tBare += time.Since(t0)
				f, err := os.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				t1 := time.Now()
				rep, err := v.Validate(f, Options{Workers: mode.workers})
				tVal += time.Since(t1)
				b.StopTimer()
				f.Close()
				if err != nil || rep.Rows != rows || !rep.Valid() {
					b.Fatalf("rows %d, err %v, errors %v", rep.Rows, err, firstLines(rep, 5))
				}
				b.StartTimer()
			}
			b.StopTimer()
			b.ReportMetric(float64(rows*b.N)/tVal.Seconds(), "rows/s")
			b.ReportMetric(float64(rows*b.N)/tBare.Seconds(), "bare-rows/s")
			b.ReportMetric(tVal.Seconds()/tBare.Seconds(), "x-bare")
		})
	}
}

// BenchmarkValidateRow measures one valid subventions row, for profiling.
func BenchmarkValidateRows(b *testing.B) {
	path := filepath.Join(b.TempDir(), "subventions-20k.csv")
	writeSubventions(b, path, 20_000)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	v := compileTestdata(b, "scdl__subventions__schema.json")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := v.Validate(bytesReader(data), Options{})
		if err != nil || !rep.Valid() {
			b.Fatal(err, firstLines(rep, 5))
		}
	}
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

func firstLines(rep *Report, n int) []string {
	if rep == nil {
		return nil
	}
	l := lines(rep, "en")
	return l[:min(n, len(l))]
}

// BenchmarkKeyIndexCost measures what unique and primaryKey cost per
// distinct value: the live heap of a sequencer's set after n distinct keys
// (bytes-per-value), the sets being what a streaming validation keeps.
//
//	go test ./schemas -run '^$' -bench KeyIndexCost -benchtime 1x
func BenchmarkKeyIndexCost(b *testing.B) {
	const n = 1 << 20
	v := compileJSON(b, `{"fields": [{"name": "id", "type": "integer", "constraints": {"unique": true}}]}`)
	sh := &shape{labels: []string{"id"}, colField: []int{0}, fieldCol: []int{0}}
	for i := 0; i < b.N; i++ {
		sq := newSequencer(v, sh, &Report{Counts: map[string]int{}}, 1, ';')
		batch := make([]finding, 4096)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for k := 0; k < n; k += len(batch) {
			for j := range batch {
				batch[j] = finding{kind: findUnique, key: uniqueKey{uint64(k + j), 1}, err: CSVError{Row: k + j + 2}}
			}
			sq.apply(batch, 0)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		if sq.rep.ErrorCount != 0 || len(sq.seen[0]) != n {
			b.Fatalf("%d errors, %d keys", sq.rep.ErrorCount, len(sq.seen[0]))
		}
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "bytes-per-value")
		runtime.KeepAlive(sq)
	}
}
