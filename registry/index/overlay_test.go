package index_test

import (
	"bytes"
	"os"
	"reflect"
	"sync"
	"testing"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
	"github.com/gpso/codal/registry/registrytest"
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

// vote commits a vote of actor on request id with the git CLI.
func vote(t *testing.T, dir, id, actor, comment string) {
	t.Helper()
	write(t, dir, "requests/"+id+"/votes/"+actor+".yaml", voteYAML(comment))
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "vote "+id)
}

// TestDeltaRecordsTheCatchUp: a view over the index records the tree diff
// it applied in a delta beside the index file, which the next command
// starts from; a damaged delta is ignored and written again, and a delta
// over another base (the index written again since by another process) is
// never applied, even when it names HEAD's commit.
func TestDeltaRecordsTheCatchUp(t *testing.T) {
	r := demo(t)
	dir := r.Dir()
	same(t, r, "first load")
	vote(t, dir, "accessibilite-erp", "vanves", "un")
	v, err := r.View("requests/accessibilite-erp")
	if err != nil {
		t.Fatal(err)
	}
	sameView(t, r, v.View, "first view")
	base := valid(t, r)
	d, err := index.ReadDelta(r.IndexPath, &base.Header)
	head := git(t, dir, "rev-parse", "HEAD")
	if err != nil || d == nil || string(d.Commit) != head || !reflect.DeepEqual(d.Roots, []string{"requests/accessibilite-erp"}) {
		t.Fatalf("delta %+v (%v): want HEAD %s and the voted request", d, err, head)
	}
	first, err := os.ReadFile(index.DeltaPath(r.IndexPath))
	if err != nil {
		t.Fatal(err)
	}

	// a second commit: the delta is behind HEAD, the diff starts from it
	vote(t, dir, "budget-climat", "vanves", "deux")
	if v, err = r.View("requests/arbres-alignement"); err != nil {
		t.Fatal(err)
	}
	sameView(t, r, v.View, "delta behind HEAD")
	if d, err = index.ReadDelta(r.IndexPath, &base.Header); err != nil || d == nil || len(d.Roots) != 2 {
		t.Fatalf("delta after the second commit: %+v (%v)", d, err)
	}

	// a damaged delta: ignored, the answer true, the delta written again
	if err := os.WriteFile(index.DeltaPath(r.IndexPath), []byte("CODALDLT\x01\x00\x00\x00garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	if v, err = r.View("requests/budget-climat"); err != nil {
		t.Fatal(err)
	}
	sameView(t, r, v.View, "damaged delta")
	if d, err = index.ReadDelta(r.IndexPath, &base.Header); err != nil || d == nil {
		t.Fatalf("the damaged delta was not written again: %+v (%v)", d, err)
	}

	// the index written again (a whole read), then HEAD reset to the first
	// vote's commit and the first delta put back: it names HEAD's commit,
	// but over the old base; applied to the new one it would keep the
	// second vote
	same(t, r, "whole read")
	if _, err := os.Stat(index.DeltaPath(r.IndexPath)); !os.IsNotExist(err) {
		t.Fatalf("the delta outlived the index it was written over (%v)", err)
	}
	git(t, dir, "reset", "-q", "--hard", "HEAD~1")
	if err := os.WriteFile(index.DeltaPath(r.IndexPath), first, 0o600); err != nil {
		t.Fatal(err)
	}
	if v, err = r.View("requests/arbres-alignement"); err != nil {
		t.Fatal(err)
	}
	if hasComment(v.Request("budget-climat").Votes, "deux") {
		t.Fatal("a delta over another base was applied: the reset vote is still there")
	}
	sameView(t, r, v.View, "foreign delta")
}

// TestViewsAndWholeReadsAtOnce: views and lists writing deltas and whole
// reads writing the index, at once, after commits: every answer is a full
// load's, and the files left are valid.
func TestViewsAndWholeReadsAtOnce(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("views and whole reads at once: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	r := demo(t)
	dir := r.Dir()
	same(t, r, "first load")
	vote(t, dir, "accessibilite-erp", "vanves", "un")
	vote(t, dir, "budget-climat", "vanves", "deux")
	want, err := catalogue.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				if g == 0 {
					if _, err := r.Catalogue(); err != nil {
						errs <- err.Error()
					}
					continue
				}
				if g == 1 { // a list over the delta, or from the index written again
					l, err := r.Lister(catalogue.Requests)
					if err != nil {
						errs <- err.Error()
						continue
					}
					rows, err := l.ListRequests(nil)
					if err != nil {
						errs <- err.Error()
						continue
					}
					if _, whole := l.(*catalogue.Catalogue); whole {
						rows = asRows(rows)
					}
					if !reflect.DeepEqual(rows, asRows(want.Board)) {
						errs <- "the list differs from a full load's"
					}
					continue
				}
				v, err := r.View("requests/arbres-alignement")
				if err != nil {
					errs <- err.Error()
					continue
				}
				for _, q := range want.Requests {
					if !reflect.DeepEqual(v.Standing(q.ID), want.Standing(q.ID)) {
						errs <- "Standing(" + q.ID + ") differs from a full load's"
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	same(t, r, "after")
	valid(t, r)
}
