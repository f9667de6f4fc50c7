//go:build linux

package index_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
)

// BenchmarkScaleIndexListerWatched: codal list requests --query once the
// index is warm, with a watcher running (the check takes only what it
// reports changed: here nothing, after one question and its cookie), beside
// the scoped stat check without it (CODAL_WATCH=0) and git status, in the
// same loop:
//
//	CODAL_SCALE_WORK=/tmp/codal-bench/n10000-seed1/work go test ./registry/index -run '^$' -bench ListerWatched
func BenchmarkScaleIndexListerWatched(b *testing.B) {
	r := warmRegistry(b)
	b.Setenv("GIT_OPTIONAL_LOCKS", "0")
	run, err := os.MkdirTemp("", "cw")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(run)
	b.Setenv("XDG_RUNTIME_DIR", run)
	b.Setenv("CODAL_WATCH", "")
	stop := runWatcher(b, r.Dir())
	defer stop()
	list := func(watch string) func() error {
		return func() error {
			os.Setenv("CODAL_WATCH", watch)
			l, err := r.Lister(catalogue.Requests)
			if err != nil {
				return err
			}
			rows, err := l.ListRequests([]string{"climat"})
			if err == nil && len(rows) == 0 {
				err = fmt.Errorf("no request for climat")
			}
			return err
		}
	}
	if err := list("")(); err != nil { // the first question adopts a token
		b.Fatal(err)
	}
	runs(b, []string{"watched", "scoped", "gitstatus"}, list(""), list("0"), gitRun(r.Dir(), "status", "--porcelain"))
}
