package tui

// listModel is a filtered list's cursor and scroll window. It knows
// positions, never rows: the tab draws the rows it is asked for, and only the
// visible ones, so a list of 100 000 entries costs a screenful per frame.
type listModel struct {
	filter filterIndex
	cursor int // position among the matches
	offset int // first visible position
	height int // visible rows
}

// reset installs new haystacks, clearing the filter and the cursor.
func (l *listModel) reset(hay []string) {
	l.resetFunc(len(hay), func(i int) string { return hay[i] })
}

// resetFunc is reset with the i-th haystack given by hay.
func (l *listModel) resetFunc(n int, hay func(i int) string) {
	l.filter.resetFunc(n, hay)
	l.cursor, l.offset = 0, 0
}

// resetLazy is reset with n haystacks, the i-th appended by app, packed
// when a query needs them (filterIndex.installLazy), and the first
// matches when they were made off the event loop (nil else).
func (l *listModel) resetLazy(n int, app func(dst []byte, i int) []byte, first []int) {
	l.filter.installLazy(n, app, first)
	l.cursor, l.offset = 0, 0
}

// resetPacked is reset with haystacks packed off the event loop, and the
// first matches when they were made there too (nil else).
func (l *listModel) resetPacked(p *packedHaystacks, first []int) {
	l.filter.installFirst(p, first)
	l.cursor, l.offset = 0, 0
}

// len is the number of matching entries.
func (l *listModel) len() int { return len(l.filter.match) }

// total is the number of entries, matching or not.
func (l *listModel) total() int { return l.filter.len() }

// selected returns the item under the cursor, or -1 when nothing matches.
func (l *listModel) selected() int {
	if l.cursor < 0 || l.cursor >= len(l.filter.match) {
		return -1
	}
	return l.filter.match[l.cursor]
}

// setQuery filters the list, keeping the selected entry under the cursor
// when it still matches and going to the first match otherwise.
func (l *listModel) setQuery(q string) {
	sel := l.selected()
	if !l.filter.set(q) {
		return
	}
	l.cursor = 0
	if sel >= 0 {
		if p := l.filter.position(sel); p >= 0 {
			l.cursor = p
		}
	}
	l.clamp()
}

// selectItem puts the cursor on item if it matches; it reports success.
func (l *listModel) selectItem(item int) bool {
	p := l.filter.position(item)
	if p < 0 {
		return false
	}
	l.cursor = p
	l.clamp()
	return true
}

// move moves the cursor by delta rows, stopping at the ends.
func (l *listModel) move(delta int) {
	l.cursor += delta
	l.clamp()
}

func (l *listModel) top()    { l.cursor = 0; l.clamp() }
func (l *listModel) bottom() { l.cursor = l.len() - 1; l.clamp() }

// setHeight sets how many rows are visible.
func (l *listModel) setHeight(h int) {
	l.height = max(h, 1)
	l.clamp()
}

// clamp keeps the cursor inside the matches and the window around it.
func (l *listModel) clamp() {
	n := l.len()
	l.cursor = min(max(l.cursor, 0), max(n-1, 0))
	h := max(l.height, 1)
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+h {
		l.offset = l.cursor - h + 1
	}
	l.offset = min(l.offset, max(n-h, 0))
	l.offset = max(l.offset, 0)
}

// window returns the positions [from, to) to draw.
func (l *listModel) window() (from, to int) {
	return l.offset, min(l.offset+max(l.height, 1), l.len())
}
