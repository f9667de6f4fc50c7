package registry

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/store"
)

// TestWriteStoresLooseObjectsAtGitsLevel: a write's commit and the trees on
// its path are loose objects compressed at zlib's fastest level (git's
// default for loose objects: the second byte of the zlib header is 0x01),
// which git reads and checks (fsck --strict).
func TestWriteStoresLooseObjectsAtGitsLevel(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	res := write(t, r, change("Vote de Vanves", "requests/budget/votes/vanves.yaml", "need: useful\n"), store.WriteOptions{})
	gitOut(t, r.Dir(), "fsck", "--strict", "--no-dangling", res.Commit.String())
	objs := []string{res.Commit.String(), gitOut(t, r.Dir(), "rev-parse", "HEAD^{tree}"), gitOut(t, r.Dir(), "rev-parse", "HEAD:requests")}
	for _, h := range objs {
		raw, err := os.ReadFile(filepath.Join(r.Dir(), ".git", "objects", h[:2], h[2:]))
		if err != nil {
			t.Fatalf("object %s is not loose: %v", h, err)
		}
		if len(raw) < 2 || raw[0] != 0x78 || raw[1] != 0x01 {
			t.Errorf("object %s: zlib header % x, want 78 01 (fastest level)", h, raw[:2])
		}
		if fi, _ := os.Stat(filepath.Join(r.Dir(), ".git", "objects", h[:2], h[2:])); fi.Mode().Perm() != 0o444 {
			t.Errorf("object %s: mode %v, want read-only", h, fi.Mode().Perm())
		}
	}
	if got := gitOut(t, r.Dir(), "cat-file", "-p", "HEAD:requests/budget/votes/vanves.yaml"); !strings.Contains(got, "need: useful") {
		t.Errorf("git reads %q", got)
	}
	left, _ := filepath.Glob(filepath.Join(r.Dir(), ".git", "objects", "*", "tmp_obj_*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
