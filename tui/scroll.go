package tui

import (
	"strings"
)

// scroller shows a window of pre-rendered lines. Setting its content splits
// it once; each frame only joins the visible lines. A page (setPage) may
// hold parts still to draw: the scroller draws them as they come into view,
// up to one line past its window (so that it knows whether more follows),
// and goes to the end of such a page by drawing it from the bottom up
// (fromEnd), never whole.
type scroller struct {
	lines  []string
	offset int
	width  int
	height int
	// pg is the page shown, when set by setPage: lines are its lines
	// drawn from the top so far.
	pg *page
	// fromEnd says the window is placed from the page's end, back lines
	// from it, while the page is not drawn whole (after bottom): the
	// lines above are not drawn, so offset is unknown.
	fromEnd bool
	back    int
}

func (s *scroller) setContent(content string) {
	s.pg, s.fromEnd = nil, false
	s.lines = strings.Split(content, "\n")
	s.clamp()
}

// setPage shows a page from its top. Nothing of it is drawn until it is
// viewed or scrolled (a hidden tab's page never is).
func (s *scroller) setPage(p *page) {
	s.pg, s.fromEnd, s.offset = p, false, 0
	s.lines = p.lines
}

// need draws the page's lines from the top up to n (when it has parts
// still to draw).
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

func (s *scroller) scroll(n int) {
	if s.fromEnd {
		s.back -= n
	} else {
		s.offset += n
	}
	s.clamp()
}

func (s *scroller) top() { s.fromEnd, s.offset = false, 0; s.clamp() }

func (s *scroller) bottom() {
	if s.pg != nil && !s.pg.drawn() {
		s.fromEnd, s.back = true, s.height
	} else {
		s.offset = len(s.lines)
	}
	s.clamp()
}

func (s *scroller) page(n int) { s.scroll(n * max(s.height-1, 1)) }

func (s *scroller) clamp() {
	if s.fromEnd {
		s.back = max(s.back, s.height)
		s.pg.drawBack(s.back + 1)
		s.lines = s.pg.lines
		if !s.pg.drawn() {
			return
		}
		// the page is drawn whole: its window placed from the top again
		s.fromEnd, s.offset = false, len(s.lines)-s.back
	}
	if s.offset <= 0 {
		s.offset = 0 // at the top: nothing to draw to know it
		return
	}
	s.need(s.offset + s.height + 1)
	s.offset = min(s.offset, max(len(s.lines)-s.height, 0))
	s.offset = max(s.offset, 0)
}

// more reports whether lines are hidden below and above the window.
func (s *scroller) more() (below, above bool) {
	if s.fromEnd {
		return s.back > s.height, true // undrawn items lie above
	}
	s.need(s.offset + s.height + 1)
	return s.offset+s.height < len(s.lines), s.offset > 0
}

// view returns exactly width × height cells.
func (s *scroller) view() string {
	if s.fromEnd {
		tail := s.pg.tail
		from := len(tail) - s.back
		return fit(strings.Join(tail[from:min(from+s.height, len(tail))], "\n"), s.width, s.height)
	}
	s.need(s.offset + s.height)
	end := min(s.offset+s.height, len(s.lines))
	return fit(strings.Join(s.lines[s.offset:end], "\n"), s.width, s.height)
}
