//go:build unix

package registry

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/registry/store"
)

const (
	crashVotePath = "requests/budget/votes/vanves.yaml"
	crashVoteBody = "name: Service données – Ville de Vanves\nemail: donnees@vanves.example\ndate: 2026-03-02\nneed: essential\n"
)

// TestCrashHelper is not a test: it is the process the crash tests start and
// kill. It writes one vote into CODAL_CRASH_DIR, killing itself with SIGKILL
// at the CODAL_CRASH_AT-th crash point (never when 0).
func TestCrashHelper(t *testing.T) {
	dir := os.Getenv("CODAL_CRASH_DIR")
	if dir == "" {
		t.Skip("helper process for the crash tests")
	}
	at, _ := strconv.Atoi(os.Getenv("CODAL_CRASH_AT"))
	n := 0
	crashHook = func(point string) {
		n++
		fmt.Fprintf(os.Stderr, "point %d %s\n", n, point)
		if n == at {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			time.Sleep(time.Minute)
		}
	}
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Write(context.Background(), change("Vote de Vanves", crashVotePath, crashVoteBody), testWho, testSig.When, store.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "points %d\n", n)
}

// runCrashHelper runs the helper on dir; it returns whether the process was
// killed and its output.
func runCrashHelper(t *testing.T, dir string, at int, killAfter time.Duration) (bool, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CODAL_CRASH_DIR="+dir, "CODAL_CRASH_AT="+strconv.Itoa(at))
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if killAfter > 0 {
		timer := time.AfterFunc(killAfter, func() { cmd.Process.Signal(syscall.SIGKILL) })
		defer timer.Stop()
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return true, out.String()
		}
		t.Fatalf("helper failed: %v\n%s", err, out.String())
	}
	if err != nil {
		t.Fatal(err)
	}
	return false, out.String()
}

// checkAfterCrash verifies that the repository is sound with the vote fully
// there or fully absent, then that the next codal run repairs the work tree
// and shares what was committed.
func checkAfterCrash(t *testing.T, h *hosted, r *Registry, label string) {
	t.Helper()
	gitOut(t, r.Dir(), "fsck", "--no-dangling")
	inHead := ""
	if out, err := gitRun(r.Dir(), "show", "HEAD:"+crashVotePath); err == nil {
		inHead = out + "\n"
	}
	if inHead != "" && inHead != crashVoteBody {
		t.Fatalf("%s: HEAD holds a partial vote %q", label, inHead)
	}
	if data, err := os.ReadFile(filepath.Join(r.Dir(), crashVotePath)); err == nil && string(data) != crashVoteBody {
		t.Fatalf("%s: work tree holds a partial vote %q", label, data)
	}
	// The next run (here an offline sync) repairs a lagging work tree.
	reopened, err := Open(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reopened.Sync(context.Background(), true); err != nil {
		t.Fatalf("%s: %v", label, err)
	}
	assertClean(t, reopened)
	for _, f := range []string{"index.lock", "refs/heads/main.lock", "refs/remotes/origin/main.lock", journalFile, tmpDir, refLockNote} {
		if _, err := os.Stat(filepath.Join(r.Dir(), ".git", f)); err == nil {
			t.Fatalf("%s: .git/%s left after repair", label, f)
		}
	}
	// Then sharing brings the remote to the same state.
	res, err := reopened.Sync(context.Background(), false)
	if err != nil || !res.Shared {
		t.Fatalf("%s: sync %+v %v", label, res, err)
	}
	if got := h.remoteFile(t, crashVotePath); (got != "") != (inHead != "") {
		t.Fatalf("%s: remote has vote %v, local HEAD has vote %v", label, got != "", inHead != "")
	}
	// And the registry takes new writes.
	write(t, reopened, change("Après", "requests/budget/votes/gpso.yaml", "ok\n"), store.WriteOptions{})
	assertClean(t, reopened)
}

// TestKilledWriteLeavesVoteWhollyThereOrAbsent kills a process writing a
// vote at each point where it could leave things half-way (objects written,
// journal, branch moved, each file, index lock, index written, before the
// push, during a replay after a refused push…), then checks the repository.
func TestKilledWriteLeavesVoteWhollyThereOrAbsent(t *testing.T) {
	isolateGit(t)
	h := host(t, smallRegistry())
	other := h.clone(t)
	template := h.clone(t)
	// Someone else shares first, so the write's push is refused and the
	// helper replays: every step of a write runs.
	write(t, other, change("Autre vote", "requests/budget/votes/gpso.yaml", "other\n"), store.WriteOptions{})

	fresh := func() *Registry {
		dir := filepath.Join(t.TempDir(), "clone")
		gitOut(t, "", "clone", "-q", template.Dir(), dir)
		gitOut(t, dir, "remote", "set-url", "origin", h.url)
		r, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// A full run tells how many crash points there are.
	r := fresh()
	killed, out := runCrashHelper(t, r.Dir(), 0, 0)
	if killed || !strings.Contains(out, "points ") {
		t.Fatalf("full run: %s", out)
	}
	var points int
	fmt.Sscanf(out[strings.Index(out, "points "):], "points %d", &points)
	t.Logf("crash points of a full write:\n%s", out)
	if points < 10 {
		t.Fatalf("only %d crash points:\n%s", points, out)
	}
	// Every crash point is a long test; the quick run kills at the first
	// and the last.
	step := points
	if registrytest.Long() {
		step = 1
	}
	for at := 1; at <= points; at++ {
		if at%step != 1%step && at != points {
			continue
		}
		// Reset the remote so each run starts from the same place.
		gitOut(t, h.bare, "update-ref", "refs/heads/main", gitOut(t, other.Dir(), "rev-parse", "HEAD"))
		r := fresh()
		killed, out := runCrashHelper(t, r.Dir(), at, 0)
		if !killed {
			t.Fatalf("point %d: helper was not killed\n%s", at, out)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		checkAfterCrash(t, h, r, lines[len(lines)-1])
	}
}

// TestKilledAtRandomMoments kills the writing process after random delays.
func TestKilledAtRandomMoments(t *testing.T) {
	if testing.Short() || !registrytest.Long() {
		t.Skip("random kills: a long test (" + registrytest.LongEnv + "=1)")
	}
	isolateGit(t)
	h := host(t, smallRegistry())
	template := h.clone(t)
	for i := range 12 {
		gitOut(t, h.bare, "update-ref", "refs/heads/main", gitOut(t, template.Dir(), "rev-parse", "HEAD"))
		dir := filepath.Join(t.TempDir(), "clone")
		gitOut(t, "", "clone", "-q", template.Dir(), dir)
		gitOut(t, dir, "remote", "set-url", "origin", h.url)
		r, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rand.IntN(40)) * time.Millisecond
		runCrashHelper(t, r.Dir(), 0, delay)
		checkAfterCrash(t, h, r, fmt.Sprintf("kill %d after %s", i, delay))
	}
}
