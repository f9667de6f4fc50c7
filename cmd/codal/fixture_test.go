package main

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/gpso/codal/registry/registrytest"
)

// The demo registry that `codal init DIR --demo --keep-default` writes, once
// per process: demoRegistry copies it for each test. init --keep-default
// writes nothing but the registry, so a copy is what a test's own init
// wrote, at about a third fewer new inodes, which cost the most on the CI
// machine (registrytest.CopyRepo).
var (
	demoOnce sync.Once
	demoTmpl string // the folder holding the demo; TestMain removes it
	demoErr  string
)

// TestMain removes the demo the tests copy.
func TestMain(m *testing.M) {
	code := m.Run()
	if demoTmpl != "" {
		os.RemoveAll(demoTmpl)
	}
	os.Exit(code)
}

// demoRegistry installs the demo in a new folder (a Git repository without a
// remote) and returns it.
func demoRegistry(t *testing.T) string {
	t.Helper()
	demoOnce.Do(func() {
		tmpl, err := os.MkdirTemp("", "codal-cmd-demo-")
		if err != nil {
			demoErr = err.Error()
			return
		}
		demoTmpl = tmpl
		if _, errOut, code := cli(t, "init", filepath.Join(tmpl, "registre"), "--demo", "--keep-default"); code != 0 {
			demoErr = errOut
		}
	})
	if demoErr != "" {
		t.Fatalf("init: %s", demoErr)
	}
	dir := filepath.Join(t.TempDir(), "registre")
	if err := registrytest.CopyRepo(dir, filepath.Join(demoTmpl, "registre")); err != nil {
		t.Fatal(err)
	}
	return dir
}
