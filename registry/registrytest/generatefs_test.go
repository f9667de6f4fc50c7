package registrytest_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/gpso/codal/registry/registrytest"
)

// TestGenerateFSIsGenerate: the registry GenerateFS keeps in memory is the
// one Generate writes, file for file and byte for byte, realistic or not.
func TestGenerateFSIsGenerate(t *testing.T) {
	for name, s := range map[string]registrytest.Sizes{"Scale": registrytest.Scale(60), "Spread": registrytest.Spread(30)} {
		dir := t.TempDir()
		if err := registrytest.Generate(dir, s, 3); err != nil {
			t.Fatal(err)
		}
		m := registrytest.GenerateFS(s, 3)
		files := 0
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			files++
			rel, _ := filepath.Rel(dir, p)
			data, err := os.ReadFile(p)
			if f := m[filepath.ToSlash(rel)]; f == nil || !bytes.Equal(f.Data, data) || f.Mode != 0o644 {
				t.Errorf("%s: %s differs in memory", name, rel)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if files != len(m) || files < 60 {
			t.Fatalf("%s: %d files on disk, %d in memory", name, files, len(m))
		}
	}
}
