package registrytest_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/requests"
)

// The scale benchmarks of issue #11 (docs/scale.md). Each measures codal and
// its anchor in the same loop and reports their ratio, so that a busy machine
// weighs on both alike:
//
//	go test ./registry/registrytest -run '^$' -bench Scale -benchtime 5x
//	CODAL_SCALE_N=100000 go test ./registry/registrytest -run '^$' -bench Scale -benchtime 3x -timeout 1h
//
// The registry (CODAL_SCALE_N entries, 10,000 by default) is generated once
// per process, on the first benchmark that needs it: plain go test never
// pays for it.

// scaleEnv names the number of entries of the scale benchmarks.
const scaleEnv = "CODAL_SCALE_N"

// scaleDirEnv names a folder holding a registry generated beforehand
// (work/ and bare.git, as in /tmp/codal-bench/n10000-seed1): the benchmarks
// then read it, never write to it, instead of generating one.
const scaleDirEnv = "CODAL_SCALE_DIR"

var (
	scaleOnce sync.Once
	scaleDir  string // holds work/ (a Git repository, one commit) and bare.git
	scaleErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if scaleDir != "" {
		os.RemoveAll(scaleDir)
	}
	os.Exit(code)
}

// scaleRegistry returns the generated repository and its bare copy.
func scaleRegistry(b *testing.B) (work, bare string) {
	b.Helper()
	if dir := os.Getenv(scaleDirEnv); dir != "" {
		// A registry generated beforehand (codal-gen -git -bare, or
		// scripts/bench-scale.sh's cache): read only, never removed.
		isolate(b)
		return filepath.Join(dir, "work"), filepath.Join(dir, "bare.git")
	}
	scaleOnce.Do(func() {
		n := 10000
		if s := os.Getenv(scaleEnv); s != "" {
			if n, scaleErr = strconv.Atoi(s); scaleErr != nil {
				return
			}
		}
		if scaleDir, scaleErr = os.MkdirTemp("", "codal-scale-"); scaleErr != nil {
			return
		}
		work := filepath.Join(scaleDir, "work")
		if scaleErr = registrytest.Generate(work, registrytest.Scale(n), 1); scaleErr != nil {
			return
		}
		if _, scaleErr = registrytest.CommitAll(work, fmt.Sprintf("%d entrées", n)); scaleErr != nil {
			return
		}
		_, scaleErr = registrytest.Git("", "clone", "-q", "--bare", work, filepath.Join(scaleDir, "bare.git"))
	})
	if scaleErr != nil {
		b.Fatal(scaleErr)
	}
	isolate(b)
	return filepath.Join(scaleDir, "work"), filepath.Join(scaleDir, "bare.git")
}

// isolate gives git and codal an empty configuration and an identity.
func isolate(b *testing.B) {
	home := b.TempDir()
	b.Setenv("HOME", home)
	b.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	b.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	b.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	b.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"} {
		b.Setenv(k, "Bench")
	}
	for _, k := range []string{"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"} {
		b.Setenv(k, "bench@example.org")
	}
}

// catEveryFile is the anchor of loads and lint: git ls-files -z | xargs -0
// cat >/dev/null in the work tree.
func catEveryFile(b *testing.B, dir string) time.Duration {
	t0 := time.Now()
	cmd := exec.Command("sh", "-c", "git ls-files -z | xargs -0 cat >/dev/null")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("cat of every file: %v: %s", err, out)
	}
	return time.Since(t0)
}

// report adds codal's and the anchor's time per operation and their ratio.
func report(b *testing.B, codal, anchor time.Duration, n int, what string) {
	b.ReportMetric(float64(codal.Nanoseconds())/float64(n), "codal-ns/op")
	b.ReportMetric(float64(anchor.Nanoseconds())/float64(n), what+"-ns/op")
	b.ReportMetric(float64(codal)/float64(anchor), "codal/"+what)
}

// BenchmarkScaleLoadWorkTree: an opened registry loads its work tree (what
// list, show and the app do today), against cat of every file. Goal (warm
// open, incremental): far below 1; today about 1.
func BenchmarkScaleLoadWorkTree(b *testing.B) {
	work, _ := scaleRegistry(b)
	r, err := registry.Open(work)
	if err != nil {
		b.Fatal(err)
	}
	catEveryFile(b, work) // warm the page cache
	var codal, anchor time.Duration
	n := 0
	for b.Loop() {
		n++
		t0 := time.Now()
		c, err := r.Load()
		codal += time.Since(t0)
		if err != nil || len(c.Problems) > 0 {
			b.Fatal(err, c.Problems)
		}
		anchor += catEveryFile(b, work)
	}
	report(b, codal, anchor, n, "cat")
}

// BenchmarkScaleLoadCommit: loading the registry from its commit's objects
// (the cold path when there is no index), against cat of every file.
// Goal (cold): ≤ 0.5.
func BenchmarkScaleLoadCommit(b *testing.B) {
	work, _ := scaleRegistry(b)
	r, err := registry.Open(work)
	if err != nil {
		b.Fatal(err)
	}
	head, err := r.Head()
	if err != nil {
		b.Fatal(err)
	}
	catEveryFile(b, work)
	var codal, anchor time.Duration
	n := 0
	for b.Loop() {
		n++
		t0 := time.Now()
		c, err := r.LoadCommit(head)
		codal += time.Since(t0)
		if err != nil || len(c.Problems) > 0 {
			b.Fatal(err, c.Problems)
		}
		anchor += catEveryFile(b, work)
	}
	report(b, codal, anchor, n, "cat")
}

// BenchmarkScaleLint: what codal lint does in-process (open the folder, load
// and check everything, the registry CI's cold start), against cat of every
// file. Goal: ≤ 1 at 10,000 entries, ≤ 20 s at 100,000.
func BenchmarkScaleLint(b *testing.B) {
	work, _ := scaleRegistry(b)
	catEveryFile(b, work)
	var codal, anchor time.Duration
	n := 0
	for b.Loop() {
		n++
		t0 := time.Now()
		r, err := registry.Open(work)
		if err != nil {
			b.Fatal(err)
		}
		c, err := r.Load()
		codal += time.Since(t0)
		if err != nil || len(c.Problems) > 0 {
			b.Fatal(err, c.Problems)
		}
		anchor += catEveryFile(b, work)
	}
	report(b, codal, anchor, n, "cat")
}

// BenchmarkScaleVote: everything codal request vote does besides parsing
// flags — load actors and requests, check the vote (CastVote), commit, push
// to a local bare repository — against the git command's add, commit and
// push of the same file to its own bare copy. Goal (writes): ≤ 0.5 at
// 10,000 entries, ≤ 1 at 100,000.
func BenchmarkScaleVote(b *testing.B) {
	_, bare := scaleRegistry(b)
	root := b.TempDir()
	// The remotes are packed, as a hosted one is (--no-local): a bare
	// repository of 45,000 loose objects (what a local clone of the
	// generated registry is) makes every push's connectivity check read
	// thousands of files, and starts a repack in the background.
	for _, name := range []string{"codal.git", "git.git"} {
		if _, err := registrytest.Git("", "clone", "-q", "--bare", "--no-local", bare, filepath.Join(root, name)); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	r, err := registry.Clone(ctx, filepath.Join(root, "codal.git"), filepath.Join(root, "codal"), nil)
	if err != nil {
		b.Fatal(err)
	}
	gitWT := filepath.Join(root, "git")
	if _, err := registrytest.Git("", "clone", "-q", filepath.Join(root, "git.git"), gitWT); err != nil {
		b.Fatal(err)
	}
	const id, actor = "demande-0", "association-8"
	vote := "requests/" + id + "/votes/" + actor + ".yaml"
	who := catalogue.Identity{Name: "Service données – Association n°8", Email: "donnees@association-8.example", Actor: actor}
	var codal, anchor time.Duration
	n := 0
	for b.Loop() {
		n++
		t0 := time.Now()
		c, err := r.Load(catalogue.Actors, catalogue.Requests) // as codal request vote does
		if err != nil {
			b.Fatal(err)
		}
		p, err := c.CastVote(id, actor, requests.Useful, fmt.Sprint("Mesure ", n), who, time.Now())
		if err != nil {
			b.Fatal(err)
		}
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

// BenchmarkScaleClone: codal init --from's clone (registry.Clone) of the
// local bare repository, against git clone --no-local of the same one (a
// pack is transferred, as over a network, instead of hard links). Goal:
// ≤ 1.5 at 10,000 entries.
func BenchmarkScaleClone(b *testing.B) {
	_, bare := scaleRegistry(b)
	root := b.TempDir()
	var codal, anchor time.Duration
	n := 0
	for b.Loop() {
		n++
		dst := filepath.Join(root, fmt.Sprint("codal-", n))
		t0 := time.Now()
		if _, err := registry.Clone(context.Background(), bare, dst, nil); err != nil {
			b.Fatal(err)
		}
		codal += time.Since(t0)
		dstGit := filepath.Join(root, fmt.Sprint("git-", n))
		t0 = time.Now()
		if _, err := registrytest.Git("", "clone", "-q", "--no-local", bare, dstGit); err != nil {
			b.Fatal(err)
		}
		anchor += time.Since(t0)
		b.StopTimer()
		os.RemoveAll(dst)
		os.RemoveAll(dstGit)
		b.StartTimer()
	}
	report(b, codal, anchor, n, "git")
}
