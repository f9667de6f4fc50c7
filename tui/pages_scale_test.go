package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/requests"
)

// generated is a registry of 600 entries (heavy-tailed votes, requests
// closed as duplicates), written once for the tests that read it and
// removed by TestMain.
var generated struct {
	once sync.Once
	dir  string
	err  error
}

// generatedHarness is the app at w×h on the generated registry, its
// catalogue in.
func generatedHarness(t *testing.T, w, h int) *harness {
	t.Helper()
	generated.once.Do(func() {
		if generated.dir, generated.err = os.MkdirTemp("", "codal-tui-generated-"); generated.err == nil {
			generated.err = registrytest.Generate(filepath.Join(generated.dir, "registry"), registrytest.Scale(600), 3)
		}
	})
	if generated.err != nil {
		t.Fatal(generated.err)
	}
	src := testSource()
	src.dir = filepath.Join(generated.dir, "registry")
	hs := newHarnessWith(t, i18n.FR, w, h, src)
	if hs.m.env.cat == nil || hs.m.env.byActor == nil || hs.m.env.dups == nil {
		t.Fatal("the catalogue, or its indexes, did not come with the load")
	}
	return hs
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range []string{generated.dir, swapTmp} {
		if d != "" {
			os.RemoveAll(d)
		}
	}
	os.Exit(code)
}

// An actor's page lists, under its two headings, the requests it filed and
// those it supports as the scans of the board (FiledBy, SupportedBy) find
// them — the load's index by actor answers them now — with their rank,
// title, communes (a duplicate's supporters counting for its original,
// as requests.Rank has them) and status, on a generated registry, for
// every actor; and the scroller, drawing it as it comes into view, shows
// the same lines as the page drawn whole.
func TestActorPagesAreTheScan(t *testing.T) {
	hs := generatedHarness(t, 120, 40)
	e := hs.m.env
	tab, _ := hs.m.actorsTab()
	width := tab.contentWidth()
	bullets := 0
	for i, a := range tab.actors {
		filed, supported := e.cat.FiledBy(a.ID), e.cat.SupportedBy(a.ID)
		d := newDoc(e.st, e.lang, width)
		for _, sec := range []struct {
			title string
			list  []requests.Standing
		}{{"Demandes déposées", filed}, {"Demandes soutenues", supported}} {
			d.section(fmt.Sprintf("%s (%d)", sec.title, len(sec.list)))
			if len(sec.list) == 0 {
				d.muted("Aucune.")
			}
			for _, s := range sec.list {
				d.bullet(tab.standingLine(s))
			}
			bullets += len(sec.list)
		}
		whole := tab.detail(i, width)
		if want := "\n\n" + d.String(); !strings.HasSuffix(whole, want) {
			t.Fatalf("%s: the page's requests are not the scan's (%d filed, %d supported):\n%s", a.ID, len(filed), len(supported), whole)
		}
		if i < 3 {
			scrollsAsWhole(t, func() *page { return tab.detailPage(i, width) }, whole)
		}
	}
	if bullets < 600 {
		t.Fatalf("only %d requests on the directory's pages", bullets)
	}
}

// A page is drawn as far as it is seen: after the swap to the catalogue,
// the directory's first commune's page (hundreds of requests) holds the
// lines of its window and one more once shown, not the whole page; going
// to its bottom (G in the opened detail) draws its last lines, not those
// between; the hidden tabs' selected pages are not drawn at all.
func TestPagesAreDrawnAsTheyComeIntoView(t *testing.T) {
	hs := generatedHarness(t, 120, 40)
	tab, _ := hs.m.actorsTab()
	_, id, _ := tab.Selected()
	p := tab.cache[id]
	hs.text()
	for _, x := range hs.m.tabs[1:] {
		k, sel, _ := x.Selected()
		var cache map[string]*page
		switch x := x.(type) {
		case *snippetsTab:
			cache = x.cache
		case *requestsTab:
			cache = x.cache
		default:
			continue
		}
		if q := cache[sel]; q == nil || q.build == nil {
			t.Fatalf("the hidden %s tab's page of %s was drawn (or never set)", k, sel)
		}
	}
	lines := strings.Split(tab.detail(tab.selectedItem(), tab.contentWidth()), "\n")
	whole, last := len(lines), strings.TrimSpace(ansi.Strip(lines[len(lines)-1]))
	if p == nil || whole < 100 {
		t.Fatalf("the page of %s: cached %v, %d lines drawn whole", id, p != nil, whole)
	}
	if len(p.lines) > tab.detH+1 || len(p.rest) == 0 {
		t.Fatalf("%d lines of %d drawn for a window of %d", len(p.lines), whole, tab.detH)
	}
	hs.keys("enter", "G")
	if drawn := len(p.lines) + len(p.tail); drawn > 2*tab.detH+6 || p.drawn() {
		t.Fatalf("%d lines of %d drawn at the bottom", drawn, whole)
	}
	hs.mustShow(last)
	hs.keys("g")
	hs.mustShow("Boulogne-Billancourt", "Demandes déposées")
}

// scrollsAsWhole walks a page through a scroller of 10 lines, a page down
// at a time, then to its top, to its bottom (drawn from there) and up a
// line, then a page at a time, to its top: each window shows the lines of
// the page drawn whole, and whether lines are hidden below and above.
func scrollsAsWhole(t *testing.T, newPage func() *page, whole string) {
	t.Helper()
	want := strings.Split(whole, "\n")
	var s scroller
	s.setSize(200, 10)
	s.setPage(newPage())
	window := func() []string { return strings.Split(s.view(), "\n") }
	check := func(at int) {
		t.Helper()
		at = max(min(at, len(want)-10), 0)
		got := window()
		for j := range 10 {
			w := ""
			if at+j < len(want) {
				w = want[at+j]
			}
			if strings.TrimRight(ansi.Strip(got[j]), " ") != strings.TrimRight(ansi.Strip(w), " ") {
				t.Fatalf("line %d of the window at %d: %q, want %q", j, at, got[j], w)
			}
		}
		below, above := s.more()
		if below != (at+10 < len(want)) || above != (at > 0) {
			t.Fatalf("at %d of %d lines: more below %v, above %v", at, len(want), below, above)
		}
	}
	check(0)
	for at := 9; at < len(want)-10; at += 9 {
		s.page(1)
		check(at)
	}
	s.top()
	check(0)
	s.setPage(newPage()) // drawn from the bottom up
	s.bottom()
	at := len(want) - 10
	check(at)
	s.scroll(-1)
	check(at - 1)
	for at--; at > 0; at -= 9 {
		s.page(-1)
		check(at - 9)
	}
	s.top()
	check(0)
	s.bottom()
	check(len(want) - 10)
}

// The most supported request's page finds each supporter's vote through a
// duplicate as a scan of every request does (voteViaDuplicate now reads
// the load's index of duplicates).
func TestVotesThroughDuplicatesAreTheScan(t *testing.T) {
	hs := generatedHarness(t, 120, 40)
	c := hs.m.env.cat
	var tab *requestsTab
	for _, x := range hs.m.tabs {
		if r, ok := x.(*requestsTab); ok {
			tab = r
		}
	}
	via := 0
	for _, s := range c.Board {
		r := s.Request
		for _, id := range s.Supporters {
			if r.Vote(id) != nil {
				continue
			}
			var want *requests.Vote
			wantID := ""
			for _, o := range c.Requests {
				if ev := o.Latest(); ev != nil && o.Status() == requests.Duplicate && ev.DuplicateOf == r.ID {
					if v := o.Vote(id); v != nil {
						want, wantID = v, o.ID
						break
					}
				}
			}
			got, gotID := tab.voteViaDuplicate(r, id)
			if got != want || gotID != wantID {
				t.Fatalf("%s's supporter %s: the vote through %q, the scan's through %q", r.ID, id, gotID, wantID)
			}
			if want != nil {
				via++
			}
		}
	}
	if via == 0 {
		t.Fatal("no supporter through a duplicate in the generated registry")
	}
}
