//go:build linux

package watch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gpso/codal/registry/registrytest"
)

// tree makes a small registry in a fresh folder, with the daemon's folder
// under a short private runtime folder (a socket path stays short).
func tree(t testing.TB) string {
	t.Helper()
	run, err := os.MkdirTemp("", "cw")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	t.Setenv("XDG_RUNTIME_DIR", run)
	root := filepath.Join(t.TempDir(), "reg")
	for _, d := range []string{"requests/a/votes", "requests/b", "actors", "snippets"} {
		must(t, os.MkdirAll(filepath.Join(root, d), 0o755))
	}
	write(t, root, "registry.yaml", "name: test\n")
	write(t, root, "requests/a/request.yaml", "title: a\n")
	write(t, root, "requests/a/votes/meudon.yaml", "need: yes\n")
	write(t, root, "requests/b/request.yaml", "title: b\n")
	write(t, root, "actors/meudon.yaml", "name: Meudon\n")
	return root
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func write(t testing.TB, root, rel, s string) {
	t.Helper()
	must(t, os.WriteFile(filepath.Join(root, rel), []byte(s), 0o644))
}

// start runs the daemon of root until the test ends, and returns once it
// answers.
func start(t testing.TB, root string, opt Options) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	opt.Ready = func(Status) { close(ready) }
	done := make(chan error, 1)
	go func() { done <- Run(ctx, root, opt) }()
	select {
	case <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("the daemon stopped: %v", err)
	case <-time.After(20 * time.Second):
		cancel()
		t.Fatal("the daemon never got ready")
	}
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			return errors.New("the daemon did not stop")
		}
	}
	t.Cleanup(func() { stop() })
	return stop
}

// fresh is a token from the daemon now.
func fresh(t *testing.T, root string) string {
	t.Helper()
	a, err := Query(root, "")
	must(t, err)
	if a.Known {
		t.Fatalf("a question without a token was answered as known: %+v", a)
	}
	return a.Token
}

// known asks what changed since tok and fails unless the daemon knows.
func known(t *testing.T, root, tok string) Answer {
	t.Helper()
	a, err := Query(root, tok)
	must(t, err)
	if !a.Known {
		t.Fatalf("since %s: unknown", tok)
	}
	return a
}

func expect(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%s: %q not reported; got %q", what, w, got)
		}
	}
}

func TestDaemonReportsEveryKindOfChange(t *testing.T) {
	root := tree(t)
	var hold sync.Mutex
	h := func() { hold.Lock(); hold.Unlock() }
	testHold.Store(&h)
	t.Cleanup(func() { testHold.Store(nil) })
	start(t, root, Options{})
	abs := func(rel string) string { return filepath.Join(root, rel) }
	step := func(what string, change func(), want ...string) {
		t.Helper()
		tok := fresh(t, root)
		change()
		a := known(t, root, tok)
		expect(t, what, a.Paths, want...)
	}
	step("append", func() {
		f, err := os.OpenFile(abs("requests/a/request.yaml"), os.O_APPEND|os.O_WRONLY, 0)
		must(t, err)
		f.WriteString("description: more\n")
		f.Close()
	}, "requests/a/request.yaml")
	step("create", func() { write(t, root, "requests/b/votes.yaml", "x\n") }, "requests/b/votes.yaml")
	step("remove", func() { must(t, os.Remove(abs("requests/b/votes.yaml"))) }, "requests/b/votes.yaml")
	step("rename a file", func() { must(t, os.Rename(abs("actors/meudon.yaml"), abs("actors/sevres.yaml"))) },
		"actors/meudon.yaml", "actors/sevres.yaml")
	step("rename a folder", func() { must(t, os.Rename(abs("requests/a"), abs("requests/c"))) }, "requests/a", "requests/c")
	// the renamed folder is watched under its new name only
	step("edit in a renamed folder", func() { write(t, root, "requests/c/votes/meudon.yaml", "need: no\n") },
		"requests/c/votes/meudon.yaml")
	step("mkdir -p then a file at once", func() {
		// the daemon reads nothing until the file is there: it finds the
		// folders filled when it comes to watch them
		hold.Lock()
		write(t, root, "requests/b/trigger.yaml", "x\n")
		time.Sleep(50 * time.Millisecond) // the reader took it, and waits on hold
		must(t, os.MkdirAll(abs("requests/d/e/f"), 0o755))
		write(t, root, "requests/d/e/f/g.yaml", "x\n")
		hold.Unlock()
	}, "requests/d", "requests/d/e", "requests/d/e/f", "requests/d/e/f/g.yaml")
	step("a file in the new deep folder", func() { write(t, root, "requests/d/e/f/h.yaml", "x\n") }, "requests/d/e/f/h.yaml")
	step("chmod", func() { must(t, os.Chmod(abs("requests/b/request.yaml"), 0o600)) }, "requests/b/request.yaml")
	step("registry.yaml replaced", func() {
		write(t, root, "tmp.yaml", "name: new\n")
		must(t, os.Rename(abs("tmp.yaml"), abs("registry.yaml")))
	}, "registry.yaml")
	step("remove a folder", func() { must(t, os.RemoveAll(abs("requests/d"))) }, "requests/d", "requests/d/e/f/g.yaml")

	// a link made in the tree is reported, never followed
	outside := t.TempDir()
	write(t, outside, "x.yaml", "x\n")
	step("a link", func() { must(t, os.Symlink(outside, abs("requests/link"))) }, "requests/link")
	tok := fresh(t, root)
	write(t, outside, "x.yaml", "y\n")
	write(t, outside, "z.yaml", "z\n")
	if a := known(t, root, tok); len(a.Paths) != 0 {
		t.Errorf("changes behind a link were reported: %q", a.Paths)
	}
	// outside the kinds, nothing
	tok = fresh(t, root)
	write(t, root, "README.md", "x\n")
	must(t, os.Mkdir(abs("other"), 0o755))
	write(t, root, "other/x.yaml", "x\n")
	if a := known(t, root, tok); len(a.Paths) != 0 {
		t.Errorf("changes outside the registry's kinds were reported: %q", a.Paths)
	}
}

// TestCookieSeesEveryChangeBefore asks right after each change, many
// times: the answer always holds it.
func TestCookieSeesEveryChangeBefore(t *testing.T) {
	root := tree(t)
	start(t, root, Options{})
	tok := fresh(t, root)
	for i := range 200 {
		p := fmt.Sprintf("requests/b/f%d.yaml", i)
		write(t, root, p, "x\n")
		a := known(t, root, tok)
		if !slices.Contains(a.Paths, p) {
			t.Fatalf("round %d: %s not reported at once: %q", i, p, a.Paths)
		}
		tok = a.Token
	}
}

func TestCapOrRestartMeansUnknown(t *testing.T) {
	root := tree(t)
	stop := start(t, root, Options{LogCap: 4})
	tok := fresh(t, root)
	for i := range 10 {
		write(t, root, fmt.Sprintf("requests/b/f%d.yaml", i), "x\n")
	}
	a, err := Query(root, tok)
	must(t, err)
	if a.Known {
		t.Errorf("past the log's cap, the answer is known: %+v", a)
	}
	// a token from the answer is good again
	a2 := known(t, root, a.Token)
	if len(a2.Paths) != 0 {
		t.Errorf("nothing changed, got %q", a2.Paths)
	}
	must(t, stop())
	if _, err := Query(root, a.Token); err == nil {
		t.Error("a stopped daemon answered")
	}
	start(t, root, Options{})
	a3, err := Query(root, a.Token)
	must(t, err)
	if a3.Known {
		t.Errorf("a token of another run is known: %+v", a3)
	}
	// a hostile token
	a4, err := Query(root, "../../x.1")
	must(t, err)
	if a4.Known {
		t.Error("a foreign token is known")
	}
}

func TestLogLostAndBlind(t *testing.T) {
	l := newLog(100)
	tok := l.token().String()
	l.add("requests/a")
	if a := l.since(tok, l.seq); !a.Known || len(a.Paths) != 1 {
		t.Fatalf("got %+v", a)
	}
	l.lost()
	if a := l.since(tok, l.seq); a.Known {
		t.Error("after an overflow, an older token is known")
	}
	tok = l.token().String()
	l.add("requests/b")
	if a := l.since(tok, l.seq); !a.Known || !slices.Equal(a.Paths, []string{"requests/b"}) {
		t.Errorf("after an overflow, a newer token: %+v", a)
	}
	tok = l.token().String()
	l.add("requests/\xff")
	if a := l.since(tok, l.seq); a.Known {
		t.Errorf("a name JSON cannot carry was answered as known: %+v", a)
	}
	l.blind = "no watch"
	if a := l.since(tok, l.seq); a.Known || a.Token != "" {
		t.Errorf("a blind daemon answered %+v", a)
	}
}

func TestOneDaemonPerRegistryAndStop(t *testing.T) {
	root := tree(t)
	start(t, root, Options{})
	if err := Run(context.Background(), root, Options{}); !errors.Is(err, ErrRunning) {
		t.Errorf("a second daemon: %v", err)
	}
	s, err := GetStatus(root)
	must(t, err)
	if s.Folders < 6 || s.Dir == "" || s.PID != os.Getpid() {
		t.Errorf("status %+v", s)
	}
	must(t, Stop(root))
	if _, err := GetStatus(root); !errors.Is(err, ErrNotRunning) {
		t.Errorf("after stop: %v", err)
	}
	if err := Stop(root); !errors.Is(err, ErrNotRunning) {
		t.Errorf("stop without a daemon: %v", err)
	}
}

func TestDaemonStopsWhenItsRegistryGoes(t *testing.T) {
	root := tree(t)
	stop := start(t, root, Options{})
	must(t, os.RemoveAll(root))
	for range 200 {
		if _, err := GetStatus(root); errors.Is(err, ErrNotRunning) {
			must(t, stop())
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the daemon still answers after its registry was removed")
}

func TestSocketFolderMustBePrivate(t *testing.T) {
	root := tree(t)
	start(t, root, Options{})
	must(t, os.Chmod(Dir(root), 0o755))
	defer os.Chmod(Dir(root), 0o700)
	if _, err := Query(root, ""); err == nil || errors.Is(err, ErrNotRunning) {
		t.Errorf("a folder others may enter was trusted: %v", err)
	}
}

// TestOverflowMeansUnknown fills the kernel's queue while the daemon does
// not read (more events than max_queued_events): what it missed makes an
// older token unknown, and a folder made meanwhile is still watched.
func TestOverflowMeansUnknown(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("long test: CODAL_LONG_TESTS=1")
	}
	b, err := os.ReadFile("/proc/sys/fs/inotify/max_queued_events")
	must(t, err)
	var max int
	fmt.Sscan(strings.TrimSpace(string(b)), &max)
	if max > 200000 {
		t.Skipf("max_queued_events is %d", max)
	}
	root := tree(t)
	var hold sync.Mutex
	h := func() { hold.Lock(); hold.Unlock() }
	testHold.Store(&h)
	t.Cleanup(func() { testHold.Store(nil) })
	start(t, root, Options{})
	tok := fresh(t, root)
	hold.Lock()
	write(t, root, "requests/b/trigger.yaml", "x\n")
	time.Sleep(200 * time.Millisecond) // the reader took it, and waits on hold
	must(t, os.Mkdir(filepath.Join(root, "requests/new"), 0o755))
	for i := range max/2 + 10 {
		write(t, root, fmt.Sprintf("requests/b/f%d.yaml", i%50), "x\n") // create/modify/close: 3 events
	}
	hold.Unlock()
	time.Sleep(200 * time.Millisecond)
	var a Answer
	for range 50 {
		if a, err = Query(root, tok); err == nil {
			break
		}
	}
	must(t, err)
	if a.Known {
		t.Fatal("after an overflow, an older token is known")
	}
	tok = a.Token
	write(t, root, "requests/new/x.yaml", "x\n")
	expect(t, "in a folder made during the overflow", known(t, root, tok).Paths, "requests/new/x.yaml")
}

// TestLinkedRoot: a registry reached through a link the user chose is
// watched (the link itself resolved once), keyed by the path given.
func TestLinkedRoot(t *testing.T) {
	root := tree(t)
	link := filepath.Join(t.TempDir(), "link")
	must(t, os.Symlink(root, link))
	start(t, link, Options{})
	tok := fresh(t, link)
	write(t, root, "requests/b/x.yaml", "x\n")
	expect(t, "through a linked root", known(t, link, tok).Paths, "requests/b/x.yaml")
	s, err := GetStatus(link)
	must(t, err)
	if s.Dir != link {
		t.Errorf("status names %s, want %s", s.Dir, link)
	}
}

// TestBlindDaemonGivesNoToken: a folder it cannot watch (here, deeper than
// maxDepth) makes the daemon blind: status says so, and a question gets no
// token (the command does as without a daemon).
func TestBlindDaemonGivesNoToken(t *testing.T) {
	root := tree(t)
	deep := filepath.Join(append([]string{root, "requests", "a"}, strings.Split(strings.Repeat("d/", maxDepth+1), "/")...)...)
	// blind from the start: it says so and stops
	must(t, os.MkdirAll(deep, 0o755))
	if err := Run(context.Background(), root, Options{}); !errors.Is(err, ErrBlind) {
		t.Fatalf("a daemon that cannot watch a folder at its start: %v", err)
	}
	// blind later: it goes on, says so, and gives no token
	must(t, os.RemoveAll(filepath.Join(root, "requests", "a", "d")))
	start(t, root, Options{})
	must(t, os.MkdirAll(deep, 0o755))
	if a, err := Query(root, ""); err == nil { // (its cookie: the deep folder was walked)
		t.Errorf("a blind daemon answered %+v", a)
	}
	s, err := GetStatus(root)
	must(t, err)
	if s.Blind == "" {
		t.Fatalf("a folder deeper than %d was watched: %+v", maxDepth, s)
	}
	if a, err := Query(root, ""); err == nil {
		t.Errorf("a blind daemon answered %+v", a)
	}
}

// TestStopWaitsForTheLock: Stop returns once the daemon has let go of its
// lock, so that a daemon started right after is never refused as a second
// one (`codal watch stop && codal watch start`).
func TestStopWaitsForTheLock(t *testing.T) {
	root := tree(t)
	for i := range 20 {
		start(t, root, Options{})
		must(t, Stop(root))
		if locked(Dir(root)) {
			t.Fatalf("round %d: Stop returned with the daemon's lock still held", i)
		}
	}
	start(t, root, Options{})
}
