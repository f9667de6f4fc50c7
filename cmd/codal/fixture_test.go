package main

import (
	"fmt"
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
	demoWas  string // its registrytest.RepoState
)

// TestMain removes the demo the tests copy, and fails when a test changed
// it.
func TestMain(m *testing.M) {
	code := m.Run()
	if demoWas != "" {
		if now, err := registrytest.RepoState(filepath.Join(demoTmpl, "registre")); now != demoWas {
			fmt.Fprintf(os.Stderr, "a test changed the shared demo (%v):\n%s\nwas:\n%s\n", err, now, demoWas)
			code = 1
		}
	}
	if demoTmpl != "" {
		os.RemoveAll(demoTmpl)
	}
	os.Exit(code)
}

// demoRegistry installs the demo in a new folder (a Git repository without a
// remote) and returns it.
func demoRegistry(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "registre")
	if err := registrytest.CopyRepo(dir, demoSource(t)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// demoSource is the demo registry every demoRegistry copies: a test may
// read it (publish it on a Git server, clone it) but never write to it.
func demoSource(t *testing.T) string {
	t.Helper()
	demoOnce.Do(func() {
		tmpl, err := os.MkdirTemp("", "codal-cmd-demo-")
		if err != nil {
			demoErr = err.Error()
			return
		}
		demoTmpl = tmpl
		if _, errOut, code := cli(t, "init", filepath.Join(tmpl, "registre"), "--demo", "--keep-default"); code != 0 {
			demoErr = fmt.Sprintf("exit %d: %s", code, errOut)
			return
		}
		var err2 error
		if demoWas, err2 = registrytest.RepoState(filepath.Join(tmpl, "registre")); err2 != nil {
			demoErr = err2.Error()
		}
	})
	if demoErr != "" {
		t.Fatalf("init: %s", demoErr)
	}
	return filepath.Join(demoTmpl, "registre")
}
