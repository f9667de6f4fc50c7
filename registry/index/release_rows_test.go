package index

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/gpso/codal/registry/registrytest"
)

// TestStatCheckReleasesTheRows: the stat check (Changed) reads every row of
// the table; its pages do not stay resident once it is done (at 100,000
// entries 50 MB the app kept through the whole decode that follows).
func TestStatCheckReleasesTheRows(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("resident pages are read from /proc/self/smaps")
	}
	dir := t.TempDir()
	var stats Table
	for i := range 60000 {
		stats = append(stats, Stat{Path: fmt.Sprintf("requests/demande-%06d/votes/commune-%06d.yaml", i/6, i), Size: 60, MTime: 5, Inode: uint64(i + 1), Mode: 0o100644})
	}
	path := filepath.Join(t.TempDir(), "index")
	if err := Write(path, &File{Header: Header{Tree: "0123456789abcdef0123456789abcdef01234567"}, Stats: stats, Snapshot: []byte("snapshot")}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.whole == nil {
		t.Skip("the index is read into memory here, not mapped")
	}
	changed, _, err := m.Changed(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(changed) == 0 {
		t.Fatal("no row changed: every file of the table is missing")
	}
	// the kernel may keep a large folio around the header: allow a quarter
	if kb := registrytest.ResidentKB(t, m.whole); int64(kb)*1024 > fi.Size()/4 {
		t.Fatalf("after the stat check, %d KiB of the %d KiB index stay resident", kb, fi.Size()/1024)
	}
	if again, _, err := m.Changed(dir, time.Now()); err != nil || len(again) != len(changed) {
		t.Fatalf("the check again, pages faulted back: %d changed, %v; want %d", len(again), err, len(changed))
	}
}
