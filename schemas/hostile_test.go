package schemas

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"github.com/gpso/codal/i18n"
)

// Hostile inputs: what a file handed to codal schema validate by anyone may
// hold. Fixtures are built here, at test time.

// A pattern that only the backtracking engine runs (a lookahead) and that
// backtracks catastrophically on a long run of "a" not followed by "b":
// the match gives up after patternTimeout. That is not "does not match".
func TestPatternTimeoutIsItsOwnError(t *testing.T) {
	v := compileJSON(t, `{"fields": [{"name": "code", "type": "string", "constraints": {"pattern": "(?=a)(a|aa)+b"}}]}`)
	if v.fields[0].pat.re2 == nil {
		t.Fatal("the pattern should go to the backtracking engine")
	}
	cell := strings.Repeat("a", 40)
	start := time.Now()
	rep, err := v.Validate(strings.NewReader("code\naab\n"+cell+"\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("validation took %v: the timeout did not stop the match", took)
	}
	if rep.Valid() || rep.ErrorCount != 1 || rep.Counts["pattern-timeout"] != 1 || rep.Counts["constraint-error"] != 0 {
		t.Fatalf("report: %v %v", codes(rep), rep.Counts)
	}
	e := rep.Errors[0]
	if e.Code != "pattern-timeout" || e.Row != 3 || e.Column != 1 || e.Field != "code" || e.Value != cell {
		t.Errorf("error: %+v", e)
	}
	wantEN := `the pattern (?=a)(a|aa)+b could not be checked: matching took longer than 200 ms on "` + cell + `"`
	wantFR := `motif (?=a)(a|aa)+b non vérifiable : sa recherche a dépassé 200 ms sur « ` + cell + ` »`
	if got := e.Message(i18n.EN); got != wantEN {
		t.Errorf("EN message:\n got %s\nwant %s", got, wantEN)
	}
	if got := e.Message(i18n.FR); got != wantFR {
		t.Errorf("FR message:\n got %s\nwant %s", got, wantFR)
	}
	if s := rep.Summary(i18n.EN); !strings.HasPrefix(s, "invalid: 1 error in 2 rows (pattern-timeout 1)") {
		t.Errorf("summary: %s", s)
	}
}

// Classic Mac line endings (CR alone) are rows, as frictionless reads them:
// the same file with LF, CRLF or CR gives the same report, whatever the
// sizes of the reads (a CR at the end of one read, its LF at the start of
// the next).
func TestCROnlyLineEndingsAreRows(t *testing.T) {
	v := compileJSON(t, `{"fields": [
		{"name": "id", "type": "integer", "constraints": {"unique": true}},
		{"name": "nom", "type": "string", "constraints": {"required": true}}]}`)
	lf := "id;nom\n1;Issy\n\n2;\"Vanves\nsud\"\nx;Meudon\n1;Sèvres\n"
	report := func(t *testing.T, r io.Reader) string {
		t.Helper()
		rep, err := v.Validate(r, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "rows %d delim %s enc %s:", rep.Rows, rep.Delimiter, rep.Encoding)
		for _, e := range rep.Errors {
			fmt.Fprintf(&b, " %d:%d:%s:%q", e.Row, e.Column, e.Code, e.Value)
		}
		return b.String()
	}
	want := "rows 5 delim ; enc utf-8: 3:0:blank-row:\"\" 5:1:type-error:\"x\" 6:1:unique-error:\"1\""
	if got := report(t, strings.NewReader(lf)); got != want {
		t.Fatalf("LF file:\n got %s\nwant %s", got, want)
	}
	for name, content := range map[string]string{
		"CRLF":                  strings.ReplaceAll(lf, "\n", "\r\n"),
		"CR":                    strings.ReplaceAll(lf, "\n", "\r"),
		"CR, no final line end": strings.TrimSuffix(strings.ReplaceAll(lf, "\n", "\r"), "\r"),
		"CR and LF mixed":       strings.Replace(strings.ReplaceAll(lf, "\n", "\r"), "\r", "\n", 2),
	} {
		if got := report(t, strings.NewReader(content)); got != want {
			t.Errorf("%s file:\n got %s\nwant %s", name, got, want)
		}
		if got := report(t, iotest.OneByteReader(strings.NewReader(content))); got != want {
			t.Errorf("%s file read a byte at a time:\n got %s\nwant %s", name, got, want)
		}
	}
	// The separator sniffer stops at a CR too: a tab-separated CR-only file.
	rep, err := v.Validate(strings.NewReader("id\tnom\r1\tIssy, Seine\r"), Options{})
	if err != nil || !rep.Valid() || rep.Rows != 1 || rep.Delimiter != `\t` {
		t.Errorf("tab, CR: %v %+v", err, rep)
	}
	// Windows-1252 (as a Mac export detected as such) with CR alone.
	rep, err = v.Validate(strings.NewReader("id;nom\r1;S\xe8vres\r2;Meudon\r"), Options{})
	if err != nil || !rep.Valid() || rep.Rows != 2 || rep.Encoding != EncWindows1252 {
		t.Errorf("windows-1252, CR: %v %+v", err, rep)
	}
}

// A header made of one 8 MB cell: the human table cuts the field name (and
// every message), so that no row is padded to megabytes; the JSON report
// keeps the full values.
func TestHugeLabelTableIsBounded(t *testing.T) {
	v := compileJSON(t, `{"fields": [{"name": "code", "type": "string", "constraints": {"required": true}}, {"name": "montant", "type": "number"}]}`)
	label := "\x1b[2J\x07" + strings.Repeat("é", 4<<20)
	rep, err := v.Validate(strings.NewReader(label+"\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(codes(rep), " "); got != "1:1:extra-label 1:0:missing-label 1:0:missing-label" {
		t.Fatalf("codes: %s", got)
	}
	table := rep.Table(i18n.EN)
	cut := `\x1b[2J\x07` + strings.Repeat("é", MaxFieldCell-5) + "…"
	if got := table[0][2]; got != cut {
		t.Errorf("field cell: %d characters, %q…", utf8.RuneCountInString(got), got[:min(len(got), 40)])
	}
	wantMsg := `column "` + cut + `" is not in the schema`
	if got := table[0][4]; got != wantMsg {
		t.Errorf("message cell: %d characters, want %d", utf8.RuneCountInString(got), utf8.RuneCountInString(wantMsg))
	}
	if want := []string{"1", "", "code", "missing-label", `column "code" missing from the header (its values are required)`}; strings.Join(table[1], "|") != strings.Join(want, "|") {
		t.Errorf("row 2: %q", table[1])
	}
	for _, row := range table {
		for _, c := range row {
			if utf8.RuneCountInString(c) > MaxMessageCell {
				t.Errorf("cell of %d characters", utf8.RuneCountInString(c))
			}
		}
	}
	j := rep.JSON(i18n.EN)
	if j.Errors[0].Field != label || j.Errors[0].Value != label {
		t.Errorf("JSON field %d bytes, value %d bytes; want the full %d", len(j.Errors[0].Field), len(j.Errors[0].Value), len(label))
	}

	// A message is cut at MaxMessageCell characters: a schema's own long
	// pattern, quoted in the message of every cell that misses it.
	long := strings.Repeat("a", 3000)
	v = compileJSON(t, `{"fields": [{"name": "c", "type": "string", "constraints": {"pattern": "`+long+`"}}]}`)
	rep, err = v.Validate(strings.NewReader("c\nb\n"), Options{})
	if err != nil || rep.ErrorCount != 1 {
		t.Fatal(err, codes(rep))
	}
	msg := rep.Table(i18n.EN)[0][4]
	if utf8.RuneCountInString(msg) != MaxMessageCell || !strings.HasPrefix(msg, "value does not match the pattern aaa") || !strings.HasSuffix(msg, "a…") {
		t.Errorf("long message: %d characters, ends %q", utf8.RuneCountInString(msg), msg[len(msg)-10:])
	}
	if full := rep.JSON(i18n.EN).Errors[0].Message; full != `value does not match the pattern `+long+`: "b"` {
		t.Errorf("JSON message cut: %d bytes", len(full))
	}
}

func TestCutRunes(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"", 3, ""}, {"abc", 3, "abc"}, {"abcd", 3, "ab…"}, {"ééé", 3, "ééé"}, {"éééé", 3, "éé…"}, {"a€", 2, "a€"}, {"a€b", 2, "a…"},
	} {
		if got := cutRunes(c.s, c.n); got != c.want {
			t.Errorf("cutRunes(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}
