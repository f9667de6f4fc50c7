package index_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
	"github.com/gpso/codal/requests"
)

// indexSnapshot checks that the index file is keyed by HEAD's tree and
// holds, byte for byte, the snapshot of a full load of the work tree.
func indexSnapshot(t *testing.T, r *registry.Registry, what string) {
	t.Helper()
	f := valid(t, r)
	head, err := r.HeadTree()
	if err != nil || f.Tree != head {
		t.Fatalf("%s: the index is keyed by %s, HEAD's tree is %s (%v)", what, f.Tree, head, err)
	}
	c, err := catalogue.Load(os.DirFS(r.Dir()))
	if err != nil {
		t.Fatal(err)
	}
	want, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(f.Snapshot, want) {
		t.Fatalf("%s: the index's snapshot (%d bytes) is not a full load's (%d bytes)", what, len(f.Snapshot), len(want))
	}
}

// wholeIndex checks that the index file is, byte for byte, the one a full
// rebuild writes for the same key and build time: a full load's snapshot
// and a scan of the whole work tree as its stat table (the rows a
// compaction copies from the old file in place, never decoded, and those
// it scans again, together).
func wholeIndex(t *testing.T, r *registry.Registry, what string) {
	t.Helper()
	indexSnapshot(t, r, what)
	f := valid(t, r)
	data, _ := indexFile(t, r)
	want := (&index.File{Header: f.Header, Stats: index.Scan(r.Dir(), f.Built), Snapshot: f.Snapshot}).Marshal()
	if !bytes.Equal(data, want) {
		t.Fatalf("%s: the index file (%d bytes, %d stat rows) is not a full rebuild's (%d bytes, %d stat rows)", what, len(data), len(f.Stats), len(want), len(index.Scan(r.Dir(), f.Built)))
	}
}

// TestCompactionThroughTheOverlay: a change of requests the overlay takes
// but a delta does not (votes committed on more requests than
// catalogue.MaxOverlayRoots; a hand edit outside the committed change)
// brings the index up to date through the overlay's encoding, without
// decoding the catalogue: the index written is, byte for byte, a full
// load's snapshot, keyed by HEAD's tree, with the hand edit's stat row (the
// next list finds nothing to do) — the whole file, byte for byte, what a
// full rebuild writes (wholeIndex) —, and the answers are a full load's.
func TestCompactionThroughTheOverlay(t *testing.T) {
	r, dir := generatedRepo(t, 150, 3)
	c := same(t, r, "first load")
	var ids []string // requests not closed as duplicates (the overlay takes their votes)
	for _, st := range c.Board {
		if st.Status != requests.Duplicate {
			ids = append(ids, st.Request.ID)
		}
	}
	if len(ids) <= catalogue.MaxOverlayRoots+2 {
		t.Fatalf("%d requests: too few for the test", len(ids))
	}

	// votes on more requests than a delta takes, committed by the git CLI
	var written []string
	for i, id := range ids[:catalogue.MaxOverlayRoots+2] {
		p := "requests/" + id + "/votes/" + c.Actors[i%len(c.Actors)].ID + ".yaml"
		write(t, dir, p, voteYAML(fmt.Sprint("vote ", i)))
		written = append(written, p)
	}
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "votes")
	back(t, dir, written...)
	before := index.Compactions()
	v, err := r.View("requests/" + ids[0])
	if err != nil {
		t.Fatal(err)
	}
	sameView(t, r, v.View, "after votes on many requests")
	if index.Compactions() != before+1 {
		t.Fatal("the votes were not compacted through the overlay")
	}
	wholeIndex(t, r, "after votes on many requests")

	// a hand edit, not committed: a list compacts it, and records its stat
	// row
	edited := "requests/" + ids[3] + "/votes/" + c.Actors[7].ID + ".yaml"
	write(t, dir, edited, voteYAML("à la main"))
	back(t, dir, edited)
	l, err := r.Lister(catalogue.Requests)
	if err != nil {
		t.Fatal(err)
	}
	sameLists(t, r, l, "after a hand edit")
	if index.Compactions() != before+2 {
		t.Fatal("the hand edit was not compacted through the overlay")
	}
	wholeIndex(t, r, "after a hand edit")
	data, stamp := indexFile(t, r)
	if l, err = r.Lister(catalogue.Requests); err != nil {
		t.Fatal(err)
	}
	sameLists(t, r, l, "the list after")
	if now, st := indexFile(t, r); !bytes.Equal(now, data) || st != stamp {
		t.Fatal("the list after the compaction wrote the index again: the hand edit's stat row was not recorded")
	}
	same(t, r, "the whole read after")
	if index.Compactions() != before+2 {
		t.Fatal("a whole read with nothing changed compacted")
	}
}

// back sets the files at paths, their folders and those folders' own, a
// minute back: no stat row of theirs is racy (as in git, a file changed in
// the second the index was written is read again by the next command; a
// new votes folder changes its request's folder).
func back(t *testing.T, dir string, paths ...string) {
	t.Helper()
	then := time.Now().Add(-time.Minute)
	for _, p := range paths {
		for _, q := range []string{p, filepath.Dir(p), filepath.Dir(filepath.Dir(p))} {
			if err := os.Chtimes(filepath.Join(dir, filepath.FromSlash(q)), then, then); err != nil {
				t.Fatal(err)
			}
		}
	}
}
