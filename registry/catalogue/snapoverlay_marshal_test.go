package catalogue_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/requests"
)

// overlayGrowOps are overlayListOps with requests added and removed more
// often (new ids that no entry names, and any request removed), and
// requests that name others in an old duplicate event.
var overlayGrowOps = append([]int{34, 34, 35, 36}, overlayListOps...)

// Along random change sequences, an Overlay's MarshalBinary gives, byte for
// byte, the snapshot that encoding a full Load of the registry now gives:
// the compaction after a change the overlay takes is exact. The changes
// accumulate over one snapshot, as the index's delta does; now and then the
// overlay's encoding becomes the next base (a compaction), so that a
// mistake in what it copies is carried, and found, further on.
func TestOverlayMarshalsAsLoad(t *testing.T) {
	steps, n := 32, 70
	if registrytest.Long() {
		steps, n = 300, 150
	}
	m := mapRegistry(t, n, 11)
	x := &mutator{m: m, rng: rand.New(rand.NewPCG(11, 5)), ops: overlayGrowOps}
	ids := func(c *catalogue.Catalogue) map[string]bool {
		out := map[string]bool{}
		for _, r := range c.Requests {
			out[r.ID] = true
		}
		return out
	}
	var last *catalogue.Catalogue // the latest full load
	encode := func() []byte {
		c, err := catalogue.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		data, err := c.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		last = c
		return data
	}
	data := encode()
	baseIDs := ids(last)
	var since []string
	took, compacted, added, removed := 0, 0, 0, 0
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
			baseIDs = ids(last)
			continue
		}
		took++
		restore := func() {}
		if i%2 == 1 {
			// every run of unchanged bytes a piece of the snapshot's data
			// (at this size they are all copied otherwise)
			restore = catalogue.SetMinBorrow(1)
		}
		got, err := o.MarshalBinary()
		restore()
		if err != nil {
			t.Fatalf("step %d: MarshalBinary: %v", i, err)
		}
		if want := encode(); !bytes.Equal(got, want) {
			t.Fatalf("step %d (ops %v, %d paths changed since the snapshot): the overlay encodes %d bytes, a full load %d; first difference at byte %s",
				i, x.did, len(since), len(got), len(want), firstDiff(got, want))
		}
		nowIDs := ids(last)
		for id := range nowIDs {
			if !baseIDs[id] {
				added++
			}
		}
		for id := range baseIDs {
			if !nowIDs[id] {
				removed++
			}
		}
		if x.rng.IntN(3) == 0 {
			data, since = got, nil
			baseIDs = nowIDs
			compacted++
		}
	}
	if took < steps/2 || compacted == 0 || added == 0 || removed == 0 {
		t.Fatalf("the overlay took %d steps of %d (%d with a request added, %d with one removed), %d compactions: the test proves little",
			took, steps, added, removed, compacted)
	}
	t.Logf("%d steps encoded by the overlay (%d with a request added, %d with one removed), %d compactions", took, added, removed, compacted)
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

// The overlay follows duplicates: an original whose duplicate gets a vote,
// a duplicate reopened (its original loses its supporters), a duplicate
// pointed at another original (both move), a request closed as a
// duplicate (its original gains its supporters, and those of its own
// duplicates); each answered and encoded as a full load does, each taken.
func TestOverlayFollowsDuplicates(t *testing.T) {
	m := mapRegistry(t, 200, 5)
	c, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	var dup, orig, other string
	for _, r := range c.Requests {
		if e := r.Latest(); e != nil && r.Status() == requests.Duplicate && c.Request(e.DuplicateOf) != nil &&
			c.Request(e.DuplicateOf).Status() != requests.Duplicate && len(r.Supporters()) > 0 && dup == "" {
			dup, orig = r.ID, e.DuplicateOf
		}
	}
	for _, st := range c.Board {
		// an open request that none of the duplicate's supporters supports
		// (its standing moves when the duplicate points at it)
		if id := st.Request.ID; st.Status.Open() && id != orig && id != dup && other == "" && c.Request(id).Latest() == nil &&
			!slices.ContainsFunc(c.Request(dup).Supporters(), func(a string) bool { return slices.Contains(st.Supporters, a) }) {
			other = id
		}
	}
	if dup == "" || other == "" {
		t.Fatal("no duplicate with an original, or no open request, in the generated registry")
	}
	event := func(id, day, body string) string {
		p := "requests/" + id + "/events/202611" + day + "T100000Z-gpso.yaml"
		m[p] = &fstest.MapFile{Data: []byte("name: Mission\nemail: m@b.example\ndate: 2026-11-" + day + "\n" + body)}
		return p
	}
	voter := ""
	for _, a := range c.Actors {
		if a.IsCommune() && !slices.Contains(c.Standing(orig).Supporters, a.ID) && a.ID != c.Request(dup).AddressedTo {
			voter = a.ID
			break
		}
	}
	steps := []struct {
		what   string
		change func() string
	}{
		{"a vote on the duplicate", func() string {
			p := "requests/" + dup + "/votes/" + voter + ".yaml"
			m[p] = &fstest.MapFile{Data: []byte("name: Service\nemail: a@b.example\ndate: 2026-11-29\nneed: useful\n")}
			return p
		}},
		{"the duplicate pointed at another original", func() string {
			return event(dup, "27", "status: duplicate\nduplicate_of: "+other+"\n")
		}},
		{"the duplicate reopened", func() string { return event(dup, "28", "status: planned\nplanned_for: 2027-01-01\n") }},
		{"the original closed as a duplicate of the other", func() string {
			return event(orig, "29", "status: duplicate\nduplicate_of: "+other+"\n")
		}},
	}
	for _, step := range steps {
		before, err := catalogue.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		data, err := before.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		p := step.change()
		snap, err := catalogue.OpenSnapshot(data)
		if err != nil {
			t.Fatal(err)
		}
		o, ok := snap.Overlay(m, []string{p})
		if !ok {
			t.Fatalf("%s: declined", step.what)
		}
		want, err := catalogue.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := before.Standing(other), want.Standing(other); step.what == "the duplicate pointed at another original" && slices.Equal(a.Supporters, b.Supporters) {
			t.Fatalf("%s: the other request's supporters did not move: the step proves nothing", step.what)
		}
		checkView(t, want, o)
		got, err := o.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if w, _ := want.MarshalBinary(); !bytes.Equal(got, w) {
			t.Fatalf("%s: the overlay encodes what a full load does not (first difference at byte %s)", step.what, firstDiff(got, w))
		}
	}
}

// A request filed that another entry names already (a duplicate_of that
// named no request yet), or a request removed that another names, is
// declined: the naming entry's reference problem, and the supporters that
// flow to the request, would change.
func TestOverlayDeclinesNamedRequests(t *testing.T) {
	m := mapRegistry(t, 60, 5)
	c, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	x := c.Board[0].Request.ID
	m["requests/"+x+"/events/20261130T100000Z-gpso.yaml"] = &fstest.MapFile{Data: []byte("status: duplicate\nname: Mission\nemail: m@b.example\ndate: 2026-11-30\nduplicate_of: neuve-x\n")}
	base, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	data, err := base.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	snap, err := catalogue.OpenSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	m["requests/neuve-x/request.yaml"] = &fstest.MapFile{Data: []byte("title: Nouvelle\nrequested_by: " + c.Actors[0].ID + "\naddressed_to: gpso\ncreated: 2026-11-30\n")}
	if _, ok := snap.Overlay(m, []string{"requests/neuve-x/request.yaml"}); ok {
		t.Fatal("a request filed that a duplicate names was taken")
	}
	// now the original exists: removing it is declined too
	after, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	if data, err = after.MarshalBinary(); err != nil {
		t.Fatal(err)
	}
	if snap, err = catalogue.OpenSnapshot(data); err != nil {
		t.Fatal(err)
	}
	delete(m, "requests/neuve-x/request.yaml")
	if _, ok := snap.Overlay(m, []string{"requests/neuve-x/request.yaml"}); ok {
		t.Fatal("a request removed that a duplicate names was taken")
	}
	// and one that nobody names is taken
	m["requests/neuve-y/request.yaml"] = &fstest.MapFile{Data: []byte("title: Autre\nrequested_by: " + c.Actors[0].ID + "\naddressed_to: gpso\ncreated: 2026-11-30\n")}
	m["requests/neuve-x/request.yaml"] = &fstest.MapFile{Data: []byte("title: Nouvelle\nrequested_by: " + c.Actors[0].ID + "\naddressed_to: gpso\ncreated: 2026-11-30\n")}
	if _, ok := snap.Overlay(m, []string{"requests/neuve-y/request.yaml"}); !ok {
		t.Fatal("a request filed that nobody names was declined")
	}
}
