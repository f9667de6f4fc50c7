package catalogue_test

import (
	"runtime"
	"sync"
	"testing"
	"unsafe"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
)

// liveAfter returns what f's result keeps on the heap once the rest is
// collected, in bytes.
func liveAfter(f func() any) (any, int64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := f()
	runtime.GC()
	runtime.ReadMemStats(&after)
	return v, int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

// The catalogue decoded from a snapshot keeps no copy of the snapshot: its
// strings are its own (the list section, the tables and the encoding around
// them are not kept), so it weighs less than the snapshot it came from
// plus what Load's catalogue weighs; and it does not change when the
// snapshot's bytes do (an index's mapped file may go once decoded).
func TestSnapshotCatalogueKeepsNoCopy(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("what a decoded catalogue keeps, measured: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	c, err := catalogue.Load(mapRegistry(t, 700, 5))
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	n := int64(len(data))
	v, live := liveAfter(func() any {
		s, err := catalogue.OpenSnapshot(data)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Catalogue()
		if err != nil {
			t.Fatal(err)
		}
		return got
	})
	got := v.(*catalogue.Catalogue)
	clear(data)
	if d := catalogue.Diff(got, c); d != "" {
		t.Fatalf("the decoded catalogue changed with the snapshot's bytes:\n%s", d)
	}
	// 700 requests: the snapshot is 0.91 MB; the catalogue decoded from
	// one copy of it kept 1.70 MB (1.86×), its own strings keep 1.24 MB
	// (1.35×).
	t.Logf("snapshot %d bytes, decoded catalogue keeps %d bytes (%.2f×)", n, live, float64(live)/float64(n))
	if live > n*8/5 {
		t.Errorf("the decoded catalogue keeps %d bytes for a snapshot of %d: more than 1.6×, a copy of the snapshot is kept", live, n)
	}
	runtime.KeepAlive(got)
}

// Catalogue hands every record it decoded to the release function set by
// SetRelease (an index drops those pages of its mapped file as the decode
// goes), parts of the snapshot's own bytes, each once.
func TestSnapshotCatalogueReleasesWhatItDecoded(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("the pages a decode releases, measured: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	c, err := catalogue.Load(mapRegistry(t, 700, 5))
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	s, err := catalogue.OpenSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := make([]bool, len(data))
	released := 0
	s.SetRelease(func(b []byte) {
		mu.Lock()
		defer mu.Unlock()
		at := int(uintptr(unsafe.Pointer(unsafe.SliceData(b))) - uintptr(unsafe.Pointer(unsafe.SliceData(data))))
		if at < 0 || at+len(b) > len(data) {
			t.Errorf("released %d bytes outside the snapshot", len(b))
			return
		}
		for i := at; i < at+len(b); i++ {
			if seen[i] {
				t.Fatalf("byte %d released twice", i)
			}
			seen[i] = true
		}
		released += len(b)
	})
	got, err := s.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	if d := catalogue.Diff(got, c); d != "" {
		t.Fatalf("the snapshot's catalogue differs from the one encoded:\n%s", d)
	}
	// the records are most of a snapshot; the rest is the lists and tables
	if released < len(data)/2 {
		t.Errorf("%d bytes of %d released: the records were not", released, len(data))
	}
}
