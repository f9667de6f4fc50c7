package catalogue_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/requests"
)

// overlayListOps are overlayOps with requests edited more often (a new
// title: text that only the changed request holds now).
var overlayListOps = append([]int{8, 8, 0, 1}, overlayOps...)

// overlayTerms are the queries a list after a change is checked with: none,
// a common word, a commune's name, a rare term (a request's id), the
// changed requests' new text (an edited title, the name of a supporter,
// the id), two terms at once, and a few random pieces of the registry's
// text.
func overlayTerms(c *catalogue.Catalogue, since []string, rng *rand.Rand, words []string) [][]string {
	qs := []string{"", "de", "e", "modifiee", "zzqx"}
	for _, a := range c.Actors {
		if a.IsCommune() {
			qs = append(qs, a.Name, a.Name+" de")
			break
		}
	}
	if len(c.Board) > 0 {
		qs = append(qs, c.Board[rng.IntN(len(c.Board))].Request.ID)
	}
	for _, p := range since {
		id, ok := strings.CutPrefix(catalogue.RootOf(p), "requests/")
		if !ok {
			continue
		}
		st := c.Standing(id)
		if st == nil {
			continue
		}
		qs = append(qs, id, st.Request.Title, strings.ToUpper(st.Request.Title)+" "+id)
		if n := len(st.Supporters); n > 0 {
			if a := c.Actor(st.Supporters[n-1]); a != nil {
				qs = append(qs, a.Name)
			}
		}
	}
	for range 4 {
		qs = append(qs, words[rng.IntN(len(words))])
	}
	out := make([][]string, 0, len(qs))
	for _, q := range qs {
		out = append(out, catalogue.Terms(q))
	}
	return out
}

// Along random change sequences, an Overlay of the snapshot written before
// the changes lists (ListRequests for many queries, and every other kind)
// exactly what a full Load of the registry now lists — the same rows, in
// the same order, with the same ranks, standings and fields (as a snapshot
// written now lists them) — or declines; the changes accumulate over the
// same snapshot, as the index's delta does, until the overlay declines and
// the snapshot is written again.
func TestOverlayListsAsLoad(t *testing.T) {
	steps, n := 24, 60
	if registrytest.Long() {
		steps, n = 200, 150
	}
	m := mapRegistry(t, n, 9)
	x := &mutator{m: m, rng: rand.New(rand.NewPCG(9, 13)), ops: overlayGrowOps}
	rng := rand.New(rand.NewPCG(9, 17))
	encode := func() ([]byte, *catalogue.Catalogue) {
		c, err := catalogue.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		data, err := c.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		return data, c
	}
	data, c := encode()
	words := queryWords(c, rng)
	var since []string
	took, declined, moved := 0, 0, 0
	for i := range steps {
		x.did = nil
		for range 1 + x.rng.IntN(2) {
			x.step()
		}
		since = append(since, x.touched...)
		x.touched = nil
		snap, err := catalogue.OpenSnapshot(data)
		if err != nil {
			t.Fatal(err)
		}
		o, ok := snap.Overlay(m, since)
		if !ok {
			declined++
			data, c = encode()
			since = nil
			continue
		}
		took++
		want, err := catalogue.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		for k, st := range want.Board {
			if was := c.Standing(st.Request.ID); was != nil && was.Rank != k+1 {
				moved++
			}
		}
		var l catalogue.Lister = o
		for _, terms := range overlayTerms(want, since, rng, words) {
			got, err := l.ListRequests(terms)
			if err != nil {
				t.Fatalf("step %d: ListRequests(%q): %v", i, terms, err)
			}
			if w := wantRequests(want, terms); !reflect.DeepEqual(got, w) {
				t.Fatalf("step %d (ops %v, %d paths changed since the snapshot): ListRequests(%q) =\n  %s\na full load lists\n  %s",
					i, x.did, len(since), terms, boardText(got), boardText(w))
			}
			checkEachRow(t, i, terms, o, wantRequests(want, terms))
			checkOtherLists(t, i, terms, l, want)
		}
	}
	if took < steps/3 {
		t.Fatalf("the overlay took %d steps of %d: it should take most everyday changes", took, steps)
	}
	if moved == 0 {
		t.Fatal("no rank moved along the steps the overlay took: the test proves nothing of the ranks")
	}
	t.Logf("overlay lists: %d steps taken, %d declined, %d ranks moved", took, declined, moved)
}

// A vote that moves a request up the board shifts every rank between its
// old and new places down by one, in the overlay's list as in a full load;
// the voter's name finds it, and only it, at once.
func TestOverlayListMovesRanks(t *testing.T) {
	m := mapRegistry(t, 100, 7)
	c, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	// the last open request that is not a duplicate, and communes that do
	// not support it yet
	var last *requests.Standing
	for i := len(c.Board) - 1; i >= 0; i-- {
		if st := &c.Board[i]; st.Status.Open() && st.Status != requests.Duplicate {
			last = st
			break
		}
	}
	if last == nil {
		t.Fatal("no open request in the generated registry")
	}
	votes := 0
	for _, a := range c.Actors {
		if votes == 3 {
			break
		}
		if !a.IsCommune() || a.ID == last.Request.AddressedTo || slices.Contains(last.Supporters, a.ID) {
			continue
		}
		votes++
		m["requests/"+last.Request.ID+"/votes/"+a.ID+".yaml"] = &fstest.MapFile{Data: []byte("name: Service\nemail: a@b.example\ndate: 2026-11-29\nneed: useful\n")}
	}
	m["requests/"+last.Request.ID+"/request.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(string(m["requests/"+last.Request.ID+"/request.yaml"].Data),
		"title: ", "title: Xylophone ", 1))}
	snap, err := catalogue.OpenSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	o, ok := snap.Overlay(m, []string{"requests/" + last.Request.ID})
	if !ok {
		t.Fatal("three votes and a new title were declined")
	}
	want, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	now := want.Standing(last.Request.ID)
	if now.Rank >= last.Rank-1 {
		t.Fatalf("three communes' votes moved %s from %d to %d only", last.Request.ID, last.Rank, now.Rank)
	}
	for _, q := range []string{"", "xylophone", fact.Fold(last.Request.ID), "de"} {
		got, err := o.ListRequests(catalogue.Terms(q))
		if err != nil {
			t.Fatal(err)
		}
		if w := wantRequests(want, catalogue.Terms(q)); !reflect.DeepEqual(got, w) {
			t.Fatalf("ListRequests(%q) =\n  %s\na full load lists\n  %s", q, boardText(got), boardText(w))
		}
		if q == "xylophone" && (len(got) != 1 || got[0].Rank != now.Rank) {
			t.Fatalf("the new title finds %s", boardText(got))
		}
	}
}

// checkOtherLists compares the lists of every kind but requests with a
// full load's.
func checkOtherLists(t *testing.T, step int, terms []string, l, want catalogue.Lister) {
	t.Helper()
	pair := func(got, want any, err error) [2]any {
		if err != nil {
			t.Fatalf("step %d: a list of %q: %v", step, terms, err)
		}
		return [2]any{got, want}
	}
	a, err := l.ListActors(terms)
	wa, _ := want.ListActors(terms)
	lists := map[string][2]any{"actors": pair(a, wa, err)}
	sn, err := l.ListSnippets(terms)
	wsn, _ := want.ListSnippets(terms)
	lists["snippets"] = pair(sn, wsn, err)
	sc, err := l.ListSchemas(terms)
	wsc, _ := want.ListSchemas(terms)
	lists["schemas"] = pair(sc, wsc, err)
	tr, err := l.ListTrainings(terms)
	wtr, _ := want.ListTrainings(terms)
	lists["trainings"] = pair(tr, wtr, err)
	tp, err := l.ListTips(terms)
	wtp, _ := want.ListTips(terms)
	lists["tips"] = pair(tp, wtp, err)
	for what, p := range lists {
		if !reflect.DeepEqual(p[0], p[1]) {
			t.Fatalf("step %d: the overlay's %s for %q differ from a full load's", step, what, terms)
		}
	}
	if a1, a2 := l.Actor("sevres"), want.Actor("sevres"); !reflect.DeepEqual(a1, a2) {
		t.Fatalf("step %d: Actor(sevres) differs", step)
	}
}

// boardText is rows as "rank id (communes/supporters)", for a failure.
func boardText(rows []requests.Standing) string {
	var b strings.Builder
	for i, r := range rows {
		if i == 40 {
			fmt.Fprintf(&b, "… (%d rows)", len(rows))
			break
		}
		fmt.Fprintf(&b, "%d %s (%d/%d) ", r.Rank, r.Request.ID, len(r.Communes), len(r.Supporters))
	}
	return b.String()
}

// checkEachRow checks that the overlay hands over, one at a time, the rows
// and standings a full load lists (EachRequestRow, EachStanding: the table
// and `--json` of `codal list requests` read them).
func checkEachRow(t *testing.T, step int, terms []string, o *catalogue.Overlay, want []requests.Standing) {
	t.Helper()
	k := 0
	err := o.EachRequestRow(terms, func(r *catalogue.RequestRow) error {
		if k >= len(want) {
			return fmt.Errorf("row %d (%s) past the %d a full load lists", k, r.ID, len(want))
		}
		w := want[k]
		if r.Rank != w.Rank || r.ID != w.Request.ID || r.Title != w.Request.Title || r.Status != w.Status || !slices.Equal(r.Communes, w.Communes) {
			return fmt.Errorf("row %d = %d %s %q %s %v; a full load's %d %s %q %s %v", k, r.Rank, r.ID, r.Title, r.Status, r.Communes,
				w.Rank, w.Request.ID, w.Request.Title, w.Status, w.Communes)
		}
		k++
		return nil
	})
	if err == nil && k != len(want) {
		err = fmt.Errorf("%d rows, a full load lists %d", k, len(want))
	}
	if err != nil {
		t.Fatalf("step %d: EachRequestRow(%q): %v", step, terms, err)
	}
	k = 0
	err = o.EachStanding(terms, func(st *requests.Standing) error {
		if k >= len(want) {
			return fmt.Errorf("standing %d past the %d a full load lists", k, len(want))
		}
		if got := *st; got.Rank != want[k].Rank || !reflect.DeepEqual(got, want[k]) {
			return fmt.Errorf("standing %d = rank %d %s; a full load's rank %d %s", k, got.Rank, got.Request.ID, want[k].Rank, want[k].Request.ID)
		}
		k++
		return nil
	})
	if err == nil && k != len(want) {
		err = fmt.Errorf("%d standings, a full load lists %d", k, len(want))
	}
	if err != nil {
		t.Fatalf("step %d: EachStanding(%q): %v", step, terms, err)
	}
}
