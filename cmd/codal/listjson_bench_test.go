package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
)

// BenchmarkListRequestsJSON is `codal list requests --json` in process
// from one Lister opened once (no stat check, no watcher needed: the list
// alone), written from the index's standings (requestJSONList) and through
// ListRequests and encoding/json (encoderList, the path before), alternated
// in the same loop. Give the registry (read only), its index (copied) and
// the query ("" lists all):
//
//	CODAL_SCALE_WORK=/tmp/scale-100k CODAL_SCALE_INDEX=<its index> CODAL_BENCH_QUERY= \
//	  go test ./cmd/codal -run '^$' -bench ListRequestsJSON -benchtime 5x
func BenchmarkListRequestsJSON(b *testing.B) {
	dir, from := os.Getenv("CODAL_SCALE_WORK"), os.Getenv("CODAL_SCALE_INDEX")
	if dir == "" || from == "" {
		b.Skip("CODAL_SCALE_WORK and CODAL_SCALE_INDEX name the registry and its index")
	}
	r, err := registry.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	r.IndexPath = filepath.Join(b.TempDir(), "index")
	data, err := os.ReadFile(from)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(r.IndexPath, data, 0o600); err != nil {
		b.Fatal(err)
	}
	b.Setenv("CODAL_WATCH", "0")
	l, err := r.Lister(catalogue.Requests)
	if err != nil {
		b.Fatal(err)
	}
	if _, ok := l.(catalogue.StandingLister); !ok {
		b.Fatalf("the index's lister is a %T, without standings", l)
	}
	terms := catalogue.Terms(os.Getenv("CODAL_BENCH_QUERY"))
	a := &app{lang: i18n.FR, stdout: io.Discard, stderr: io.Discard, now: clock}
	var took [2]time.Duration // from the standings, through ListRequests
	for b.Loop() {
		for i, f := range []func() error{
			func() error { return a.list(l, catalogue.Requests, terms, true) },
			func() error { return a.encoderList(l, terms) },
		} {
			t0 := time.Now()
			if err := f(); err != nil {
				b.Fatal(err)
			}
			took[i] += time.Since(t0)
		}
	}
	standings, encoder := float64(took[0].Nanoseconds()), float64(took[1].Nanoseconds())
	b.ReportMetric(standings/float64(b.N), "standings-ns/op")
	b.ReportMetric(encoder/float64(b.N), "encoder-ns/op")
	b.ReportMetric(standings/encoder, "standings/encoder")
}

// encoderList is `list requests --json` as it was printed before
// requestJSONList: ListRequests' standings through encoding/json.
func (a *app) encoderList(l catalogue.Lister, terms []string) error {
	ls, err := a.listing(l, catalogue.Requests, terms, true)
	if err != nil {
		return err
	}
	return a.printListing(ls, true)
}
