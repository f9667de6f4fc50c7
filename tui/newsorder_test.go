package tui

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// orderStore is a real Git registry that notes, in order, the share checks
// (Unshared) and the history walks (History) asked of it.
type orderStore struct {
	*registry.Registry
	mu    sync.Mutex
	calls []string
}

func (o *orderStore) note(s string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.calls = append(o.calls, s)
}

func (o *orderStore) Unshared(k catalogue.Kind, id string) (store.Unshared, error) {
	o.note("unshared " + entryRef(k, id))
	return o.Registry.Unshared(k, id)
}

func (o *orderStore) History(since store.Since, fn func(store.Commit) error) error {
	o.note("news")
	return o.Registry.History(since, fn)
}

func (o *orderStore) noted() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.calls)
}

// After a load, the app asks whether the shown entry has something to
// propose, and walks the history for the news only once that is answered:
// the two each read trees of the whole registry, and at 100,000 entries
// the two at once, on the load's garbage, made the app's memory peak
// (docs/scale.md, round 19). The other tabs' selections are asked about
// when those tabs are shown, not all six at each load.
func TestNewsWalkWaitsForTheShownShareCheck(t *testing.T) {
	o := &orderStore{Registry: newsRegistry(t, newsSteps())}
	hs := newHarnessOpts(t, 120, 40, Options{Lang: i18n.FR, Store: o, Identity: camille})
	hs.mustShow("● 2 nouveautés (N)")
	first := hs.m.tab().(*actorsTab).selectedID()
	want := []string{"unshared actors/" + first, "news"}
	if got := o.noted(); !slices.Equal(got, want) {
		t.Fatalf("after the load: %q, want %q", got, want)
	}

	hs.keys("2") // the snippets: their selection is asked about now
	snippet := hs.m.tab().(*snippetsTab).selectedID()
	want = append(want, "unshared snippets/"+snippet)
	if got := o.noted(); !slices.Equal(got, want) {
		t.Fatalf("after showing the snippets: %q, want %q", got, want)
	}

	hs.keys("ctrl+r") // a reload: the same order again, for the new catalogue
	want = append(want, "unshared snippets/"+snippet, "news")
	if got := o.noted(); !slices.Equal(got, want) {
		t.Fatalf("after a reload: %q, want %q", got, want)
	}
}

// After a load, the long lists' haystacks are packed in the background,
// one list at a time, once the share check and the news walk are done:
// the commands come as one sequence, a collection of the load's garbage,
// share check, news, then each long list's packing, and every tab ends
// packed without a query.
func TestLongListsArePackedAfterTheNewsWalk(t *testing.T) {
	old := filterPackNow
	filterPackNow = 0 // every list is long
	t.Cleanup(func() { filterPackNow = old })
	r := newsRegistry(t, newsSteps())
	hs := newHarnessOpts(t, 120, 40, Options{Lang: i18n.FR, Store: r, Identity: camille})
	msg, ok := hs.m.loadCmd()().(catalogueMsg)
	if !ok || msg.err != nil {
		t.Fatalf("loadCmd gave %#v", msg)
	}
	_, cmd := hs.m.Update(msg)
	var seq []tea.Cmd
	for _, c := range messagesOf(cmd) {
		if cmds, ok := sequence(c); ok {
			seq = append(seq, cmds...)
		}
	}
	var got []string
	for _, c := range seq {
		switch m := c().(type) {
		case collectedMsg:
			got = append(got, "collected")
		case unsharedMsg:
			got = append(got, "unshared")
		case newsMsg:
			got = append(got, "news")
		case packedMsg:
			got = append(got, "packed "+string(m.kind))
			hs.send(m)
		default:
			got = append(got, fmt.Sprintf("%T", m))
		}
	}
	want := []string{"collected", "unshared", "news"}
	for _, x := range hs.m.tabs {
		want = append(want, "packed "+string(x.Kind()))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("after the load: %q, want %q", got, want)
	}
	for _, x := range hs.m.tabs {
		if browserOf(x).list.filter.unpacked() {
			t.Errorf("%s: not packed", x.Kind())
		}
	}
}
