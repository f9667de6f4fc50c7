package index_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
	"github.com/gpso/codal/requests"
)

// asRows is rows, each request as a list row holds it (as an index lists
// it: no votes, status events, comments or positions; the transfers
// without positions). A catalogue's rows hold the whole requests.
func asRows(rows []requests.Standing) []requests.Standing {
	var out []requests.Standing
	for _, s := range rows {
		r := *s.Request
		var transfers []*requests.Event
		for _, e := range r.Events {
			if e.IsTransfer() {
				e := *e
				e.Where = nil
				transfers = append(transfers, &e)
			}
		}
		r.Votes, r.Events, r.Comments, r.Where = nil, transfers, nil, nil
		s.Request = &r
		out = append(out, s)
	}
	return out
}

// sameLists checks that l lists the requests (for several queries) and
// the actors as an index built afresh lists them: as a full load.
func sameLists(t *testing.T, r *registry.Registry, l catalogue.Lister, what string) {
	t.Helper()
	want, err := catalogue.Load(os.DirFS(r.Dir()))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"", "vanves", "meudon issy", "de", "Accessibilité", "xylophone", "zzqx"} {
		got, err := l.ListRequests(catalogue.Terms(q))
		if err != nil {
			t.Fatalf("%s: ListRequests(%q): %v", what, q, err)
		}
		if _, whole := l.(*catalogue.Catalogue); whole {
			got = asRows(got) // the whole catch-up lists its catalogue
		}
		w, _ := want.ListRequests(catalogue.Terms(q))
		if w = asRows(w); !reflect.DeepEqual(got, w) {
			t.Fatalf("%s: ListRequests(%q) differs from a full load's:\n  %+v\n  %+v", what, q, got, w)
		}
	}
	a, err := l.ListActors(nil)
	if w, _ := want.ListActors(nil); err != nil || !reflect.DeepEqual(a, w) {
		t.Fatalf("%s: ListActors differs from a full load's (%v)", what, err)
	}
}

// indexFile is the index file's bytes and time stamp.
func indexFile(t *testing.T, r *registry.Registry) ([]byte, int64) {
	t.Helper()
	data, err := os.ReadFile(r.IndexPath)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(r.IndexPath)
	if err != nil {
		t.Fatal(err)
	}
	return data, fi.ModTime().UnixNano()
}

// TestListAfterACommitLeavesTheIndex: after votes and a new title
// committed by the git CLI, the lists answer as an index built afresh does
// (the voted request moved up, every rank between its places moved down,
// its new title found) without writing the index again, and the delta
// records the change; a hand edit in the changed request is listed too, a
// hand edit elsewhere brings the index up to date (the whole catch-up), and
// so does a whole read.
func TestListAfterACommitLeavesTheIndex(t *testing.T) {
	r := demo(t)
	dir := r.Dir()
	same(t, r, "first load")
	before, err := r.Lister(catalogue.Requests)
	if err != nil {
		t.Fatal(err)
	}
	was, _ := before.ListRequests(nil)
	base, stamp := indexFile(t, r)

	// two communes' votes and a new title move a request up the board
	vote(t, dir, "arbres-alignement", "vanves", "un")
	vote(t, dir, "arbres-alignement", "meudon", "deux")
	data, err := os.ReadFile(filepath.Join(dir, "requests/arbres-alignement/request.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "requests/arbres-alignement/request.yaml", bytes.Replace(data, []byte("title: "), []byte("title: Xylophone "), 1))
	git(t, dir, "commit", "-qam", "new title")

	l, err := r.Lister(catalogue.Requests)
	if err != nil {
		t.Fatal(err)
	}
	sameLists(t, r, l, "after the commits")
	now, _ := l.ListRequests(nil)
	moved := false
	for i := range now {
		if now[i].Request.ID == "arbres-alignement" && now[i].Rank < rankOf(was, "arbres-alignement") {
			moved = true
		}
	}
	if !moved {
		t.Fatal("the votes did not move the request up: the test proves nothing of the ranks")
	}
	if data, st := indexFile(t, r); !bytes.Equal(data, base) || st != stamp {
		t.Fatal("the list wrote the index again: the catch-up should cost the change")
	}
	f := valid(t, r)
	d, err := index.ReadDelta(r.IndexPath, &f.Header)
	if err != nil || d == nil || !reflect.DeepEqual(d.Roots, []string{"requests/arbres-alignement"}) {
		t.Fatalf("the list's delta: %+v, %v", d, err)
	}
	head, err := r.HeadTree()
	if err != nil || d.Tree != head {
		t.Fatalf("the delta brings the index to %s, HEAD's tree is %s (%v)", d.Tree, head, err)
	}

	// the next list starts from the delta, and sees a hand edit of the
	// changed request
	write(t, dir, "requests/arbres-alignement/votes/issy-les-moulineaux.yaml", voteYAML("à la main"))
	if l, err = r.Lister(catalogue.Requests); err != nil {
		t.Fatal(err)
	}
	sameLists(t, r, l, "after a hand edit of the changed request")
	if data, st := indexFile(t, r); !bytes.Equal(data, base) || st != stamp {
		t.Fatal("the second list wrote the index again")
	}

	// a hand edit of another request: the whole catch-up, which writes the
	// index again
	write(t, dir, "requests/budget-climat/votes/issy-les-moulineaux.yaml", voteYAML("ailleurs"))
	if l, err = r.Lister(catalogue.Requests); err != nil {
		t.Fatal(err)
	}
	sameLists(t, r, l, "after a hand edit elsewhere")
	if data, _ := indexFile(t, r); bytes.Equal(data, base) {
		t.Fatal("a hand edit outside the committed change did not bring the index up to date")
	}
	same(t, r, "the whole read after the commits")
}

// rankOf is the rank of the request id among rows, or 0.
func rankOf(rows []requests.Standing, id string) int {
	for _, r := range rows {
		if r.Request.ID == id {
			return r.Rank
		}
	}
	return 0
}
