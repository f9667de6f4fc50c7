package catalogue_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/toolbox"
)

// roundTrip encodes c, opens the snapshot and checks that its lazy answers
// and its whole catalogue are c's.
func roundTrip(t *testing.T, c *catalogue.Catalogue) []byte {
	t.Helper()
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.MarshalBinary()
	if err != nil || !bytes.Equal(data, again) {
		t.Fatalf("MarshalBinary is not deterministic (%v)", err)
	}
	checkLazy(t, c, data)
	s, err := catalogue.OpenSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	if d := catalogue.Diff(got, c); d != "" {
		t.Fatalf("the snapshot's catalogue differs from the one encoded:\n%s", d)
	}
	return data
}

// checkLazy compares every per-entry answer of a freshly opened snapshot
// with the catalogue's.
func checkLazy(t *testing.T, c *catalogue.Catalogue, data []byte) {
	t.Helper()
	s, err := catalogue.OpenSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	checkView(t, c, s)
}

// lazyView is what a snapshot and an overlay answer beyond catalogue.View.
type lazyView interface {
	catalogue.View
	Training(id string) *toolbox.Training
	Tip(id string) *toolbox.Tip
	Meta() catalogue.Meta
	ProblemsUnder(prefix string) []fact.Problem
}

// checkView compares every per-entry answer of s with the catalogue's.
func checkView(t *testing.T, c *catalogue.Catalogue, s lazyView) {
	t.Helper()
	same := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("snapshot's %s = %+v, catalogue's %+v", what, got, want)
		}
	}
	ids := []string{"absent", "", "../x", "sevres"}
	for _, a := range c.Actors {
		ids = append(ids, a.ID)
		same("Actor("+a.ID+")", s.Actor(a.ID), c.Actor(a.ID))
	}
	for _, v := range c.Snippets {
		ids = append(ids, v.ID)
		same("Snippet("+v.ID+")", s.Snippet(v.ID), c.Snippet(v.ID))
	}
	for _, v := range c.Schemas {
		ids = append(ids, v.ID)
		same("Schema("+v.ID+")", s.Schema(v.ID), c.Schema(v.ID))
	}
	for _, r := range c.Requests {
		ids = append(ids, r.ID)
		same("Request("+r.ID+")", s.Request(r.ID), c.Request(r.ID))
		same("Standing("+r.ID+")", s.Standing(r.ID), c.Standing(r.ID))
		if st := s.Standing(r.ID); st != nil && st.Request != s.Request(r.ID) {
			t.Fatalf("Standing(%s).Request is not Request(%[1]s)", r.ID)
		}
	}
	for _, v := range c.Trainings {
		ids = append(ids, v.ID)
		same("Training("+v.ID+")", s.Training(v.ID), c.Training(v.ID))
	}
	for _, v := range c.Tips {
		ids = append(ids, v.ID)
		same("Tip("+v.ID+")", s.Tip(v.ID), c.Tip(v.ID))
	}
	for _, id := range ids {
		same("Training("+id+")", s.Training(id), c.Training(id))
		same("Tip("+id+")", s.Tip(id), c.Tip(id))
		same("Actor("+id+")", s.Actor(id), c.Actor(id))
		same("Snippet("+id+")", s.Snippet(id), c.Snippet(id))
		same("Schema("+id+")", s.Schema(id), c.Schema(id))
		same("Request("+id+")", s.Request(id), c.Request(id))
		same("Standing("+id+")", s.Standing(id), c.Standing(id))
		same("IsTriager("+id+")", s.IsTriager(id), c.IsTriager(id))
	}
	same("Triagers", s.Triagers(), c.Triagers())
	same("Meta", s.Meta(), c.Meta)
	prefixes := map[string]bool{"": true, "requests": true, "actors": true, "snippets": true, "schemas": true, "trainings": true, "tips": true, "registry.yaml": true, "req": true}
	for _, p := range c.Problems {
		for q := p.Path; q != "." && q != "/" && q != ""; q = parent(q) {
			prefixes[q] = true
		}
	}
	for _, p := range catalogue.Paths(c) {
		prefixes[p] = true
		same("Exists("+p+")", s.Exists(p), true)
		same("Exists("+p+"/x)", s.Exists(p+"/x"), c.Exists(p+"/x"))
	}
	for p := range prefixes {
		same("ProblemsUnder("+p+")", s.ProblemsUnder(p), c.ProblemsUnder(p))
		same("Exists("+p+")", s.Exists(p), c.Exists(p))
	}
}

func parent(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

func TestSnapshotRoundTrip(t *testing.T) {
	for _, dir := range []string{"testdata/broken", "testdata/mini", "testdata/comments", "../demo"} {
		t.Run(dir, func(t *testing.T) {
			c, err := catalogue.Load(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			roundTrip(t, c)
		})
	}
}

// The snapshot of every catalogue along a random change sequence (Update's)
// decodes to that catalogue, and encodes to the same bytes as a full Load's;
// a snapshot's catalogue can be updated in turn.
func TestSnapshotAlongChanges(t *testing.T) {
	steps := 15
	if registrytest.Long() {
		steps = 80
	}
	m := mapRegistry(t, 100, 9)
	x := &mutator{m: m, rng: rand.New(rand.NewPCG(9, 1))}
	prev, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	for i := range steps {
		x.touched, x.did = nil, nil
		for range 1 + x.rng.IntN(3) {
			x.step()
		}
		var roots []string
		for _, p := range x.touched {
			roots = append(roots, catalogue.RootOf(p))
		}
		got, err := catalogue.Update(prev, m, roots)
		if err != nil {
			t.Fatal(err)
		}
		data := roundTrip(t, got)
		want, err := catalogue.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		if full, err := want.MarshalBinary(); err != nil || !bytes.Equal(full, data) {
			t.Fatalf("step %d (ops %v): Update's snapshot differs from Load's (%v)", i, x.did, err)
		}
		s, _ := catalogue.OpenSnapshot(data)
		if prev, err = s.Catalogue(); err != nil {
			t.Fatal(err)
		}
	}
}

// Reading one request and its standing decodes that request's record only.
func TestSnapshotDecodesOnlyWhatIsAsked(t *testing.T) {
	c, err := catalogue.Load(mapRegistry(t, 200, 4))
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	s, err := catalogue.OpenSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	id := c.Board[0].Request.ID
	if s.Request(id) == nil || s.Standing(id) == nil || !s.Exists("requests/"+id+"/request.yaml") || len(s.ProblemsUnder("requests/"+id)) != 0 {
		t.Fatalf("request %s not found in the snapshot", id)
	}
	if n := catalogue.Decoded(s); n != 1 {
		t.Fatalf("Request, Standing, Exists and ProblemsUnder of one request decoded %d records, want 1", n)
	}
	if s.Actor(c.Actors[0].ID) == nil || catalogue.Decoded(s) != 2 {
		t.Fatalf("Actor decoded %d records in all, want 2", catalogue.Decoded(s))
	}
}

// Every truncation, a foreign version and flipped bytes give ErrBadSnapshot
// or a snapshot whose readers do not panic.
func TestSnapshotRefusesBadData(t *testing.T) {
	c, err := catalogue.Load(os.DirFS("testdata/broken"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(data) {
		s, err := catalogue.OpenSnapshot(data[:n])
		if err == nil {
			if _, err := s.Catalogue(); !errors.Is(err, catalogue.ErrBadSnapshot) {
				t.Fatalf("a snapshot cut at %d of %d bytes decoded: %v", n, len(data), err)
			}
		} else if !errors.Is(err, catalogue.ErrBadSnapshot) {
			t.Fatalf("cut at %d: %v, want ErrBadSnapshot", n, err)
		}
	}
	foreign := bytes.Clone(data)
	foreign[8]++
	if _, err := catalogue.OpenSnapshot(foreign); !errors.Is(err, catalogue.ErrBadSnapshot) {
		t.Fatalf("a snapshot of version %d opened: %v", foreign[8], err)
	}
	if _, err := catalogue.OpenSnapshot(nil); !errors.Is(err, catalogue.ErrBadSnapshot) {
		t.Fatalf("no data: %v", err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		bad := bytes.Clone(data)
		for range 1 + rng.IntN(4) {
			bad[rng.IntN(len(bad))] = byte(rng.IntN(256))
		}
		useSnapshot(bad)
	}
}

// useSnapshot calls every reader of a snapshot, for the fuzz target.
func useSnapshot(data []byte) {
	s, err := catalogue.OpenSnapshot(data)
	if err != nil {
		return
	}
	for _, id := range []string{"climat", "gpso", "sevres", "table", "orphan", "x"} {
		s.Actor(id)
		s.Snippet(id)
		s.Schema(id)
		s.Request(id)
		s.Standing(id)
		s.Exists("requests/" + id)
		s.ProblemsUnder("requests/" + id)
	}
	s.ProblemsUnder("requests")
	s.IsTriager("gpso")
	for _, terms := range [][]string{nil, {"a"}, {"climat", "sevres"}} {
		s.ListRequests(terms)
		s.ListActors(terms)
		s.ListSnippets(terms)
		s.ListSchemas(terms)
	}
	for _, k := range []catalogue.Kind{catalogue.Actors, catalogue.Snippets, catalogue.Schemas, catalogue.Requests, "x"} {
		s.Len(k)
		s.Haystacks(k)
	}
	if c, err := s.Catalogue(); err == nil {
		c.MarshalBinary()
	}
}

func FuzzOpenSnapshot(f *testing.F) {
	seedFuzz(f)
	f.Fuzz(func(t *testing.T, data []byte) { useSnapshot(data) })
}

// seedFuzz adds real snapshots to a fuzz target's corpus.
func seedFuzz(f *testing.F) {
	for _, dir := range []string{"testdata/broken", "testdata/mini"} {
		c, err := catalogue.Load(os.DirFS(dir))
		if err != nil {
			f.Fatal(err)
		}
		data, err := c.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("CODALSNP"))
}

// A catalogue not made by a load cannot be encoded, and says so.
func TestMarshalNeedsALoad(t *testing.T) {
	if _, err := new(catalogue.Catalogue).MarshalBinary(); err == nil {
		t.Fatal("an empty Catalogue value encoded")
	}
}

var _ fs.FS = fstest.MapFS{}
var _ = fmt.Sprint

// A catalogue large enough to be decoded by several goroutines comes back
// whole.
func TestSnapshotRoundTripLarge(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("a large generated catalogue round-tripped: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	c, err := catalogue.Load(mapRegistry(t, 700, 5))
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	s, err := catalogue.OpenSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	if d := catalogue.Diff(got, c); d != "" {
		t.Fatalf("the snapshot's catalogue differs from the one encoded:\n%s", d)
	}
}
