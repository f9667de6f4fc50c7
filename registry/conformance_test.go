package registry

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/registry/store/storetest"
)

// The go-git store runs the same conformance suite as memstore (one suite,
// run against both), on real Git: the remote is a bare repository served by
// a real git http-backend, the store under test a clone made over HTTP by
// Clone, other people's commits are pushed with the git command.
//
// To keep it quick, one server and one seed repository serve every case; a
// case's remote is a local bare copy of the seed (git clone --bare --local,
// hard links), reached through a front door of its own (a listener on its
// own port) that resets every connection while SetReachable(false) holds,
// so that taking one remote offline leaves the other cases, which run in
// parallel, alone.

// conformanceWorld is what every case shares: the git server and the seed.
type conformanceWorld struct {
	srv  *registrytest.GitServer
	seed string // a work tree holding the seed as one commit, "init"
	n    atomic.Int64
}

// gitEnv is the environment of the git commands the harness runs: no
// configuration of the machine, an identity.
func gitEnv(home string) []string {
	return append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+filepath.Join(home, ".gitconfig"),
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.org",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.org")
}

// git runs the git command in dir with extra environment; it fails the test
// on error and returns the trimmed output.
func (w *conformanceWorld) git(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(gitEnv(w.srv.Root), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// gitHarness is the world of one go-git store under test.
type gitHarness struct {
	w     *conformanceWorld
	store *Registry
	name  string // the remote's name on the server ("" without Remote)
	bare  string // the remote's bare repository

	addr string       // the front door's address
	door *http.Server // the front door
	down atomic.Bool  // the remote is offline: the door resets connections
}

// quickRemoteCases are the cases with a remote that run without
// CODAL_LONG_TESTS: one of each way the store talks to a remote (push,
// refused push, server down, conflict on replay, hand edits in the way of a
// pull, share branches elsewhere, a missing repository). Every case without
// a remote runs always (they touch no network and are quick); the other
// remote cases each have a real-Git twin among the store's own tests
// (sync_test.go) and run in full with the switch.
var quickRemoteCases = map[string]bool{
	"Writer/PushesToTheRemote":                       true,
	"Writer/RefusedPushSaysWhy":                      true,
	"Writer/UnreachableRemoteLeavesTheCommitForSync": true,
	"Syncer/TrueConflictKeepsOursOnABranch":          true,
	"Syncer/HandEditsStopTheFastForward":             true,
	"Proposer/PushFetchAndAskABranchElsewhere":       true,
	"Proposer/MissingRepository":                     true,
}

func (w *conformanceWorld) harness(t *testing.T, seed fs.FS, opts storetest.Options) storetest.Harness {
	if name := strings.TrimPrefix(t.Name(), "TestConformance/"); opts.Remote && !opts.Plain && !quickRemoteCases[name] && !registrytest.Long() {
		t.Skipf("a remote case of the suite beyond the quick ones: set %s=1 to run it against Git", registrytest.LongEnv)
	}
	t.Parallel()
	h := &gitHarness{w: w}
	dir := filepath.Join(t.TempDir(), "reg")
	switch {
	case opts.Plain:
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := copyFS(dir, seed); err != nil {
			t.Fatal(err)
		}
		r, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		h.store = r
	case opts.Remote:
		h.name = fmt.Sprintf("remote-%d", w.n.Add(1))
		if _, err := w.srv.Publish(w.seed, h.name); err != nil {
			t.Fatal(err)
		}
		h.bare = w.srv.Bare(h.name)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		h.addr = ln.Addr().String()
		h.door = &http.Server{Handler: h}
		go h.door.Serve(ln)
		t.Cleanup(func() { h.door.Close() })
		h.store = h.Clone(t).(*Registry)
	default:
		w.git(t, "", nil, "clone", "-q", "--local", w.seed, dir)
		w.git(t, dir, nil, "remote", "remove", "origin")
		r, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		h.store = r
	}
	return h
}

func (h *gitHarness) Store() store.Store { return h.store }

// url is the remote's address through its own front door.
func (h *gitHarness) url() string { return "http://" + h.addr + "/" + h.name + ".git" }

func (h *gitHarness) needRemote(t *testing.T) {
	t.Helper()
	if h.name == "" {
		t.Fatal("this case needs Options.Remote")
	}
}

// ServeHTTP is the front door: the git server, or, while the remote is
// offline, a connection reset without an answer (as a server that went
// away). The door keeps its port, so no other listener can take it.
func (h *gitHarness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.down.Load() {
		h.w.srv.ServeHTTP(w, r)
		return
	}
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // a reset, not a clean end
	}
	conn.Close()
}

func (h *gitHarness) Clone(t *testing.T) store.Store {
	h.needRemote(t)
	r, err := Clone(context.Background(), h.url(), filepath.Join(t.TempDir(), "clone"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// SetReachable takes the remote offline (its door resets every
// connection) or back online.
func (h *gitHarness) SetReachable(t *testing.T, up bool) {
	h.needRemote(t)
	h.down.Store(!up)
}

// RefusePushes installs a pre-receive hook that prints why and refuses.
func (h *gitHarness) RefusePushes(t *testing.T, why string) {
	h.needRemote(t)
	if why == "" {
		if err := os.Remove(filepath.Join(h.bare, "hooks", "pre-receive")); err != nil {
			t.Fatal(err)
		}
		return
	}
	script := "#!/bin/sh\ncat >/dev/null\nprintf '%s\\n' '" + strings.ReplaceAll(why, "'", `'\''`) + "' >&2\nexit 1\n"
	if err := h.w.srv.Hook(h.name, "pre-receive", script); err != nil {
		t.Fatal(err)
	}
}

// PushAs commits ch as who in a scratch clone with the git command and
// pushes it to the bare repository directly (as someone else would, even
// while this store cannot reach it).
func (h *gitHarness) PushAs(t *testing.T, ch catalogue.Change, who catalogue.Identity) store.Hash {
	h.needRemote(t)
	dir := filepath.Join(t.TempDir(), "other")
	h.w.git(t, "", nil, "clone", "-q", "--local", h.bare, dir)
	for name, data := range ch.Files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if data == nil {
			if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	when := storetest.At.Format("2006-01-02T15:04:05Z")
	env := []string{"GIT_AUTHOR_NAME=" + who.Name, "GIT_AUTHOR_EMAIL=" + who.Email, "GIT_AUTHOR_DATE=" + when,
		"GIT_COMMITTER_NAME=" + who.Name, "GIT_COMMITTER_EMAIL=" + who.Email, "GIT_COMMITTER_DATE=" + when}
	h.w.git(t, dir, env, "add", "-A")
	h.w.git(t, dir, env, "commit", "-q", "--allow-empty", "-m", ch.Message)
	h.w.git(t, dir, env, "push", "-q", "origin", "main")
	return store.Hash(h.w.git(t, dir, nil, "rev-parse", "HEAD"))
}

func (h *gitHarness) RemoteHead(t *testing.T) store.Hash {
	h.needRemote(t)
	return store.Hash(h.w.git(t, h.bare, nil, "rev-parse", "main"))
}

func (h *gitHarness) RemoteFile(t *testing.T, name string) ([]byte, bool) {
	h.needRemote(t)
	cmd := exec.Command("git", "show", "main:"+name)
	cmd.Dir = h.bare
	cmd.Env = gitEnv(h.w.srv.Root)
	out, err := cmd.Output()
	return out, err == nil
}

func (h *gitHarness) RemoteLog(t *testing.T) []string {
	h.needRemote(t)
	out := h.w.git(t, h.bare, nil, "log", "--first-parent", "--format=%s", "main")
	if out == "" {
		return nil
	}
	return strings.Split(out, "\n")
}

func (h *gitHarness) EditFile(t *testing.T, s store.Store, name string, data []byte) {
	p := filepath.Join(s.Dir(), filepath.FromSlash(name))
	if data == nil {
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func (h *gitHarness) CommitWork(t *testing.T, s store.Store, message string) {
	when := storetest.At.Format("2006-01-02T15:04:05Z")
	env := []string{"GIT_AUTHOR_DATE=" + when, "GIT_COMMITTER_DATE=" + when}
	h.w.git(t, s.Dir(), env, "add", "-A")
	h.w.git(t, s.Dir(), env, "commit", "-q", "-m", message)
}

// NewRepository makes an empty bare repository on the server, pushes
// allowed, and returns its URL.
func (h *gitHarness) NewRepository(t *testing.T) string {
	name := fmt.Sprintf("fork-%d", h.w.n.Add(1))
	bare := h.w.srv.Bare(name)
	h.w.git(t, "", nil, "init", "-q", "--bare", "-b", "main", bare)
	h.w.git(t, bare, nil, "config", "http.receivepack", "true")
	return h.w.srv.URL(name)
}

func (h *gitHarness) MissingURL(t *testing.T) string { return h.w.srv.URL("nothing-here") }

// TestConformance runs the store's conformance suite against the go-git
// store.
func TestConformance(t *testing.T) {
	isolateGit(t)
	srv, err := registrytest.NewGitServer(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	seed, err := initFrom(filepath.Join(t.TempDir(), "seed"), storetest.Seed(), "init")
	if err != nil {
		t.Fatal(err)
	}
	w := &conformanceWorld{srv: srv, seed: seed.Dir()}
	storetest.Run(t, w.harness)
	t.Logf("%d cases", storetest.Count())
}
