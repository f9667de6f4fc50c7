package schemas

import (
	"bytes"
	"io"
	"math/rand"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/gpso/codal/i18n"
)

// Patterns of the corpus and a few harder ones, for the differential tests.
var testPatterns = []string{
	`^\d{14}$`, `^W\d{9}$`, `^([013-9]\d|2[AB1-9])\d{3}$`, `^([013-9]\d|2[AB1-9])\d{3}-P-\d{3}$`,
	`^[0-9]{4}\-[0-9]{2}\-[0-9]{2}(\/[0-9]{4}\-[0-9]{2}\-[0-9]{2})?$`, `^[0-9A-B]{5}-[0-9]{8}-[0-9]{3}`,
	`^[a-zA-Z0-9\-\'\s\d\u00C0-\u00FF]+$`, `^[A-Za-z\s\-\u00C0-\u00FF]+$`, `^[A-Za-z0-9_]+$`, `.*_[0-9]{4}_.*`,
	`^(\d+|N/A)$`, `^[\w.]+-[\w]+-\d{4}-\d{2}-\d{2}$`, `^(https?)://[^\s/$.?#].[^\s]*$`, `^\d\.\d{1,2}$`,
	`^[0-9]{4}(\/[0-9]{4})?$`, `^[A-Z]{2}[A-Z0-9]{4,33}$`, `a|b`, `x{,2}`, `(ab|a)(bc|c)?d*`, `a*a*a*b`,
	`[0-9]*[0-9]{3}`, `(a|ab)(c|bcd)`, `.?.?.?abc`, `(?i)abc`, `\bx`, `(a{2}){2}`, `^(MIC|PME|ETI|GE)(\|(MIC|PME|ETI|GE))*$`,
}

// TestFastPatternsAgreeWithRegexp checks the fast matcher against Go's
// regexp on the same translated pattern, for random cells built from the
// pattern's own characters.
func TestFastPatternsAgreeWithRegexp(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	alphabet := []rune("0123456789ABWPxabcd-_/.:|éÀ’ \n2AN")
	fastCount := 0
	for _, src := range testPatterns {
		p, err := compilePattern(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if p.re == nil {
			continue
		}
		if p.fast != nil {
			fastCount++
		}
		re := p.re
		cells := []string{"", "12345678901234", "W123456789", "92040", "2A004", "75114-P-001", "2024-01-02/2025-01-02",
			"2024-01-02", "abd", "abcd", "aaab", "1234", "N/A", "abcbcd", "xxabc", "éé-À"}
		for i := 0; i < 3000; i++ {
			n := r.Intn(24)
			var b strings.Builder
			for j := 0; j < n; j++ {
				b.WriteRune(alphabet[r.Intn(len(alphabet))])
			}
			cells = append(cells, b.String())
			if len(cells) > 2 {
				// Mutate a known-good cell too.
				base := []rune(cells[r.Intn(16)])
				if len(base) > 0 {
					base[r.Intn(len(base))] = alphabet[r.Intn(len(alphabet))]
				}
				cells = append(cells, string(base))
			}
		}
		for _, c := range cells {
			want := re.MatchString(c)
			if p.fast != nil {
				if got, decided := p.fast.match(c); decided && got != want {
					t.Errorf("%s on %q: fast %v, regexp %v", src, c, got, want)
				}
			}
		}
	}
	if fastCount < 12 {
		t.Errorf("only %d patterns use the fast matcher", fastCount)
	}
}

func TestPatternTranslation(t *testing.T) {
	for _, tt := range []struct{ py, goWant string }{
		{`\u00C0-\u00FF`, `À-ÿ`},
		{`[\’\«]`, `[’«]`},
		{`\d{3}`, `\p{Nd}{3}`},
		{`x{,3}`, `x{0,3}`},
		{`[[:a]`, `[\[:a]`},
		{`a\Z`, `a\z`},
		{`(?P<n>a)(?#note)b`, `(?P<n>a)b`},
	} {
		got, _, err := translatePyRegex(tt.py)
		if err != nil || got != tt.goWant {
			t.Errorf("%s: got %q %v, want %q", tt.py, got, err, tt.goWant)
		}
	}
	for _, bad := range []string{`[a-`, `\q`, `(?P=x`, `\u12`} {
		if _, err := compilePattern(bad); err == nil {
			t.Errorf("%s: want an error", bad)
		}
	}
	// Backreferences go to the backtracking engine.
	p, err := compilePattern(`(\d)\1`)
	if err != nil || p.re2 == nil || !p.matches("11") || p.matches("12") {
		t.Errorf("backreference: %v %+v", err, p)
	}
	// Python's "$" also matches before a final newline.
	p, _ = compilePattern(`\d{2}`)
	if !p.matches("12\n") || p.matches("12\n\n") {
		t.Error("final newline")
	}
}

func TestValidUTF8(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	pieces := [][]byte{[]byte("abcdefgh"), []byte("é"), []byte("€"), []byte("😀"), {0xff}, {0xc3}, {0xe2, 0x82}, []byte("Sèvres;réel\n")}
	for i := 0; i < 5000; i++ {
		var b []byte
		for j := r.Intn(12); j > 0; j-- {
			b = append(b, pieces[r.Intn(len(pieces))]...)
		}
		if validUTF8(b) != utf8.Valid(b) {
			t.Fatalf("%q: validUTF8 %v", b, validUTF8(b))
		}
	}
}

// TestUTF8FallbackChunks reads through the fallback decoder one byte at a
// time and in odd chunks: runes cut between reads must survive.
func TestUTF8FallbackChunks(t *testing.T) {
	text := strings.Repeat("Sèvres;réel;€;😀\n", 300)
	mixed := text + "Meudon;r\xe9el\n" + text
	want, _ := charmap.Windows1252.NewDecoder().String("Meudon;r\xe9el\n")
	for _, tt := range []struct {
		in, want string
		mixed    bool
	}{
		{text, text, false},
		{mixed, text + want + text, true},
	} {
		for _, wrap := range []func(io.Reader) io.Reader{iotest.OneByteReader, iotest.HalfReader, iotest.DataErrReader, func(r io.Reader) io.Reader { return r }} {
			u := &utf8Fallback{r: wrap(strings.NewReader(tt.in))}
			got, err := io.ReadAll(iotest.OneByteReader(u))
			if err != nil || string(got) != tt.want || u.mixed != tt.mixed {
				t.Errorf("got %d bytes, err %v, mixed %v", len(got), err, u.mixed)
			}
			u = &utf8Fallback{r: wrap(strings.NewReader(tt.in))}
			var buf bytes.Buffer
			if _, err := io.CopyBuffer(&buf, struct{ io.Reader }{u}, make([]byte, 13)); err != nil || buf.String() != tt.want {
				t.Errorf("13-byte buffer: %v, equal %v", err, buf.String() == tt.want)
			}
		}
	}
}

func TestNumberFastPathIsExact(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for i := 0; i < 200000; i++ {
		var s string
		switch i % 4 {
		case 0:
			s = strconv.FormatFloat(r.Float64()*1e6, 'f', r.Intn(8), 64)
		case 1:
			s = strconv.Itoa(r.Intn(1e9)) + "." + strconv.Itoa(r.Intn(1e6))
		case 2:
			s = "-" + strconv.FormatFloat(r.ExpFloat64(), 'f', -1, 64)
		default:
			s = "0." + strconv.Itoa(r.Intn(1e9))
		}
		v, ok := parseNumber(s, true, ".", "", false)
		want, err := strconv.ParseFloat(s, 64)
		if !ok || err != nil || v.f != want {
			t.Fatalf("%q: got %v %v, want %v", s, v.f, ok, want)
		}
	}
}

// FuzzValidate feeds arbitrary bytes to the CSV reader and the checks.
func FuzzValidate(f *testing.F) {
	f.Add([]byte("id;nom;date;montant;ok\n1;Sèvres;2024-03-31;12.5;oui\n"), uint8(0))
	f.Add([]byte("id,nom\n\"a\nb\",c\r\n,\n1,2,3\n\n"), uint8(1))
	f.Add([]byte("\xef\xbb\xbfid\tnom\n1\tr\xe9el\n"), uint8(2))
	f.Add([]byte("\"id\";\"nom\nx\n"), uint8(3))
	v := compileJSON(f, `{"fields": [{"name": "id", "type": "integer", "constraints": {"unique": true}},
		{"name": "nom", "constraints": {"pattern": "[A-ZÉa-zéè]+", "maxLength": 10}},
		{"name": "date", "type": "date", "format": "%d/%m/%Y"}, {"name": "montant", "type": "number", "constraints": {"minimum": 0}},
		{"name": "ok", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]}], "primaryKey": ["id", "nom"]}`)
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		opts := Options{MaxErrors: 20}
		switch mode % 4 {
		case 1:
			opts.Delimiter = ';'
		case 2:
			opts.Encoding = "windows-1252"
		case 3:
			opts.Encoding = "utf-8"
		}
		rep, err := v.Validate(bytes.NewReader(data), opts)
		if err != nil {
			t.Fatalf("Validate: %v", err)
		}
		if len(rep.Errors) > 20 || rep.ErrorCount < len(rep.Errors) || rep.Valid() != (rep.ErrorCount == 0) {
			t.Fatalf("inconsistent report: %d kept, %d total", len(rep.Errors), rep.ErrorCount)
		}
		sum := 0
		for _, n := range rep.Counts {
			sum += n
		}
		if sum != rep.ErrorCount {
			t.Fatalf("counts %v do not add up to %d", rep.Counts, rep.ErrorCount)
		}
		// a line ends with LF, CRLF or a lone CR (classic Mac files are rows)
		lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) - bytes.Count(data, []byte("\r\n"))
		for _, e := range rep.Errors {
			if e.Row < 1 || e.Row > rep.Rows+1+lines || e.Column < 0 {
				t.Fatalf("bad position %d:%d", e.Row, e.Column)
			}
			if e.Message(i18n.FR) == "" || e.Message(i18n.EN) == "" {
				t.Fatalf("empty message for %s", e.Code)
			}
		}
		_ = rep.Table(i18n.FR)
		_ = rep.Summary(i18n.EN)
	})
}

var _ = regexp.MustCompile

// matches is match without the timeout flag, for the tests above.
func (p *pattern) matches(s string) bool {
	ok, _ := p.match(s)
	return ok
}

// TestShowValueEscapesBidiInShortValues: a short cell holding a bidi
// override or a C1 control is escaped in a message, as a long one is.
func TestShowValueEscapesBidiInShortValues(t *testing.T) {
	for in, want := range map[string]string{
		"abc\u202edef": `abc\u202edef`,
		"x\u0085y":     `x\u0085y`,
		"Sèvres":       "Sèvres",
		"a\x1bb":       `a\x1bb`,
	} {
		if got := showValue(in); got != want {
			t.Errorf("showValue(%q) = %q, want %q", in, got, want)
		}
	}
}
