package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/registrytest"
)

// shortRuntime points XDG_RUNTIME_DIR at a short private folder: the
// watcher's socket path stays under the 108-byte limit.
func shortRuntime(t *testing.T) {
	t.Helper()
	run, err := os.MkdirTemp("", "cw")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	t.Setenv("XDG_RUNTIME_DIR", run)
}

func TestWatchWithoutDaemon(t *testing.T) {
	isolate(t)
	shortRuntime(t)
	dir := t.TempDir()
	if _, errOut, code := cli(t, "--registry", dir, "watch", "start"); code != 1 || !strings.Contains(errOut, "registry.yaml") {
		t.Errorf("watch start on a folder without a registry: exit %d, %q", code, errOut)
	}
	out, errOut, code := cli(t, "--registry", mini, "--lang", "en", "watch", "status")
	if code != 0 || (!strings.Contains(out, "No daemon watches") && !strings.Contains(out, "not available")) {
		t.Errorf("watch status without a daemon: exit %d, %q %q", code, out, errOut)
	}
	out, _, code = cli(t, "--registry", mini, "watch", "status", "--json")
	var s struct{ Running bool }
	if code != 0 || json.Unmarshal([]byte(out), &s) != nil || s.Running {
		t.Errorf("watch status --json without a daemon: exit %d, %q", code, out)
	}
	if out, _, code := cli(t, "--registry", mini, "--lang", "en", "watch", "stop"); code != 0 || !strings.Contains(out, "No daemon was watching") {
		t.Errorf("watch stop without a daemon: exit %d, %q", code, out)
	}
	if out, _, code := cli(t, "--lang", "en", "watch", "--help"); code != 0 || !strings.Contains(out, "fsmonitor") {
		t.Errorf("watch --help: exit %d, %q", code, out)
	}
}

// TestWatchBinary: the built lean codal starts its watcher, a hand edit
// that no stat check can see (same size, time put back) shows in the next
// list, and the watcher stops.
func TestWatchBinary(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the watcher is Linux only")
	}
	if !registrytest.Long() {
		t.Skip("builds the binary: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	bin := filepath.Join(t.TempDir(), "codal")
	goBuild(t, bin, ".", "-tags", "lean")
	isolate(t)
	shortRuntime(t)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(t.TempDir(), "cache"))
	reg := filepath.Join(t.TempDir(), "reg")
	if _, err := registry.InitDemo(reg); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour) // no stat row racy: only the watcher can see the edit below
	filepath.Walk(reg, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Name() == ".git" {
			return filepath.SkipDir
		}
		if err == nil {
			os.Chtimes(p, old, old)
		}
		return err
	})
	t.Setenv("CODAL_REGISTRY", reg)
	codal := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, append([]string{"--lang", "en"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("codal %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	if out := codal("watch", "start"); !strings.Contains(out, "socket") {
		t.Fatalf("watch start: %q", out)
	}
	t.Cleanup(func() { exec.Command(bin, "watch", "stop").Run() })
	if out := codal("watch", "start"); !strings.Contains(out, "already watches") {
		t.Errorf("watch start again: %q", out)
	}
	var s struct {
		Running bool
		Folders int
		PID     int
	}
	if err := json.Unmarshal([]byte(codal("watch", "status", "--json")), &s); err != nil || !s.Running || s.Folders < 10 || s.PID == 0 {
		t.Fatalf("watch status --json: %+v %v", s, err)
	}
	codal("list", "requests", "--query", "budget") // the index, and its token
	p := filepath.Join(reg, "requests", "budget-climat", "request.yaml")
	fi, _ := os.Stat(p)
	b, _ := os.ReadFile(p)
	i := bytes.Index(b, []byte("title: ")) + len("title: ")
	copy(b[i:], "ZORG")
	os.WriteFile(p, b, 0o644)
	os.Chtimes(p, fi.ModTime(), fi.ModTime())
	if out := codal("list", "requests", "--query", "zorg"); !strings.Contains(out, "budget-climat") {
		t.Errorf("the list missed the hand edit:\n%s", out)
	}
	if out := codal("watch", "stop"); !strings.Contains(out, "stopped") {
		t.Errorf("watch stop: %q", out)
	}
	if err := json.Unmarshal([]byte(codal("watch", "status", "--json")), &s); err != nil || s.Running {
		t.Errorf("after stop: %+v %v", s, err)
	}
}
