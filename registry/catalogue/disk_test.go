//go:build linux

package catalogue

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"

	"github.com/gpso/codal/registry/registrytest"
)

// plainFS hides os.DirFS's type: a load through it reads through fs.FS, as
// every load did before the disk reader.
type plainFS struct{ fs.FS }

// hostileRegistry is a generated registry with what a load must report
// rather than read: links (to a file outside, to a folder), a named pipe,
// a file over the size cap, unexpected files and folders, hidden files, a
// snippet's unlisted file.
// It is written once per process (SharedDir): the tests only read it.
func hostileRegistry(t *testing.T) string {
	t.Helper()
	return SharedDir(t, &hostileOnce, &hostileDir, writeHostileRegistry)
}

var (
	hostileOnce sync.Once
	hostileDir  string
)

func writeHostileRegistry(t *testing.T, root string) string {
	t.Helper()
	dir := filepath.Join(root, "reg")
	if err := registrytest.Generate(dir, registrytest.Spread(120), 1); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(root, "secret.yaml")
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(outside, []byte("date: 2026-01-05\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	reqs, err := os.ReadDir(filepath.Join(dir, "requests"))
	if err != nil || len(reqs) < 3 {
		t.Fatal("too few requests", err)
	}
	r0, r1, r2 := "requests/"+reqs[0].Name(), "requests/"+reqs[1].Name(), "requests/"+reqs[2].Name()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, r0, "votes"), 0o755))
	must(os.Symlink(outside, filepath.Join(dir, r0, "votes", "lien-secret.yaml")))
	must(os.Symlink(filepath.Join(dir, r1), filepath.Join(dir, "requests", "lien-demande")))
	must(syscall.Mkfifo(filepath.Join(dir, "actors", "tube.yaml"), 0o644))
	write(r2+"/request.yaml", bytes.Repeat([]byte("# "), MaxFactSize/2+1))
	write(r1+"/notes.txt", []byte("?"))
	write(r1+"/.cache", []byte("?"))
	write("requests/"+"fichier-perdu.yaml", []byte("x: 1\n"))
	write("actors/sous-dossier/a.yaml", []byte("x: 1\n"))
	snips, err := os.ReadDir(filepath.Join(dir, "snippets"))
	if err != nil || len(snips) == 0 {
		t.Fatal("no snippet", err)
	}
	write("snippets/"+snips[0].Name()+"/oublie.js", bytes.Repeat([]byte("x"), 300))
	// A folder listed in several calls (1,200 long names: 160 KB of
	// listing), a file read in several (40 KB).
	for i := range 1200 {
		write(fmt.Sprintf("snippets/%s/fichier-au-nom-tres-long-%0100d.js", snips[1].Name(), i), []byte("x"))
	}
	write(r1+"/votes/meudon.yaml", append([]byte("date: 2026-01-05\ncomment: |\n"), bytes.Repeat([]byte("  une ligne de commentaire assez longue\n"), 1000)...))
	return dir
}

// TestDiskSourceReadsAsDirFS: the disk reader lists every folder and reads
// every file of a hostile registry as os.DirFS does (names, types, sizes,
// bytes), and refuses what os.DirFS would follow: a file that is a link
// when it is opened (the walk saw a file; a link was swapped in since).
func TestDiskSourceReadsAsDirFS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the disk reader is Linux's")
	}
	dir := hostileRegistry(t)
	fsys := os.DirFS(dir)
	src := sourceOf(fsys)
	defer src.close()
	if _, ok := src.(*disk); !ok {
		t.Fatalf("sourceOf(os.DirFS) = %T, want the disk reader", src)
	}
	if _, ok := sourceOf(plainFS{fsys}).(fsSource); !ok {
		t.Fatal("another fs.FS must be read through itself")
	}
	var buf []byte
	folders, files := 0, 0
	var walk func(name string)
	walk = func(name string) {
		want, werr := fs.ReadDir(fsys, name)
		got, gerr := src.readDir(name)
		if (werr == nil) != (gerr == nil) || len(got) != len(want) {
			t.Fatalf("readDir(%s) = %d entries, %v; os.DirFS: %d, %v", name, len(got), gerr, len(want), werr)
		}
		folders++
		for i, w := range want {
			g := got[i]
			p := filepath.ToSlash(filepath.Join(name, w.Name()))
			if g.Name() != w.Name() || g.Type() != w.Type() || g.IsDir() != w.IsDir() {
				t.Fatalf("%s: entry %q %v, os.DirFS %q %v", name, g.Name(), g.Type(), w.Name(), w.Type())
			}
			gi, gerr := g.Info()
			wi, werr := w.Info()
			if gerr != nil || werr != nil || gi.Size() != wi.Size() || gi.Mode() != wi.Mode() {
				t.Fatalf("%s: Info %v %v, os.DirFS %v %v", p, gi, gerr, wi, werr)
			}
			switch {
			case w.IsDir():
				walk(p)
			case w.Type().IsRegular():
				files++
				want, werr := readFact(fsys, p)
				got, gerr := src.readFact(p, &buf)
				if !bytes.Equal(got, want) || (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
					t.Fatalf("readFact(%s) = %d bytes, %v; os.DirFS: %d bytes, %v", p, len(got), gerr, len(want), werr)
				}
				var big *errTooLargeFile
				if errors.As(werr, &big) && !(errors.As(gerr, &big) && big.size == wi.Size()) {
					t.Fatalf("readFact(%s): %v, want the file's size %d", p, gerr, wi.Size())
				}
			case w.Type()&fs.ModeSymlink != 0:
				if _, err := readFact(fsys, p); err != nil {
					break // a link to a folder: os.DirFS cannot read it either
				}
				if data, err := src.readFact(p, &buf); err == nil {
					t.Fatalf("readFact(%s) followed a symbolic link: %q", p, data)
				}
			}
		}
	}
	walk(".")
	if folders < 100 || files < 400 {
		t.Fatalf("walked %d folders, %d files: too few", folders, files)
	}
	// The buffer the caller gives is scratch space: what was read before
	// does not change when it is reused.
	a, _ := src.readFact("registry.yaml", &buf)
	keep := bytes.Clone(a)
	src.readFact("actors/"+mustFirst(t, dir, "actors"), &buf)
	if !bytes.Equal(a, keep) {
		t.Fatal("readFact's result shares the caller's buffer")
	}
}

func mustFirst(t *testing.T, dir, sub string) string {
	t.Helper()
	es, err := os.ReadDir(filepath.Join(dir, sub))
	for _, e := range es {
		if e.Type().IsRegular() {
			return e.Name()
		}
	}
	t.Fatal("no file in", sub, err)
	return ""
}

// TestLoadFromDiskIsLoadFromFS: a load of a hostile registry through the
// disk reader gives the catalogue a load through fs.FS gives: the same
// problems, in the same order, and the same snapshot, byte for byte.
func TestLoadFromDiskIsLoadFromFS(t *testing.T) {
	dir := hostileRegistry(t)
	disk, err := Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := Load(plainFS{os.DirFS(dir)})
	if err != nil {
		t.Fatal(err)
	}
	if len(disk.Problems) < 8 {
		t.Fatalf("only %d problems in the hostile registry: %v", len(disk.Problems), disk.Problems)
	}
	if len(disk.Problems) != len(plain.Problems) {
		t.Fatalf("%d problems from the disk, %d through fs.FS", len(disk.Problems), len(plain.Problems))
	}
	for i := range disk.Problems {
		if g, w := disk.Problems[i].Format("en"), plain.Problems[i].Format("en"); g != w {
			t.Errorf("problem %d: %s\nthrough fs.FS: %s", i, g, w)
		}
	}
	a, err := disk.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	b, err := plain.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the snapshots differ")
	}
}
