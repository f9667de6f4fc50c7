package schemas

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/schemas/schemastest"
)

// The national-size case: 26 million rows (the size of the national
// address base) read from standard input, generated on the fly into a
// pipe, never on disk. A child process (this test binary again) validates
// its standard input and reports its peak resident memory (VmHWM); the
// same run reads the same stream with encoding/csv alone in another child,
// the baseline. Long: CODAL_LONG_TESTS=1.

// streamRows is the national address base's size.
const streamRows = 26_000_000

// streamMaxRSS is the memory budget of a streaming validation without
// unique or primaryKey.
const streamMaxRSS = 200 << 20

func longTests() bool { return os.Getenv("CODAL_LONG_TESTS") == "1" }

// TestStreamChild is the child process: it does nothing unless
// CODAL_STREAM_CHILD says what to do with standard input ("validate" or
// "bare"), then prints "rows valid vmhwm-bytes".
func TestStreamChild(t *testing.T) {
	mode := os.Getenv("CODAL_STREAM_CHILD")
	if mode == "" {
		t.Skip("child process of TestStreamStdin26M")
	}
	rows, valid := 0, true
	switch mode {
	case "validate":
		v := compileTestdata(t, "scdl__subventions__schema.json")
		rep, err := v.Validate(os.Stdin, Options{})
		if err != nil {
			t.Fatal(err)
		}
		rows, valid = rep.Rows, rep.Valid()
	case "bare":
		n, err := schemastest.BareRead(os.Stdin)
		if err != nil {
			t.Fatal(err)
		}
		rows = n - 1
	}
	fmt.Printf("%d %v %d\n", rows, valid, vmHWM(t))
}

// vmHWM is the process's peak resident memory, from /proc/self/status.
func vmHWM(t testing.TB) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Skip("no VmHWM in /proc/self/status")
	return 0
}

// streamChild runs the child in mode on rows generated rows piped to its
// standard input; it returns what the child printed and the wall time.
func streamChild(tb testing.TB, mode string, rows int64) (gotRows int64, valid bool, peak int64, wall time.Duration) {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestStreamChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CODAL_STREAM_CHILD="+mode)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	var out strings.Builder
	cmd.Stdout = &out
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	werr := schemastest.SubventionsStream(in, rows)
	in.Close()
	if err := cmd.Wait(); err != nil {
		tb.Fatalf("child %s: %v\n%s", mode, err, out.String())
	}
	wall = time.Since(t0)
	if werr != nil {
		tb.Fatalf("writing to the child: %v", werr)
	}
	if _, err := fmt.Sscanf(out.String(), "%d %t %d", &gotRows, &valid, &peak); err != nil {
		tb.Fatalf("child %s printed %q: %v", mode, out.String(), err)
	}
	return gotRows, valid, peak, wall
}

// TestStreamStdin26M validates 26 million generated rows from a pipe and
// holds the child's peak resident memory to 200 MB.
//
//	CODAL_LONG_TESTS=1 go test ./schemas -run TestStreamStdin26M -v
func TestStreamStdin26M(t *testing.T) {
	if !longTests() {
		t.Skip("26 million rows: CODAL_LONG_TESTS=1")
	}
	rows, valid, peak, wall := streamChild(t, "validate", streamRows)
	if rows != streamRows || !valid {
		t.Fatalf("%d rows, valid %v", rows, valid)
	}
	t.Logf("%d rows in %v (%.0f rows/s), peak RSS %.1f MB", rows, wall.Round(time.Millisecond), float64(rows)/wall.Seconds(), float64(peak)/(1<<20))
	if peak > streamMaxRSS {
		t.Fatalf("peak RSS %.1f MB, over %d MB", float64(peak)/(1<<20), streamMaxRSS>>20)
	}
}

// BenchmarkStreamStdin26M is the national-size case's figures: the
// validating child's wall time, rows/s and peak RSS, beside a bare
// encoding/csv read of the same stream in the same run (x-bare: the ratio
// of wall times).
//
//	CODAL_LONG_TESTS=1 go test ./schemas -run '^$' -bench StreamStdin26M -benchtime 1x
func BenchmarkStreamStdin26M(b *testing.B) {
	if !longTests() {
		b.Skip("26 million rows: CODAL_LONG_TESTS=1")
	}
	var tVal, tBare time.Duration
	var peak, barePeak int64
	for i := 0; i < b.N; i++ {
		_, _, bp, wb := streamChild(b, "bare", streamRows)
		rows, valid, p, wv := streamChild(b, "validate", streamRows)
		if rows != streamRows || !valid {
			b.Fatalf("%d rows, valid %v", rows, valid)
		}
		tVal += wv
		tBare += wb
		peak, barePeak = max(peak, p), max(barePeak, bp)
	}
	b.ReportMetric(float64(streamRows*b.N)/tVal.Seconds(), "rows/s")
	b.ReportMetric(float64(streamRows*b.N)/tBare.Seconds(), "bare-rows/s")
	b.ReportMetric(tVal.Seconds()/tBare.Seconds(), "x-bare")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
	b.ReportMetric(float64(barePeak)/(1<<20), "bare-peak-MB")
}
