package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
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
