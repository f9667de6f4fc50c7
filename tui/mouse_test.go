package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
)

func click(x, y int) tea.Msg { return tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft} }

func TestMouseClicksTabsAndRows(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 30)
	if hs.m.View().MouseMode != tea.MouseModeCellMotion {
		t.Fatal("the mouse is off by default")
	}
	// The tab bar: click on "4 Demandes".
	bar := strings.Split(hs.text(), "\n")[0]
	x := strings.Index(bar, "4 Demandes")
	if x < 0 {
		t.Fatalf("tab bar %q", bar)
	}
	hs.send(click(len([]rune(bar[:x]))+2, 0))
	if hs.m.active != 3 {
		t.Fatalf("click on the Demandes tab: active tab %d", hs.m.active)
	}
	// A row: the list's header is body line 0, so screen line 1; the
	// second row is screen line 3.
	first := hs.selected()
	hs.send(click(5, 3))
	second := hs.selected()
	if second == first || second == "" {
		t.Fatalf("click on the second row: selected %q (was %q)", second, first)
	}
	if hs.m.tab().(*requestsTab).focus != focusList {
		t.Fatal("a click on another row opened the detail")
	}
	// A click on the selected row opens it, as enter does.
	hs.send(click(5, 3))
	if hs.m.tab().(*requestsTab).focus != focusDetail {
		t.Fatal("a click on the selected row does not open it")
	}
	// The wheel over the list moves the cursor.
	hs.keys("esc")
	hs.send(tea.MouseWheelMsg{X: 5, Y: 3, Button: tea.MouseWheelDown})
	if got := hs.selected(); got == second {
		t.Fatalf("the wheel did not move the cursor from %q", got)
	}
}

func TestMouseWheelScrollsTheDetail(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 12)
	hs.keys("4")
	b := hs.m.tab().(*requestsTab).browser
	if below, _ := b.detail.more(); !below {
		t.Skip("the detail fits: nothing to scroll")
	}
	hs.send(tea.MouseWheelMsg{X: b.listW + 5, Y: 4, Button: tea.MouseWheelDown})
	if b.detail.offset != wheelStep {
		t.Fatalf("detail offset %d after a notch, want %d", b.detail.offset, wheelStep)
	}
	hs.send(tea.MouseWheelMsg{X: b.listW + 5, Y: 4, Button: tea.MouseWheelUp})
	if b.detail.offset != 0 {
		t.Fatalf("detail offset %d after a notch back", b.detail.offset)
	}
}

func TestMouseOffLeavesClicksToTheTerminal(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 30)
	hs.m.mouseOn = false
	if hs.m.View().MouseMode != tea.MouseModeNone {
		t.Fatal("mouse: false still asks the terminal for mouse events")
	}
	hs.send(click(60, 0))
	if hs.m.active != 0 {
		t.Fatal("a click switched tab with the mouse off")
	}
}
