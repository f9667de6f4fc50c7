package index_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
)

// nextSecond sleeps until just past the next whole second.
func nextSecond() {
	now := time.Now()
	time.Sleep(now.Truncate(time.Second).Add(time.Second + 20*time.Millisecond).Sub(now))
}

// rowOf is the index's stat row of p.
func rowOf(t *testing.T, r *registry.Registry, p string) index.Stat {
	t.Helper()
	for _, s := range valid(t, r).Stats {
		if s.Path == p {
			return s
		}
	}
	t.Fatalf("no stat row for %s", p)
	return index.Stat{}
}

// racyEdit edits the vote at p by hand and has a list compact it in the
// same second, so that the index records p's row as racy; it returns the
// vote's time then.
func racyEdit(t *testing.T, r *registry.Registry, p, comment string) time.Time {
	t.Helper()
	for range 3 {
		nextSecond()
		write(t, r.Dir(), p, voteYAML(comment))
		if _, err := r.Lister(catalogue.Requests); err != nil {
			t.Fatal(err)
		}
		if rowOf(t, r, p).Racy {
			fi, err := os.Stat(filepath.Join(r.Dir(), p))
			if err != nil {
				t.Fatal(err)
			}
			return fi.ModTime()
		}
	}
	t.Skip("the machine is too slow to write the index in the second of an edit")
	return time.Time{}
}

// TestRacyRowCheckedByContent: a vote edited by hand in the second the
// index is written leaves a racy row; the next list, a second later, reads
// the vote again and compares it with the index's record (as git compares a
// racy entry's content): unchanged, nothing is compacted nor written (a
// View and a list alike; a vote added, whose folder's row is racy too and
// listed again with nothing added or removed, the same), and the next write of the index, brought by a
// change elsewhere, records the row as no longer racy — the file then a
// full rebuild's, byte for byte; and an edit of the same size made in that
// second, its time put back to the row's (as a write within the file
// system's time grain leaves it), is never missed. The same for
// registry.yaml, whose racy row meant a full load each time.
func TestRacyRowCheckedByContent(t *testing.T) {
	r := demo(t)
	same(t, r, "first load")
	vote := "requests/budget-climat/votes/vanves.yaml"

	t.Run("unchanged", func(t *testing.T) {
		racyEdit(t, r, vote, "écrit à la main")
		nextSecond()
		// a View reads the vote again, finds it unchanged, and leaves
		// the index file as it is
		data, stamp := indexFile(t, r)
		before := index.Compactions()
		v, err := r.View("requests/budget-climat")
		if err != nil {
			t.Fatal(err)
		}
		if !hasComment(v.Request("budget-climat").Votes, "écrit à la main") {
			t.Fatal("View after a racy row: the vote is not the disk's")
		}
		if now, st := indexFile(t, r); !bytes.Equal(now, data) || st != stamp || index.Compactions() != before {
			t.Fatal("a View over a racy row found unchanged wrote the index")
		}
		// nor does a list
		l, err := r.Lister(catalogue.Requests)
		if err != nil {
			t.Fatal(err)
		}
		sameLists(t, r, l, "a racy row, unchanged")
		if now, st := indexFile(t, r); !bytes.Equal(now, data) || st != stamp || index.Compactions() != before {
			t.Fatal("a list over a racy row found unchanged wrote the index")
		}
		// the next write of the index (a hand edit elsewhere) records
		// the row, no longer racy
		other := "requests/bornes-recharge-irve/votes/vanves.yaml"
		write(t, r.Dir(), other, voteYAML("ailleurs"))
		back(t, r.Dir(), other)
		if l, err = r.Lister(catalogue.Requests); err != nil {
			t.Fatal(err)
		}
		sameLists(t, r, l, "a hand edit elsewhere")
		if index.Compactions() != before+1 {
			t.Fatal("the hand edit elsewhere was not compacted")
		}
		if rowOf(t, r, vote).Racy {
			t.Fatal("the racy row found unchanged is still racy after the next write")
		}
		wholeIndex(t, r, "after the next write")
		same(t, r, "the whole read after")
	})

	t.Run("a vote added", func(t *testing.T) {
		// a new file: its folder's row is racy too, listed again by the
		// next check with nothing added or removed since
		added := "requests/bornes-recharge-irve/votes/racy-19.yaml"
		racyEdit(t, r, added, "ajouté à la main")
		if !rowOf(t, r, "requests/bornes-recharge-irve/votes").Racy {
			t.Fatal("the votes folder's row is not racy")
		}
		nextSecond()
		data, stamp := indexFile(t, r)
		before := index.Compactions()
		for range 2 {
			l, err := r.Lister(catalogue.Requests)
			if err != nil {
				t.Fatal(err)
			}
			sameLists(t, r, l, "a racy vote and folder, unchanged")
			if now, st := indexFile(t, r); !bytes.Equal(now, data) || st != stamp || index.Compactions() != before {
				t.Fatal("a racy folder listed again with nothing added or removed: the index was written")
			}
		}
		// the next write records both rows, no longer racy
		other := "requests/accessibilite-erp/votes/vanves.yaml"
		write(t, r.Dir(), other, voteYAML("encore ailleurs"))
		back(t, r.Dir(), other)
		same(t, r, "a hand edit elsewhere")
		if rowOf(t, r, "requests/bornes-recharge-irve/votes").Racy || rowOf(t, r, added).Racy {
			t.Fatal("the racy rows found unchanged are still racy after the next write")
		}
		wholeIndex(t, r, "after the next write")
	})

	t.Run("edited in the same second", func(t *testing.T) {
		then := racyEdit(t, r, vote, "première main")
		// the same size, the same time: only the content tells
		write(t, r.Dir(), vote, voteYAML("deuxième main"))
		if err := os.Chtimes(filepath.Join(r.Dir(), vote), then, then); err != nil {
			t.Fatal(err)
		}
		nextSecond()
		v, err := r.View("requests/budget-climat")
		if err != nil {
			t.Fatal(err)
		}
		if !hasComment(v.Request("budget-climat").Votes, "deuxième main") {
			t.Fatal("View: the edit made in the second of the index write was missed")
		}
		l, err := r.Lister(catalogue.Requests)
		if err != nil {
			t.Fatal(err)
		}
		sameLists(t, r, l, "an edit in the second of the index write")
		if c := same(t, r, "the whole read after"); !hasComment(c.Request("budget-climat").Votes, "deuxième main") {
			t.Fatal("the edit made in the second of the index write was missed")
		}
	})

	t.Run("registry.yaml", func(t *testing.T) {
		p := filepath.Join(r.Dir(), catalogue.MetaFile)
		meta, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// edited, then rebuilt in the same second: its row racy
		var then time.Time
		for range 3 {
			nextSecond()
			write(t, r.Dir(), catalogue.MetaFile, []byte(strings.Replace(string(meta), "triagers:", "triagers:\n  - vanves", 1)))
			same(t, r, "registry.yaml edited")
			if rowOf(t, r, catalogue.MetaFile).Racy {
				fi, err := os.Stat(p)
				if err != nil {
					t.Fatal(err)
				}
				then = fi.ModTime()
				break
			}
		}
		if then.IsZero() {
			t.Skip("the machine is too slow to rebuild the index in the second of an edit")
		}
		nextSecond()
		data, stamp := indexFile(t, r)
		l, err := r.Lister(catalogue.Requests)
		if err != nil {
			t.Fatal(err)
		}
		sameLists(t, r, l, "registry.yaml racy, unchanged")
		if now, st := indexFile(t, r); !bytes.Equal(now, data) || st != stamp {
			t.Fatal("a racy registry.yaml found unchanged: the index was rebuilt")
		}
		// the same size, the same time, another triager: a full load
		edited := strings.Replace(string(meta), "triagers:", "triagers:\n  - meudon", 1)
		write(t, r.Dir(), catalogue.MetaFile, []byte(edited))
		if err := os.Chtimes(p, then, then); err != nil {
			t.Fatal(err)
		}
		if c := same(t, r, "registry.yaml edited in the second of the index write"); !c.IsTriager("meudon") || c.IsTriager("vanves") {
			t.Fatal("the edit of registry.yaml made in the second of the index write was missed")
		}
	})
}
