package registry

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// InitDemoWith puts the extra files in the demo's one first commit, and the
// registry stays lint-clean (a hidden folder is not the registry's).
func TestInitDemoWithPutsExtraFilesInTheFirstCommit(t *testing.T) {
	isolateGit(t)
	dir := filepath.Join(t.TempDir(), "demo")
	workflow := []byte("name: codal\non: pull_request\n")
	r, err := InitDemoWith(dir, map[string][]byte{".github/workflows/codal.yml": workflow})
	if err != nil {
		t.Fatal(err)
	}
	if n := gitOut(t, dir, "rev-list", "--count", "HEAD"); n != "1" {
		t.Errorf("%s commits, want 1", n)
	}
	if got := gitOut(t, dir, "show", "HEAD:.github/workflows/codal.yml"); got+"\n" != string(workflow) {
		t.Errorf("workflow in the first commit: %q", got)
	}
	if st := gitOut(t, dir, "status", "--porcelain", "--untracked-files=all"); st != "" {
		t.Errorf("work tree not clean:\n%s", st)
	}
	c, err := r.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) != 0 {
		t.Errorf("the demo with its workflow has problems: %v", c.Problems)
	}
	// InitDemo alone (the default registry installed on first use) has none.
	plain := filepath.Join(t.TempDir(), "plain")
	if _, err := InitDemo(plain); err != nil {
		t.Fatal(err)
	}
	if files := gitOut(t, plain, "ls-tree", "-r", "--name-only", "HEAD"); strings.Contains(files, ".github") {
		t.Errorf("InitDemo wrote a workflow:\n%s", files)
	}
}

// A path that is not a registry path is refused before anything is written.
func TestInitDemoWithRefusesBadPaths(t *testing.T) {
	isolateGit(t)
	for _, p := range []string{"../escape.yml", ".git/hooks/post-commit", "/etc/x", ""} {
		dir := filepath.Join(t.TempDir(), "demo")
		if _, err := InitDemoWith(dir, map[string][]byte{p: []byte("x")}); err == nil {
			t.Errorf("%q accepted", p)
		}
		if _, err := os.Lstat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%q: %s was created (%v)", p, dir, err)
		}
	}
}
