package registry

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/gpso/codal/registry/registrytest"
)

// TestObjReaderReleasesThePacksItRead: once an object is read, the pages
// of the pack and of its index it touched are no longer resident (big trees
// rebuilt through deltas touched tens of megabytes the app kept until the
// reader closed); reading again gives the same bytes.
func TestObjReaderReleasesThePacksItRead(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("the pack pages released, measured in resident memory: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	if runtime.GOOS != "linux" {
		t.Skip("resident pages are read from /proc/self/smaps")
	}
	dir := objReaderRepo(t, 60)
	gitOut(t, dir, "repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=50")
	want := catFileAll(t, dir)
	o, err := openObjReader(filepath.Join(dir, ".git"))
	if err != nil {
		t.Fatal(err)
	}
	defer o.close()
	o.release = true // as the app's reads of one entry (fewObjects)
	p := o.packs[0]
	for round := range 2 {
		for h, w := range want {
			_, data, err := o.read(h)
			if err != nil || string(data) != string(w.data) {
				t.Fatalf("round %d: %s read as %q, %v", round, h, data, err)
			}
		}
		idx, pack := registrytest.ResidentKB(t, p.idx), registrytest.ResidentKB(t, p.pack)
		if idx+pack > 8 {
			t.Fatalf("round %d: after reading every object, %d KiB of the index (%d KiB) and %d KiB of the pack (%d KiB) stay resident",
				round, idx, len(p.idx)>>10, pack, len(p.pack)>>10)
		}
	}
}
