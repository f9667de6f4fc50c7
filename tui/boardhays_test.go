package tui

import (
	"testing"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// The command that loads the catalogue folds every kind's haystacks and
// finds the overdue requests (off the event loop: seconds at 100,000
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

	if len(msg.late) != len(c.Overdue(testNow)) || len(msg.late) == 0 {
		t.Fatalf("the load found %d overdue requests, Overdue %d", len(msg.late), len(c.Overdue(testNow)))
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
	// nor made its ids and first matches again (megabytes allocated in
	// Update at 100,000 entries, while the collector marks the catalogue)
	if len(tab.ids) == 0 || len(packed.ids) != len(tab.ids) || &tab.ids[0] != &packed.ids[0] ||
		len(packed.match) != len(tab.ids) || &tab.list.filter.match[0] != &packed.match[0] {
		t.Fatal("the requests tab made its ids or its matches again instead of taking the packed ones")
	}
	if len(tab.late) != len(msg.late) || hs.m.env.late != nil {
		t.Fatalf("the requests tab holds %d overdue requests of the load's %d", len(tab.late), len(msg.late))
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
