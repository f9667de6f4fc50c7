package schemas

import (
	"bytes"
	"errors"
	"io"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// fuzzSchema is FuzzValidate's schema: unique, a two-field primary key,
// a pattern, a date format, bounds and booleans.
const fuzzSchema = `{"fields": [{"name": "id", "type": "integer", "constraints": {"unique": true}},
		{"name": "nom", "constraints": {"pattern": "[A-ZÉa-zéè]+", "maxLength": 10}},
		{"name": "date", "type": "date", "format": "%d/%m/%Y"}, {"name": "montant", "type": "number", "constraints": {"minimum": 0}},
		{"name": "ok", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]}], "primaryKey": ["id", "nom"]}`

// randomCSV makes a file that exercises what cuts records: quoted cells
// over several lines, "" and bare quotes, CRLF, lone CR, blank lines,
// short and long rows, duplicates, invalid values, and now and then a
// line longer than the chunks.
func randomCSV(r *rand.Rand) []byte {
	seps := []string{";", ",", "\t"}
	sep := seps[r.Intn(len(seps))]
	eols := []string{"\n", "\r\n", "\r"}
	eol := eols[r.Intn(len(eols))]
	cells := []string{"1", "2", "3", "42", "-7", "x", "Sèvres", "Issy", "Vanves", "", "", "31/12/2024", "2024-12-31", "30/02/2024",
		"12.5", "-1", "0", "oui", "non", "peut-être", `"a` + eol + `b"`, `"quoted ""twice"""`, `bare"quote`, `"x"y`, `"` + sep + `"`,
		`"multi` + eol + eol + `line"`, `"ends at eof`, "NA", " ", `""`}
	var b strings.Builder
	if r.Intn(8) == 0 {
		b.WriteString(eol)
	}
	header := []string{"id", "nom", "date", "montant", "ok"}
	r.Shuffle(len(header), func(i, j int) { header[i], header[j] = header[j], header[i] })
	if r.Intn(6) == 0 {
		header = append(header, "extra")
	}
	b.WriteString(strings.Join(header[:len(header)-r.Intn(2)], sep) + eol)
	rows := r.Intn(120)
	for i := 0; i < rows; i++ {
		switch r.Intn(25) {
		case 0:
			b.WriteString(eol)
			continue
		case 1:
			b.WriteString(strings.Repeat("long", 20+r.Intn(200)) + sep + "1" + eol)
			continue
		}
		n := 5 + r.Intn(3) - 1
		row := make([]string, n)
		for j := range row {
			row[j] = cells[r.Intn(len(cells))]
		}
		b.WriteString(strings.Join(row, sep))
		if i < rows-1 || r.Intn(2) == 0 {
			b.WriteString(eol)
		}
	}
	return []byte(b.String())
}

// sameReports validates data sequentially and in parallel (cut in chunks
// of chunk bytes) and fails unless both reports are identical.
func sameReports(t *testing.T, v *Validator, data []byte, opts Options, workers, chunk int) {
	t.Helper()
	sameReportsFrom(t, v, func() io.Reader { return bytes.NewReader(data) }, data, opts, workers, chunk)
}

// sameReportsFrom is sameReports on the readers input makes.
func sameReportsFrom(t *testing.T, v *Validator, input func() io.Reader, data []byte, opts Options, workers, chunk int) {
	t.Helper()
	seq := opts
	seq.Workers = 1
	par := opts
	par.Workers = workers
	par.chunkSize = chunk
	want, werr := v.Validate(input(), seq)
	got, gerr := v.Validate(input(), par)
	if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
		t.Fatalf("errors differ: sequential %v, parallel %v\ninput %q", werr, gerr, data)
	}
	if werr != nil {
		return
	}
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("reports differ (workers %d, chunk %d, max %d) on %q\nsequential: %d rows, %d errors %v\n\t%s\nparallel: %d rows, %d errors %v\n\t%s",
			workers, chunk, opts.MaxErrors, data, want.Rows, want.ErrorCount, want.Counts, strings.Join(lines(want, "en"), "\n\t"),
			got.Rows, got.ErrorCount, got.Counts, strings.Join(lines(got, "en"), "\n\t"))
	}
}

// TestParallelSameReport checks on random files that the parallel
// pipeline, whatever its chunk size and number of workers, gives the
// sequential run's report exactly: rows, errors and their order, the
// --max-errors cut, the counts.
func TestParallelSameReport(t *testing.T) {
	v := compileJSON(t, fuzzSchema)
	r := rand.New(rand.NewSource(15))
	for i := 0; i < 250; i++ {
		data := randomCSV(r)
		opts := Options{MaxErrors: []int{-1, 1, 7, 1000}[r.Intn(4)]}
		sameReports(t, v, data, opts, 2+r.Intn(3), 8+r.Intn(400))
		if i%5 == 0 {
			// The input breaks off: the same error, after the same rows.
			cut := r.Intn(len(data) + 1)
			broken := func() io.Reader {
				return io.MultiReader(bytes.NewReader(data[:cut]), iotest.ErrReader(errors.New("disque débranché")))
			}
			sameReportsFrom(t, v, broken, data[:cut], opts, 2+r.Intn(3), 8+r.Intn(400))
		}
	}
}

// TestParallelLargeFile checks a file of many chunks at the default size.
func TestParallelLargeFile(t *testing.T) {
	v := compileJSON(t, fuzzSchema)
	r := rand.New(rand.NewSource(4))
	var b bytes.Buffer
	for b.Len() < defaultChunkSize+defaultChunkSize/2 {
		if d := randomCSV(r); len(d) > 40 {
			b.Write(d[40:])
		}
	}
	data := append([]byte("id;nom;date;montant;ok\n"), b.Bytes()...)
	sameReports(t, v, data, Options{MaxErrors: 100}, 3, 0)
}

// FuzzParallelSameReport is TestParallelSameReport on any input:
//
//	go test ./schemas -run '^$' -fuzz FuzzParallelSameReport
func FuzzParallelSameReport(f *testing.F) {
	f.Add([]byte("id;nom;date;montant;ok\n1;Sèvres;2024-03-31;12.5;oui\n"), uint8(0), uint16(16))
	f.Add([]byte("id,nom\n\"a\nb\",c\r\n,\n1,2,3\n\n"), uint8(1), uint16(9))
	f.Add([]byte("\xef\xbb\xbfid\tnom\n1\tr\xe9el\n"), uint8(2), uint16(30))
	f.Add([]byte("\"id\";\"nom\nx\n"), uint8(3), uint16(5))
	f.Add([]byte("id;nom\n\"a\"b;c\"\n\"x\"\"\";\"y\"\r\n1;1\n1;1\n"), uint8(5), uint16(11))
	v := compileJSON(f, fuzzSchema)
	f.Fuzz(func(t *testing.T, data []byte, mode uint8, chunk uint16) {
		opts := Options{MaxErrors: []int{20, -1, 1, 3}[mode/4%4]}
		switch mode % 4 {
		case 1:
			opts.Delimiter = ';'
		case 2:
			opts.Encoding = "windows-1252"
		case 3:
			opts.Encoding = "utf-8"
		}
		sameReports(t, v, data, opts, 2+int(mode/16%3), 1+int(chunk%2048))
	})
}
