package registry

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
)

// Loading from a commit parses on every core while the walk lists folders:
// no goroutine may touch another's Git objects. Run it with -race (.ci/run
// does, at GOMAXPROCS=8): go-git's object.Tree builds a lookup map lazily,
// and calling FindEntry on one tree from several goroutines is a data race
// (before the fix: "fatal error: concurrent map writes" about 1 run in 5).
// Each goroutine reads objects through a storage of its own
// (storerpool.go), from loose objects and then from a pack file.
func TestLoadCommitFromManyGoroutines(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("commits loaded from many goroutines at once: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	isolateGit(t)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	src := t.TempDir()
	// 120 entries in the quick run (the race detector's run in .ci/run
	// uses it too), 300 in the long one.
	size := 120
	if registrytest.Long() {
		size = 300
	}
	if err := registrytest.Generate(src, registrytest.Spread(size), 1); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "reg")
	r, err := initFrom(dir, os.DirFS(src), "init")
	if err != nil {
		t.Fatal(err)
	}
	head, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	want, err := r.Load()
	if err != nil {
		t.Fatal(err)
	}
	runs := 4
	if registrytest.Long() {
		runs = 100
	}
	// go-git wrote loose objects; the last loads read them from a pack file,
	// as in a clone, through the pack readers of several storages (fewer of
	// them: under -race a packed load is slow).
	packed := max(runs/4, 2)
	for i := range runs + packed {
		if i == runs {
			gitOut(t, dir, "repack", "-a", "-d", "-q")
		}
		c, err := r.LoadCommit(head)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Problems) != 0 || len(c.Requests) != len(want.Requests) || len(c.Snippets) != len(want.Snippets) || len(c.Actors) != len(want.Actors) {
			t.Fatalf("load from the commit differs from the disk: %d problems, %d/%d requests, %d/%d snippets, %d/%d actors",
				len(c.Problems), len(c.Requests), len(want.Requests), len(c.Snippets), len(want.Snippets), len(c.Actors), len(want.Actors))
		}
	}
}

// BenchmarkLoadCommitVsDisk loads the same generated registry of 2,000
// entries from the work tree and from its commit (through treeFS, each
// goroutine reading objects through its own storage), to compare the two in
// one run: go test ./registry -run '^$' -bench LoadCommitVsDisk.
// commit-one-lock is the commit load as it was before the storage pool:
// every object read through the repository's one storage, under one lock.
func BenchmarkLoadCommitVsDisk(b *testing.B) {
	isolateGit(b)
	src := b.TempDir()
	if err := registrytest.Generate(src, registrytest.Spread(2000), 1); err != nil {
		b.Fatal(err)
	}
	r, err := initFrom(filepath.Join(b.TempDir(), "reg"), os.DirFS(src), "init")
	if err != nil {
		b.Fatal(err)
	}
	head, err := r.Head()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("disk", func(b *testing.B) {
		for b.Loop() {
			if _, err := r.Load(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("commit", func(b *testing.B) {
		for b.Loop() {
			if _, err := r.LoadCommit(head); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("commit-one-lock", func(b *testing.B) {
		for b.Loop() {
			fsys, err := r.commitFS(gitHash(head))
			if err != nil {
				b.Fatal(err)
			}
			fsys.pool = nil
			if _, err := catalogue.Load(fsys); err != nil {
				b.Fatal(err)
			}
		}
	})
}
