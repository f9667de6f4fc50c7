//go:build unix

package registrytest_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/gpso/codal/registry/registrytest"
)

// TestCopyRepoIsAnIndependentRepository: the copy is the same repository
// (clean for git, the same HEAD, files with their times and modes), its
// objects are the source's files linked, not copied, and what a test does
// in the copy (an edit in place, a commit, a gc that prunes the loose
// objects) leaves the source as it was.
func TestCopyRepoIsAnIndependentRepository(t *testing.T) {
	src := filepath.Join(t.TempDir(), "src")
	if err := registrytest.Generate(src, registrytest.Spread(20), 1); err != nil {
		t.Fatal(err)
	}
	head, err := registrytest.CommitAll(src, "registre")
	if err != nil {
		t.Fatal(err)
	}
	const p = "registry.yaml"
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(filepath.Join(src, p), old, old); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(src, p), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(src, "actors"), old, old); err != nil {
		t.Fatal(err)
	}
	must := func(out string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	state, err := registrytest.RepoState(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "dst")
	if err := registrytest.CopyRepo(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := registrytest.CopyRepo(dst, src); err == nil {
		t.Fatal("a copy onto an existing folder: no error")
	}
	if got := must(registrytest.Git(dst, "rev-parse", "HEAD")); got != head {
		t.Fatalf("the copy's HEAD is %s, want %s", got, head)
	}
	if st := must(registrytest.Git(dst, "status", "--porcelain")); st != "" {
		t.Fatalf("the copy is not clean:\n%s", st)
	}
	for _, name := range []string{p, "actors"} {
		a, err := os.Stat(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.Stat(filepath.Join(dst, name))
		if err != nil {
			t.Fatal(err)
		}
		if !b.ModTime().Equal(a.ModTime()) || b.Mode() != a.Mode() {
			t.Fatalf("%s: copy %v %v, source %v %v", name, b.ModTime(), b.Mode(), a.ModTime(), a.Mode())
		}
	}
	// HEAD's commit object: the same inode in both
	obj := filepath.Join(".git", "objects", head[:2], head[2:])
	a, err := os.Stat(filepath.Join(src, obj))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.Stat(filepath.Join(dst, obj))
	if err != nil {
		t.Fatal(err)
	}
	if a.Sys().(*syscall.Stat_t).Ino != b.Sys().(*syscall.Stat_t).Ino {
		t.Fatal("the copy's objects are not the source's, linked")
	}
	// the work tree and the index are the copy's own
	if a, b := inode(t, filepath.Join(src, p)), inode(t, filepath.Join(dst, p)); a == b {
		t.Fatal("the copy's work tree shares the source's files")
	}
	if err := os.WriteFile(filepath.Join(dst, p), []byte("format: 1\nname: autre\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	must(registrytest.Git(dst, "commit", "-qam", "changed in the copy"))
	must(registrytest.Git(dst, "gc", "-q", "--prune=now"))
	if got := must(registrytest.Git(src, "rev-parse", "HEAD")); got != head {
		t.Fatalf("the source's HEAD moved to %s", got)
	}
	if st := must(registrytest.Git(src, "status", "--porcelain")); st != "" {
		t.Fatalf("the source changed:\n%s", st)
	}
	must(registrytest.Git(src, "fsck", "--strict", "--no-dangling"))
	if after, err := registrytest.RepoState(src); err != nil || after != state {
		t.Fatalf("the source's state changed:\n%s\nwas:\n%s", after, state)
	}
	// and RepoState sees what a test could do to a shared repository
	if after := must(registrytest.RepoState(dst)); after == state {
		t.Fatal("RepoState: the copy's commit changes nothing")
	}
	if err := os.WriteFile(filepath.Join(src, "actors", "x.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if after := must(registrytest.RepoState(src)); after == state {
		t.Fatal("RepoState: a file added changes nothing")
	}
}

func inode(t *testing.T, p string) uint64 {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino
}
