package tui

import (
	"strings"
)

// scroller shows a window of pre-rendered lines. Setting its content splits
// it once; each frame only joins the visible lines.
type scroller struct {
	lines  []string
	offset int
	width  int
	height int
}

func (s *scroller) setContent(content string) {
	s.lines = strings.Split(content, "\n")
	s.clamp()
}

func (s *scroller) setSize(width, height int) {
	s.width, s.height = width, max(height, 1)
	s.clamp()
}

func (s *scroller) scroll(n int) { s.offset += n; s.clamp() }
func (s *scroller) top()         { s.offset = 0 }
func (s *scroller) bottom()      { s.offset = len(s.lines); s.clamp() }
func (s *scroller) page(n int)   { s.scroll(n * max(s.height-1, 1)) }

func (s *scroller) clamp() {
	s.offset = min(s.offset, max(len(s.lines)-s.height, 0))
	s.offset = max(s.offset, 0)
}

// more reports whether lines are hidden below and above the window.
func (s *scroller) more() (below, above bool) {
	return s.offset+s.height < len(s.lines), s.offset > 0
}

// view returns exactly width × height cells.
func (s *scroller) view() string {
	end := min(s.offset+s.height, len(s.lines))
	return fit(strings.Join(s.lines[s.offset:end], "\n"), s.width, s.height)
}
