package index

import (
	"bytes"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/gpso/codal/registry/registrytest"
)

// TestBulkReadsReleaseWithoutChangingBytes: a read larger than bulk drops
// the pages it checked from resident memory (Madvise on the file's
// mapping); what the mapping holds must not change — read once, read again
// (pages faulted back from the file), and the stat rows ahead of it.
func TestBulkReadsReleaseWithoutChangingBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	snap := make([]byte, 8*bulk+12345) // several release runs and a partial page at the end
	for i := range snap {
		snap[i] = byte(rng.IntN(256))
	}
	path := filepath.Join(t.TempDir(), "index")
	want := &File{Header: Header{Tree: "0123456789abcdef0123456789abcdef01234567"},
		Stats: Table{{Path: "actors/meudon.yaml", Size: 10, MTime: 5, Inode: 7, Mode: 0o100644}}, Snapshot: snap}
	if err := Write(path, want); err != nil {
		t.Fatal(err)
	}
	m, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if runtime.GOOS == "linux" {
		if _, err := m.Snapshot(); err != nil {
			t.Fatal(err)
		}
		// the mapping's resident size, from the kernel: the 8 MB checked
		// must not stay resident (the kernel may keep a large folio
		// around the header: allow half)
		if kb := registrytest.ResidentKB(t, m.whole); kb*1024 > len(snap)/2 {
			t.Fatalf("after checking %d bytes, %d KiB of the mapping stay resident", len(snap), kb)
		}
		for k := range m.checked {
			m.checked[k] = false
		}
	}
	for round := range 2 {
		got, err := m.Snapshot()
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if !bytes.Equal(got, snap) {
			t.Fatalf("round %d: the snapshot read back differs from the one written", round)
		}
		// every block checked once, then reads that cross them again
		for k := range m.checked {
			m.checked[k] = false
		}
	}
	stats, err := m.Stats()
	if err != nil || len(stats) != 1 || stats[0] != want.Stats[0] {
		t.Fatalf("stat rows after the release: %v %v", stats, err)
	}
}
