package registrytest_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/requests"
)

// BenchmarkScaleVoteStore measures the store's part of a vote alone:
// Registry.Write (commit built from objects, crash journal, branch, work
// tree and .git/index, push to a local bare repository), the catalogue
// loaded once before the loop and the vote prepared from it each round,
// against the git command's add, commit and push of the same file to its
// own bare copy, in the same loop. The remotes and both clones are made
// with git clone --no-local: packed, as a hosted remote and a clone are (see
// BenchmarkScaleVote). Goal (writes): ≤ 0.5
// at 10,000 entries, ≤ 1 at 100,000 (with the index-backed preparation of
// idxstore, the whole vote costs about this).
func BenchmarkScaleVoteStore(b *testing.B) {
	ctx := context.Background()
	codalWT, gitWT := writeClones(b)
	r, err := registry.Open(codalWT)
	if err != nil {
		b.Fatal(err)
	}
	c, err := r.Load(catalogue.Actors, catalogue.Requests)
	if err != nil {
		b.Fatal(err)
	}
	const id, actor = "demande-0", "association-8"
	vote := "requests/" + id + "/votes/" + actor + ".yaml"
	who := catalogue.Identity{Name: "Service données – Association n°8", Email: "donnees@association-8.example", Actor: actor}
	var codal, anchor time.Duration
	n := 0
	for b.Loop() {
		n++
		p, err := c.CastVote(id, actor, requests.Useful, fmt.Sprint("Mesure ", n), who, time.Now())
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		res, err := r.Write(ctx, p.Change, who, time.Now(), store.WriteOptions{})
		codal += time.Since(t0)
		if err != nil || !res.Sync.Shared {
			b.Fatalf("codal vote: %v %v", err, res.Sync.Reason)
		}

		body := p.Change.Files[vote]
		if body == nil {
			b.Fatalf("the vote does not write %s: %v", vote, p.Change.Files)
		}
		anchor += gitVote(b, gitWT, vote, body)
	}
	report(b, codal, anchor, n, "git")
}

// gitVote is the anchor of the vote benchmarks: the git CLI writing the
// same vote file in its own clone, then add, commit and push; it returns the
// time taken.
func gitVote(b *testing.B, gitWT, vote string, body []byte) time.Duration {
	b.Helper()
	t0 := time.Now()
	if err := os.MkdirAll(filepath.Dir(filepath.Join(gitWT, vote)), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(gitWT, vote), body, 0o644); err != nil {
		b.Fatal(err)
	}
	for _, args := range [][]string{{"add", vote}, {"commit", "-q", "-m", "Vote"}, {"push", "-q", "origin", "main"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = gitWT
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v: %s", args, err, out)
		}
	}
	return time.Since(t0)
}

// writeClones makes the two sides of a write benchmark from the generated
// registry's bare repository: for codal and for the git CLI, each a bare
// remote and a clone of it, all with git clone --no-local (packed, as a
// hosted remote and a clone are). It returns the two work trees.
func writeClones(b *testing.B) (codalWT, gitWT string) {
	_, bare := scaleRegistry(b)
	root := b.TempDir()
	clone := func(name string) string {
		remote, wt := filepath.Join(root, name+".git"), filepath.Join(root, name)
		if _, err := registrytest.Git("", "clone", "-q", "--bare", "--no-local", bare, remote); err != nil {
			b.Fatal(err)
		}
		if _, err := registrytest.Git("", "clone", "-q", "--no-local", remote, wt); err != nil {
			b.Fatal(err)
		}
		return wt
	}
	return clone("codal"), clone("git")
}
