package tui

import (
	"math"
	"strings"
)

// page is a detail page as the scroller shows it: the lines drawn so far
// and, for a page too long to draw at once (a commune's requests at
// 100,000 entries: thousands of lines), the parts still to draw, drawn as
// they come into view — from the top down, or from the bottom up once the
// scroller went to the end. The browser caches pages by entry, so what was
// drawn once stays drawn. A page may even be built only when it is first
// drawn (deferPage): a hidden tab's selected page, set when the catalogue
// comes, is never drawn until that tab is shown.
type page struct {
	// build makes the page when it is first drawn (deferPage); nil once
	// done.
	build func() *page
	// lines are the page's first lines, drawn from the top; tail its last
	// ones, drawn from the bottom up (nil once the page is drawn whole:
	// then lines hold it all).
	lines, tail []string
	// rest are the parts with items still to draw, in page order.
	rest []*lazyPart
}

// lazyPart is n items of a page, the i-th drawn into its lines by draw.
// Items [next, end) are still to draw.
type lazyPart struct {
	n         int
	draw      func(i int) []string
	next, end int
}

// textPage is a page drawn whole: content split in lines.
func textPage(content string) *page {
	return &page{lines: strings.Split(content, "\n")}
}

// deferPage is a page built by build when it is first drawn.
func deferPage(build func() *page) *page { return &page{build: build} }

// open builds a deferred page.
func (p *page) open() {
	if p.build != nil {
		q := p.build()
		p.build = nil
		p.lines, p.tail, p.rest = q.lines, q.tail, q.rest
	}
}

// lazy appends n items drawn by draw when they come into view.
func (p *page) lazy(n int, draw func(i int) []string) {
	if n > 0 {
		p.rest = append(p.rest, &lazyPart{n: n, draw: draw, end: n})
	}
}

// drawn reports whether the page is drawn whole (lines hold it all).
func (p *page) drawn() bool { p.open(); return len(p.rest) == 0 }

// settle drops the parts drawn whole and, once none is left, joins the
// tail to the lines.
func (p *page) settle() {
	for len(p.rest) > 0 && p.rest[0].next == p.rest[0].end {
		p.rest = p.rest[1:]
	}
	for len(p.rest) > 0 && p.rest[len(p.rest)-1].next == p.rest[len(p.rest)-1].end {
		p.rest = p.rest[:len(p.rest)-1]
	}
	if len(p.rest) == 0 && p.tail != nil {
		p.lines = append(p.lines, p.tail...)
		p.tail = nil
	}
}

// drawTo draws items from the top until the page has at least n lines
// there, or is drawn whole.
func (p *page) drawTo(n int) {
	p.open()
	for len(p.lines) < n && len(p.rest) > 0 {
		r := p.rest[0]
		p.lines = append(p.lines, r.draw(r.next)...)
		r.next++
		p.settle()
	}
}

// drawBack draws items from the bottom until the tail has at least n
// lines, or the page is drawn whole.
func (p *page) drawBack(n int) {
	p.open()
	for len(p.tail) < n && len(p.rest) > 0 {
		r := p.rest[len(p.rest)-1]
		r.end--
		p.tail = append(r.draw(r.end), p.tail...)
		p.settle()
	}
}

// whole draws what is left and returns the page's text.
func (p *page) whole() string {
	p.drawTo(math.MaxInt)
	return strings.Join(p.lines, "\n")
}
