package index_test

import (
	"testing"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
)

// BenchmarkListCatchUp is the list after a vote committed by the git CLI
// (`codal list requests --query climat`, then the whole board as `--json`
// lists it), through the overlay and through the whole catch-up, in the
// same run, as BenchmarkCatchUp; and the same list with nothing changed
// since the index was written (warm), the floor the overlay adds the
// change's cost to:
//
//	CODAL_CATCHUP_N=10000 go test ./registry/index -run '^$' -bench ListCatchUp -benchtime 5x
func BenchmarkListCatchUp(b *testing.B) {
	benchCatchUp(b, true, func(b *testing.B, r *registry.Registry) {
		l, err := r.Lister(catalogue.Requests)
		if err != nil {
			b.Fatal(err)
		}
		found, err := l.ListRequests(catalogue.Terms("climat"))
		if err != nil || len(found) == 0 {
			b.Fatalf("ListRequests(climat): %d rows, %v", len(found), err)
		}
		board, err := l.ListRequests(nil)
		if err != nil || len(board) < len(found) {
			b.Fatalf("ListRequests(nil): %d rows, %v", len(board), err)
		}
	})
}
