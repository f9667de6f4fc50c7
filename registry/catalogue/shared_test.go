package catalogue

import (
	"os"
	"sync"
	"testing"
)

// SharedDirs are the folders tests share across the process (SharedDir);
// TestMain removes them.
var SharedDirs []string

// SharedDir returns the folder build wrote, once per process, for the first
// test that asked (build gets a new folder of its own, outside any test's
// TempDir, and returns the path to share). Tests must only read it: on the
// CI machine every new inode costs a scan of those freed in the last
// minutes, and a registry per test made most of the package's time.
func SharedDir(t *testing.T, once *sync.Once, dir *string, build func(t *testing.T, root string) string) string {
	t.Helper()
	once.Do(func() {
		root, err := os.MkdirTemp("", "codal-catalogue-")
		if err != nil {
			t.Fatal(err)
		}
		SharedDirs = append(SharedDirs, root)
		*dir = build(t, root) // set only when build returns
	})
	if *dir == "" {
		t.Fatal("the shared folder could not be built: see the first test that asked for it")
	}
	return *dir
}
