package index_test

import (
	"bytes"
	"os"
	"reflect"
	"testing"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
)

// sameView checks that every request and standing (rank included) of v is
// what a full load of the work tree gives.
func sameView(t *testing.T, r *registry.Registry, v catalogue.View, what string) {
	t.Helper()
	want, err := catalogue.Load(os.DirFS(r.Dir()))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range want.Requests {
		if !reflect.DeepEqual(v.Request(q.ID), q) {
			t.Fatalf("%s: Request(%s) differs from a full load's", what, q.ID)
		}
		if got, w := v.Standing(q.ID), want.Standing(q.ID); !reflect.DeepEqual(got, w) {
			t.Fatalf("%s: Standing(%s) = rank %d, %d supporters; a full load's: rank %d, %d supporters", what, q.ID, got.Rank, len(got.Supporters), w.Rank, len(w.Supporters))
		}
	}
}

// TestViewAfterACommitLeavesTheIndex: after votes and a status change
// committed by the git CLI, a View answers as a full load (the voted
// request's standing, every request's rank) without writing the index
// again: the cost of the catch-up is the change's. The index is brought up
// to date by the next whole read; over a damaged index the view still
// answers true.
func TestViewAfterACommitLeavesTheIndex(t *testing.T) {
	r := demo(t)
	dir := r.Dir()
	same(t, r, "first load")
	base, err := os.ReadFile(r.IndexPath)
	if err != nil {
		t.Fatal(err)
	}
	// a commune's vote moves a request up the board
	write(t, dir, "requests/accessibilite-erp/votes/vanves.yaml", voteYAML("commité"))
	write(t, dir, "requests/accessibilite-erp/votes/meudon.yaml", voteYAML("commité aussi"))
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "votes")
	v, err := r.View("requests/accessibilite-erp")
	if err != nil {
		t.Fatal(err)
	}
	if !hasComment(v.Request("accessibilite-erp").Votes, "commité") {
		t.Fatal("the commit is not applied")
	}
	sameView(t, r, v.View, "after one commit")
	if now, err := os.ReadFile(r.IndexPath); err != nil || !bytes.Equal(now, base) {
		t.Fatalf("the view wrote the index again (%v): the catch-up should cost the change", err)
	}

	// a status change on another request, viewed from a third one
	write(t, dir, "requests/budget-climat/events/20261101T100000Z-gpso.yaml",
		[]byte("status: published\nname: Mission\nemail: m@b.example\ndate: 2026-11-01\n"))
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "published")
	if v, err = r.View("requests/arbres-alignement"); err != nil {
		t.Fatal(err)
	}
	sameView(t, r, v.View, "after two commits")
	if now, err := os.ReadFile(r.IndexPath); err != nil || !bytes.Equal(now, base) {
		t.Fatalf("the view wrote the index again (%v)", err)
	}

	// a damaged index under the view: the answer still true
	bad := bytes.Clone(base)
	bad[len(bad)-100] ^= 0xff
	if err := os.WriteFile(r.IndexPath, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if v, err = r.View("requests/budget-climat"); err != nil {
		t.Fatal(err)
	}
	sameView(t, r, v.View, "over a damaged index")

	same(t, r, "the whole read after the commits")
	head, err := r.HeadTree()
	if f := valid(t, r); err != nil || f.Tree != head {
		t.Fatalf("after a whole read the index is keyed by %s, HEAD's tree is %s (%v)", f.Tree, head, err)
	}
}
