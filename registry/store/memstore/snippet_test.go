package memstore_test

import (
	"context"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/demo"
	"github.com/gpso/codal/registry/store/memstore"
	"github.com/gpso/codal/registry/store/storetest"
)

// TestAddSnippetChecksAsGitStore: memstore prepares a snippet with the
// catalogue, as the Git store does, so it refuses what the Git store
// refuses (a control character in the title: its private copy of the check
// let it through) and names the id the same way.
func TestAddSnippetChecksAsGitStore(t *testing.T) {
	s, err := memstore.New(demo.FS(), storetest.Other, storetest.At, memstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files := []catalogue.CodeFile{{Name: "main.py", Data: []byte("print(1)\n")}}
	if id, err := s.AddSnippet(context.Background(), catalogue.NewSnippet{Title: "Alerte \x1b[31mrouge", Author: "chaville", Files: files},
		storetest.Other, storetest.At); err == nil {
		t.Fatalf("a control character in the title accepted: %s", id)
	}
	id, err := s.AddSnippet(context.Background(), catalogue.NewSnippet{Title: "Communes GPSO géo API", Author: "chaville", Files: files},
		storetest.Other, storetest.At)
	if err != nil || id != "communes-gpso-geo-api-2" {
		t.Fatalf("id %q, %v", id, err)
	}
}
