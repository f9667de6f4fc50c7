package index_test

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
)

// The app's preview is the index as written for HEAD's tree, unchecked:
// none before the first load, the snapshot after it (a hand edit made since
// is not in it: the app's whole load finds it); once HEAD moved, the same
// when the tree diff names only what the first screen does not show (a
// request voted on), none when it does (an actor added); none for a
// corrupt index (the whole load rebuilds it).
func TestPreviewIsTheIndexForHEAD(t *testing.T) {
	r := demo(t)
	dir := r.Dir()
	if p, err := r.Preview(); p != nil || err != nil {
		t.Fatalf("Preview with no index = %v, %v; want none", p, err)
	}
	c := same(t, r, "first load")
	p, err := r.Preview()
	if err != nil || p == nil {
		t.Fatalf("Preview after the first load = %v, %v", p, err)
	}
	actors, err := p.Actors()
	if err != nil || len(actors) != len(c.Actors) || actors[0].ID != c.Actors[0].ID {
		t.Fatalf("the preview's directory (%d actors, %v) is not the catalogue's (%d)", len(actors), err, len(c.Actors))
	}
	if p.Len(catalogue.Requests) != len(c.Requests) || p.Meta().Name != c.Meta.Name {
		t.Fatalf("the preview counts %d requests of %q, the catalogue %d of %q", p.Len(catalogue.Requests), p.Meta().Name, len(c.Requests), c.Meta.Name)
	}

	write(t, dir, "requests/budget-climat/votes/vanves.yaml", voteYAML("à la main"))
	if p, err := r.Preview(); err != nil || p == nil || hasComment(p.Request("budget-climat").Votes, "à la main") {
		t.Fatalf("Preview after a hand edit = %v, %v; want the index as written, unchecked", p, err)
	}

	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "vote")
	// HEAD moved by a vote: the tree diff names a request only, which
	// moves nothing the first screen shows; the snapshot as written
	if p, err := r.Preview(); err != nil || p == nil || hasComment(p.Request("budget-climat").Votes, "à la main") {
		t.Fatalf("Preview after HEAD moved by a vote = %v, %v; want the index as written", p, err)
	}
	// and by an actor added: the directory moves, none
	write(t, dir, "actors/nouvelle-association.yaml", []byte("name: Nouvelle association\nkind: association\n"))
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "acteur")
	if p, err := r.Preview(); p != nil || err != nil {
		t.Fatalf("Preview after HEAD moved by an actor added = %v, %v; want none", p, err)
	}
	same(t, r, "after a commit")
	if p, err := r.Preview(); err != nil || p == nil || !hasComment(p.Request("budget-climat").Votes, "à la main") {
		t.Fatalf("Preview after the index caught up = %v, %v", p, err)
	}

	good, err := os.ReadFile(r.IndexPath)
	if err != nil {
		t.Fatal(err)
	}
	snapAt := bytes.Index(good, []byte("CODALSNP"))
	if snapAt < 0 {
		t.Fatal("no snapshot in the index file")
	}
	for _, c := range []struct {
		name    string
		at      int
		checked bool
	}{
		// the snapshot's tables: the preview reads them, so checks them
		{"a flipped byte in the snapshot's tables", snapAt + 20, true},
		// the last record (not an actor's): left to the whole load
		{"a flipped byte in the last record", len(good) - 3, false},
	} {
		b := append([]byte(nil), good...)
		b[c.at] ^= 0x40
		if err := os.WriteFile(r.IndexPath, b, 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := r.Preview()
		if c.checked && (p != nil || !errors.Is(err, index.ErrBad)) {
			t.Fatalf("%s: Preview = %v, %v; want ErrBad", c.name, p, err)
		}
		if !c.checked && (p == nil || err != nil) {
			t.Fatalf("%s: Preview = %v, %v; want the preview, unchecked there", c.name, p, err)
		}
		same(t, r, c.name) // the whole load checks every block, and rebuilds
	}
}
