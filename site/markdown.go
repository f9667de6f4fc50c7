package site

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/gpso/codal/fact"
)

// maxMarkdown caps the registry text rendered as Markdown; longer text is
// shown escaped, as plain text.
const maxMarkdown = 64 << 10

// headingKey carries the level a text's first-level heading takes.
var headingKey = parser.NewContextKey()

// safeMarkdown renders registry text written in Markdown: goldmark without
// raw HTML (an HTML block or tag is omitted, a javascript: link dropped),
// images turned into links to them (no external asset is ever loaded), and
// headings pushed down so that "# x" becomes a heading of level top, under
// the page's own headings. Control characters are cleaned first.
// It is built on first use, not at start-up.
var markdown = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(goldmark.WithParserOptions(
		parser.WithASTTransformers(util.Prioritized(transformer{}, 100)),
	))
})

// transformer shifts headings and replaces images (see markdown).
type transformer struct{}

// Transform implements parser.ASTTransformer.
func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	top, _ := pc.Get(headingKey).(int)
	if top < 1 {
		top = 3
	}
	var images []*ast.Image
	var dead []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+top-1, 6)
		case *ast.Image:
			images = append(images, n)
		case *ast.Link:
			if !linkable(string(n.Destination)) {
				dead = append(dead, n)
			}
		case *ast.AutoLink:
			if !linkable(string(n.URL(src))) {
				dead = append(dead, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		link := ast.NewLink()
		link.Destination, link.Title = img.Destination, img.Title
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		if link.ChildCount() == 0 {
			link.AppendChild(link, ast.NewString(img.Destination))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
		if !linkable(string(img.Destination)) {
			dead = append(dead, link)
		}
	}
	// A link to anything but http(s) or mailto keeps its text, not its
	// target: a relative path means nothing on the site, javascript: is
	// never followed.
	for _, n := range dead {
		parent := n.Parent()
		if al, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(al.URL(src)))
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// linkable reports whether a Markdown link's target is kept: an absolute
// http(s) URL or a mailto: address.
func linkable(dest string) bool {
	u, err := url.Parse(strings.TrimSpace(dest))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != ""
	}
	return false
}

// renderMarkdown is s rendered as safe HTML (see markdown), its headings
// starting at level top; text over maxMarkdown, or that fails to render,
// is escaped text in a paragraph.
func renderMarkdown(s string, top int) (h template.HTML) {
	s = fact.Clean(s)
	defer func() {
		if recover() != nil { // a renderer bug must not stop the site
			h = template.HTML("<p>" + template.HTMLEscapeString(s) + "</p>")
		}
	}()
	if len(s) <= maxMarkdown {
		pc := parser.NewContext()
		pc.Set(headingKey, top)
		var b bytes.Buffer
		if err := markdown().Convert([]byte(s), &b, parser.WithContext(pc)); err == nil {
			return template.HTML(b.String())
		}
	}
	return template.HTML("<p>" + template.HTMLEscapeString(s) + "</p>")
}
