package catalogue

import (
	"os"
	"testing"
	"time"

	"github.com/gpso/codal/requests"
)

// index stands for a View that is not a loaded catalogue (as the scale
// issue's index will be): it answers from the catalogue, except for the paths
// it says exist.
type index struct {
	*Catalogue
	taken map[string]bool
}

func (x index) Exists(p string) bool { return x.taken[p] || x.Catalogue.Exists(p) }

// Prepare* ask the View, not the catalogue behind it: a folder the View knows
// of (and the catalogue does not) makes the new request's id move on.
func TestPrepareGoesThroughTheView(t *testing.T) {
	c, err := Load(os.DirFS("../demo"))
	if err != nil {
		t.Fatal(err)
	}
	d := requests.Draft{Title: "Arbres remarquables", RequestedBy: "sevres", AddressedTo: "gpso"}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	plain, err := Prepare(c).FileRequest(d, at)
	if err != nil {
		t.Fatal(err)
	}
	viaIndex, err := Prepare(index{c, map[string]bool{"requests/" + plain.Request.ID: true}}).FileRequest(d, at)
	if err != nil {
		t.Fatal(err)
	}
	if viaIndex.Request.ID == plain.Request.ID {
		t.Fatalf("the View's folder %s was not seen: same id %q", plain.Request.ID, viaIndex.Request.ID)
	}
	if short, err := c.FileRequest(d, at); err != nil || short.Request.ID != plain.Request.ID {
		t.Fatalf("Catalogue.FileRequest = %v, %v; want the id %q", short.Request, err, plain.Request.ID)
	}
}
