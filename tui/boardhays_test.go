package tui

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// The load packs no haystacks: each tab holds its kind's entries and folds
// their haystacks only when a query needs them (20 MB at 100,000 entries,
// packed at each load before), then filters on them as before, in its own
// order. The ids and first matches are the load command's, taken as they
// are: made again in Update, they were megabytes allocated at 100,000
// entries while the collector marks the catalogue.
func TestLoadPacksNoHaystacksUntilAQuery(t *testing.T) {
	hs := newHarnessWith(t, i18n.FR, 120, 40, testSource())
	msg, ok := hs.m.loadCmd()().(catalogueMsg)
	if !ok || msg.err != nil || msg.cat == nil {
		t.Fatalf("loadCmd gave %#v", msg)
	}
	if len(msg.packed) != 0 || len(msg.lists) != len(catalogue.Kinds) {
		t.Fatalf("the load packed %d kinds' haystacks, made %d lists of %d", len(msg.packed), len(msg.lists), len(catalogue.Kinds))
	}
	lists := maps.Clone(msg.lists) // the tabs take theirs out of the map
	hs.send(msg)
	if len(hs.m.env.lists) != 0 {
		t.Fatalf("%d lists still held once taken", len(hs.m.env.lists))
	}
	c := hs.m.env.cat
	for _, x := range hs.m.tabs {
		b := browserOf(x)
		if l := lists[x.Kind()]; len(b.ids) == 0 || len(l.ids) != len(b.ids) || &b.ids[0] != &l.ids[0] ||
			len(l.match) != len(b.ids) || &b.list.filter.match[0] != &l.match[0] {
			t.Fatalf("%s: the tab made its ids or its matches again instead of taking the load's", x.Kind())
		}
		k := x.Kind()
		n, hay := kindHaystacks(c, k)
		if len(b.ids) != n || b.list.filter.len() != n || n == 0 {
			t.Fatalf("%s: %d ids, %d haystacks for %d entries", k, len(b.ids), b.list.filter.len(), n)
		}
		if !b.list.filter.unpacked() || len(b.list.filter.text) != 0 {
			t.Fatalf("%s: the load packed the haystacks", k)
		}
		// an empty query packs nothing either
		b.list.setQuery("   ")
		if !b.list.filter.unpacked() {
			t.Fatalf("%s: an empty query packed the haystacks", k)
		}
		b.list.setQuery(b.ids[n-1])
		if b.list.filter.unpacked() {
			t.Fatalf("%s: a query did not pack the haystacks", k)
		}
		for i := range n {
			if b.list.filter.hay(i) != hay(i) {
				t.Fatalf("%s: haystack %d of the tab is not its entry's (%q)", k, i, b.ids[i])
			}
		}
		if m := b.list.filter.match; len(m) == 0 || !slices.Contains(m, n-1) {
			t.Fatalf("%s: filtering on %q: %v", k, b.ids[n-1], m)
		}
	}
}

// browserOf is a tab's browser.
func browserOf(x Tab) *browser {
	switch x := x.(type) {
	case *actorsTab:
		return x.browser
	case *snippetsTab:
		return x.browser
	case *schemasTab:
		return x.browser
	case *requestsTab:
		return x.browser
	case *trainingsTab:
		return x.browser
	case *tipsTab:
		return x.browser
	}
	panic(fmt.Sprintf("no browser in %T", x))
}

// A list longer than filterPackNow has its haystacks packed by a command
// that "/" starts (once), off the event loop; what is typed meanwhile is
// applied when they arrive, and haystacks packed for an older list are
// dropped.
func TestLongListPacksItsHaystacksInACommand(t *testing.T) {
	st := newStyles(true)
	keys := newKeyMap(i18n.FR)
	e := &env{lang: i18n.FR, keys: &keys, st: st, render: newRenderer(st)}
	n := filterPackNow + 10
	ids, titles := make([]string, n), make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("e%05d", i)
		titles[i] = ids[i]
	}
	b := newBrowser(e, catalogue.Schemas, &countingContent{titles: titles, renders: map[[2]int]int{}})
	b.SetSize(120, 30)
	folded := 0
	hay := func(dst []byte, i int) []byte { folded++; return append(dst, "entree "+ids[i]...) }
	for _, m := range messagesOf(b.setItemsLazy(ids, hay, nil)) {
		if _, ok := m.(packedMsg); ok {
			t.Fatal("the list was packed without a filter")
		}
	}
	cmd, _ := b.update(tea.KeyPressMsg{Code: '/', Text: "/"})
	var packed []packedMsg
	for _, m := range messagesOf(cmd) {
		if p, ok := m.(packedMsg); ok {
			packed = append(packed, p)
		}
	}
	if len(packed) != 1 || folded != n {
		t.Fatalf("/ gave %d packings, %d haystacks folded of %d", len(packed), folded, n)
	}
	for _, r := range "e00042" {
		cmd, _ = b.update(tea.KeyPressMsg{Code: r, Text: string(r)})
		for _, m := range messagesOf(cmd) {
			if _, ok := m.(packedMsg); ok {
				t.Fatal("typing packed the haystacks again while they were being packed")
			}
		}
	}
	// enter, then / again, while they are being packed: not packed twice
	b.update(tea.KeyPressMsg{Code: tea.KeyEnter})
	cmd, _ = b.update(tea.KeyPressMsg{Code: '/', Text: "/"})
	for _, m := range messagesOf(cmd) {
		if _, ok := m.(packedMsg); ok {
			t.Fatal("/ again packed the haystacks again while they were being packed")
		}
	}
	if b.list.len() != n {
		t.Fatalf("%d shown before the haystacks are there, want all %d", b.list.len(), n)
	}
	stale := packed[0]
	stale.items--
	b.takePacked(stale)
	if !b.list.filter.unpacked() {
		t.Fatal("haystacks packed for an older list were taken")
	}
	b.takePacked(packed[0])
	if b.list.filter.unpacked() || b.list.len() != 1 || b.selectedID() != "e00042" {
		t.Fatalf("after the packing: %d shown, %q selected", b.list.len(), b.selectedID())
	}
	if folded != n {
		t.Fatalf("%d haystacks folded, want %d (once each)", folded, n)
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

// A tab filtering when a load is asked (a reload after a write, ctrl+r)
// gets its haystacks packed by the command that loads the catalogue, and
// stays filtered through the swap; the other tabs' wait for a query.
func TestLoadPacksTheFilteringTabsHaystacks(t *testing.T) {
	hs := newHarnessWith(t, i18n.FR, 120, 40, testSource())
	hs.keys("4", "/", "budget", "enter")
	before := hs.m.tab().Position()
	msg, ok := hs.m.loadCmd()().(catalogueMsg)
	if !ok || msg.err != nil {
		t.Fatalf("loadCmd gave %#v", msg)
	}
	p := msg.packed[catalogue.Requests]
	if len(msg.packed) != 1 || p == nil || p.n() != len(msg.cat.Board) {
		t.Fatalf("the load packed %d kinds (requests: %v), want the requests' alone", len(msg.packed), p)
	}
	hs.send(msg)
	for _, x := range hs.m.tabs {
		f := &browserOf(x).list.filter
		if x.Kind() != catalogue.Requests {
			if !f.unpacked() {
				t.Errorf("%s: packed without a query", x.Kind())
			}
			continue
		}
		if f.unpacked() || len(f.text) == 0 || &f.text[0] != &p.text[0] {
			t.Fatal("the requests tab did not take the haystacks the load packed")
		}
		if !f.active() || hs.m.tab().Position() != before {
			t.Fatalf("the filter through the swap: %s, was %s", hs.m.tab().Position(), before)
		}
	}
	if len(hs.m.env.packed) != 0 {
		t.Fatal("the packed haystacks are still held once taken")
	}
}
