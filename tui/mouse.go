package tui

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// wheelStep is how many lines a wheel notch scrolls a detail or a page.
const wheelStep = 3

// mouse handles a click or a wheel notch (mouse on unless the configuration
// says `mouse: false`): a click on a tab's label opens the tab; in the body,
// the tab's browser takes it (mouse in browser). A dialog takes no mouse
// input; the help and problems pages scroll with the wheel.
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	if m.modal != nil || !m.mouseOn {
		return nil
	}
	ev := msg.Mouse()
	if m.overlay != noOverlay {
		if _, ok := msg.(tea.MouseWheelMsg); ok {
			m.page.scroll(wheelDelta(ev.Button))
		}
		return nil
	}
	if ev.Y == 0 {
		if _, ok := msg.(tea.MouseClickMsg); ok && ev.Button == tea.MouseLeft {
			if i, ok := m.tabAt(ev.X); ok {
				return m.switchTab(i)
			}
		}
		return nil
	}
	_, bh := m.bodySize()
	if ev.Y > bh || !m.loaded() || m.tab().Typing() {
		return nil
	}
	if b, ok := m.tab().(interface {
		mouse(msg tea.MouseMsg, x, y int) tea.Cmd
	}); ok {
		return b.mouse(msg, ev.X, ev.Y-1)
	}
	return nil
}

// tabAt is the tab whose label is drawn at column x of the tab bar.
func (m *Model) tabAt(x int) (int, bool) {
	left := 0
	for i, label := range m.tabLabels() {
		w := lipgloss.Width(label)
		if x >= left && x < left+w {
			return i, true
		}
		left += w
	}
	return 0, false
}

// wheelDelta is a notch's scroll: up is negative.
func wheelDelta(b tea.MouseButton) int {
	switch b {
	case tea.MouseWheelUp:
		return -wheelStep
	case tea.MouseWheelDown:
		return wheelStep
	}
	return 0
}

// mouse handles a click or a wheel notch at (x, y) of the browser's area:
// a click on a row selects it (on the selected row, opens its detail, as
// enter does), a click in the detail gives it the focus; the wheel moves the
// list's cursor over the list and scrolls the detail over the detail.
func (b *browser) mouse(msg tea.MouseMsg, x, y int) tea.Cmd {
	ev := msg.Mouse()
	inList, row := b.listRowAt(x, y)
	switch msg.(type) {
	case tea.MouseWheelMsg:
		d := wheelDelta(ev.Button)
		if d == 0 {
			return nil
		}
		if inList {
			before := b.selectedItem()
			b.list.move(d / wheelStep)
			return b.changedFrom(before)
		}
		b.detail.scroll(d)
	case tea.MouseClickMsg:
		if ev.Button != tea.MouseLeft {
			return nil
		}
		if !inList {
			if b.selectedItem() >= 0 && b.focus != focusDetail {
				b.setFocus(focusDetail)
			}
			return nil
		}
		if row < 0 {
			return nil
		}
		from, to := b.list.window()
		p := from + row
		if p >= to {
			return nil
		}
		if p == b.list.cursor {
			b.setFocus(focusDetail)
			return nil
		}
		before := b.selectedItem()
		if b.focus == focusDetail {
			b.setFocus(focusList)
		}
		b.list.cursor = p
		b.list.clamp()
		return b.changedFrom(before)
	}
	return nil
}

// listRowAt says whether (x, y) falls in the list and, if so, on which of
// its visible rows (-1 on its header line).
func (b *browser) listRowAt(x, y int) (inList bool, row int) {
	switch {
	case b.split:
		if x >= b.listW {
			return false, 0
		}
	case b.focus == focusDetail:
		// a full-height detail under its header line
		return false, 0
	default:
		if y >= b.listH {
			return false, 0
		}
	}
	return true, y - 1
}
