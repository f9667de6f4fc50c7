package registrytest_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/requests"
)

// BenchmarkScaleWrites: each write command as codal runs it, one after the
// other as a user would (so each round's view applies the previous round's
// commit: tree diff, roots read again, snapshot patched and written), in
// process: the index's view of the entries the write reads
// (Registry.View), the preparation (CastVote, WithdrawVote, ChangeStatus,
// FileRequest), the write (commit, push to a local packed bare) — against
// the git CLI making the same change in its own clone (add or rm, commit,
// push to its own bare copy) in the same loop. Goal (writes): ≤ 0.5 at
// 10,000 entries, ≤ 1 at 100,000. Process start (about 0.1 s) is not in it:
// scripts/bench-scale.sh and docs/scale.md measure the whole process.
func BenchmarkScaleWrites(b *testing.B) {
	ctx := context.Background()
	codalWT, gitWT := writeClones(b)
	r, err := registry.Open(codalWT)
	if err != nil {
		b.Fatal(err)
	}
	c, err := r.Catalogue() // builds the index: the loops start warm
	if err != nil {
		b.Fatal(err)
	}
	const actor = "association-8"
	who := catalogue.Identity{Name: "Service données – Association n°8", Email: "donnees@association-8.example", Actor: actor}
	// open requests the actor neither filed nor received nor voted for;
	// and existing votes on open requests, to withdraw
	var open []string
	type vote struct{ id, voter string }
	var votes []vote
	for _, st := range c.Board {
		q := st.Request
		if !st.Status.Open() || st.Status != requests.Submitted {
			continue
		}
		if q.RequestedBy != actor && q.AddressedTo != actor && q.Vote(actor) == nil {
			open = append(open, q.ID)
		}
		for _, v := range q.Votes {
			votes = append(votes, vote{q.ID, v.Actor})
		}
	}
	if len(open) < 300 || len(votes) < 100 {
		b.Fatalf("%d open requests and %d votes: too few to measure", len(open), len(votes))
	}
	// write runs one command's path: the view of roots, prepare, write.
	write := func(prepare func(catalogue.Preparer) (catalogue.Prepared, error), roots ...string) catalogue.Change {
		v, err := r.View(roots...)
		if err != nil {
			b.Fatal(err)
		}
		p, err := prepare(catalogue.Prepare(v.View))
		if err != nil {
			b.Fatal(err)
		}
		res, err := r.Write(ctx, p.Change, who, time.Now(), store.WriteOptions{})
		if err != nil || !res.Sync.Shared || res.Unchanged {
			b.Fatalf("codal: %v %v (unchanged %v)", err, res.Sync.Reason, res.Unchanged)
		}
		return p.Change
	}
	actorRoot := catalogue.EntryRoot(catalogue.Actors, actor)
	reqRoot := func(id string) string { return catalogue.EntryRoot(catalogue.Requests, id) }
	next := 0 // rounds share the open requests, each used once
	take := func() string {
		if next == len(open) {
			b.Fatal("no open request left")
		}
		next++
		return open[next-1]
	}
	kinds := []struct {
		name  string
		round func(n int) catalogue.Change
	}{
		{"vote", func(n int) catalogue.Change {
			id := take()
			return write(func(p catalogue.Preparer) (catalogue.Prepared, error) {
				return p.CastVote(id, actor, requests.Useful, fmt.Sprint("Mesure ", n), who, time.Now())
			}, reqRoot(id), actorRoot)
		}},
		{"unvote", func(n int) catalogue.Change {
			v := votes[n%len(votes)]
			votes = append(votes[:n%len(votes)], votes[n%len(votes)+1:]...)
			return write(func(p catalogue.Preparer) (catalogue.Prepared, error) {
				return p.WithdrawVote(v.id, v.voter)
			}, reqRoot(v.id), catalogue.EntryRoot(catalogue.Actors, v.voter))
		}},
		{"status", func(n int) catalogue.Change {
			id := take()
			return write(func(p catalogue.Preparer) (catalogue.Prepared, error) {
				return p.ChangeStatus(id, "gpso", requests.Answer{Status: requests.UnderReview, Note: fmt.Sprint("Mesure ", n)}, who, time.Now())
			}, reqRoot(id), catalogue.EntryRoot(catalogue.Actors, "gpso"))
		}},
		{"new", func(n int) catalogue.Change {
			title := fmt.Sprintf("Mesure %d des arbres %d", n, time.Now().UnixNano())
			return write(func(p catalogue.Preparer) (catalogue.Prepared, error) {
				return p.FileRequest(requests.Draft{Title: title, RequestedBy: actor, AddressedTo: "gpso", Themes: []string{"arbres"}}, time.Now())
			}, actorRoot, catalogue.EntryRoot(catalogue.Actors, "gpso"), reqRoot(fact.Slug(title)))
		}},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			var codal, anchor time.Duration
			n := 0
			for b.Loop() {
				n++
				t0 := time.Now()
				ch := k.round(n)
				codal += time.Since(t0)
				anchor += gitChange(b, gitWT, ch.Files)
			}
			report(b, codal, anchor, n, "git")
		})
	}
}

// gitChange is the anchor of BenchmarkScaleWrites: the git CLI making the
// same change in its own clone (write and add, or rm), then commit and
// push; it returns the time taken.
func gitChange(b *testing.B, gitWT string, files map[string][]byte) time.Duration {
	b.Helper()
	t0 := time.Now()
	run := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = gitWT
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v: %s", args, err, out)
		}
	}
	var add, rm []string
	for p, body := range files {
		if body == nil {
			rm = append(rm, p)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(gitWT, p)), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(gitWT, p), body, 0o644); err != nil {
			b.Fatal(err)
		}
		add = append(add, p)
	}
	if len(add) > 0 {
		run(append([]string{"add", "--"}, add...)...)
	}
	if len(rm) > 0 {
		run(append([]string{"rm", "-q", "--"}, rm...)...)
	}
	run("commit", "-q", "-m", "Écriture")
	run("push", "-q", "origin", "main")
	return time.Since(t0)
}
