package catalogue_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/requests"
)

// overlayOps weigh the mutator's steps towards the everyday changes of
// requests (votes, withdrawn votes, status events, duplicates, comments,
// requests edited, new or removed), with an actor renamed or added, the
// toolbox's entries edited in place, and any step now and then.
var overlayOps = []int{0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 10, 11, 25, 27, 28, 29, 12, 13, 14, 30, 31, 32, 33, 37, 38, 39, 40, 41, 42, 43, 44, -1}

// Along random change sequences, an Overlay of the snapshot written before
// the changes answers every per-entry question (entries, standings and
// ranks, Exists, ProblemsUnder) exactly as a full Load of the registry now
// does, or declines; the changes accumulate over the same snapshot, as the
// index's tree diff does, until the overlay declines and the snapshot is
// written again.
func TestOverlayIsLoad(t *testing.T) {
	steps, n := 30, 70
	if registrytest.Long() {
		steps, n = 300, 150
	}
	m := mapRegistry(t, n, 7)
	x := &mutator{m: m, rng: rand.New(rand.NewPCG(7, 11)), ops: append([]int{34, 35}, overlayOps...)}
	encode := func() []byte {
		c, err := catalogue.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		data, err := c.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	data := encode()
	var since []string
	took, declined, most := 0, 0, 0
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
			data, since = encode(), nil
			continue
		}
		took++
		most = max(most, len(since))
		want, err := catalogue.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("", func(t *testing.T) {
			checkView(t, want, o)
		})
		if t.Failed() {
			t.Fatalf("step %d (ops %v, %d paths changed since the snapshot): the overlay differs from a full load", i, x.did, len(since))
		}
	}
	if took < steps/3 {
		t.Fatalf("the overlay took %d steps of %d: it should take most everyday changes", took, steps)
	}
	t.Logf("overlay: %d steps taken (up to %d paths changed since the snapshot), %d declined", took, most, declined)
}

// An original whose duplicates bring it supporters of their own keeps them
// after a vote, in Rank's order, and its rank moves as a full load's.
func TestOverlayKeepsTheSupportersOfDuplicates(t *testing.T) {
	m := mapRegistry(t, 100, 7)
	c, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var orig *requests.Standing
	for i, st := range c.Board {
		if len(st.Supporters) > len(st.Request.Supporters()) {
			orig = &c.Board[i]
			break
		}
	}
	if orig == nil {
		t.Fatal("no original with duplicates' supporters in the generated registry")
	}
	voters := 0
	for _, a := range c.Actors {
		if slices.Contains(orig.Supporters, a.ID) || a.ID == orig.Request.AddressedTo || voters == 3 {
			continue
		}
		voters++
		m["requests/"+orig.Request.ID+"/votes/"+a.ID+".yaml"] = &fstest.MapFile{Data: []byte("name: Service\nemail: a@b.example\ndate: 2026-11-29\nneed: useful\n")}
	}
	snap, err := catalogue.OpenSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	o, ok := snap.Overlay(m, []string{"requests/" + orig.Request.ID})
	if !ok {
		t.Fatal("a vote on an original was declined")
	}
	want, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	checkView(t, want, o)
}
