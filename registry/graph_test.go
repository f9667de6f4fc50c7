package registry

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"

	"github.com/go-git/go-git/v5/plumbing"
)

// diverge against git rev-list --left-right --count on random histories with
// branches and merges, every commit made in the same second (as a burst of
// votes is), or with times going backwards.
func TestDivergeMatchesGit(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("random histories against git rev-list: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	o := objects{s: r.repo.Storer}
	rng := rand.New(rand.NewPCG(7, 11))
	for _, clock := range []string{"same second", "increasing", "backwards"} {
		base := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		rootSig := testSig
		rootSig.When = base.Add(-time.Hour)
		root, err := commitOn(o, plumbing.ZeroHash, catalogue.Change{Message: "root", Files: map[string][]byte{"r": []byte(clock)}}, rootSig)
		if err != nil {
			t.Fatal(err)
		}
		commits := []plumbing.Hash{root}
		n := 12
		if registrytest.Long() {
			n = 60
		}
		for i := range n {
			sig := testSig
			sig.When = base
			switch clock {
			case "increasing":
				sig.When = base.Add(time.Duration(i/3) * time.Second)
			case "backwards":
				sig.When = base.Add(-time.Duration(rng.IntN(100)) * time.Second)
			}
			p := commits[rng.IntN(len(commits))]
			var h plumbing.Hash
			var err error
			if i%5 == 4 {
				q := commits[rng.IntN(len(commits))]
				tree, _ := o.commitTree(p)
				h, err = o.writeCommit(tree, []plumbing.Hash{p, q}, "merge", sig, sig)
			} else {
				h, err = commitOn(o, p, catalogue.Change{Message: "c", Files: map[string][]byte{fmt.Sprintf("f/%d", i): []byte("x")}}, sig)
			}
			if err != nil {
				t.Fatal(err)
			}
			commits = append(commits, h)
		}
		// Each pair asks the git CLI once: the quick run checks 40 pairs a
		// clock, the long run 200.
		pairs := 40
		if registrytest.Long() {
			pairs = 200
		}
		wrong := 0
		for range pairs {
			a, b := commits[rng.IntN(len(commits))], commits[rng.IntN(len(commits))]
			d, err := o.diverge(a, b)
			if err != nil {
				t.Fatal(err)
			}
			want := gitOut(t, r.Dir(), "rev-list", "--left-right", "--count", a.String()+"..."+b.String())
			if got := fmt.Sprintf("%d\t%d", len(d.onlyA), len(d.onlyB)); got != want {
				wrong++
				if clock != "backwards" {
					t.Errorf("%s: diverge(%s, %s) = %s, git says %s", clock, a, b, got, want)
				}
			}
		}
		t.Logf("%s: %d/%d pairs counted differently from git", clock, wrong, pairs)
	}
}
