package index_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// BenchmarkListAfterOtherKinds is the list of actors and the requests'
// list after an actor's competences edited and a snippet added, committed
// by the git CLI, through the overlay and through the whole catch-up (the
// only way before round 19), as BenchmarkCatchUp:
//
//	CODAL_CATCHUP_N=10000 go test ./registry/index -run '^$' -bench ListAfterOtherKinds -benchtime 5x
func BenchmarkListAfterOtherKinds(b *testing.B) {
	benchCatchUpOf(b, false, func(b *testing.B, dir string, i int) {
		actor := filepath.Join(dir, "actors", "gpso.yaml")
		data, err := os.ReadFile(actor)
		if err != nil {
			b.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		lines = slices.DeleteFunc(lines, func(l string) bool { return strings.HasPrefix(l, "competences:") })
		lines = append(lines, fmt.Sprintf("competences: [eau, n°%d-%d]", b.N, i))
		if err := os.WriteFile(actor, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			b.Fatal(err)
		}
		sn := filepath.Join(dir, "snippets", fmt.Sprintf("bench-%d-%d", b.N, i))
		if err := os.MkdirAll(sn, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sn, "snippet.yaml"), []byte("title: Extrait neuf\nlanguage: python\nlicense: etalab-2.0\nauthor: gpso\nfiles:\n  - main.py\n"), 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sn, "main.py"), []byte("print(1)\n"), 0o644); err != nil {
			b.Fatal(err)
		}
	}, func(b *testing.B, r *registry.Registry) {
		l, err := r.Lister(catalogue.Actors, catalogue.Requests)
		if err != nil {
			b.Fatal(err)
		}
		if found, err := l.ListActors(catalogue.Terms("eau")); err != nil || len(found) == 0 {
			b.Fatalf("ListActors(eau): %d rows, %v", len(found), err)
		}
		if found, err := l.ListRequests(catalogue.Terms("climat")); err != nil || len(found) == 0 {
			b.Fatalf("ListRequests(climat): %d rows, %v", len(found), err)
		}
	})
}
