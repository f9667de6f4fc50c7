//go:build linux

package index_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
	"github.com/gpso/codal/registry/watch"
)

// watched runs a watcher of r's work tree until the test ends (its socket
// under a short private folder); stop stops it.
func watched(t *testing.T, r *registry.Registry) (stop func()) {
	t.Helper()
	run, err := os.MkdirTemp("", "cw")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	t.Setenv("XDG_RUNTIME_DIR", run)
	return runWatcher(t, r.Dir())
}

func runWatcher(t testing.TB, dir string) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- watch.Run(ctx, dir, watch.Options{Ready: func(watch.Status) { close(ready) }}) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("watcher: %v", err)
	}
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			cancel()
			<-done
		}
	}
	t.Cleanup(stop)
	return stop
}

// title is the title a list of requests gives for id.
func title(t *testing.T, r *registry.Registry, id string) string {
	t.Helper()
	l, err := r.Lister(catalogue.Requests)
	if err != nil {
		t.Fatal(err)
	}
	all, err := l.ListRequests(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if s.Request.ID == id {
			return s.Request.Title
		}
	}
	return ""
}

// sneak rewrites the file at p with a text of the same length, then puts
// its time back: what a stat check cannot see (same size, time and inode).
func sneak(t *testing.T, p, old, new string) {
	t.Helper()
	if len(old) != len(new) {
		t.Fatal("sneak: not the same length")
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("sneak: %q not in %s", old, p)
	}
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(bytes.Replace(b, []byte(old), []byte(new), 1))
	f.Close()
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
}

// TestWatcherTellsWhatStatCannot: a rewrite that keeps the size and puts
// the time back is missed by the stat check (as by git status), but the
// watcher saw it happen, so a list shows it.
func TestWatcherTellsWhatStatCannot(t *testing.T) {
	r := demo(t)
	watched(t, r)
	const id = "budget-climat"
	p := filepath.Join(r.Dir(), "requests", id, "request.yaml")
	was := title(t, r, id) // the first question adopts a token: whole check
	if was == "" {
		t.Fatal("no title")
	}
	if got := title(t, r, id); got != was {
		t.Fatalf("nothing changed, title %q became %q", was, got)
	}
	// without asking the watcher, the stat check misses it
	sneak(t, p, was[:3], "ZZZ")
	t.Setenv("CODAL_WATCH", "0")
	if got := title(t, r, id); got != was {
		t.Fatalf("the stat check saw the sneaky edit (%q): this test proves nothing", got)
	}
	t.Setenv("CODAL_WATCH", "")
	if got, want := title(t, r, id), "ZZZ"+was[3:]; got != want {
		t.Fatalf("with the watcher, title %q, want %q", got, want)
	}
	same(t, r, "after the watched edit")
}

// TestWatcherKeepsChangesOutsideTheList: a list of requests advances the
// token; a change in another kind made before it must not be lost (the
// list takes every path the watcher reports).
func TestWatcherKeepsChangesOutsideTheList(t *testing.T) {
	r := demo(t)
	watched(t, r)
	// an index without a token, then a change outside the list: the list
	// that adopts a token checks every row, not only the requests'
	t.Setenv("CODAL_WATCH", "0")
	title(t, r, "budget-climat")
	t.Setenv("CODAL_WATCH", "")
	tip := filepath.Join(r.Dir(), "snippets", "controle-siren-siret", "snippet.yaml")
	b, err := os.ReadFile(tip)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(tip, bytes.Replace(b, []byte("title: "), []byte("title: Édité "), 1), 0o644)
	title(t, r, "budget-climat")
	same(t, r, "a snippet edited before the first watched list")
	title(t, r, "budget-climat")
	p := filepath.Join(r.Dir(), "snippets", "budget-scdl-synthese-r", "snippet.yaml")
	sneak(t, p, "Synthèse", "Sinthèse")
	title(t, r, "budget-climat")
	c := same(t, r, "a snippet edited before a list of requests")
	for _, s := range c.Snippets {
		if s.ID == "budget-scdl-synthese-r" && !strings.HasPrefix(s.Title, "Sinthèse") {
			t.Fatalf("the snippet's edit was lost: %q", s.Title)
		}
	}
}

// TestWatcherHandEditsInALoop: a hand edit, then at once a list: the list
// shows it, every time (the cookie), and the index stays a full load's.
func TestWatcherHandEditsInALoop(t *testing.T) {
	r := demo(t)
	watched(t, r)
	const id = "occupation-parkings"
	dir := filepath.Join(r.Dir(), "requests", id)
	p := filepath.Join(dir, "request.yaml")
	orig, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	title(t, r, id)
	for i := range 20 {
		want := fmt.Sprintf("Titre %d", i)
		b := bytes.Replace(orig, []byte("title: "), []byte("title: "+want+" — "), 1)
		switch i % 3 {
		case 0: // in place
			os.WriteFile(p, b, 0o644)
		case 1: // an editor's way: a new file renamed over
			tmp := filepath.Join(dir, ".request.yaml.tmp")
			os.WriteFile(tmp, b, 0o644)
			os.Rename(tmp, p)
		case 2: // a new request in a new folder, then the edit
			os.MkdirAll(filepath.Join(r.Dir(), "requests", fmt.Sprintf("new-%d", i)), 0o755)
			os.WriteFile(filepath.Join(r.Dir(), "requests", fmt.Sprintf("new-%d", i), "request.yaml"), orig, 0o644)
			os.WriteFile(p, b, 0o644)
		}
		if got := title(t, r, id); !strings.HasPrefix(got, want+" — ") {
			t.Fatalf("round %d: title %q, want %q…", i, got, want)
		}
	}
	same(t, r, "after the loop")
}

// TestWatcherRestartedMeansWholeCheck: a token of a stopped watcher is
// not trusted by the next one: the whole check finds what changed while
// none watched.
func TestWatcherRestartedMeansWholeCheck(t *testing.T) {
	r := demo(t)
	stop := watched(t, r)
	const id = "budget-climat"
	was := title(t, r, id)
	title(t, r, id)
	stop()
	p := filepath.Join(r.Dir(), "requests", id, "request.yaml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(b, []byte("title: "), []byte("title: Nouveau "), 1), 0o644)
	runWatcher(t, r.Dir())
	if got := title(t, r, id); got != "Nouveau "+was {
		t.Fatalf("after a restart, title %q", got)
	}
	// a watcher that does not answer in time is none
	time.Sleep(10 * time.Millisecond)
	same(t, r, "after a restart")
}

// TestWatcherTokenKeptOverADelta: a list answered by the overlay over the
// index (a vote committed since, recorded in a delta; the index file left
// as it is) records the token it adopted from a watcher started since, so
// that the next list asks the watcher rather than checking every row: an
// edit a stat check cannot see is then seen.
func TestWatcherTokenKeptOverADelta(t *testing.T) {
	r := demo(t)
	stop := watched(t, r)
	const id = "budget-climat"
	title(t, r, id)
	vote(t, r.Dir(), "accessibilite-erp", "vanves", "un")
	title(t, r, id) // through the overlay: a delta
	stop()
	runWatcher(t, r.Dir())
	was := title(t, r, id) // a new token, adopted with a whole check
	if ps, _ := filepath.Glob(r.IndexPath + ".delta*"); len(ps) == 0 {
		t.Fatal("no delta beside the index: the list did not go through the overlay")
	}
	sneak(t, filepath.Join(r.Dir(), "requests", id, "request.yaml"), was[:3], "ZZZ")
	if got, want := title(t, r, id), "ZZZ"+was[3:]; got != want {
		t.Fatalf("after a list over the delta, title %q, want %q: the watcher's token was not kept", got, want)
	}
}

// TestWatcherSkipsTemporaryFiles: a file made and removed since the index
// was written (an editor's temporary file: `sed -i` writes one beside the
// file it edits), reported by the watcher, is no change: after a vote
// committed by the git CLI, a list still answers over the index through
// the overlay, leaving the file as it is, rather than writing it again.
func TestWatcherSkipsTemporaryFiles(t *testing.T) {
	r := demo(t)
	watched(t, r)
	const id = "budget-climat"
	title(t, r, id)
	vote(t, r.Dir(), "accessibilite-erp", "vanves", "un")
	for _, p := range []string{"actors/sedkYlUjZ", "requests/" + id + "/.request.yaml.swp", "requests/sedTmp01"} {
		write(t, r.Dir(), p, []byte("x"))
		if err := os.Remove(filepath.Join(r.Dir(), filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
	}
	data, stamp := indexFile(t, r)
	before := index.Compactions()
	l, err := r.Lister(catalogue.Requests)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := l.(*catalogue.Overlay); !ok {
		t.Fatalf("the list read %T, not the overlay", l)
	}
	if now, st := indexFile(t, r); !bytes.Equal(now, data) || st != stamp || index.Compactions() != before {
		t.Fatal("the index was written again for temporary files gone")
	}
	sameLists(t, r, l, "after temporary files")
}
