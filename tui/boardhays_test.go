package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// The command that loads the catalogue folds every kind's haystacks (off the event loop: seconds at 100,000
// entries); each tab installs its kind's as they are, without folding them
// again in Update, and filters on them as before.
func TestLoadPacksTheBoardsHaystacks(t *testing.T) {
	src := testSource()
	hs := newHarnessWith(t, i18n.FR, 120, 40, src)
	msg, ok := hs.m.loadCmd()().(catalogueMsg)
	if !ok || msg.err != nil || msg.cat == nil {
		t.Fatalf("loadCmd gave %#v", msg)
	}
	c := msg.cat
	p := msg.packed[catalogue.Requests]
	if p == nil || p.n() != len(c.Board) || len(c.Board) == 0 {
		t.Fatalf("the load packed %v haystacks for %d requests", p, len(c.Board))
	}
	var f filterIndex
	f.install(p)
	for i, st := range c.Board {
		if got, want := f.hay(i), c.RequestHaystack(st); got != want {
			t.Fatalf("packed haystack %d = %q, RequestHaystack %q", i, got, want)
		}
	}
	msg, _ = hs.m.loadCmd()().(catalogueMsg)
	packed := msg.packed[catalogue.Requests] // the tabs take theirs out of the map
	hs.send(msg)
	var tab *requestsTab
	for _, x := range hs.m.tabs {
		if r, ok := x.(*requestsTab); ok {
			tab = r
		}
	}
	if tab == nil {
		t.Fatal("no requests tab")
	}
	if got := tab.list.filter.text; len(got) == 0 || packed == nil || len(packed.text) == 0 || &got[0] != &packed.text[0] {
		t.Fatal("the requests tab folded the haystacks again instead of taking the packed ones")
	}
	// every tab took its kind's packed haystacks, in its own order
	for _, x := range hs.m.tabs {
		var b *browser
		switch x := x.(type) {
		case *actorsTab:
			b = x.browser
		case *snippetsTab:
			b = x.browser
		case *schemasTab:
			b = x.browser
		case *requestsTab:
			b = x.browser
		case *trainingsTab:
			b = x.browser
		case *tipsTab:
			b = x.browser
		default:
			continue
		}
		k := x.Kind()
		n, hay := kindHaystacks(c, k)
		if b.list.filter.len() != n || len(b.ids) != n {
			t.Fatalf("%s: %d haystacks, %d ids for %d entries", k, b.list.filter.len(), len(b.ids), n)
		}
		for i := range n {
			if b.list.filter.hay(i) != hay(i) {
				t.Fatalf("%s: haystack %d of the tab is not its entry's (%q)", k, i, b.ids[i])
			}
		}
	}
	if len(hs.m.env.packed) != 0 {
		t.Fatal("the packed haystacks are still held once taken")
	}
	id := c.Board[len(c.Board)-1].Request.ID
	if !tab.list.filter.set(id) || len(tab.list.filter.match) == 0 || tab.ids[tab.list.filter.match[0]] != id {
		t.Fatalf("filtering on %q through the packed haystacks: %v", id, tab.list.filter.match)
	}
}

// The requests tab marks a request overdue (its row's "!", the detail's
// "En retard") exactly when Overdue lists it on the app's today: it asks
// for the rows drawn, without a table of every overdue request.
func TestRequestsTabMarksTheOverdueAsOverdueSays(t *testing.T) {
	hs := newHarnessWith(t, i18n.FR, 120, 40, testSource())
	hs.send(hs.m.loadCmd()())
	c := hs.m.env.cat
	late := map[string]bool{}
	for _, l := range c.Overdue(testNow) {
		late[l.ID] = true
	}
	var tab *requestsTab
	for _, x := range hs.m.tabs {
		if r, ok := x.(*requestsTab); ok {
			tab = r
		}
	}
	if tab == nil || len(late) == 0 || len(late) == len(tab.board) {
		t.Fatalf("the test registry has %d overdue requests of %d: it needs some of each", len(late), len(c.Board))
	}
	for i, s := range tab.board {
		row := ansi.Strip(tab.row(i, 100))
		marked := strings.HasPrefix(row, fmt.Sprintf("%3d%s", s.Rank, overdueMark))
		if marked != late[s.Request.ID] {
			t.Errorf("%s: row %q marked %v, Overdue says %v", s.Request.ID, row, marked, late[s.Request.ID])
		}
		if detail := ansi.Strip(tab.detail(i, 100)); strings.Contains(detail, "En retard") != late[s.Request.ID] {
			t.Errorf("%s: the detail says overdue %v, Overdue %v", s.Request.ID, !late[s.Request.ID], late[s.Request.ID])
		}
	}
}
