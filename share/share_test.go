package share

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/share/sharetest"
)

var upstreamFiles = map[string]string{
	"registry.yaml":                    "format: 1\nname: Registre de test\nlanguage: fr\ngithub: acme/registre\n",
	"actors/gpso.yaml":                 "name: Grand Paris Seine Ouest\nkind: ept\n",
	"snippets/hello/snippet.yaml":      "title: Bonjour\nlanguage: python\nauthor: gpso\nlicense: etalab-2.0\nfiles:\n  - hello.py\n",
	"snippets/hello/hello.py":          "print('bonjour')\n",
	"snippets/README.md":               "Extraits de code.\n",
	"requests/.keep":                   "",
	"schemas/README.md":                "Schémas.\n",
	"actors/boulogne-billancourt.yaml": "name: Boulogne-Billancourt\nkind: commune\ninsee: \"92012\"\n",
}

const newSnippetYAML = "title: Conversion Lambert-93 vers WGS84\nlanguage: python\nauthor: gpso\nlicense: etalab-2.0\nfiles:\n  - l93.py\n"

// fixture is a fake GitHub and a local clone of its registry.
type fixture struct {
	srv   *sharetest.Server
	reg   *registry.Registry
	api   API
	sleep int
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	srv := sharetest.New(t, upstreamFiles)
	dir := filepath.Join(t.TempDir(), "registre")
	reg, err := registry.Clone(context.Background(), srv.UpstreamURL(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	api, err := ParseAPI(srv.APIURL())
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{srv: srv, reg: reg, api: api}
}

func (f *fixture) write(t *testing.T, files map[string]string) {
	t.Helper()
	for p, c := range files {
		full := filepath.Join(f.reg.Dir(), filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func (f *fixture) addSnippet(t *testing.T) {
	f.write(t, map[string]string{
		"snippets/lambert93/snippet.yaml": newSnippetYAML,
		"snippets/lambert93/l93.py":       "from pyproj import Transformer\n",
	})
}

func (f *fixture) run(t *testing.T, kind catalogue.Kind, id string) (*Result, error) {
	t.Helper()
	return Run(context.Background(), Options{
		Store: f.reg, Kind: kind, ID: id, API: f.api,
		Token:     NewToken(f.srv.Token, "test"),
		Identity:  catalogue.Identity{Name: "Alice", Email: "alice@example.org"},
		Sleep:     func(context.Context, time.Duration) error { f.sleep++; return nil },
		ForkPolls: 6,
	})
}

func (f *fixture) localBranch(t *testing.T, name string) store.Hash {
	t.Helper()
	h, ok, err := f.reg.BranchHead(name)
	if err != nil || !ok {
		t.Fatalf("local branch %s: ok=%v err=%v", name, ok, err)
	}
	return h
}

func TestShareWithPushRights(t *testing.T) {
	f := newFixture(t)
	f.srv.Push = true
	f.addSnippet(t)
	headBefore, _ := f.reg.Head()

	res, err := f.run(t, catalogue.Snippets, "lambert93")
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	if res.Branch != "codal/snippet-lambert93" || res.Number != 1 || !strings.HasSuffix(res.URL, "/acme/registre/pull/1") || res.Existing || !res.Pushed || res.Fork != "" {
		t.Fatalf("result: %+v", res)
	}
	prs := f.srv.PRs()
	if len(prs) != 1 {
		t.Fatalf("want 1 PR, got %d", len(prs))
	}
	pr := prs[0]
	if pr.Head != "codal/snippet-lambert93" || pr.Base != "main" || pr.Title != "Extrait de code : Conversion Lambert-93 vers WGS84" {
		t.Errorf("PR: %+v", pr)
	}
	for _, want := range []string{"`snippets/lambert93/snippet.yaml` (ajouté)", "`snippets/lambert93/l93.py` (ajouté)", "aucun problème"} {
		if !strings.Contains(pr.Body, want) {
			t.Errorf("PR body lacks %q:\n%s", want, pr.Body)
		}
	}
	// The branch on origin is the local branch: one commit on top of main
	// holding exactly the snippet.
	pushed := f.srv.Head("acme/registre", "codal/snippet-lambert93")
	if local := f.localBranch(t, res.Branch); pushed != local.String() {
		t.Fatalf("origin has %s, local branch %s", pushed, local)
	}
	mainHead := f.srv.Head("acme/registre", "main")
	if got := sharetest.RunGit(t, f.srv.Bare("acme/registre"), "rev-parse", pushed+"^"); got != mainHead {
		t.Errorf("parent of the share commit is %s, want main %s", got, mainHead)
	}
	diff := sharetest.RunGit(t, f.srv.Bare("acme/registre"), "diff", "--name-status", "main", pushed)
	if diff != "A\tsnippets/lambert93/l93.py\nA\tsnippets/lambert93/snippet.yaml" {
		t.Errorf("diff main..branch:\n%s", diff)
	}
	// HEAD did not move; the token went as basic auth and nowhere on disk.
	if h, _ := f.reg.Head(); h != headBefore {
		t.Errorf("HEAD moved from %s to %s", headBefore, h)
	}
	for _, a := range f.srv.GitAuth() {
		if a != "x-access-token:"+f.srv.Token && a != "" {
			t.Errorf("git push credentials: %q", a)
		}
	}
	if len(f.srv.GitAuth()) == 0 {
		t.Error("no push request reached the git server")
	}
	assertNoToken(t, f.reg.Dir(), f.srv.Token)

	// Sharing again with nothing new: the open pull request is found, nothing
	// is pushed, no second pull request.
	res2, err := f.run(t, catalogue.Snippets, "lambert93")
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	if !res2.Existing || res2.Pushed || res2.URL != res.URL || len(f.srv.PRs()) != 1 {
		t.Fatalf("second share: %+v, %d PRs", res2, len(f.srv.PRs()))
	}

	// A local change updates the branch with a fast-forward.
	f.write(t, map[string]string{"snippets/lambert93/l93.py": "from pyproj import Transformer\nprint('ok')\n"})
	res3, err := f.run(t, catalogue.Snippets, "lambert93")
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	if !res3.Existing || !res3.Pushed || res3.URL != res.URL || len(f.srv.PRs()) != 1 {
		t.Fatalf("third share: %+v", res3)
	}
	newHead := f.srv.Head("acme/registre", "codal/snippet-lambert93")
	if got := sharetest.RunGit(t, f.srv.Bare("acme/registre"), "rev-parse", newHead+"^"); got != pushed {
		t.Errorf("update is not a fast-forward: parent %s, previous tip %s", got, pushed)
	}
}

func TestShareThroughFork(t *testing.T) {
	f := newFixture(t)
	f.srv.Push = false
	f.srv.ForkWait = 3
	f.addSnippet(t)

	res, err := f.run(t, catalogue.Snippets, "lambert93")
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	if res.Fork != "alice/registre" || res.Number != 1 || !res.Pushed {
		t.Fatalf("result: %+v", res)
	}
	if f.sleep != 3 || f.srv.ForkGets() != 4 {
		t.Errorf("polls: slept %d times, %d GETs of the fork; want 3 and 4", f.sleep, f.srv.ForkGets())
	}
	if f.srv.Head("acme/registre", res.Branch) != "" {
		t.Error("the branch was pushed to the registry, not to the fork")
	}
	if f.srv.Head("alice/registre", res.Branch) != f.localBranch(t, res.Branch).String() {
		t.Error("the fork does not hold the local branch")
	}
	pr := f.srv.PRs()[0]
	if pr.Head != "alice:codal/snippet-lambert93" || !pr.MaintainerCanModify {
		t.Errorf("PR: %+v", pr)
	}
	assertNoToken(t, f.reg.Dir(), f.srv.Token)

	// Once the fork exists it is reused, with no waiting.
	f.sleep = 0
	f.write(t, map[string]string{"snippets/lambert93/l93.py": "# v2\n"})
	res2, err := f.run(t, catalogue.Snippets, "lambert93")
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	if !res2.Existing || !res2.Pushed || f.sleep != 0 || len(f.srv.PRs()) != 1 {
		t.Fatalf("second share: %+v, slept %d", res2, f.sleep)
	}
}

func TestShareForkNeverReady(t *testing.T) {
	f := newFixture(t)
	f.srv.ForkWait = 100
	f.addSnippet(t)
	_, err := f.run(t, catalogue.Snippets, "lambert93")
	if err == nil || !strings.Contains(i18n.Message(err, i18n.EN), "fork alice/registre is not ready yet") {
		t.Fatalf("error: %v", err)
	}
	if f.sleep != 5 {
		t.Errorf("slept %d times, want 5 (6 polls)", f.sleep)
	}
}

func TestSharePullRequestAlreadyOpen(t *testing.T) {
	f := newFixture(t)
	f.srv.Push = true
	n := f.srv.AddPR("codal/snippet-lambert93", "ouverte avant")
	f.addSnippet(t)
	res, err := f.run(t, catalogue.Snippets, "lambert93")
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	if !res.Existing || res.Number != n || !res.Pushed || len(f.srv.PRs()) != 1 {
		t.Fatalf("result: %+v", res)
	}
	if f.srv.Head("acme/registre", res.Branch) == "" {
		t.Error("the branch was not updated")
	}
}

func TestShareActorChange(t *testing.T) {
	f := newFixture(t)
	f.srv.Push = true
	f.write(t, map[string]string{"actors/gpso.yaml": "name: Grand Paris Seine Ouest\nkind: ept\nportal: https://data.example.org\n"})
	res, err := f.run(t, catalogue.Actors, "gpso")
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	pr := f.srv.PRs()[0]
	if pr.Title != "Annuaire : Grand Paris Seine Ouest" || !strings.Contains(pr.Body, "`actors/gpso.yaml` (modifié)") {
		t.Errorf("PR: %+v", pr)
	}
	diff := sharetest.RunGit(t, f.srv.Bare("acme/registre"), "diff", "--name-status", "main", res.Branch)
	if diff != "M\tactors/gpso.yaml" {
		t.Errorf("diff: %q", diff)
	}
}

func TestShareOnlyTheEntry(t *testing.T) {
	f := newFixture(t)
	f.srv.Push = true
	f.addSnippet(t)
	// Other local changes, committed or not, stay out of the pull request.
	f.write(t, map[string]string{"actors/gpso.yaml": "name: GPSO modifié\nkind: ept\n", "snippets/hello/hello.py": "print('salut')\n"})
	sharetest.RunGit(t, f.reg.Dir(), "commit", "-qam", "local")
	res, err := f.run(t, catalogue.Snippets, "lambert93")
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	diff := sharetest.RunGit(t, f.srv.Bare("acme/registre"), "diff", "--name-only", "main", res.Branch)
	if diff != "snippets/lambert93/l93.py\nsnippets/lambert93/snippet.yaml" {
		t.Errorf("diff: %q", diff)
	}
}

func TestShareErrors(t *testing.T) {
	reset := time.Date(2030, 1, 2, 14, 37, 0, 0, time.UTC)
	cases := []struct {
		name string
		key  string
		fail func(w http.ResponseWriter, r *http.Request) bool
		want string
		kept bool
	}{
		{"401", "GET /user", func(w http.ResponseWriter, r *http.Request) bool {
			sharetest.WriteError(w, 401, "Bad credentials", nil)
			return true
		}, "GitHub refused the token (401)", false},
		{"403 rate limit", "GET /repos/acme/registre", func(w http.ResponseWriter, r *http.Request) bool {
			sharetest.WriteError(w, 403, "API rate limit exceeded", map[string]string{
				"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10)})
			return true
		}, "GitHub rate limit reached, retry after " + reset.Local().Format("15:04"), false},
		{"429", "GET /repos/acme/registre", func(w http.ResponseWriter, r *http.Request) bool {
			sharetest.WriteError(w, 429, "Too many requests", map[string]string{"Retry-After": "120"})
			return true
		}, "GitHub rate limit reached, retry after ", false},
		{"404", "GET /repos/acme/registre", func(w http.ResponseWriter, r *http.Request) bool {
			sharetest.WriteError(w, 404, "Not Found", nil)
			return true
		}, "GitHub repository acme/registre not found, or the token cannot see it (404)", false},
		{"422", "POST /repos/acme/registre/pulls", func(w http.ResponseWriter, r *http.Request) bool {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(422)
			_, _ = w.Write([]byte(`{"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"A pull request already exists for alice:codal/snippet-lambert93."}]}`))
			return true
		}, "GitHub refused the request as invalid (422): Validation Failed — A pull request already exists for alice:codal/snippet-lambert93.", true},
		{"500", "GET /repos/acme/registre/pulls", func(w http.ResponseWriter, r *http.Request) bool {
			sharetest.WriteError(w, 502, "Bad gateway", nil)
			return true
		}, "GitHub is not answering properly (502)", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			f.srv.Push = true
			f.srv.Fail[c.key] = c.fail
			f.addSnippet(t)
			_, err := f.run(t, catalogue.Snippets, "lambert93")
			if err == nil {
				t.Fatal("no error")
			}
			var ie *i18n.Error
			if !errors.As(err, &ie) {
				t.Fatalf("not an *i18n.Error: %T %v", err, err)
			}
			en := ie.In(i18n.EN)
			if !strings.Contains(en, c.want) {
				t.Errorf("error:\n got %s\nwant %s", en, c.want)
			}
			if strings.Contains(en, "\n") || strings.Contains(ie.In(i18n.FR), "\n") {
				t.Errorf("not one sentence: %q", en)
			}
			_, ok, _ := f.reg.BranchHead("codal/snippet-lambert93")
			if ok != c.kept {
				t.Errorf("local branch kept = %v, want %v", ok, c.kept)
			}
			if c.kept && !strings.Contains(en, "the commit is kept on the local branch codal/snippet-lambert93") {
				t.Errorf("the error does not say the commit is kept: %s", en)
			}
			assertNoToken(t, f.reg.Dir(), f.srv.Token)
		})
	}
}

func TestShareRateLimitRefusedLocally(t *testing.T) {
	// After a RateLimitError, go-github refuses further calls until the
	// reset without asking: the sentence is the same.
	f := newFixture(t)
	reset := time.Now().Add(time.Hour)
	f.srv.Fail["GET /user"] = func(w http.ResponseWriter, r *http.Request) bool {
		sharetest.WriteError(w, 403, "API rate limit exceeded", map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10)})
		return true
	}
	f.addSnippet(t)
	_, err := f.run(t, catalogue.Snippets, "lambert93")
	if err == nil || !strings.Contains(i18n.Message(err, i18n.EN), "retry after "+reset.Format("15:04")) {
		t.Fatalf("error: %v", err)
	}
}

func TestShareBadInput(t *testing.T) {
	f := newFixture(t)
	f.srv.Push = true

	_, err := f.run(t, catalogue.Snippets, "absent")
	if err == nil || !strings.Contains(i18n.Message(err, i18n.EN), "snippets/absent does not exist") {
		t.Errorf("unknown entry: %v", err)
	}

	// An entry that fails lint is refused with its problems.
	f.write(t, map[string]string{"snippets/broken/snippet.yaml": "title: Cassé\nlanguage: python\nlicense: etalab-2.0\nfiles:\n  - absent.py\n"})
	_, err = f.run(t, catalogue.Snippets, "broken")
	var le *LintError
	if !errors.As(err, &le) || len(le.Problems) == 0 || le.Problems[0].Code != "missing-file" {
		t.Errorf("lint: %v", err)
	}

	// A snippet whose author is only local fails lint on the proposed tree.
	f.write(t, map[string]string{
		"actors/sevres.yaml":          "name: Sèvres\nkind: commune\ninsee: \"92072\"\n",
		"snippets/local/snippet.yaml": "title: Local\nlanguage: sql\nauthor: sevres\nlicense: etalab-2.0\nfiles:\n  - q.sql\n",
		"snippets/local/q.sql":        "select 1;\n",
	})
	_, err = f.run(t, catalogue.Snippets, "local")
	if !errors.As(err, &le) || le.Problems[0].Code != "unknown-actor" {
		t.Errorf("proposed-tree lint: %v", err)
	}

	// Nothing differs from GitHub.
	_, err = f.run(t, catalogue.Snippets, "hello")
	if !errors.Is(err, ErrNothingToPropose) {
		t.Errorf("nothing to propose: %v", err)
	}
	if len(f.srv.PRs()) != 0 {
		t.Error("a pull request was opened")
	}
	if bs, _ := f.reg.ShareBranches(); len(bs) != 0 {
		t.Errorf("branches left behind: %v", bs)
	}
}

func TestShareNoGitHubHome(t *testing.T) {
	files := map[string]string{}
	for k, v := range upstreamFiles {
		files[k] = v
	}
	files["registry.yaml"] = "format: 1\nname: Registre sans GitHub\n"
	srv := sharetest.New(t, files)
	reg, err := registry.Clone(context.Background(), srv.UpstreamURL(), filepath.Join(t.TempDir(), "r"), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), Options{Store: reg, Kind: catalogue.Snippets, ID: "hello",
		API: API{URL: mustURL(t, DefaultAPI), GitHost: "github.com"}, Token: NewToken("x", "test")})
	if err == nil || !strings.Contains(i18n.Message(err, i18n.EN), "this registry has no GitHub repository") {
		t.Fatalf("error: %v", err)
	}
	if len(srv.Calls()) != 0 {
		t.Errorf("API called: %v", srv.Calls())
	}
}

// A registry that is a plain folder cannot propose anything: the store's one
// sentence, which wraps store.ErrNotARepository, before any call to GitHub.
func TestShareRefusesAPlainFolder(t *testing.T) {
	dir := t.TempDir()
	for name, data := range upstreamFiles {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	reg, err := registry.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), Options{Store: reg, Kind: catalogue.Snippets, ID: "hello",
		API: API{URL: mustURL(t, DefaultAPI), GitHost: "github.com"}, Token: NewToken("x", "test")})
	if !errors.Is(err, store.ErrNotARepository) || !strings.Contains(i18n.Message(err, i18n.EN), "is not a Git repository") {
		t.Fatalf("share of a plain folder: %v", err)
	}
}

// A merged pull request, once synced, removes the local share branch; the
// files snippet add left untracked do not block the fast-forward.
func TestPruneAfterMerge(t *testing.T) {
	f := newFixture(t)
	f.srv.Push = true
	f.addSnippet(t)
	res, err := f.run(t, catalogue.Snippets, "lambert93")
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	// Not merged yet: sync keeps the branch.
	if _, err := f.reg.Pull(context.Background()); err != nil {
		t.Fatal(err)
	}
	if del, err := f.reg.PruneShareBranches(); err != nil || len(del) != 0 {
		t.Fatalf("pruned before merge: %v %v", del, err)
	}
	// GitHub merges it (a merge commit on main).
	bare := f.srv.Bare("acme/registre")
	work := t.TempDir()
	sharetest.RunGit(t, work, "clone", "-q", bare, "w")
	sharetest.RunGit(t, filepath.Join(work, "w"), "merge", "-q", "--no-ff", "-m", "Merge pull request #1", "origin/"+res.Branch)
	sharetest.RunGit(t, filepath.Join(work, "w"), "push", "-q", "origin", "main")

	st, err := f.reg.Pull(context.Background())
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	if st.Behind != 0 {
		t.Fatalf("not fast-forwarded: %+v", st)
	}
	del, err := f.reg.PruneShareBranches()
	if err != nil || len(del) != 1 || del[0] != res.Branch {
		t.Fatalf("pruned %v, %v", del, err)
	}
	if _, ok, _ := f.reg.BranchHead(res.Branch); ok {
		t.Error("the branch is still there")
	}
	if out := sharetest.RunGit(t, f.reg.Dir(), "status", "--porcelain"); out != "" {
		t.Errorf("work tree not clean after sync:\n%s", out)
	}
}

func TestFindToken(t *testing.T) {
	t.Setenv("GH_TOKEN", "")
	t.Setenv("GITHUB_TOKEN", "")
	empty := t.TempDir()
	t.Setenv("PATH", empty)
	_, err := FindToken(context.Background(), "github.com")
	if err == nil || !strings.Contains(i18n.Message(err, i18n.EN), "\"public_repo\" scope") || !strings.Contains(i18n.Message(err, i18n.EN), "GH_TOKEN") {
		t.Fatalf("no token: %v", err)
	}

	// gh is asked for the right host.
	gh := filepath.Join(empty, "gh")
	script := "#!/bin/sh\n[ \"$1 $2 $3 $4\" = \"auth token --hostname ghe.example.org\" ] && echo gho_from_gh && exit 0\nexit 1\n"
	if err := os.WriteFile(gh, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	tok, err := FindToken(context.Background(), "ghe.example.org")
	if err != nil || tok.Value() != "gho_from_gh" || tok.Source != "gh auth token" {
		t.Fatalf("gh: %v %v", tok, err)
	}
	if _, err := FindToken(context.Background(), "github.com"); err == nil {
		t.Error("gh failing should mean no token")
	}

	t.Setenv("GITHUB_TOKEN", "from-github-token")
	if tok, _ := FindToken(context.Background(), "github.com"); tok.Value() != "from-github-token" {
		t.Errorf("GITHUB_TOKEN: %v", tok)
	}
	t.Setenv("GH_TOKEN", "from-gh-token")
	tok, _ = FindToken(context.Background(), "github.com")
	if tok.Value() != "from-gh-token" || tok.String() != "$GH_TOKEN" {
		t.Errorf("GH_TOKEN first: %v", tok)
	}
}

// assertNoToken fails when the token is written anywhere under dir.
func assertNoToken(t *testing.T, dir, token string) {
	t.Helper()
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, _ := os.ReadFile(p)
		if strings.Contains(string(data), token) {
			t.Errorf("the token is written in %s", p)
		}
		return nil
	})
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// codal sync does the pruning itself: after the merge, one Sync
// fast-forwards and deletes the branch, and says so.
func TestSyncPrunesMergedShareBranch(t *testing.T) {
	f := newFixture(t)
	f.srv.Push = true
	f.addSnippet(t)
	res, err := f.run(t, catalogue.Snippets, "lambert93")
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	if sr, err := f.reg.Sync(context.Background(), false); err != nil || len(sr.Pruned) != 0 {
		t.Fatalf("sync before the merge pruned %v (%v)", sr.Pruned, err)
	}
	bare := f.srv.Bare("acme/registre")
	work := t.TempDir()
	sharetest.RunGit(t, work, "clone", "-q", bare, "w")
	sharetest.RunGit(t, filepath.Join(work, "w"), "merge", "-q", "--no-ff", "-m", "Merge pull request #1", "origin/"+res.Branch)
	sharetest.RunGit(t, filepath.Join(work, "w"), "push", "-q", "origin", "main")

	sr, err := f.reg.Sync(context.Background(), false)
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	if len(sr.Pruned) != 1 || sr.Pruned[0] != res.Branch || sr.State.Behind != 0 {
		t.Fatalf("sync after the merge: pruned %v, state %+v", sr.Pruned, sr.State)
	}
	if _, ok, _ := f.reg.BranchHead(res.Branch); ok {
		t.Error("the branch is still there")
	}
	if out := sharetest.RunGit(t, f.reg.Dir(), "status", "--porcelain"); out != "" {
		t.Errorf("work tree not clean after sync:\n%s", out)
	}
}
