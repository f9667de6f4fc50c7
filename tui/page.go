package tui

import (
	"math"
	"strings"
)

// page is a detail page as the scroller shows it: the lines drawn so far
// and, for a page too long to draw at once (a commune's requests at
// 100,000 entries: thousands of lines), the parts still to draw, drawn as
// they come into view. The browser caches pages by entry, so what was
// drawn once stays drawn.
type page struct {
	lines []string
	rest  []*lazyPart
}

// lazyPart is n items of a page, the i-th drawn into its lines by draw.
type lazyPart struct {
	n    int
	draw func(i int) []string
	next int // items drawn so far
}

// textPage is a page drawn whole: content split in lines.
func textPage(content string) *page {
	return &page{lines: strings.Split(content, "\n")}
}

// lazy appends n items drawn by draw when they come into view.
func (p *page) lazy(n int, draw func(i int) []string) {
	if n > 0 {
		p.rest = append(p.rest, &lazyPart{n: n, draw: draw})
	}
}

// drawTo draws items until the page has at least n lines, or is whole.
func (p *page) drawTo(n int) {
	for len(p.lines) < n && len(p.rest) > 0 {
		r := p.rest[0]
		if r.next == r.n {
			p.rest = p.rest[1:]
			continue
		}
		p.lines = append(p.lines, r.draw(r.next)...)
		r.next++
	}
}

// whole draws what is left and returns the page's text.
func (p *page) whole() string {
	p.drawTo(math.MaxInt)
	return strings.Join(p.lines, "\n")
}
