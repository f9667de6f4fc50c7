package catalogue_test

import (
	"math/rand/v2"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
)

// overlayOps weigh the mutator's steps towards the everyday changes of
// requests (votes, withdrawn votes, status events, duplicates, comments,
// requests edited, new or removed), with an actor renamed or added, and any
// step now and then.
var overlayOps = []int{0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 10, 11, 25, 27, 28, 29, -1}

// Along random change sequences, an Overlay of the snapshot written before
// the changes answers every per-entry question (entries, standings and
// ranks, Exists, ProblemsUnder) exactly as a full Load of the registry now
// does, or declines; the changes accumulate over the same snapshot, as the
// index's tree diff does, until the overlay declines and the snapshot is
// written again.
func TestOverlayIsLoad(t *testing.T) {
	steps, n := 40, 100
	if registrytest.Long() {
		steps, n = 300, 150
	}
	m := mapRegistry(t, n, 7)
	x := &mutator{m: m, rng: rand.New(rand.NewPCG(7, 11)), ops: overlayOps}
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
