package catalogue_test

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/requests"
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
	haysAll, listedAll, rowsAll, boardAll := 0, 0, 0, 0
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
		// the list section's haystacks and request rows are copied too
		p3, hays, rows, err := catalogue.PatchListsCounted(next, snap, prev)
		if err != nil || !bytes.Equal(p3, full) {
			t.Fatalf("step %d (ops %v): the snapshot with copied list rows differs from MarshalBinary of a full load (%v)", i, x.did, err)
		}
		copiedAll += copied
		encodedAll += encoded
		haysAll += hays
		rowsAll += rows
		listedAll += len(want.Actors) + len(want.Snippets) + len(want.Schemas) + len(want.Board) + len(want.Trainings) + len(want.Tips)
		boardAll += len(want.Board)
		data = patched
	}
	// (a full load, an actor renamed or added, shares no haystack naming
	// actors; a vote moves ranks, which the copied rows are given again)
	if 2*haysAll < listedAll || 2*rowsAll < boardAll {
		t.Fatalf("the patches copied %d of %d haystacks and %d of %d request rows: they should mostly copy", haysAll, listedAll, rowsAll, boardAll)
	}
	t.Logf("list section: %d of %d haystacks and %d of %d rows copied", haysAll, listedAll, rowsAll, boardAll)
	// (a small registry: a vote moves many requests' ranks, and a change
	// to registry.yaml is a full load, which shares no part)
	if copiedAll < 2*encodedAll {
		t.Fatalf("the patches copied %d records and encoded %d: they should mostly copy", copiedAll, encodedAll)
	}
	t.Logf("%d records copied, %d encoded over %d steps", copiedAll, encodedAll, steps)
}

// The list section's copies follow what a haystack and a row depend on
// beyond their entry: an organisation's name (in the haystack of every
// request that names it) and the supporters a duplicate passes to its
// original (whose files did not change). Each patched snapshot is byte for
// byte MarshalBinary of a full load, and the other rows are still copied.
func TestPatchSnapshotListsFollowNamesAndDuplicates(t *testing.T) {
	m := mapRegistry(t, 100, 5)
	c, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	// patch re-reads roots after a change to m and checks the patch.
	patch := func(what string, roots ...string) *catalogue.Catalogue {
		t.Helper()
		snap, err := catalogue.OpenSnapshot(data)
		if err != nil {
			t.Fatal(err)
		}
		prev, err := snap.Catalogue()
		if err != nil {
			t.Fatal(err)
		}
		next, err := catalogue.Update(prev, m, roots)
		if err != nil {
			t.Fatal(err)
		}
		patched, hays, rows, err := catalogue.PatchListsCounted(next, snap, prev)
		if err != nil {
			t.Fatal(err)
		}
		want, err := catalogue.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		full, err := want.MarshalBinary()
		if err != nil || !bytes.Equal(patched, full) {
			t.Fatalf("%s: the patched snapshot differs from MarshalBinary of a full load (%v)", what, err)
		}
		if hays == 0 || rows < len(want.Board)/2 {
			t.Fatalf("%s: %d haystacks and %d of %d rows copied: the patch should copy most rows", what, hays, rows, len(want.Board))
		}
		data = patched
		return want
	}

	// An organisation renamed: the requests naming it get new haystacks.
	id := c.Board[0].Request.RequestedBy
	file := "actors/" + id + ".yaml"
	f := m[file]
	if f == nil {
		t.Fatalf("no %s", file)
	}
	var lines []string
	for _, l := range strings.Split(string(f.Data), "\n") {
		if strings.HasPrefix(l, "name:") {
			l = "name: Tout autre nom"
		}
		lines = append(lines, l)
	}
	m[file] = &fstest.MapFile{Data: []byte(strings.Join(lines, "\n")), Mode: 0o644}
	c = patch("an actor renamed", file)
	if !slices.ContainsFunc(c.Board, func(s requests.Standing) bool {
		return s.Request.RequestedBy == id && strings.Contains(c.RequestHaystack(s), "tout autre nom")
	}) {
		t.Fatalf("no request names the renamed actor %s", id)
	}

	// A supported request marked a duplicate of an open one: the original's
	// supporters change, its files do not.
	var dup, orig *requests.Standing
	for i := range c.Board {
		if s := &c.Board[i]; len(s.Supporters) > 0 && s.Status.Open() {
			dup = s
			break
		}
	}
	for i := range c.Board {
		s := &c.Board[i]
		if s != dup && s.Status.Open() && dup != nil && slices.ContainsFunc(dup.Supporters, func(a string) bool { return !slices.Contains(s.Supporters, a) }) {
			orig = s
			break
		}
	}
	if dup == nil || orig == nil {
		t.Fatal("no supported open request, or no other open one it could pass supporters to")
	}
	origID, before := orig.Request.ID, len(orig.Supporters)
	ev := "requests/" + dup.Request.ID + "/events/20261101T100000Z-gpso.yaml"
	m[ev] = &fstest.MapFile{Data: []byte("status: duplicate\nname: Mission\nemail: m@b.example\ndate: 2026-11-01\nduplicate_of: " + origID + "\n"), Mode: 0o644}
	c = patch("a duplicate", catalogue.RootOf(ev))
	if s := c.Standing(origID); s == nil || len(s.Supporters) <= before {
		t.Fatalf("the duplicate's supporters did not pass to %s", origID)
	}
}
