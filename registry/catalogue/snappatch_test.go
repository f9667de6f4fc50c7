package catalogue_test

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
)

// Along a random change sequence (votes, events, comments, new and removed
// entries, actors renamed: the mutator's steps), the snapshot patched from
// the previous one is byte for byte a fresh MarshalBinary of a full Load,
// and copies most records rather than encoding them. (Byte equality, not
// only decoded equality: the layout allows it, each record being a function
// of its part, reference problems and standing alone.)
func TestPatchSnapshotIsMarshalBinary(t *testing.T) {
	steps, n := 12, 100
	if registrytest.Long() {
		steps, n = 120, 150
	}
	m := mapRegistry(t, n, 5)
	x := &mutator{m: m, rng: rand.New(rand.NewPCG(5, 3))}
	first, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	data, err := first.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	copiedAll, encodedAll := 0, 0
	for i := range steps {
		snap, err := catalogue.OpenSnapshot(data)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		prev, err := snap.Catalogue()
		if err != nil {
			t.Fatal(err)
		}
		x.touched, x.did = nil, nil
		for range 1 + x.rng.IntN(3) {
			x.step()
		}
		var roots []string
		for _, p := range x.touched {
			roots = append(roots, catalogue.RootOf(p))
		}
		next, err := catalogue.Update(prev, m, roots)
		if err != nil {
			t.Fatal(err)
		}
		patched, copied, encoded, err := catalogue.PatchCounted(next, snap, prev)
		if err != nil {
			t.Fatal(err)
		}
		want, err := catalogue.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		full, err := want.MarshalBinary()
		if err != nil || !bytes.Equal(patched, full) {
			t.Fatalf("step %d (ops %v): the patched snapshot differs from MarshalBinary of a full load (%v)", i, x.did, err)
		}
		if p2, err := next.PatchSnapshot(snap, prev); err != nil || !bytes.Equal(p2, full) {
			t.Fatalf("step %d: PatchSnapshot differs from PatchCounted (%v)", i, err)
		}
		copiedAll += copied
		encodedAll += encoded
		data = patched
	}
	// (a small registry: a vote moves many requests' ranks, and a change
	// to registry.yaml is a full load, which shares no part)
	if copiedAll < 2*encodedAll {
		t.Fatalf("the patches copied %d records and encoded %d: they should mostly copy", copiedAll, encodedAll)
	}
	t.Logf("%d records copied, %d encoded over %d steps", copiedAll, encodedAll, steps)
}
