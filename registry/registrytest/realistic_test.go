package registrytest_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/requests"
)

// TestScaleRegistryIsClean generates a small registry the way the scale
// measurements do (Scale) and checks that it lints clean and looks like real
// support: most requests with few votes, a few with many, status histories
// on about half the requests with every status represented, comments on
// votes and notes on events.
func TestScaleRegistryIsClean(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("the generated registry at scale checked clean: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	dir := t.TempDir()
	const n = 1500
	if err := registrytest.Generate(dir, registrytest.Scale(n), 1); err != nil {
		t.Fatal(err)
	}
	c, err := catalogue.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Problems {
		t.Errorf("generated registry has a problem: %s", p.Format("en"))
	}
	if got := len(c.Actors) + len(c.Snippets) + len(c.Schemas) + len(c.Requests); got < n {
		t.Errorf("loaded %d entries, want at least %d", got, n)
	}

	var votes []int
	withEvents, comments, notes, total := 0, 0, 0, 0
	statuses := map[requests.Status]int{}
	for _, r := range c.Requests {
		votes = append(votes, len(r.Votes))
		total += len(r.Votes)
		for _, v := range r.Votes {
			if v.Comment != "" {
				comments++
			}
		}
		if len(r.Events) > 0 {
			withEvents++
		}
		for _, e := range r.Events {
			if e.Note != "" {
				notes++
			}
		}
	}
	for _, s := range c.Board {
		statuses[s.Status]++
	}
	sort.Ints(votes)
	nr := len(votes)
	median, top := votes[nr/2], votes[nr-1]
	if median > 2 {
		t.Errorf("median votes per request = %d, want at most 2 (most requests have few supporters)", median)
	}
	if top < 20 {
		t.Errorf("most votes on one request = %d, want at least 20 (a few requests have many supporters)", top)
	}
	if mean := float64(total) / float64(nr); mean < 2 || mean > 6 {
		t.Errorf("mean votes per request = %.2f, want between 2 and 6", mean)
	}
	if share := float64(withEvents) / float64(nr); share < 0.4 || share > 0.6 {
		t.Errorf("requests with a status history: %.0f%%, want about half", 100*share)
	}
	for _, s := range []requests.Status{"submitted", "under-review", "planned", "in-progress", "published", "already-available", "declined", "duplicate", "withdrawn"} {
		if statuses[s] == 0 {
			t.Errorf("no request has status %s: %v", s, statuses)
		}
	}
	if comments == 0 || notes == 0 {
		t.Errorf("%d vote comments and %d event notes, want some of each", comments, notes)
	}
}

// TestScaleIsDeterministic checks that a seed gives the same files, byte for
// byte, and another seed different ones.
func TestScaleIsDeterministic(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("two generations at scale compared byte for byte: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	read := func(seed uint64) map[string][]byte {
		dir := t.TempDir()
		if err := registrytest.Generate(dir, registrytest.Scale(300), seed); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = b
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	a, b, other := read(7), read(7), read(8)
	if len(a) != len(b) {
		t.Fatalf("seed 7 wrote %d then %d files", len(a), len(b))
	}
	for p, x := range a {
		if !bytes.Equal(x, b[p]) {
			t.Fatalf("seed 7 wrote %s differently twice", p)
		}
	}
	same := len(a) == len(other)
	for p, x := range a {
		same = same && bytes.Equal(x, other[p])
	}
	if same {
		t.Error("seeds 7 and 8 wrote the same registry")
	}
}
