package site

import (
	"bytes"
	"net/url"
	"path"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gpso/codal/i18n"
)

type link struct {
	href     string
	external bool
}

// links are the href and src values of a page (external: with a scheme).
func links(t *testing.T, data []byte) []link {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var out []link
	for n := range doc.Descendants() {
		for _, a := range n.Attr {
			if a.Key != "href" && a.Key != "src" {
				continue
			}
			u, err := url.Parse(a.Val)
			if err != nil {
				t.Errorf("bad link %q", a.Val)
				continue
			}
			out = append(out, link{href: a.Val, external: u.Scheme != ""})
		}
	}
	return out
}

// resolve is the file and fragment a relative link of page names.
func resolve(page, href string) (file, frag string) {
	u, _ := url.Parse(href)
	file = page
	if u.Path != "" {
		p, _ := url.PathUnescape(u.Path)
		file = path.Clean(path.Join(path.Dir(page), p))
	}
	return file, u.Fragment
}

// hasID reports whether the page has an element with that id.
func hasID(t *testing.T, data []byte, id string) bool {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		for _, a := range n.Attr {
			if a.Key == "id" && a.Val == id {
				return true
			}
		}
	}
	return false
}

// A registry full of markup, quotes, escape sequences, javascript: links
// and ../ renders inert: no script, iframe, image or event handler, no link
// but http(s) and relative ones, no raw control character in any file, the
// markup shown as text.
func TestHostileRegistryIsInert(t *testing.T) {
	m := build(t, "hostile", i18n.FR)
	for name, data := range m {
		for i, b := range data {
			if b < 0x20 && b != '\n' && b != '\t' || b == 0x7f {
				t.Errorf("%s: raw control character %#x at byte %d", name, b, i)
				break
			}
		}
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			switch n.Data {
			case "script", "iframe", "img", "object", "embed", "form", "style", "base":
				t.Errorf("%s: a <%s> element", name, n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
					t.Errorf("%s: attribute %s=%q on <%s>", name, a.Key, a.Val, n.Data)
				}
				if (a.Key == "href" || a.Key == "src") && strings.Contains(strings.ToLower(a.Val), "script:") {
					t.Errorf("%s: link %q", name, a.Val)
				}
			}
		}
	}
	page := string(m["requests/script-title.html"])
	for _, want := range []string{
		"&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt; &#34;guillemets&#34;",
		"&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;",
		`<a href="https://evil.example/x.png">image distante</a>`, // an image becomes a link: nothing is loaded
		"<p>lien piégé et",                 // a javascript: link keeps its text only
		"<p>chemin javascript:alert(3) <a", // a relative link too (it means nothing on the site)
		`<a href="mailto:codal@gpso.example">courriel</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("request page lacks %s", want)
		}
	}
	if code := string(m["snippets/bonjour.html"]); !strings.Contains(code, "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;") {
		t.Errorf("the code's markup is not escaped:\n%s", code)
	}
	// One h1 per page, however the Markdown is written.
	for name, data := range m {
		if strings.HasSuffix(name, ".html") && bytes.Count(data, []byte("<h1")) != 1 {
			t.Errorf("%s: %d h1", name, bytes.Count(data, []byte("<h1")))
		}
	}
}
