package index_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
)

// After a pull then a `show` (a View answered over the index, which leaves
// the index as it was and records the catch-up in its delta), the app
// still opens on a preview: the delta names only requests, so the
// directory and the counts are HEAD's, the requests filed or removed since
// counted. A delta that names anything else gives no preview.
func TestPreviewThroughADelta(t *testing.T) {
	r := demo(t)
	dir := r.Dir()
	c := same(t, r, "first load")
	vote(t, dir, "accessibilite-erp", "vanves", "un")
	// HEAD moved, no command caught up yet: the preview through the tree
	// diff (a pull, then the app)
	if p, err := r.Preview(); err != nil || p == nil || p.Len(catalogue.Requests) != len(c.Requests) {
		t.Fatalf("Preview after HEAD moved, before any catch-up = %v, %v; want the index's snapshot", p, err)
	}
	if _, err := r.View("requests/accessibilite-erp"); err != nil {
		t.Fatal(err)
	}
	base := valid(t, r)
	d, err := index.ReadDelta(r.IndexPath, &base.Header)
	if err != nil || d == nil {
		t.Fatalf("no delta after the view: %+v, %v", d, err)
	}
	p, err := r.Preview()
	if err != nil || p == nil {
		t.Fatalf("Preview through the delta = %v, %v; want the index's snapshot", p, err)
	}
	if p.Len(catalogue.Requests) != len(c.Requests) || p.Meta().Name != c.Meta.Name {
		t.Fatalf("the preview counts %d requests of %q, the catalogue %d of %q", p.Len(catalogue.Requests), p.Meta().Name, len(c.Requests), c.Meta.Name)
	}

	// a delta naming a request the snapshot does not hold, filed since:
	// the preview counts it
	write(t, dir, "requests/nouvelle-demande/request.yaml", []byte("title: Nouvelle\nrequested_by: vanves\naddressed_to: gpso\ncreated: 2026-11-30\n"))
	d.Roots = append(d.Roots, "requests/nouvelle-demande")
	if err := index.WriteDelta(r.IndexPath, d); err != nil {
		t.Fatal(err)
	}
	if p, err := r.Preview(); err != nil || p == nil || p.Len(catalogue.Requests) != len(c.Requests)+1 {
		t.Fatalf("Preview through a delta naming a request filed since = %v, %v; want the snapshot, %d requests", p, err, len(c.Requests)+1)
	}
	// nor one naming an actor (the directory is the first screen)
	d.Roots = []string{"actors/vanves.yaml"}
	if err := index.WriteDelta(r.IndexPath, d); err != nil {
		t.Fatal(err)
	}
	if p, err := r.Preview(); p != nil || err != nil {
		t.Fatalf("Preview through a delta naming an actor = %v, %v; want none", p, err)
	}
	// a snippet edited in place (all a delta holds of the toolbox): the
	// counts stay; one the snapshot lacks: none
	d.Roots = []string{"snippets/" + c.Snippets[0].ID, "requests/nouvelle-demande"}
	if err := index.WriteDelta(r.IndexPath, d); err != nil {
		t.Fatal(err)
	}
	if p, err := r.Preview(); err != nil || p == nil || p.Len(catalogue.Snippets) != len(c.Snippets) || p.Len(catalogue.Requests) != len(c.Requests)+1 {
		t.Fatalf("Preview through a delta naming a snippet edited in place = %v, %v; want the snapshot", p, err)
	}
	for _, gone := range []string{"snippets/absent", "snippets/" + c.Snippets[1].ID} {
		if err := os.RemoveAll(filepath.Join(dir, "snippets", c.Snippets[1].ID)); err != nil {
			t.Fatal(err)
		}
		d.Roots = []string{gone}
		if err := index.WriteDelta(r.IndexPath, d); err != nil {
			t.Fatal(err)
		}
		if p, err := r.Preview(); p != nil || err != nil {
			t.Fatalf("Preview through a delta naming %s, added or removed = %v, %v; want none", gone, p, err)
		}
	}
	// a delta naming a request gone from the work tree: one fewer
	d.Roots = []string{"requests/accessibilite-erp"}
	if err := index.WriteDelta(r.IndexPath, d); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir + "/requests/accessibilite-erp"); err != nil {
		t.Fatal(err)
	}
	if p, err := r.Preview(); err != nil || p == nil || p.Len(catalogue.Requests) != len(c.Requests)-1 {
		t.Fatalf("Preview through a delta naming a removed request = %v, %v; want the snapshot, %d requests", p, err, len(c.Requests)-1)
	}
	// and one naming something that is not a request folder: none
	d.Roots = []string{"requests/a/b"}
	if err := index.WriteDelta(r.IndexPath, d); err != nil {
		t.Fatal(err)
	}
	if p, err := r.Preview(); p != nil || err != nil {
		t.Fatalf("Preview through a delta naming a path inside a request = %v, %v; want none", p, err)
	}

	// the tree diff naming registry.yaml: none
	meta, err := os.ReadFile(filepath.Join(dir, "registry.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "registry.yaml", append(meta, []byte("# modifié\n")...))
	git(t, dir, "commit", "-qam", "registre")
	if p, err := r.Preview(); p != nil || err != nil {
		t.Fatalf("Preview after registry.yaml changed = %v, %v; want none", p, err)
	}
}
