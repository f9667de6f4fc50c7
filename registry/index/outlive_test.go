package index_test

import (
	"runtime"
	"testing"
)

// TestCatalogueOutlivesTheMapping: a catalogue decoded from the mapped
// index holds nothing of the mapping (catalogue's owner copies every
// string): once the snapshot is collected and its file unmapped, reading
// every entry still works and says what a full load says. A string left
// aliasing the mapping would crash this test with a fault, not fail it.
func TestCatalogueOutlivesTheMapping(t *testing.T) {
	r := demo(t)
	same(t, r, "first load") // builds the index
	c, err := r.Catalogue()  // decoded from the mapped index
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		runtime.GC() // the snapshot's cleanup unmaps its file
	}
	want := same(t, r, "full load")
	if canon(t, c) != canon(t, want) {
		t.Fatal("the catalogue decoded from the index differs once its file is unmapped")
	}
}
