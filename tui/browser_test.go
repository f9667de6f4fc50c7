package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// countingContent counts the detail pages it renders.
type countingContent struct {
	titles  []string
	renders map[[2]int]int // (item, width) -> renders
}

func (c *countingContent) row(i, width int) string { return pad(c.titles[i], width) }
func (c *countingContent) detail(i, width int) string {
	c.renders[[2]int{i, width}]++
	return strings.Repeat(c.titles[i]+"\n", 100)
}

func TestDetailRenderedOncePerEntryAndWidth(t *testing.T) {
	st := newStyles(true)
	keys := newKeyMap(i18n.FR)
	e := &env{lang: i18n.FR, keys: &keys, st: st, render: newRenderer(st)}
	c := &countingContent{titles: []string{"a", "b", "c"}, renders: map[[2]int]int{}}
	b := newBrowser(e, catalogue.Requests, c)
	b.SetSize(120, 30)
	b.setItems([]string{"a", "b", "c"}, []string{"a", "b", "c"})
	if len(c.renders) != 0 {
		t.Fatalf("pages rendered before they were viewed: %v", c.renders)
	}
	down := tea.KeyPressMsg{Code: 'j', Text: "j"}
	up := tea.KeyPressMsg{Code: 'k', Text: "k"}
	for range 10 { // back and forth, drawing frames
		b.update(down)
		_ = b.View()
		b.update(up)
		_ = b.View()
		_ = b.View()
	}
	w := b.contentWidth()
	if c.renders[[2]int{0, w}] != 1 || c.renders[[2]int{1, w}] != 1 {
		t.Fatalf("pages rendered %v times, want once each", c.renders)
	}
	// Scrolling the detail redraws no page.
	b.update(tea.KeyPressMsg{Code: tea.KeyEnter})
	for range 5 {
		b.update(down)
		_ = b.View()
	}
	if c.renders[[2]int{0, w}] != 1 {
		t.Fatalf("scrolling re-rendered the page: %v", c.renders)
	}
	// Another width, another rendering, once viewed.
	b.SetSize(150, 30)
	_ = b.View()
	if c.renders[[2]int{0, b.contentWidth()}] != 1 {
		t.Fatalf("no rendering at the new width: %v", c.renders)
	}
}

func TestOnlyVisibleRowsAreDrawn(t *testing.T) {
	st := newStyles(true)
	keys := newKeyMap(i18n.FR)
	e := &env{lang: i18n.FR, keys: &keys, st: st, render: newRenderer(st)}
	hay := titles(10_000, 3)
	rows := 0
	c := &rowCounter{titles: hay, rows: &rows}
	b := newBrowser(e, catalogue.Requests, c)
	ids := make([]string, len(hay))
	for i := range ids {
		ids[i] = hay[i]
	}
	b.SetSize(120, 30)
	b.setItems(ids, hay)
	rows = 0
	_ = b.View()
	if rows > 30 {
		t.Fatalf("drew %d rows for a 30-line pane of 10 000 entries", rows)
	}
}

type rowCounter struct {
	titles []string
	rows   *int
}

func (c *rowCounter) row(i, width int) string {
	*c.rows++
	return pad(c.titles[i], width)
}
func (c *rowCounter) detail(i, width int) string { return c.titles[i] }

func TestThemeFollowsTheTerminal(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	hs.m.theme = ThemeAuto
	hs.send(backgroundMsg(false))
	if hs.m.env.st.dark {
		t.Fatal("a light background kept the dark styles")
	}
	light := hs.m.View().Content
	hs.send(backgroundMsg(true))
	if !hs.m.env.st.dark || hs.m.View().Content == light {
		t.Fatal("a dark background did not bring the dark styles back")
	}
	// A forced theme ignores the terminal.
	hs = newHarness(t, i18n.FR, 120, 40)
	hs.send(backgroundMsg(false))
	if !hs.m.env.st.dark {
		t.Fatal("ThemeDark followed the terminal")
	}
}

// messagesOf runs a command and the commands of its batches, and returns
// their messages.
func messagesOf(c tea.Cmd) []tea.Msg {
	if c == nil {
		return nil
	}
	msg := c()
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, messagesOf(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// The browser reports its selection (Selected) and announces each change
// with a selectedMsg, knowing nothing of who listens (the share action).
func TestBrowserAnnouncesSelection(t *testing.T) {
	st := newStyles(true)
	keys := newKeyMap(i18n.FR)
	e := &env{lang: i18n.FR, keys: &keys, st: st, render: newRenderer(st)}
	c := &countingContent{titles: []string{"a", "b", "c"}, renders: map[[2]int]int{}}
	b := newBrowser(e, catalogue.Schemas, c)
	b.SetSize(120, 30)
	if got := messagesOf(b.setItems([]string{"a", "b", "c"}, []string{"alpha", "beta", "gamma"})); len(got) != 1 || got[0] != (selectedMsg{catalogue.Schemas, "a"}) {
		t.Fatalf("loading announced %v, want the first entry", got)
	}
	cmd, _ := b.update(tea.KeyPressMsg{Code: 'j', Text: "j"})
	if got := messagesOf(cmd); len(got) != 1 || got[0] != (selectedMsg{catalogue.Schemas, "b"}) {
		t.Fatalf("j announced %v, want schemas/b", got)
	}
	if k, id, ok := b.Selected(); k != catalogue.Schemas || id != "b" || !ok {
		t.Fatalf("Selected() = %v %q %v, want schemas b true", k, id, ok)
	}
	// A key that does not move announces nothing.
	cmd, _ = b.update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if got := messagesOf(cmd); len(got) != 0 {
		t.Fatalf("enter announced %v", got)
	}
	b.Back()
	// A filter that matches nothing: no selection, and it is said.
	b.update(tea.KeyPressMsg{Code: '/', Text: "/"})
	var got []tea.Msg
	for _, r := range "zz" {
		cmd, _ = b.update(tea.KeyPressMsg{Code: r, Text: string(r)})
		for _, m := range messagesOf(cmd) {
			if s, ok := m.(selectedMsg); ok {
				got = append(got, s)
			}
		}
	}
	if len(got) != 1 || got[0] != (selectedMsg{catalogue.Schemas, ""}) {
		t.Fatalf("filtering to nothing announced %v, want one empty selection", got)
	}
	if _, id, ok := b.Selected(); id != "" || ok {
		t.Fatalf("Selected() = %q %v with nothing matching", id, ok)
	}
}
