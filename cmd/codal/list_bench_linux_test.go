//go:build linux

package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/watch"
)

// BenchmarkListRequestsWarm is `codal list requests --query Q` in process
// with the index warm and a watcher running (the stat check reduced to one
// question): the lister's open and the table, printed from the index's
// rows (requestTable) and, in the same loop, through ListRequests' standings
// (the path before round 17, still the one of a Lister without rows), then
// the open alone; then --json from the index's standings (requestJSONList)
// and through ListRequests and encoding/json, in the same loop. Give the registry (read only; its index is built in a
// temporary folder, or copied from CODAL_SCALE_INDEX) and the query:
//
//	CODAL_SCALE_WORK=/tmp/codal-bench/n10000-seed1/work CODAL_BENCH_QUERY=eau \
//	  go test ./cmd/codal -run '^$' -bench ListRequestsWarm -benchtime 40x
func BenchmarkListRequestsWarm(b *testing.B) {
	dir := os.Getenv("CODAL_SCALE_WORK")
	if dir == "" {
		b.Skip("CODAL_SCALE_WORK names the registry to list")
	}
	r, err := registry.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	r.IndexPath = filepath.Join(b.TempDir(), "index")
	if from := os.Getenv("CODAL_SCALE_INDEX"); from != "" {
		data, err := os.ReadFile(from)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(r.IndexPath, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := r.Catalogue(); err != nil {
		b.Fatal(err)
	}
	b.Setenv("CODAL_WATCH", "")
	if os.Getenv("CODAL_BENCH_WATCHER") != "running" {
		// a watcher of its own (at 100,000 entries, one takes most of the
		// system's inotify watches: set CODAL_BENCH_WATCHER=running and
		// XDG_RUNTIME_DIR to use the one `codal watch start` started)
		b.Setenv("XDG_RUNTIME_DIR", b.TempDir())
		ctx, cancel := context.WithCancel(context.Background())
		ready, done := make(chan struct{}), make(chan error, 1)
		go func() { done <- watch.Run(ctx, dir, watch.Options{Ready: func(watch.Status) { close(ready) }}) }()
		select {
		case <-ready:
		case err := <-done:
			b.Fatalf("watcher: %v", err)
		}
		defer func() { cancel(); <-done }()
	}
	query := os.Getenv("CODAL_BENCH_QUERY")
	if query == "" {
		query = "eau"
	}
	terms := catalogue.Terms(query)
	a := &app{lang: i18n.FR, stdout: io.Discard, stderr: io.Discard, now: clock}
	list := func(hide, asJSON bool) func() error {
		return func() error {
			l, err := r.Lister(catalogue.Requests)
			if err != nil {
				return err
			}
			if hide {
				l = plainLister{l}
				if asJSON { // the path before: ListRequests through encoding/json
					return a.encoderList(l, terms)
				}
			}
			return a.list(l, catalogue.Requests, terms, asJSON)
		}
	}
	open := func() error {
		_, err := r.Lister(catalogue.Requests)
		return err
	}
	if err := list(false, false)(); err != nil { // the first question adopts a token
		b.Fatal(err)
	}
	names := []string{"rows", "listrequests", "open", "json-standings", "json-listrequests"}
	fns := []func() error{list(false, false), list(true, false), open, list(false, true), list(true, true)}
	total := make([]time.Duration, len(fns))
	b.ResetTimer()
	for range b.N {
		for i, f := range fns {
			t0 := time.Now()
			if err := f(); err != nil {
				b.Fatalf("%s: %v", names[i], err)
			}
			total[i] += time.Since(t0)
		}
	}
	for i, n := range names {
		b.ReportMetric(float64(total[i].Nanoseconds())/float64(b.N), n+"-ns/op")
	}
	b.ReportMetric(float64(total[0])/float64(total[1]), "rows/listrequests")
	b.ReportMetric(float64(total[2])/float64(total[1]), "open/listrequests")
	b.ReportMetric(float64(total[3])/float64(total[4]), "json-standings/json-listrequests")
}
