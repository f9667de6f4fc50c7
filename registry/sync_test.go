package registry

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/registry/store"
)

// hosted is a registry published on a real git HTTP server.
type hosted struct {
	srv  *registrytest.GitServer
	url  string
	bare string
}

func host(t testing.TB, files fstest.MapFS) *hosted {
	t.Helper()
	seed := newTestRegistry(t, files)
	srv, err := registrytest.NewGitServer(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	url, err := srv.Publish(seed.Dir(), "registre")
	if err != nil {
		t.Fatal(err)
	}
	return &hosted{srv: srv, url: url, bare: srv.Bare("registre")}
}

func (h *hosted) clone(t testing.TB) *Registry {
	t.Helper()
	r, err := Clone(context.Background(), h.url, filepath.Join(t.TempDir(), "clone"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// remoteFile returns a file of the remote's main branch, or "" when absent.
func (h *hosted) remoteFile(t testing.TB, p string) string {
	t.Helper()
	out, err := gitRun(h.bare, "show", "main:"+p)
	if err != nil {
		return ""
	}
	return out
}

func change(msg string, kv ...string) catalogue.Change {
	ch := catalogue.Change{Message: msg, Files: map[string][]byte{}}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "<delete>" {
			ch.Files[kv[i]] = nil
		} else {
			ch.Files[kv[i]] = []byte(kv[i+1])
		}
	}
	return ch
}

// assertClean checks that git sees no difference between the branch, the
// index and the work tree, and that the repository is sound.
func assertClean(t testing.TB, r *Registry) {
	t.Helper()
	if st := gitOut(t, r.Dir(), "status", "--porcelain", "--untracked-files=all"); st != "" {
		t.Fatalf("git status not clean in %s:\n%s", r.Dir(), st)
	}
	gitOut(t, r.Dir(), "fsck", "--no-dangling")
}

func write(t testing.TB, r *Registry, ch catalogue.Change, opts store.WriteOptions) store.WriteResult {
	t.Helper()
	res, err := r.Write(context.Background(), ch, testWho, testSig.When, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestWriteWithoutRemoteJustCommits(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	before := head(t, r)
	res := write(t, r, change("Vote de Vanves", "requests/budget/votes/vanves.yaml", "need: useful\n"), store.WriteOptions{})
	if res.Commit.IsZero() || res.Sync.HasRemote || res.Sync.Shared || res.Sync.Reason != nil {
		t.Fatalf("result %+v", res)
	}
	if got := gitOut(t, r.Dir(), "rev-parse", "HEAD~1"); got != before.String() {
		t.Fatalf("parent %s, want %s", got, before)
	}
	if data, _ := os.ReadFile(filepath.Join(r.Dir(), "requests/budget/votes/vanves.yaml")); string(data) != "need: useful\n" {
		t.Fatalf("work tree file %q", data)
	}
	assertClean(t, r)
	// The same change again changes nothing and makes no commit.
	res = write(t, r, change("Vote de Vanves", "requests/budget/votes/vanves.yaml", "need: useful\n"), store.WriteOptions{})
	if !res.Unchanged || !res.Commit.IsZero() {
		t.Fatalf("second write %+v", res)
	}
	// Deleting removes the file and its now empty folder.
	write(t, r, change("Retrait", "requests/budget/votes/vanves.yaml", "<delete>"), store.WriteOptions{})
	if _, err := os.Stat(filepath.Join(r.Dir(), "requests/budget/votes")); !os.IsNotExist(err) {
		t.Fatalf("empty votes folder left: %v", err)
	}
	assertClean(t, r)
	if n := gitOut(t, r.Dir(), "rev-list", "--count", "HEAD"); n != "3" {
		t.Fatalf("%s commits, want 3", n)
	}
}

func TestWriteRefusesFileWithUncommittedEdits(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	before := head(t, r)
	p := filepath.Join(r.Dir(), "requests/budget/request.yaml")
	os.WriteFile(p, []byte("title: edited by hand\n"), 0o644)
	_, err := r.Write(context.Background(), change("x", "requests/budget/request.yaml", "title: codal\n"), testWho, testSig.When, store.WriteOptions{})
	if err == nil || !strings.Contains(i18n.Message(err, i18n.EN), "requests/budget/request.yaml has local changes") {
		t.Fatalf("got %v", err)
	}
	if head(t, r) != before {
		t.Fatal("branch moved")
	}
	if data, _ := os.ReadFile(p); string(data) != "title: edited by hand\n" {
		t.Fatal("hand edit overwritten")
	}
	// Other files can still be written; the hand edit stays.
	write(t, r, change("Vote", "requests/budget/votes/vanves.yaml", "need: useful\n"), store.WriteOptions{})
	if st := gitOut(t, r.Dir(), "status", "--porcelain"); st != "M requests/budget/request.yaml" {
		t.Fatalf("status %q", st)
	}
}

func TestWritePushesOverHTTP(t *testing.T) {
	isolateGit(t)
	h := host(t, smallRegistry())
	r := h.clone(t)
	res := write(t, r, change("Vote de Vanves", "requests/budget/votes/vanves.yaml", "need: useful\n"), store.WriteOptions{})
	if !res.Sync.Shared || res.Sync.Pushed != 1 || res.Sync.Reason != nil || res.Sync.State.Ahead != 0 {
		t.Fatalf("result %+v (reason %v)", res.Sync, res.Sync.Reason)
	}
	if got := h.remoteFile(t, "requests/budget/votes/vanves.yaml"); got != "need: useful" {
		t.Fatalf("remote file %q", got)
	}
	if got := gitOut(t, h.bare, "rev-parse", "main"); got != res.Commit.String() {
		t.Fatalf("remote main %s, want %s", got, res.Commit)
	}
	gitOut(t, h.bare, "fsck", "--no-dangling")
	assertClean(t, r)
}

func TestRejectedPushReplaysOnTopOfRemote(t *testing.T) {
	serverSuite(t)
	isolateGit(t)
	h := host(t, smallRegistry())
	a, b := h.clone(t), h.clone(t)
	ra := write(t, a, change("Vote A", "requests/budget/votes/vanves.yaml", "a\n"), store.WriteOptions{})
	rb := write(t, b, change("Vote B", "requests/budget/votes/gpso.yaml", "b\n"), store.WriteOptions{})
	if !ra.Sync.Shared || !rb.Sync.Shared {
		t.Fatalf("not shared: %v / %v", ra.Sync.Reason, rb.Sync.Reason)
	}
	if rb.Sync.Replayed != 1 || rb.Sync.Pulled != 1 || rb.Sync.Attempts != 2 {
		t.Fatalf("b: %+v", rb.Sync)
	}
	if h.remoteFile(t, "requests/budget/votes/vanves.yaml") != "a" || h.remoteFile(t, "requests/budget/votes/gpso.yaml") != "b" {
		t.Fatal("a vote is missing on the remote")
	}
	// Linear history: B's vote on top of A's, authored as B wrote it.
	if got := gitOut(t, h.bare, "log", "--format=%s|%an", "-2", "main"); got != "Vote B|Camille Martin\nVote A|Camille Martin" {
		t.Fatalf("history %q", got)
	}
	// B's work tree has A's vote too.
	if data, _ := os.ReadFile(filepath.Join(b.Dir(), "requests/budget/votes/vanves.yaml")); string(data) != "a\n" {
		t.Fatalf("b's work tree: %q", data)
	}
	assertClean(t, b)
	// A catches up with a plain sync.
	res, err := a.Sync(context.Background(), false)
	if err != nil || !res.Shared || res.Pulled != 1 || res.State.Behind != 0 {
		t.Fatalf("a sync: %+v %v", res, err)
	}
	assertClean(t, a)
}

func TestReplayDropsCommitsTheRemoteAlreadyHolds(t *testing.T) {
	serverSuite(t)
	isolateGit(t)
	h := host(t, smallRegistry())
	a, b := h.clone(t), h.clone(t)
	// B saves two changes offline; one of them reaches the remote through A
	// (as when a pull request is merged upstream).
	if res := write(t, b, change("Same vote", "requests/budget/votes/vanves.yaml", "same\n"), store.WriteOptions{Offline: true}); !errors.Is(res.Sync.Reason, store.ErrOffline) {
		t.Fatalf("offline write: reason %v does not wrap store.ErrOffline", res.Sync.Reason)
	}
	write(t, b, change("Other vote", "requests/budget/votes/gpso.yaml", "other\n"), store.WriteOptions{Offline: true})
	write(t, a, change("Merged upstream", "requests/budget/votes/vanves.yaml", "same\n"), store.WriteOptions{})
	res, err := b.Sync(context.Background(), false)
	if err != nil || !res.Shared {
		t.Fatalf("sync: %+v %v", res, err)
	}
	if res.Dropped != 1 || res.Replayed != 1 || res.Pushed != 1 || res.Conflict != nil {
		t.Fatalf("sync result %+v", res)
	}
	if got := gitOut(t, h.bare, "log", "--format=%s", "main"); got != "Other vote\nMerged upstream\ninit" {
		t.Fatalf("remote history:\n%s", got)
	}
	assertClean(t, b)
}

func TestTrueConflictKeepsOursOnABranch(t *testing.T) {
	serverSuite(t)
	isolateGit(t)
	h := host(t, smallRegistry())
	a, b := h.clone(t), h.clone(t)
	write(t, b, change("Mon vote", "requests/budget/votes/vanves.yaml", "mine\n"), store.WriteOptions{Offline: true})
	write(t, b, change("Autre", "requests/budget/votes/gpso.yaml", "other\n"), store.WriteOptions{Offline: true})
	ours := head(t, b)
	write(t, a, change("Leur vote", "requests/budget/votes/vanves.yaml", "theirs\n"), store.WriteOptions{})

	res, err := b.Sync(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	c := res.Conflict
	if c == nil || len(c.Paths) != 1 || c.Paths[0] != "requests/budget/votes/vanves.yaml" || !strings.HasPrefix(c.Branch, store.ConflictBranchPrefix) || len(c.Commits) != 1 || c.Commits[0] != "Mon vote" {
		t.Fatalf("conflict %+v", c)
	}
	// Ours is kept, as it was, on the conflict branch.
	if got := gitOut(t, b.Dir(), "rev-parse", c.Branch); got != ours.String() {
		t.Fatalf("conflict branch at %s, want %s", got, ours)
	}
	// Main is the remote plus the commit that did not conflict, shared.
	if !res.Shared || res.Replayed != 1 {
		t.Fatalf("sync %+v (reason %v)", res, res.Reason)
	}
	if h.remoteFile(t, "requests/budget/votes/vanves.yaml") != "theirs" || h.remoteFile(t, "requests/budget/votes/gpso.yaml") != "other" {
		t.Fatal("remote content wrong")
	}
	if data, _ := os.ReadFile(filepath.Join(b.Dir(), "requests/budget/votes/vanves.yaml")); string(data) != "theirs\n" {
		t.Fatalf("work tree %q", data)
	}
	assertClean(t, b)
	if !errors.Is(c.Error(), store.ErrConflict) {
		t.Error("the conflict's sentence does not wrap store.ErrConflict")
	}
	msg := c.Error().In(i18n.EN)
	if !strings.Contains(msg, "requests/budget/votes/vanves.yaml") || !strings.Contains(msg, "git checkout "+c.Branch+" -- requests/budget/votes/vanves.yaml") {
		t.Fatalf("message %q", msg)
	}
	// Following the advice brings our version back and shares it.
	gitOut(t, b.Dir(), "checkout", c.Branch, "--", "requests/budget/votes/vanves.yaml")
	gitOut(t, b.Dir(), "commit", "-q", "-m", "Reprise")
	res, err = b.Sync(context.Background(), false)
	if err != nil || !res.Shared || h.remoteFile(t, "requests/budget/votes/vanves.yaml") != "mine" {
		t.Fatalf("after resolving: %+v %v", res, err)
	}
}

func TestVoteWhileServerDownLandsAfterSync(t *testing.T) {
	serverSuite(t)
	isolateGit(t)
	h := host(t, smallRegistry())
	r := h.clone(t)
	h.srv.Stop()
	res := write(t, r, change("Vote hors ligne", "requests/budget/votes/vanves.yaml", "offline\n"), store.WriteOptions{})
	if res.Sync.Shared || res.Sync.Reason == nil || res.Commit.IsZero() {
		t.Fatalf("while down: %+v", res.Sync)
	}
	if msg := res.Sync.Reason.In(i18n.EN); !strings.Contains(msg, "cannot reach") {
		t.Fatalf("reason %q", msg)
	}
	if !errors.Is(res.Sync.Reason, store.ErrUnreachable) {
		t.Fatalf("reason %v does not wrap store.ErrUnreachable", res.Sync.Reason)
	}
	if res.Sync.State.Ahead != 1 {
		t.Fatalf("ahead %d, want 1", res.Sync.State.Ahead)
	}
	assertClean(t, r)
	// Sync while still down: not shared, not an error.
	sres, err := r.Sync(context.Background(), false)
	if err != nil || sres.Shared || sres.Reason == nil {
		t.Fatalf("sync while down: %+v %v", sres, err)
	}
	if err := h.srv.Start(); err != nil {
		t.Fatal(err)
	}
	sres, err = r.Sync(context.Background(), false)
	if err != nil || !sres.Shared || sres.Pushed != 1 || sres.State.Ahead != 0 {
		t.Fatalf("sync after restart: %+v %v (%v)", sres, err, sres.Reason)
	}
	if h.remoteFile(t, "requests/budget/votes/vanves.yaml") != "offline" {
		t.Fatal("vote not on the remote")
	}
}

func TestUnreachableRemotesSaySo(t *testing.T) {
	serverSuite(t)
	isolateGit(t)
	h := host(t, smallRegistry())
	cases := []struct {
		url, want string
		cause     error // the store sentinel the reason wraps
	}{
		{"http://codal-no-such-host.invalid/registre.git", "unknown host", store.ErrUnreachable},
		{h.srv.URL("nothing-here"), "not found", store.ErrRepoNotFound},
		{filepath.Join(t.TempDir(), "missing.git"), "not found", store.ErrRepoNotFound},
	}
	for _, c := range cases {
		r := h.clone(t)
		gitOut(t, r.Dir(), "remote", "set-url", "origin", c.url)
		res := write(t, r, change("Vote", "requests/budget/votes/vanves.yaml", "x\n"), store.WriteOptions{})
		if res.Sync.Shared || res.Sync.Reason == nil || !strings.Contains(res.Sync.Reason.In(i18n.EN), c.want) {
			t.Errorf("%s: reason %v, want %q", c.url, res.Sync.Reason, c.want)
		}
		if !errors.Is(res.Sync.Reason, c.cause) {
			t.Errorf("%s: reason %v does not wrap %v", c.url, res.Sync.Reason, c.cause)
		}
		assertClean(t, r)
	}
}

func TestFastForwardPullRefusesHandEditsInTheWay(t *testing.T) {
	isolateGit(t)
	h := host(t, smallRegistry())
	a, b := h.clone(t), h.clone(t)
	write(t, a, change("Titre", "requests/budget/request.yaml", "title: Nouveau\nrequested_by: sevres\naddressed_to: gpso\ncreated: 2026-01-05\n"), store.WriteOptions{})
	p := filepath.Join(b.Dir(), "requests/budget/request.yaml")
	os.WriteFile(p, []byte("title: à la main\n"), 0o644)
	before := head(t, b)
	if _, err := b.Pull(context.Background()); err == nil {
		t.Fatal("pull over a hand edit succeeded")
	}
	if head(t, b) != before {
		t.Fatal("a refused pull moved the branch")
	}
	if data, _ := os.ReadFile(p); string(data) != "title: à la main\n" {
		t.Fatal("hand edit lost")
	}
	os.Remove(p)
	gitOut(t, b.Dir(), "checkout", "--", "requests/budget/request.yaml")
	st, err := b.Pull(context.Background())
	if err != nil || st.Behind != 0 || st.Ahead != 0 {
		t.Fatalf("pull: %+v %v", st, err)
	}
	assertClean(t, b)
}

func TestStateCountsAheadAndBehind(t *testing.T) {
	serverSuite(t)
	isolateGit(t)
	h := host(t, smallRegistry())
	a, b := h.clone(t), h.clone(t)
	for i := range 3 {
		write(t, a, change(fmt.Sprint("a", i), fmt.Sprintf("requests/budget/votes/a%d.yaml", i), "x\n"), store.WriteOptions{})
	}
	for i := range 2 {
		write(t, b, change(fmt.Sprint("b", i), fmt.Sprintf("requests/budget/votes/b%d.yaml", i), "x\n"), store.WriteOptions{Offline: true})
	}
	if err := b.Fetch(context.Background()); err != nil {
		t.Fatal(err)
	}
	st, err := b.State()
	if err != nil || st.Ahead != 2 || st.Behind != 3 || !st.HasRemote || st.Branch != "main" {
		t.Fatalf("state %+v %v", st, err)
	}
	want := gitOut(t, b.Dir(), "rev-list", "--left-right", "--count", "main...origin/main")
	if want != "2\t3" {
		t.Fatalf("git says %q", want)
	}
}

func TestConcurrentWritersOnOneCloneTakeTurns(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				p := fmt.Sprintf("requests/budget/votes/w%d-%d.yaml", w, i)
				if _, err := r.Write(context.Background(), change(p, p, "x\n"), testWho, testSig.When, store.WriteOptions{}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := gitOut(t, r.Dir(), "rev-list", "--count", "HEAD"); n != "41" {
		t.Fatalf("%s commits, want 41", n)
	}
	if n := len(strings.Fields(gitOut(t, r.Dir(), "ls-tree", "-r", "--name-only", "HEAD", "requests/budget/votes/"))); n != 40 {
		t.Fatalf("%d vote files, want 40", n)
	}
	assertClean(t, r)
}

// raceRegistry has 8 communes and 25 requests addressed to GPSO.
func raceRegistry() fstest.MapFS {
	files := smallRegistry()
	for i := range 8 {
		files[fmt.Sprintf("actors/commune-%d.yaml", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("name: Commune %d\nkind: commune\n", i))}
	}
	for j := range 25 {
		files[fmt.Sprintf("requests/demande-%d/request.yaml", j)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("title: Demande %d\nrequested_by: sevres\naddressed_to: gpso\ncreated: 2026-01-05\n", j))}
	}
	return files
}

func TestEightClonesRaceTwentyFiveVotesEach(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("8 clones racing through the git HTTP server: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	isolateGit(t)
	h := host(t, raceRegistry())
	clones, votes := 8, 25
	regs := make([]*Registry, clones)
	for i := range regs {
		regs[i] = h.clone(t)
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, clones*votes)
	var mu sync.Mutex
	var sharedTips []string
	writes, sharedAtOnce := 0, 0
	for i, r := range regs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for j := range votes {
				p := fmt.Sprintf("requests/demande-%d/votes/commune-%d.yaml", j, i)
				body := fmt.Sprintf("name: Commune %d\nemail: donnees@commune-%d.example\ndate: 2026-03-02\nneed: useful\n", i, i)
				res, err := r.Write(context.Background(), change(fmt.Sprintf("Vote %d/%d", i, j), p, body), testWho, testSig.When, store.WriteOptions{})
				if err != nil {
					errs <- err
					continue
				}
				mu.Lock()
				writes++
				if res.Sync.Shared {
					sharedAtOnce++
					sharedTips = append(sharedTips, res.Sync.State.Head.String())
				}
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	t.Logf("%d writes, %d shared at once, the rest left for sync", writes, sharedAtOnce)
	// Whatever lost every race stays local until the next sync.
	for i, r := range regs {
		for try := 0; ; try++ {
			res, err := r.Sync(context.Background(), false)
			if err != nil {
				t.Fatal(err)
			}
			if res.Shared && res.State.Ahead == 0 {
				break
			}
			if try == 10 {
				t.Fatalf("clone %d still not shared: %v", i, res.Reason)
			}
		}
		assertClean(t, r)
	}
	files := strings.Fields(gitOut(t, h.bare, "ls-tree", "-r", "--name-only", "main", "requests/"))
	n := 0
	for _, f := range files {
		if strings.Contains(f, "/votes/") {
			n++
		}
	}
	if n != clones*votes {
		t.Fatalf("%d vote files on the remote, want %d", n, clones*votes)
	}
	// Each vote was committed exactly once: no duplicate, no loss.
	subjects := strings.Split(gitOut(t, h.bare, "log", "--format=%s", "main"), "\n")
	count := map[string]int{}
	for _, s := range subjects {
		count[s]++
	}
	for i := range clones {
		for j := range votes {
			if c := count[fmt.Sprintf("Vote %d/%d", i, j)]; c != 1 {
				t.Errorf("vote %d/%d committed %d times", i, j, c)
			}
		}
	}
	if len(subjects) != clones*votes+1 {
		t.Errorf("%d commits on the remote, want %d", len(subjects), clones*votes+1)
	}
	// What a write reported as shared was never overwritten afterwards.
	for _, tip := range sharedTips {
		if _, err := gitRun(h.bare, "merge-base", "--is-ancestor", tip, "main"); err != nil {
			t.Errorf("commit %s, reported shared, is not in the remote's history", tip)
		}
	}
	gitOut(t, h.bare, "fsck", "--no-dangling")
}

// The registry's own go-git handle (used by share) sees what Fetch brought,
// even though sessions fetch through handles of their own.
func TestFetchedObjectsVisibleThroughTheRegistrysHandle(t *testing.T) {
	isolateGit(t)
	h := host(t, smallRegistry())
	a, b := h.clone(t), h.clone(t)
	if _, err := object.GetCommit(b.repo.Storer, head(t, b)); err != nil { // loads b's pack index
		t.Fatal(err)
	}
	res := write(t, a, change("Vote", "requests/budget/votes/vanves.yaml", "x\n"), store.WriteOptions{})
	if err := b.Fetch(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := object.GetCommit(b.repo.Storer, gitHash(res.Commit)); err != nil {
		t.Fatalf("fetched commit not visible through the registry's handle: %v", err)
	}
}
