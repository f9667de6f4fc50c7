package index_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/registry/catalogue"
)

// TestFolderListedAgainKeepsItsRows: a request's folder whose time moved
// with nothing added or removed in it (a file made and removed: an editor's
// swap file) is listed again and its row recorded; the rows of the files
// in it stay, so a later edit of its request.yaml in place (the folder's
// time does not move) is still found. (Refresh dropped every row of the
// entry whose folder was listed again: the edit was never seen.)
func TestFolderListedAgainKeepsItsRows(t *testing.T) {
	r := demo(t)
	same(t, r, "first load")
	dir := filepath.Join(r.Dir(), "requests/budget-climat")
	swap := filepath.Join(dir, ".request.yaml.swp")
	if err := os.WriteFile(swap, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(swap); err != nil {
		t.Fatal(err)
	}
	// the folder's new time, not racy: listed again once, then trusted
	then := time.Now().Add(-30 * time.Minute)
	if err := os.Chtimes(dir, then, then); err != nil {
		t.Fatal(err)
	}
	l, err := r.Lister(catalogue.Requests)
	if err != nil {
		t.Fatal(err)
	}
	sameLists(t, r, l, "after a file made and removed")
	f := valid(t, r)
	var rows int
	for _, s := range f.Stats {
		if strings.HasPrefix(s.Path, "requests/budget-climat/") {
			rows++
		}
	}
	if rows == 0 {
		t.Fatal("the folder listed again lost the rows of the files in it")
	}
	p := filepath.Join(dir, catalogue.RequestFile)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	write(t, r.Dir(), "requests/budget-climat/"+catalogue.RequestFile, []byte(strings.Replace(string(data), "title: ", "title: Édité — ", 1)))
	if err := os.Chtimes(dir, then, then); err != nil { // an edit in place does not move it
		t.Fatal(err)
	}
	if c := same(t, r, "request.yaml edited"); !strings.HasPrefix(c.Request("budget-climat").Title, "Édité") {
		t.Fatal("the edit was not seen")
	}
}
