//go:build unix

package index_test

import (
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gpso/codal/registry/index"
)

// TestCheckSeesWhatScanRecords: every kind of file the work tree can hold
// (file, folder, link, named pipe, set-uid, set-gid and sticky bits,
// read-only) is recorded by Scan and found unchanged by both checks, then
// found changed after a change of each.
func TestCheckSeesWhatScanRecords(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	write(t, dir, "registry.yaml", []byte("name: x\n"))
	files := map[string]os.FileMode{
		"actors/a.yaml": 0o644, "actors/b.yaml": os.ModeSetuid | 0o755, "actors/c.yaml": os.ModeSetgid | 0o755, "actors/d.yaml": 0o400,
	}
	for p, mode := range files {
		write(t, dir, p, []byte("x"))
		if err := os.Chmod(filepath.Join(dir, p), mode); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "requests/r/votes"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "requests/r/votes"), 0o755|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../x", filepath.Join(dir, "requests/r/lien.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "requests/r/tube.yaml"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	tv := []unix.Timeval{unix.NsecToTimeval(old.UnixNano()), unix.NsecToTimeval(old.UnixNano())}
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil {
			unix.Lutimes(p, tv) // the link itself too: no row is racy
		}
		return nil
	})
	table := index.Scan(dir, time.Now())
	f := filepath.Join(t.TempDir(), "index")
	if err := index.Write(f, &index.File{Stats: table, Snapshot: []byte{}}); err != nil {
		t.Fatal(err)
	}
	m, err := index.Open(f)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if ch, _ := table.Changed(dir, time.Now()); len(ch) != 0 {
		t.Fatalf("Table.Changed on an untouched tree: %v", ch)
	}
	if ch, _, err := m.Changed(dir, time.Now()); err != nil || len(ch) != 0 {
		t.Fatalf("Mapped.Changed on an untouched tree: %v, %v", ch, err)
	}
	for _, p := range []string{"actors/b.yaml", "actors/c.yaml", "requests/r/votes"} {
		fi, _ := os.Lstat(filepath.Join(dir, p))
		if err := os.Chmod(filepath.Join(dir, p), fi.Mode()&^(os.ModeSetuid|os.ModeSetgid|os.ModeSticky)); err != nil {
			t.Fatal(err)
		}
	}
	os.Remove(filepath.Join(dir, "requests/r/tube.yaml"))
	write(t, dir, "requests/r/tube.yaml", []byte("x"))
	os.Chtimes(filepath.Join(dir, "requests/r/tube.yaml"), old, old)
	want := []string{"actors/b.yaml", "actors/c.yaml", "requests/r/tube.yaml", "requests/r/votes"}
	if ch, _ := table.Changed(dir, time.Now()); !slices.Equal(ch, want) {
		t.Fatalf("Table.Changed = %v, want %v", ch, want)
	}
	if ch, _, err := m.Changed(dir, time.Now()); err != nil || !slices.Equal(ch, want) {
		t.Fatalf("Mapped.Changed = %v (%v), want %v", ch, err, want)
	}
}
