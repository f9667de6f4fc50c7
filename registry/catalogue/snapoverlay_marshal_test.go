package catalogue_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
)

// Along random change sequences, an Overlay's MarshalBinary gives, byte for
// byte, the snapshot that encoding a full Load of the registry now gives:
// the compaction after a change the overlay takes is exact. The changes
// accumulate over one snapshot, as the index's delta does; now and then the
// overlay's encoding becomes the next base (a compaction), so that a
// mistake in what it copies is carried, and found, further on.
func TestOverlayMarshalsAsLoad(t *testing.T) {
	steps, n := 40, 90
	if registrytest.Long() {
		steps, n = 300, 150
	}
	m := mapRegistry(t, n, 11)
	x := &mutator{m: m, rng: rand.New(rand.NewPCG(11, 5)), ops: overlayListOps}
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
	took, compacted := 0, 0
	for i := range steps {
		x.did = nil
		for range 1 + x.rng.IntN(2) {
			x.step()
		}
		since = append(since, x.touched...)
		x.touched = nil
		snap, err := catalogue.OpenSnapshot(data)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		o, ok := snap.Overlay(m, since)
		if !ok {
			data, since = encode(), nil
			continue
		}
		took++
		got, err := o.MarshalBinary()
		if err != nil {
			t.Fatalf("step %d: MarshalBinary: %v", i, err)
		}
		if want := encode(); !bytes.Equal(got, want) {
			t.Fatalf("step %d (ops %v, %d paths changed since the snapshot): the overlay encodes %d bytes, a full load %d; first difference at byte %s",
				i, x.did, len(since), len(got), len(want), firstDiff(got, want))
		}
		if x.rng.IntN(3) == 0 {
			data, since = got, nil
			compacted++
		}
	}
	if took < steps/3 || compacted == 0 {
		t.Fatalf("the overlay took %d steps of %d, %d compactions: the test proves little", took, steps, compacted)
	}
	t.Logf("%d steps encoded by the overlay, %d compactions", took, compacted)
}

// firstDiff is the first position where a and b differ.
func firstDiff(a, b []byte) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprint(i)
		}
	}
	return fmt.Sprint(min(len(a), len(b)))
}
