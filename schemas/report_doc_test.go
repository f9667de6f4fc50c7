package schemas

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gpso/codal/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with testdata/reports/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "reports", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./schemas -run Report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

// TestReportDocumentsGolden renders the Markdown and HTML reports, French and
// English, of a real SCDL subventions file with several error types
// (type-error, constraint-error, blank-row, missing-cell), listing at most
// 2 rows per type so that "and N more" shows.
func TestReportDocumentsGolden(t *testing.T) {
	v := compileTestdata(t, "scdl__subventions__schema.json")
	v.Schema().ID = "scdl-subventions" // its id in a registry
	rep := validateFile(t, v, "subventions-invalide.csv", Options{})
	if rep.Valid() || len(rep.Counts) < 4 {
		t.Fatalf("the file should have several error types: %v", rep.Counts)
	}
	for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
		info := DocInfo{File: "subventions-invalide.csv", SchemaTitle: v.Schema().Title, Lang: l, PerType: 2}
		var md, page bytes.Buffer
		if err := rep.Markdown(&md, info); err != nil {
			t.Fatal(err)
		}
		if err := rep.HTML(&page, info); err != nil {
			t.Fatal(err)
		}
		golden(t, "subventions."+string(l)+".md", md.Bytes())
		golden(t, "subventions."+string(l)+".html", page.Bytes())
	}
	valid := validateFile(t, v, "subventions-valide.csv", Options{})
	var md, page bytes.Buffer
	info := DocInfo{File: "subventions-valide.csv", Lang: i18n.FR}
	if err := valid.Markdown(&md, info); err != nil {
		t.Fatal(err)
	}
	if err := valid.HTML(&page, info); err != nil {
		t.Fatal(err)
	}
	golden(t, "valide.fr.md", md.Bytes())
	golden(t, "valide.fr.html", page.Bytes())
}

// TestReportDocumentsGroupByType checks the grouping: groups in document
// order, DefaultPerType rows at most, the count of those left out, and a
// type whose errors were all beyond --max-errors still counted.
func TestReportDocumentsGroupByType(t *testing.T) {
	s := &Schema{ID: "mini", Fields: []Field{{Name: "n", Type: "integer"}}}
	v, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	data := "n\n" + strings.Repeat("a\n", 25) + strings.Repeat("1,2,3\n", 3)
	rep := validateString(t, v, data, Options{MaxErrors: 25})
	got := rep.summarize(DocInfo{Lang: i18n.EN})
	var codes []string
	for _, g := range got.Groups {
		codes = append(codes, g.Code)
	}
	if strings.Join(codes, " ") != "extra-cell type-error" {
		t.Fatalf("groups %v", codes)
	}
	te, ec := got.Groups[1], got.Groups[0]
	if te.Count != 25 || len(te.Rows) != DefaultPerType || te.More != 5 || te.Rows[0].Row != "2" {
		t.Errorf("type-error group: count %d, %d rows, %d more", te.Count, len(te.Rows), te.More)
	}
	if ec.Count != 6 || len(ec.Rows) != 0 || ec.More != 6 || got.TruncatedNote == "" {
		t.Errorf("extra-cell group beyond the cap: %+v, note %q", ec, got.TruncatedNote)
	}
	var md bytes.Buffer
	if err := rep.Markdown(&md, DocInfo{Lang: i18n.EN}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"… and 5 more, not listed.", "6 errors of this type, not listed.", "Only the file's first 25 errors were kept"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
}

// TestReportDocumentsHostile feeds values an attacker could put in a file or
// a schema: HTML and script, Markdown table syntax, terminal escape
// sequences, a bidirectional override, line breaks, and a 1 MB cell. Both
// documents stay inert and small.
func TestReportDocumentsHostile(t *testing.T) {
	evil := "<script>alert(1)</script>|`x`\x1b[31m\u202e\r\n**b**"
	s := &Schema{ID: "mini<b>", Title: "T</title><script>x()</script>", Fields: []Field{
		{Name: "code", Type: "integer"}, {Name: "big", Type: "integer"}}}
	v, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("é", 1<<19) // 1 MB
	data := `code,big,"` + evil + `"` + "\n" + `"` + evil + `",` + big + ",x\n"
	rep := validateString(t, v, data, Options{})
	if rep.Counts["type-error"] != 2 || rep.Counts["extra-label"] != 1 {
		t.Fatalf("counts %v", rep.Counts)
	}
	info := DocInfo{File: "f<i>le\x1b]52;c;AAAA\x07.csv", SchemaTitle: s.Title, Lang: i18n.FR}
	var md, page bytes.Buffer
	if err := rep.Markdown(&md, info); err != nil {
		t.Fatal(err)
	}
	if err := rep.HTML(&page, info); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"markdown": md.String(), "html": page.String()} {
		if len(out) > 16<<10 {
			t.Errorf("%s: %d bytes for a 1 MB cell", name, len(out))
		}
		if i := strings.IndexFunc(out, func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f || r == 0x202e }); i >= 0 {
			t.Errorf("%s: control character %q at %d", name, out[i], i)
		}
	}
	if strings.Contains(page.String(), "<script") || strings.Contains(page.String(), "<b>") || strings.Contains(page.String(), "<i>") {
		t.Errorf("html: live HTML from the data:\n%s", page.String())
	}
	if regexp.MustCompile(`(^|[^\\])<`).MatchString(md.String()) {
		t.Errorf("markdown: live HTML from the data:\n%s", md.String())
	}
	// Markdown: every table line has exactly its 5 columns' pipes.
	for _, line := range strings.Split(md.String(), "\n") {
		if strings.HasPrefix(line, "| 2 |") {
			if n := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1)); n != 6 {
				t.Errorf("row with %d unescaped pipes: %s", n, line)
			}
			if strings.Contains(line, "**b**") || strings.Contains(line, "`x`") {
				t.Errorf("markdown syntax from the data is live: %s", line)
			}
		}
	}
	if !strings.Contains(md.String(), `\x1b`) || !strings.Contains(page.String(), `&lt;script&gt;`) || !strings.Contains(page.String(), "…") {
		t.Errorf("hostile values should be shown escaped and cut")
	}
}

// BenchmarkReportDocuments renders a report of 1,000 errors of 4 types as
// Markdown and HTML, next to the JSON encoding of the same report (the
// baseline, what --json costs) in the same run.
func BenchmarkReportDocuments(b *testing.B) {
	v, err := Compile(&Schema{ID: "mini", Fields: []Field{{Name: "n", Type: "integer"}, {Name: "d", Type: "date"}}})
	if err != nil {
		b.Fatal(err)
	}
	data := "n,d,x\n" + strings.Repeat("a,2024-13-01,1\n,,\n1,2,3,4\n", 250)
	rep, err := v.Validate(strings.NewReader(data), Options{})
	if err != nil || len(rep.Errors) != 1000 {
		b.Fatalf("%d errors, %v", len(rep.Errors), err)
	}
	info := DocInfo{File: "f.csv", Lang: i18n.FR}
	b.Run("json", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var w bytes.Buffer
			if err := json.NewEncoder(&w).Encode(rep.JSON(i18n.FR)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("md", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var w bytes.Buffer
			if err := rep.Markdown(&w, info); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("html", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var w bytes.Buffer
			if err := rep.HTML(&w, info); err != nil {
				b.Fatal(err)
			}
		}
	})
}
