package index_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/index"
	"github.com/gpso/codal/registry/registrytest"
)

// BenchmarkCatchUp is the command after a vote committed by the git CLI
// (`codal show requests/ID`'s View of the voted request), through the
// overlay and through the whole catch-up (decode the catalogue, Update,
// PatchSnapshot, write the index), in the same run:
//
//	go test ./registry/index -run '^$' -bench CatchUp -benchtime 5x
//	CODAL_CATCHUP_N=10000 go test ./registry/index -run '^$' -bench CatchUp -benchtime 5x
//
// Each round commits a vote, brings the index up to date (a whole read,
// outside the timer), commits another vote, then times the View.
// CODAL_CATCHUP_N entries (2,000 by default) are generated in a temporary
// folder, once per sub-benchmark.
func BenchmarkCatchUp(b *testing.B) {
	benchCatchUp(b, false, func(b *testing.B, r *registry.Registry) {
		v, err := r.View("requests/demande-0")
		if err != nil || v.Standing("demande-0") == nil {
			b.Fatalf("View: %v", err)
		}
	})
}

// benchCatchUp times read, the command after a vote committed by the git
// CLI, through the overlay and through the whole catch-up, as
// BenchmarkCatchUp says; with warm, also read with nothing changed since
// the index was written (the second vote left out), the floor.
func benchCatchUp(b *testing.B, warm bool, read func(b *testing.B, r *registry.Registry)) {
	benchCatchUpOf(b, warm, func(b *testing.B, dir string, i int) {
		p := filepath.Join(dir, "requests", "demande-0", "votes", fmt.Sprintf("bench-%d-%d.yaml", b.N, i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("name: Service\nemail: a@b.example\ndate: 2026-11-29\nneed: useful\n"), 0o644); err != nil {
			b.Fatal(err)
		}
	}, read)
}

// benchCatchUpOf is benchCatchUp with the change change makes (its i-th;
// the benchmark commits it) in place of a vote.
func benchCatchUpOf(b *testing.B, warm bool, change func(b *testing.B, dir string, i int), read func(b *testing.B, r *registry.Registry)) {
	outer := b
	n := 2000
	if s := os.Getenv("CODAL_CATCHUP_N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	cases := []struct {
		name          string
		overlay, warm bool
	}{{"whole", false, false}, {"overlay", true, false}}
	if warm {
		cases = append(cases, struct {
			name          string
			overlay, warm bool
		}{"warm", true, true})
	}
	for _, c := range cases {
		dir := "" // generated once, for the runs of b.N 1 then more
		b.Run(c.name, func(b *testing.B) {
			defer index.SetOverlay(c.overlay)()
			if dir == "" {
				dir = committedRegistry(outer, n)
			}
			r, err := registry.Open(dir)
			if err != nil {
				b.Fatal(err)
			}
			r.IndexPath = filepath.Join(b.TempDir(), "index")
			vote := func(i int) {
				change(b, dir, i)
				for _, args := range [][]string{{"add", "-A"}, {"-c", "user.name=B", "-c", "user.email=b@example.org", "-c", "gc.auto=0", "commit", "-q", "--no-gpg-sign", "-m", "change"}} {
					cmd := exec.Command("git", args...)
					cmd.Dir = dir
					if out, err := cmd.CombinedOutput(); err != nil {
						b.Fatalf("git %v: %v\n%s", args, err, out)
					}
				}
			}
			b.ResetTimer()
			for i := range b.N {
				b.StopTimer()
				vote(2 * i)
				if _, err := r.Catalogue(); err != nil {
					b.Fatal(err)
				}
				if !c.warm {
					vote(2*i + 1)
				}
				b.StartTimer()
				read(b, r)
			}
		})
	}
}

// committedRegistry generates a registry of n entries in a temporary
// folder, committed, removed when b ends (not b.TempDir: git may still
// write in .git then, and its cleanup fails).
func committedRegistry(b *testing.B, n int) string {
	b.Helper()
	tmp, err := os.MkdirTemp("", "codal-bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(tmp) })
	dir := filepath.Join(tmp, "work")
	if err := registrytest.Generate(dir, registrytest.Scale(n), 1); err != nil {
		b.Fatal(err)
	}
	if _, err := registrytest.CommitAll(dir, "registre"); err != nil {
		b.Fatal(err)
	}
	return dir
}
