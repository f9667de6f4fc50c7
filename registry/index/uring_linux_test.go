package index

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBatchStatIsFstatat: for every row of a work tree holding files,
// folders, links, a named pipe, special bits, a path too long for the
// ring's buffers and rows whose files are gone, the io_uring answer is the
// per-row fstatat's, row by row; and the whole check through the ring
// finds what the check without it finds.
func TestBatchStatIsFstatat(t *testing.T) {
	defer func(n int) { minBatch = n }(minBatch)
	minBatch = 1
	dir := t.TempDir()
	mk := func(p string, mode os.FileMode) {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(p), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(full, mode); err != nil {
			t.Fatal(err)
		}
	}
	mk("registry.yaml", 0o644)
	for i := range 700 { // more rows than the ring has entries
		mk(filepath.Join("requests", "r"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+itoa(i), "request.yaml"), 0o644)
	}
	mk("actors/suid.yaml", os.ModeSetuid|0o755)
	mk("actors/ro.yaml", 0o400)
	long := filepath.Join("snippets", strings.Repeat("d", 200), strings.Repeat("e", 200), strings.Repeat("f", 200)+".yaml")
	mk(long, 0o644)
	if err := os.Symlink("../nowhere", filepath.Join(dir, "actors/link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "actors/pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode()&os.ModeSymlink == 0 {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	table := Scan(dir, time.Now())
	if len(table) < 1400 {
		t.Fatalf("%d rows", len(table))
	}
	// gone since the scan: a file, and a folder with its file
	os.Remove(filepath.Join(dir, "actors/ro.yaml"))
	os.RemoveAll(filepath.Join(dir, "requests/rxb1"))

	sd, err := openStatDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer sd.close()
	batch := sd.batch(table)
	if batch == nil {
		t.Skip("no io_uring here")
	}
	answered := 0
	for i, r := range table {
		got, ok, known := batch[i].stat()
		if !known {
			continue
		}
		answered++
		want, _, wantOK := sd.lstat(nil, r.Path)
		if ok != wantOK || got != want {
			t.Fatalf("%s: ring %+v (%v), fstatat %+v (%v)", r.Path, got, ok, want, wantOK)
		}
	}
	if answered < len(table)-2 {
		t.Fatalf("the ring answered %d rows of %d", answered, len(table))
	}
	if batch[0].state != 0 {
		t.Fatalf("the root row went through the ring: %+v", batch[0])
	}
	ch, _ := table.Changed(dir, time.Now())
	noRing.Store(true)
	want, _ := table.Changed(dir, time.Now())
	noRing.Store(false)
	if strings.Join(ch, "\n") != strings.Join(want, "\n") || len(ch) == 0 {
		t.Fatalf("Changed through the ring %v, without %v", ch, want)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
