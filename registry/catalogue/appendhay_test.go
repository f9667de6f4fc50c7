package catalogue_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/requests"
)

// AppendRequestHaystack appends exactly RequestHaystack, for every request
// of a generated registry and of the demo's, and for a request naming
// actors the catalogue does not know, with accents, ligatures and capitals.
func TestAppendRequestHaystackIsRequestHaystack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reg")
	if err := registrytest.Generate(dir, registrytest.Spread(200), 1); err != nil {
		t.Fatal(err)
	}
	var board []requests.Standing
	var cats []*catalogue.Catalogue
	for _, root := range []string{dir, demoRoot} {
		c, err := catalogue.Load(os.DirFS(root))
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Board) == 0 {
			t.Fatalf("%s: no requests", root)
		}
		for _, s := range c.Board {
			board = append(board, s)
			cats = append(cats, c)
		}
	}
	odd := requests.Standing{Request: &requests.Request{ID: "cœur-ÉTÉ", Title: "Œuvres d’Art À VOIR", RequestedBy: "inconnue",
		AddressedTo: "Sèvres", Themes: []string{"Énergie", "ﬁbre"}}, Supporters: []string{"Ville-d’Avray", cats[0].Board[0].Request.RequestedBy}}
	board, cats = append(board, odd), append(cats, cats[0])
	buf := []byte("x")
	for i, s := range board {
		buf = cats[i].AppendRequestHaystack(buf[:1], s)
		if got, want := string(buf[1:]), cats[i].RequestHaystack(s); got != want {
			t.Fatalf("%s: AppendRequestHaystack %q, RequestHaystack %q", s.Request.ID, got, want)
		}
	}
}
