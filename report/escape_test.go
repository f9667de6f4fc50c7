package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/news"
	"github.com/gpso/codal/requests"
)

// hostile is a lookup whose every string tries to break out: HTML, a
// Markdown link and image, table pipes, terminal escape sequences (colour,
// OSC 52 clipboard, OSC 8 link), a bidirectional override.
type hostile struct{}

const (
	evilTitle = "<script>alert(1)</script>\x1b[31mrouge\x1b]52;c;ZXZpbA==\x07 | [clic](javascript:alert(2)) ![x](https://evil.example/p.png) \u202e"
	evilName  = "<img src=https://evil.example/x onerror=alert(3)>\x1b]8;;https://evil.example\x1b\\lien\x1b]8;;\x1b\\ & &lt;b&gt;"
)

func (hostile) Actor(id string) *directory.Actor {
	return &directory.Actor{ID: id, Name: evilName, Kind: directory.Commune}
}

func (hostile) Request(id string) *requests.Request {
	return &requests.Request{ID: id, Title: evilTitle, RequestedBy: "x", AddressedTo: "y"}
}

func hostilePack(l i18n.Lang) Pack {
	d := at("2026-03-01T10:00:00Z")
	r := &requests.Request{ID: "r", Title: evilTitle}
	return Pack{
		Lang: l, Registry: evilTitle, Since: date("2026-03-01"), Until: date("2026-03-31"), Lookup: hostile{},
		Items: []news.Item{
			{Kind: news.RequestFiled, Entry: "requests/r", Title: evilTitle, Actor: "a", Date: d},
			{Kind: news.SupportGained, Entry: "requests/r", Title: evilTitle, Actor: "b", Need: evilTitle, Date: d},
			{Kind: news.StatusChanged, Entry: "requests/r", Title: evilTitle, Actor: "c", Status: evilTitle, Text: evilTitle, Date: d},
			{Kind: news.Transferred, Entry: "requests/r", Title: evilTitle, Actor: "c", To: "d", Text: evilName, Date: d},
			{Kind: news.EntryAdded, Entry: "snippets/s", Title: evilTitle, Date: d},
			{Kind: news.EntryAdded, Entry: "schemas/s", Title: evilName, Date: d},
			{Kind: news.EntryAdded, Entry: "actors/<b>", Date: d},
		},
		Overdue:  []OverdueRow{{ID: "r", Title: evilTitle, Addressee: "d", DaysLate: 4, Reason: OverdueReason(evilTitle)}},
		Board:    []requests.Standing{{Request: r, Rank: 1, Status: requests.Status(evilTitle), Supporters: []string{"a"}, Communes: []string{"a"}}},
		Communes: 8,
	}
}

// noControl fails on any control character but newline, and on the
// bidirectional override.
func noControl(t *testing.T, what, s string) {
	t.Helper()
	for _, r := range s {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r < 0xa0) || r == '\u202e' {
			t.Errorf("%s: control character %U in the output", what, r)
			return
		}
	}
}

// unescaped finds a Markdown bracket not preceded by a backslash.
var unescaped = regexp.MustCompile(`(^|[^\\])[\[\]]`)

func TestHostileTextIsInertInMarkdown(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
		got := render(t, "md", hostilePack(l))
		noControl(t, "md", got)
		for _, bad := range []string{"<script", "<img", "<b>"} {
			if strings.Contains(got, bad) {
				t.Errorf("md (%s): %q left active", l, bad)
			}
		}
		// No link or image: every bracket is escaped.
		if unescaped.MatchString(got) {
			t.Errorf("md (%s): a bracket left unescaped: %q", l, unescaped.FindString(got))
		}
		// An entity in the text stays text.
		if !strings.Contains(got, "&amp;lt;b&amp;gt;") {
			t.Errorf("md (%s): the entity &lt;b&gt; of a name was not escaped", l)
		}
		// Every table row keeps its number of cells: no pipe of the text
		// opens a cell.
		for _, line := range strings.Split(got, "\n") {
			if !strings.HasPrefix(line, "|") {
				continue
			}
			cells := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") - 1
			if cells < 3 || cells > 6 {
				t.Errorf("md (%s): a row with %d cells: %s", l, cells, line)
			}
		}
		if !strings.Contains(got, `&lt;script&gt;alert(1)&lt;/script&gt;`) {
			t.Errorf("md (%s): the title is not shown as text", l)
		}
	}
}

func TestHostileTextIsInertInHTML(t *testing.T) {
	got := render(t, "html", hostilePack(i18n.FR))
	noControl(t, "html", got)
	doc := checkHTML(t, got)
	if !strings.Contains(text(doc), "<script>alert(1)</script>[31mrouge") {
		t.Errorf("the title is not shown as text:\n%s", got)
	}
	if strings.Count(text(doc), "<img src=https://evil.example/x onerror=alert(3)>") < 3 {
		t.Errorf("the actor's name is not shown as text:\n%s", got)
	}
}

func TestHTMLIsSelfContainedAndAccessible(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
		for _, p := range []Pack{samplePack(t, l), {Lang: l}} {
			got := render(t, "html", p)
			doc := checkHTML(t, got)
			root := find(doc, "html")
			if root == nil || attr(root, "lang") != string(l) {
				t.Errorf("%s: <html lang> is not %q", l, l)
			}
			if n := len(findAll(doc, "h1")); n != 1 {
				t.Errorf("%s: %d h1, want 1", l, n)
			}
			if n := len(findAll(doc, "section")); n != 8 {
				t.Errorf("%s: %d sections, want 8", l, n)
			}
			for _, table := range findAll(doc, "table") {
				if c := find(table, "caption"); c == nil || strings.TrimSpace(text(c)) == "" {
					t.Errorf("%s: a table without caption", l)
				}
				for _, th := range findAll(table, "th") {
					if s := attr(th, "scope"); s != "col" && s != "row" {
						t.Errorf("%s: a th without scope: %q", l, text(th))
					}
				}
			}
			if find(doc, "style") == nil || !strings.Contains(got, "@media print") {
				t.Errorf("%s: no inline print stylesheet", l)
			}
		}
	}
}

// checkHTML parses page with an HTML5 parser, fails on a parse error, a
// script, an element loading anything (src, srcset, data, poster, a link
// element, an object, an iframe), a link leaving the page, an event
// handler attribute, a style attribute, or an @import or url() in the
// stylesheet, and returns the document.
func checkHTML(t *testing.T, page string) *html.Node {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if err := z.Err(); err.Error() != "EOF" {
				t.Fatalf("tokenizer: %v", err)
			}
			break
		}
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			tok := z.Token()
			switch tok.Data {
			case "script", "link", "img", "iframe", "object", "embed", "video", "audio", "source", "base", "form", "svg":
				t.Errorf("element <%s> in the page", tok.Data)
			}
			for _, a := range tok.Attr {
				switch {
				case a.Key == "src" || a.Key == "srcset" || a.Key == "data" || a.Key == "poster" || a.Key == "style" || strings.HasPrefix(a.Key, "on"):
					t.Errorf("attribute %s=%q on <%s>", a.Key, a.Val, tok.Data)
				case a.Key == "href" && !strings.HasPrefix(a.Val, "#"):
					t.Errorf("link out of the page: href=%q", a.Val)
				}
			}
		}
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if s := find(doc, "style"); s != nil {
		if css := text(s); strings.Contains(css, "@import") || strings.Contains(css, "url(") {
			t.Errorf("the stylesheet loads something:\n%s", css)
		}
	}
	if !strings.HasPrefix(page, "<!DOCTYPE html>\n") {
		t.Error("no HTML5 doctype")
	}
	return doc
}

func find(n *html.Node, tag string) *html.Node {
	if all := findAll(n, tag); len(all) > 0 {
		return all[0]
	}
	return nil
}

func findAll(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && c.Data == tag {
			out = append(out, c)
		}
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b bytes.Buffer
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}
