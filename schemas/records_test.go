package schemas

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"
)

// readAllRecords reads content with records over a read buffer of size
// bytes and returns each record with the line of each cell.
func readAllRecords(t *testing.T, content string, size int, comma rune) (out []string, long int) {
	t.Helper()
	recs := newRecords(bufio.NewReaderSize(strings.NewReader(content), size), comma)
	for {
		rec, err := recs.read()
		if err == io.EOF {
			return out, long
		}
		if err != nil {
			t.Fatal(err)
		}
		if recs.long {
			long++
		}
		var b strings.Builder
		for i, c := range rec {
			fmt.Fprintf(&b, "%d:%q ", recs.line(i), c)
		}
		fmt.Fprintf(&b, "end %d", recs.end)
		out = append(out, b.String())
	}
}

// readAllCSV is the same with encoding/csv alone.
func readAllCSV(t *testing.T, content string, comma rune) []string {
	t.Helper()
	cr := csv.NewReader(strings.NewReader(content))
	cr.Comma = comma
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	var out []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, c := range rec {
			l, _ := cr.FieldPos(i)
			fmt.Fprintf(&b, "%d:%q ", l, c)
		}
		last := len(rec) - 1
		l, _ := cr.FieldPos(last)
		fmt.Fprintf(&b, "end %d", l+strings.Count(rec[last], "\n"))
		out = append(out, b.String())
	}
}

// Records whose first line is longer than the read buffer are read by
// readLong: the cells and the line of each cell are encoding/csv's, on
// random files made of separators, quotes, line breaks and accents, read
// through a 4 KiB buffer (most records go the long way) and a 64 KiB one
// (none do).
func TestLongRecordsReadAsEncodingCSV(t *testing.T) {
	pieces := []string{"a", "bc", "é", ",", ";", `"`, `""`, "\n", "\r\n", "\n\n", " ", "xxxxxxxxxxxxxxxxxxxxxxxx", "€", strings.Repeat("y", 2500)}
	r := rand.New(rand.NewSource(9))
	longSeen := 0
	for i := 0; i < 1500; i++ {
		var b strings.Builder
		for j := r.Intn(30); j > 0; j-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		content := b.String()
		for _, comma := range []rune{',', ';', '€'} {
			want := readAllCSV(t, content, comma)
			got, long := readAllRecords(t, content, 4096, comma)
			longSeen += long
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("%q, separator %q:\n got %q\nwant %q", content, comma, got, want)
			}
			if got, _ := readAllRecords(t, content, 64<<10, comma); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("%q, separator %q, 64 KiB buffer:\n got %q\nwant %q", content, comma, got, want)
			}
		}
	}
	t.Logf("%d records went the long way", longSeen)
	if longSeen < 300 {
		t.Errorf("only %d records went the long way", longSeen)
	}
}

// FuzzLongRecords checks readLong against encoding/csv on any input, most
// records going the long way (a 4 KiB buffer, long runs of "y" added).
//
//	go test ./schemas -run '^$' -fuzz FuzzLongRecords -fuzztime 30s
func FuzzLongRecords(f *testing.F) {
	for _, seed := range []string{"a,b\n1,2\n", `"a""b",c` + "\r\n\n", "\"x\ny\"z,\"", "a;b\r", "\"\r", "é€,\"€\"\"\r\n"} {
		f.Add(seed, uint16(5000))
	}
	f.Fuzz(func(t *testing.T, content string, pad uint16) {
		if i := len(content) / 2; pad > 4096 {
			content = content[:i] + strings.Repeat("y", int(pad)) + content[i:]
		}
		for _, comma := range []rune{',', ';', '€'} {
			want := readAllCSV(t, content, comma)
			got, _ := readAllRecords(t, content, 4096, comma)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("%q, separator %q:\n got %q\nwant %q", content, comma, got, want)
			}
		}
	})
}
