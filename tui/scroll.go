package tui

import (
	"math"
	"strings"
)

// scroller shows a window of pre-rendered lines. Setting its content splits
// it once; each frame only joins the visible lines. A page (setPage) may
// hold parts still to draw: the scroller draws them as they come into view,
// up to one line below the window (so that it knows whether more follows).
type scroller struct {
	lines  []string
	offset int
	width  int
	height int
	// pg is the page shown, when set by setPage: lines are its lines
	// drawn so far.
	pg *page
}

func (s *scroller) setContent(content string) {
	s.pg = nil
	s.lines = strings.Split(content, "\n")
	s.clamp()
}

// setPage shows a page, drawing what the window needs of it.
func (s *scroller) setPage(p *page) {
	s.pg = p
	s.lines = p.lines
	s.clamp()
}

// need draws the page's lines up to n (when it has parts still to draw).
func (s *scroller) need(n int) {
	if s.pg != nil && len(s.lines) < n {
		s.pg.drawTo(n)
		s.lines = s.pg.lines
	}
}

func (s *scroller) setSize(width, height int) {
	s.width, s.height = width, max(height, 1)
	s.clamp()
}

func (s *scroller) scroll(n int) { s.offset += n; s.clamp() }
func (s *scroller) top()         { s.offset = 0; s.clamp() }
func (s *scroller) bottom()      { s.need(math.MaxInt); s.offset = len(s.lines); s.clamp() }
func (s *scroller) page(n int)   { s.scroll(n * max(s.height-1, 1)) }

func (s *scroller) clamp() {
	s.need(s.offset + s.height + 1)
	s.offset = min(s.offset, max(len(s.lines)-s.height, 0))
	s.offset = max(s.offset, 0)
}

// more reports whether lines are hidden below and above the window.
func (s *scroller) more() (below, above bool) {
	return s.offset+s.height < len(s.lines), s.offset > 0
}

// view returns exactly width × height cells.
func (s *scroller) view() string {
	s.need(s.offset + s.height)
	end := min(s.offset+s.height, len(s.lines))
	return fit(strings.Join(s.lines[s.offset:end], "\n"), s.width, s.height)
}
