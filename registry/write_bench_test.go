package registry

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/requests"
)

// BenchmarkVote measures one vote — commit, then push to a local bare
// repository — made by codal (Write) and by the git command doing the same
// (git add, git commit, git push) on the demo registry, in the same loop, and
// reports both times and their ratio (codal/git: below 1 means codal is
// faster). Each side pushes to its own bare repository.
func BenchmarkVote(b *testing.B) { benchVote(b, false) }

// BenchmarkVoteWithChecks is BenchmarkVote with everything codal request
// vote does besides parsing flags: load the registry, check the vote against
// the catalogue (CastVote), render it, commit and push.
func BenchmarkVoteWithChecks(b *testing.B) { benchVote(b, true) }

func benchVote(b *testing.B, checks bool) {
	isolateGit(b)
	root := b.TempDir()
	seed, err := InitDemo(filepath.Join(root, "seed"))
	if err != nil {
		b.Fatal(err)
	}
	gitOut(b, root, "clone", "-q", "--bare", seed.Dir(), filepath.Join(root, "codal.git"))
	gitOut(b, root, "clone", "-q", "--bare", seed.Dir(), filepath.Join(root, "git.git"))
	reg, err := Clone(context.Background(), filepath.Join(root, "codal.git"), filepath.Join(root, "codal"), nil)
	if err != nil {
		b.Fatal(err)
	}
	gitDirWT := filepath.Join(root, "git")
	gitOut(b, root, "clone", "-q", filepath.Join(root, "git.git"), gitDirWT)
	const vote = "requests/budget-climat/votes/vanves.yaml"
	body := func(i int) []byte {
		return fmt.Appendf(nil, "name: Service données – Ville de Vanves\nemail: donnees@vanves.example\ndate: 2026-03-02\nneed: useful\ncomment: vote %d\n", i)
	}
	ctx := context.Background()
	who := catalogue.Identity{Name: "Service données – Ville de Vanves", Email: "donnees@vanves.example", Actor: "vanves"}
	var codal, git time.Duration
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		t0 := time.Now()
		ch := catalogue.Change{Message: "Vote de Vanves", Files: map[string][]byte{vote: body(i)}}
		if checks {
			cat, err := reg.Load(catalogue.Actors, catalogue.Requests) // as codal request vote does
			if err != nil {
				b.Fatal(err)
			}
			p, err := cat.CastVote("budget-climat", "vanves", requests.Useful, fmt.Sprint("vote ", i), who, time.Now())
			if err != nil {
				b.Fatal(err)
			}
			ch = p.Change
		}
		// Dated now, as a user's vote; git's commits are dated now too.
		res, err := reg.Write(ctx, ch, testWho, time.Now(), store.WriteOptions{})
		codal += time.Since(t0)
		if err != nil || !res.Sync.Shared {
			b.Fatalf("codal vote: %v %v", err, res.Sync.Reason)
		}

		t0 = time.Now()
		if err := os.WriteFile(filepath.Join(gitDirWT, vote), body(i), 0o644); err != nil {
			b.Fatal(err)
		}
		if out, err := gitRun(gitDirWT, "add", vote); err != nil {
			b.Fatal(out)
		}
		if out, err := gitRun(gitDirWT, "commit", "-q", "-m", "Vote de Vanves"); err != nil {
			b.Fatal(out)
		}
		if out, err := gitRun(gitDirWT, "push", "-q", "origin", "main"); err != nil {
			b.Fatal(out)
		}
		git += time.Since(t0)
	}
	b.StopTimer()
	n := float64(i)
	b.ReportMetric(float64(codal.Nanoseconds())/n, "codal-ns/vote")
	b.ReportMetric(float64(git.Nanoseconds())/n, "git-ns/vote")
	b.ReportMetric(float64(codal)/float64(git), "codal/git")
}
