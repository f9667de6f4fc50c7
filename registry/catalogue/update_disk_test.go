package catalogue_test

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
)

// mirror copies the paths a step touched from the MapFS to the folder on
// disk: files written, links made, folders created, the rest removed.
func mirror(t *testing.T, dir string, x *mutator) {
	t.Helper()
	for _, p := range x.touched {
		full := filepath.Join(dir, filepath.FromSlash(p))
		f := x.m[p]
		if f == nil {
			// (ENOTDIR: a file now stands where its folder was.)
			if err := os.RemoveAll(full); err != nil && !errors.Is(err, syscall.ENOTDIR) {
				t.Fatal(err)
			}
			continue
		}
		// Whatever stands in the way (a file where a folder goes, a folder
		// where a file goes) goes first, as git checkout does.
		for a := path.Dir(p); a != "."; a = path.Dir(a) {
			if info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(a))); err == nil && !info.IsDir() {
				os.Remove(filepath.Join(dir, filepath.FromSlash(a)))
			}
		}
		// (A link in place goes too: writing a file through it would
		// write where it leads.)
		if info, err := os.Lstat(full); err == nil && (info.IsDir() != f.Mode.IsDir() || f.Mode&fs.ModeSymlink != 0 || info.Mode()&fs.ModeSymlink != 0) {
			os.RemoveAll(full)
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case f.Mode.IsDir():
			err = os.MkdirAll(full, 0o755)
		case f.Mode&fs.ModeSymlink != 0:
			err = os.Symlink(string(f.Data), full)
		default:
			err = os.WriteFile(full, f.Data, 0o644)
		}
		if err != nil && !errors.Is(err, fs.ErrExist) {
			t.Fatal(err)
		}
	}
}

// The same property on real files (os.DirFS, where links are links and
// emptied folders stay): after each random change, Update is Load.
func TestUpdateIsLoadOnDisk(t *testing.T) {
	m := mapRegistry(t, 60, 11)
	dir := t.TempDir()
	x := &mutator{m: m, rng: rand.New(rand.NewPCG(11, 3))}
	for p := range m {
		x.touched = append(x.touched, p)
	}
	mirror(t, dir, x)
	fsys := os.DirFS(dir)
	prev, err := catalogue.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		x.touched, x.did = nil, nil
		for range 1 + x.rng.IntN(3) {
			x.step()
		}
		mirror(t, dir, x)
		var roots []string
		for _, p := range x.touched {
			roots = append(roots, catalogue.RootOf(p))
		}
		got, err := catalogue.Update(prev, fsys, roots)
		if err != nil {
			t.Fatal(err)
		}
		want, err := catalogue.Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if d := catalogue.Diff(got, want); d != "" {
			t.Fatalf("step %d (ops %v, paths %v): Update differs from Load:\n%s", i, x.did, x.touched, d)
		}
		prev = got
	}
}

// Update of a catalogue that LoadOnly read with fewer kinds, or with a
// change outside every entry root, is a full load.
func TestUpdateFallsBackToLoad(t *testing.T) {
	m := mapRegistry(t, 60, 12)
	only, err := catalogue.LoadOnly(m, catalogue.Actors, catalogue.Requests)
	if err != nil {
		t.Fatal(err)
	}
	full, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	req := full.Requests[0].ID
	for _, c := range []struct {
		name  string
		old   *catalogue.Catalogue
		roots []string
	}{
		{"LoadOnly", only, []string{"requests/" + req}},
		{"registry.yaml", full, []string{catalogue.RootOf("registry.yaml")}},
		{"requests/README.md", full, []string{"requests/" + req, catalogue.RootOf("requests/README.md")}},
	} {
		got, err := catalogue.Update(c.old, m, c.roots)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Schemas) == 0 || len(got.Snippets) == 0 {
			t.Errorf("%s: Update read %d schemas and %d snippets, want every kind", c.name, len(got.Schemas), len(got.Snippets))
		}
		if d := catalogue.Diff(got, full); d != "" {
			t.Errorf("%s: Update differs from Load:\n%s", c.name, d)
		}
	}
	if got, err := catalogue.Update(full, m, nil); err != nil || got != full {
		t.Errorf("Update with nothing changed = %p, %v; want the same catalogue", got, err)
	}
}
