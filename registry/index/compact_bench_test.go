package index_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
	"github.com/gpso/codal/requests"
)

// BenchmarkCompaction is the list after a change a delta does not take
// (votes on 40 requests and a request filed, committed by the git CLI:
// more than catalogue.MaxOverlayRoots roots), through the overlay's
// compaction (Overlay.MarshalParts, the index written from the old file's
// pieces) and through the whole catch-up (decode, Update, PatchSnapshot),
// in the same run. Each round puts the index written before the change
// back, outside the timer:
//
//	CODAL_CATCHUP_N=10000 go test ./registry/index -run '^$' -bench Compaction -benchtime 5x
func BenchmarkCompaction(b *testing.B) {
	n := 2000
	if s := os.Getenv("CODAL_CATCHUP_N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	dir := committedRegistry(b, n)
	r, err := registry.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	r.IndexPath = filepath.Join(filepath.Dir(dir), "index")
	c, err := r.Catalogue()
	if err != nil {
		b.Fatal(err)
	}
	base, err := os.ReadFile(r.IndexPath)
	if err != nil {
		b.Fatal(err)
	}
	voted := 0
	for _, st := range c.Board {
		if st.Status == requests.Duplicate || voted == 40 {
			continue
		}
		p := filepath.Join(dir, "requests", st.Request.ID, "votes", "bench-compaction.yaml")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("name: Service\nemail: a@b.example\ndate: 2026-11-30\nneed: useful\n"), 0o644); err != nil {
			b.Fatal(err)
		}
		voted++
	}
	filed := filepath.Join(dir, "requests", "bench-compaction", "request.yaml")
	if err := os.MkdirAll(filepath.Dir(filed), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filed, []byte("title: Eau potable\nrequested_by: "+c.Actors[0].ID+"\naddressed_to: gpso\ncreated: 2026-11-30\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, args := range [][]string{{"add", "-A"}, {"-c", "user.name=B", "-c", "user.email=b@example.org", "-c", "gc.auto=0", "commit", "-q", "--no-gpg-sign", "-m", "votes"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	for _, overlay := range []bool{false, true} {
		name := map[bool]string{false: "whole", true: "overlay"}[overlay]
		b.Run(name, func(b *testing.B) {
			defer index.SetOverlay(overlay)()
			before := index.Compactions()
			for range b.N {
				b.StopTimer()
				if err := os.WriteFile(r.IndexPath, base, 0o600); err != nil {
					b.Fatal(err)
				}
				os.Remove(index.DeltaPath(r.IndexPath))
				b.StartTimer()
				l, err := r.Lister(catalogue.Requests)
				if err != nil {
					b.Fatal(err)
				}
				if rows, err := l.ListRequests(catalogue.Terms("eau")); err != nil || len(rows) == 0 {
					b.Fatalf("ListRequests(eau): %d rows, %v", len(rows), err)
				}
			}
			if got := index.Compactions() - before; overlay != (got == int64(b.N)) {
				b.Fatalf("%d compactions through the overlay in %d rounds", got, b.N)
			}
		})
	}

}
