package registry

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/gpso/codal/registry/registrytest"
)

// TestObjReaderReusesItsInflaters: reading objects stored as chains of
// deltas inflates one zlib stream per link; the readers (a 32 KiB window
// and tables each) are reused, so reading every object allocates about
// what the objects and their deltas hold, not 40 KiB per link.
func TestObjReaderReusesItsInflaters(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("the pack reader's inflaters counted over many reads: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	if raceEnabled {
		t.Skip("under the race detector sync.Pool drops what is put back on purpose")
	}
	dir := objReaderRepo(t, 40)
	gitOut(t, dir, "repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=50")
	want := catFileAll(t, dir)
	o, err := openObjReader(filepath.Join(dir, ".git"))
	if err != nil {
		t.Fatal(err)
	}
	defer o.close()
	readAll := func() (size uint64) {
		for h := range want {
			_, data, err := o.read(h)
			if err != nil {
				t.Fatal(err)
			}
			size += uint64(len(data))
		}
		return size
	}
	readAll() // the pool filled
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	size := readAll()
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d objects, %d bytes: %d bytes allocated", len(want), size, alloc)
	if alloc > 40*size { // 11× here; 400× before
		t.Errorf("reading %d objects of %d bytes allocated %d bytes (more than 40×)", len(want), size, alloc)
	}
}
