package site

import (
	"bytes"
	"encoding/csv"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/news"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// headDate is the fixed "HEAD commit date" of the test sites.
var headDate = time.Date(2026, 9, 1, 8, 30, 0, 0, time.UTC)

// memWriter keeps the written files.
type memWriter map[string][]byte

func (m memWriter) WriteFile(name string, data []byte) error {
	if _, dup := m[name]; dup {
		return fs.ErrExist
	}
	m[name] = bytes.Clone(data)
	return nil
}

// input loads a test registry of testdata as a site's input.
func input(t *testing.T, dir string, lang i18n.Lang) Input {
	t.Helper()
	root := filepath.Join("testdata", dir)
	if dir == "demo" {
		root = filepath.Join("..", "registry", "demo") // the demo registry's files, as codal init --demo writes them
	}
	fsys := os.DirFS(root)
	c, err := catalogue.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return Input{Catalogue: c, Head: headDate, Lang: lang, FeedID: "urn:codal:site:test",
		Code: func(name string) ([]byte, error) { return fs.ReadFile(fsys, name) },
		Data: []DataFile{{Name: "requests", JSON: []byte("[]\n")}}}
}

// build renders a test registry into memory.
func build(t *testing.T, dir string, lang i18n.Lang) memWriter {
	t.Helper()
	m := memWriter{}
	if err := Write(m, input(t, dir, lang)); err != nil {
		t.Fatal(err)
	}
	return m
}

// The board and one request page of a small fixed registry, byte for byte
// (go test ./site -run Golden -update rewrites them).
func TestGoldenPages(t *testing.T) {
	for _, tc := range []struct {
		lang       i18n.Lang
		page, gold string
	}{
		{i18n.FR, "index.html", "board.fr.html"},
		{i18n.FR, "requests/budget-climat.html", "request.fr.html"},
		{i18n.EN, "index.html", "board.en.html"},
	} {
		got := build(t, "mini", tc.lang)[tc.page]
		path := filepath.Join("testdata", "golden", tc.gold)
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s (%s) differs from %s:\n%s", tc.page, tc.lang, path, got)
		}
	}
}

// Same registry, same bytes: two renders are identical, file for file.
func TestDeterministic(t *testing.T) {
	a, b := build(t, "mini", i18n.FR), build(t, "mini", i18n.FR)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// Every date comes from Head: the generation date and the overdue column
// follow it, and nothing else changes the output.
func TestDatesFromHead(t *testing.T) {
	in := input(t, "mini", i18n.FR)
	m := memWriter{}
	if err := Write(m, in); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(m["index.html"]), `<time datetime="2026-09-01">2026-09-01</time>`) {
		t.Error("the footer does not date the site from HEAD")
	}
	in.Head = time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC)
	early := memWriter{}
	if err := Write(early, in); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(m["index.html"], early["index.html"]) {
		t.Error("the board does not depend on HEAD's date (overdue, generated on)")
	}
}

// The site has the pages, the stylesheet, the data, the CSV board, the
// feed and the marker; every internal link and fragment resolves to a
// written file and an element of it.
func TestLinksResolve(t *testing.T) {
	for _, dir := range []string{"mini", "hostile", "demo"} {
		m := build(t, dir, i18n.FR)
		want := []string{"index.html", "requests/budget-climat.html", "actors.html", "snippets.html", "schemas.html",
			"style.css", "data/requests.json", "board.csv", "feed.atom", MarkerFile}
		if dir == "demo" {
			want = append(want, "trainings.html", "tips.html")
		} else {
			want = append(want, "snippets/bonjour.html", "schemas/salles.html")
		}
		for _, want := range want {
			if m[want] == nil {
				t.Errorf("%s: %s not written", dir, want)
			}
		}
		for name, data := range m {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			for _, l := range links(t, data) {
				if l.external {
					continue
				}
				target, frag := resolve(name, l.href)
				if m[target] == nil {
					t.Errorf("%s: %s links to %s, not written", dir, name, l.href)
					continue
				}
				if frag != "" && !hasID(t, m[target], frag) {
					t.Errorf("%s: %s links to %s: no element with id %q", dir, name, l.href, frag)
				}
			}
		}
	}
}

// board.csv is the board as codal request rank --format csv writes it, and
// feed.atom parses as Atom.
func TestCSVAndFeedParse(t *testing.T) {
	m := build(t, "mini", i18n.FR)
	rows, err := csv.NewReader(bytes.NewReader(m["board.csv"])).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "rank" || rows[1][1] != "budget-climat" {
		t.Errorf("board.csv: %v %q", err, rows)
	}
	f, err := gofeed.NewParser().ParseString(string(m["feed.atom"]))
	if err != nil || f.FeedType != "atom" || f.Title != "Nouveautés — Mini registre" {
		t.Fatalf("feed.atom: %v %+v", err, f)
	}
	if f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(headDate) {
		t.Errorf("feed updated %v, want HEAD's date %v", f.UpdatedParsed, headDate)
	}

	// With a base URL, the feed links to the site, itself and each entry's
	// page (absolute: a feed reader has no base).
	in := input(t, "mini", i18n.FR)
	in.BaseURL = "https://gpso.github.io/registre-codal"
	in.News = []news.Item{{Kind: news.RequestFiled, Entry: "requests/arbres", Title: "Arbres", Commit: "abc", Date: headDate},
		{Kind: news.EntryRemoved, Entry: "snippets/gone", Title: "Parti", Commit: "abc", Seq: 1, Date: headDate}}
	m = memWriter{}
	if err := Write(m, in); err != nil {
		t.Fatal(err)
	}
	f, err = gofeed.NewParser().ParseString(string(m["feed.atom"]))
	if err != nil || len(f.Items) != 2 {
		t.Fatalf("feed.atom with a base URL: %v\n%s", err, m["feed.atom"])
	}
	if f.Link != "https://gpso.github.io/registre-codal/index.html" || f.FeedLink != "https://gpso.github.io/registre-codal/feed.atom" {
		t.Errorf("feed links %q %q", f.Link, f.FeedLink)
	}
	if f.Items[0].Link != "https://gpso.github.io/registre-codal/requests/arbres.html" || f.Items[1].Link != "" {
		t.Errorf("entry links %q %q (a removed entry has none)", f.Items[0].Link, f.Items[1].Link)
	}
}

// Nothing but the site's own files: names are sorted here to show them
// when a test fails.
func names(m memWriter) []string {
	var out []string
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
