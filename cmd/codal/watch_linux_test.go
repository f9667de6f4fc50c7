//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/registrytest"
)

// TestWatchBinary: the built lean codal starts its watcher, a hand edit
// that no stat check can see (same size, time put back) shows in the next
// list, and the watcher stops.
func TestWatchBinary(t *testing.T) {
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
	i0 := bytes.Index(b, []byte("title: ")) + len("title: ")
	copy(b[i0:], "ZORG")
	os.WriteFile(p, b, 0o644)
	os.Chtimes(p, fi.ModTime(), fi.ModTime())
	if out := codal("list", "requests", "--query", "zorg"); !strings.Contains(out, "budget-climat") {
		t.Errorf("the list missed the hand edit:\n%s", out)
	}
	// a hand edit, then at once the list, in a loop (the cookie)
	for i := range 10 {
		word := fmt.Sprintf("QX%02d", i)
		copy(b[i0:], word)
		os.WriteFile(p, b, 0o644)
		if out := codal("list", "requests", "--query", word); !strings.Contains(out, "budget-climat") {
			t.Fatalf("round %d: the list missed the hand edit:\n%s", i, out)
		}
	}
	if out := codal("watch", "stop"); !strings.Contains(out, "stopped") {
		t.Errorf("watch stop: %q", out)
	}
	if err := json.Unmarshal([]byte(codal("watch", "status", "--json")), &s); err != nil || s.Running {
		t.Errorf("after stop: %+v %v", s, err)
	}
	// SIGTERM stops it too
	codal("watch", "start")
	if err := json.Unmarshal([]byte(codal("watch", "status", "--json")), &s); err != nil || !s.Running {
		t.Fatalf("started again: %+v %v", s, err)
	}
	if err := syscall.Kill(s.PID, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for range 100 {
		if json.Unmarshal([]byte(codal("watch", "status", "--json")), &s) == nil && !s.Running {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Error("the daemon still runs after SIGTERM")
}
