package registry

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// TestReadFileRefusesLinks: ReadFile (store.Reader) never follows a
// symbolic link, neither the file itself nor a folder on the way, and never
// leaves the registry.
func TestReadFileRefusesLinks(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"registry.yaml": "format: 1\n", "snippets/a/code.js": "ok"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "snippets/a/link.js")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "snippets/b")); err != nil {
		t.Fatal(err)
	}
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := r.ReadFile("snippets/a/code.js"); err != nil || string(data) != "ok" {
		t.Fatalf("ReadFile(code.js) = %q, %v", data, err)
	}
	for _, name := range []string{"snippets/a/link.js", "snippets/b/secret.txt"} {
		data, err := r.ReadFile(name)
		if !errors.Is(err, store.ErrSymlink) {
			t.Errorf("ReadFile(%s) = %q, %v; want store.ErrSymlink", name, data, err)
		}
	}
	if _, err := r.ReadFile("../" + filepath.Base(outside) + "/secret.txt"); err == nil {
		t.Error("ReadFile left the registry")
	}
}

// TestErrorsWrapSentinels: the store's errors carry its sentinels, so
// callers test the cause with errors.Is: a plain folder is
// store.ErrNotARepository for every write, a missing remote
// store.ErrRepoNotFound, a folder without registry.yaml store.ErrNoRegistry.
func TestErrorsWrapSentinels(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "registry.yaml"), []byte("format: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, syncErr := r.Sync(ctx, false)
	_, pullErr := r.Pull(ctx)
	_, addErr := r.AddSnippet(ctx, catalogue.NewSnippet{}, testWho, testSig.When)
	_, unsharedErr := r.Unshared("snippets", "a")
	_, headErr := r.Head()
	for what, err := range map[string]error{"Sync": syncErr, "Pull": pullErr, "AddSnippet": addErr, "Unshared": unsharedErr, "Head": headErr,
		"Fetch": r.Fetch(ctx), "SetBranch": r.SetBranch("codal/snippet-a", "", testWho, testSig.When)} {
		if !errors.Is(err, store.ErrNotARepository) {
			t.Errorf("%s on a plain folder: %v, want store.ErrNotARepository", what, err)
		}
	}
	if _, err := Open(t.TempDir()); !errors.Is(err, store.ErrNoRegistry) {
		t.Errorf("Open of an empty folder: %v, want store.ErrNoRegistry", err)
	}
	_, err = Clone(ctx, filepath.Join(t.TempDir(), "missing.git"), filepath.Join(t.TempDir(), "c"), nil)
	if !errors.Is(err, store.ErrRepoNotFound) {
		t.Errorf("Clone of a missing repository: %v, want store.ErrRepoNotFound", err)
	}
}
