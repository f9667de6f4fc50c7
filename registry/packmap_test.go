package registry

import (
	"io"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestHistoryPoolReadsPacksFromAMapping: after a repack, the history pool's
// storages read objects through the pack's mapping (one mapping for the
// pool), and what they read is what git cat-file reads.
func TestHistoryPoolReadsPacksFromAMapping(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	dir := r.Dir()
	writeCommit(t, dir, "2026-03-01T10:00:00Z", "vote", map[string]string{"requests/budget/votes/vanves.yaml": "name: Ana\nneed: useful\n"})
	gitOut(t, dir, "repack", "-a", "-d", "-q")
	blob := gitOut(t, dir, "rev-parse", "HEAD:requests/budget/votes/vanves.yaml")

	pool := newHistoryPool(dir + "/.git")
	defer pool.close()
	s := pool.get()
	o, err := s.EncodedObject(plumbing.AnyObject, plumbing.NewHash(strings.TrimSpace(blob)))
	if err != nil {
		t.Fatal(err)
	}
	rd, err := o.Reader()
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rd)
	rd.Close()
	pool.put(s)
	if err != nil || string(got) != "name: Ana\nneed: useful\n" {
		t.Fatalf("blob read through the pool: %q, %v", got, err)
	}
	pool.maps.mu.Lock()
	n := len(pool.maps.data)
	pool.maps.mu.Unlock()
	if n != 1 {
		t.Errorf("%d pack files mapped, want 1 (the repacked history)", n)
	}
}

// TestMappedFileIsReadOnly: the view of a mapped pack reads, seeks and
// refuses writes.
func TestMappedFileIsReadOnly(t *testing.T) {
	f := &mappedFile{name: "p.pack", r: strings.NewReader("PACK0123")}
	b := make([]byte, 4)
	if n, err := f.ReadAt(b, 4); n != 4 || err != nil || string(b) != "0123" {
		t.Errorf("ReadAt: %q %v", b[:n], err)
	}
	if _, err := f.Write([]byte("x")); err == nil {
		t.Error("a write to a mapped pack succeeded")
	}
	if err := f.Truncate(0); err == nil {
		t.Error("truncating a mapped pack succeeded")
	}
}
