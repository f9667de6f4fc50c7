package registry

import (
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/store"

	"github.com/gpso/codal/registry/registrytest"
)

// TestHistoryUpToDateCostsNoPackTable: the app asks for the news read up
// to HEAD on every start; with nothing new, History reads two commits and
// allocates next to nothing, not go-git's table of every object in the
// pack (60 MB at 100,000 entries; 2.4 MB for the 20,000 objects here).
func TestHistoryUpToDateCostsNoPackTable(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("a pack of 20,000 objects: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	dir := r.Dir()
	var in strings.Builder
	const n = 20000
	for i := range n {
		data := fmt.Sprintf("blob %d\n", i)
		fmt.Fprintf(&in, "blob\nmark :%d\ndata %d\n%s\n", i+1, len(data), data)
	}
	head := gitOut(t, dir, "rev-parse", "HEAD")
	branch := strings.TrimSpace(gitOut(t, dir, "symbolic-ref", "HEAD"))
	// committed straight to the branch checked out: History reads no work tree
	fmt.Fprintf(&in, "commit %s\ncommitter T <t@example.org> 1767225600 +0000\ndata 5\nbulk\nfrom %s\n", branch, strings.TrimSpace(head))
	for i := range n {
		fmt.Fprintf(&in, "M 100644 :%d extra/%02d/b%d\n", i+1, i%100, i)
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir, cmd.Stdin = dir, strings.NewReader(in.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git fast-import: %v\n%s", err, out)
	}
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	top := store.Hash(strings.TrimSpace(gitOut(t, dir, "rev-parse", "HEAD")))
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	commits := 0
	if err := r.History(store.Since{Commit: top}, func(store.Commit) error { commits++; return nil }); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&ms1)
	if alloc := ms1.TotalAlloc - ms0.TotalAlloc; commits != 0 || alloc > 1<<20 {
		t.Errorf("History up to date: %d commits, %d bytes allocated (at most 1 MiB)", commits, alloc)
	}
}
