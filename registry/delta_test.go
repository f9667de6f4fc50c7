package registry

import (
	"bytes"
	"math/rand"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

// TestApplyDeltaAsGoGit: go-git's own deltas (with copies of every offset
// and size width, and inserts) rebuild the same objects through applyDelta
// as through go-git; deltas cut short or pointing outside their base are
// errors, never a panic.
func TestApplyDeltaAsGoGit(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	alloc := func(n int) []byte { return make([]byte, 0, n) }
	randomBytes := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcdefgh\x00 "[rng.Intn(10)]
		}
		return b
	}
	for round := 0; round < 200; round++ {
		base := randomBytes(1 + rng.Intn(200000))
		// The target: pieces of the base, moved, and new bytes.
		var target []byte
		for len(target) < len(base) {
			if rng.Intn(3) == 0 {
				target = append(target, randomBytes(rng.Intn(300))...)
			} else {
				off := rng.Intn(len(base))
				target = append(target, base[off:min(len(base), off+rng.Intn(100000))]...)
			}
		}
		delta := packfile.DiffDelta(base, target)
		want, err := packfile.PatchDelta(base, delta)
		if err != nil {
			t.Fatal(err)
		}
		got, err := applyDelta(alloc, base, delta)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if !bytes.Equal(got, want) || !bytes.Equal(got, target) {
			t.Fatalf("round %d: %d bytes rebuilt, want %d", round, len(got), len(want))
		}
		for _, bad := range [][]byte{delta[:rng.Intn(len(delta))], append(bytes.Clone(delta), 0x91, 0xff, 0xff)} {
			if _, err := applyDelta(alloc, base, bad); err == nil && !bytes.Equal(bad, delta) {
				t.Fatalf("round %d: a damaged delta of %d bytes rebuilt something", round, len(bad))
			}
		}
		if _, err := applyDelta(alloc, base[1:], delta); err == nil {
			t.Fatalf("round %d: a delta applied to a base of another size", round)
		}
	}
}
