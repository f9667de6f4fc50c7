// Package sharetest fakes GitHub for tests: its REST API at HTTP level (just
// the endpoints codal uses: user, repository, fork, pulls list and create)
// and, for real, its Git side: bare repositories served by the system's
// `git http-backend` on 127.0.0.1, which asks for a token to push.
package sharetest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// PR is a pull request the fake holds.
type PR struct {
	Number              int
	Title               string
	Head                string // as sent: "branch" or "owner:branch"
	Base                string
	Body                string
	MaintainerCanModify bool
	State               string
}

// Server is a fake GitHub. Fields may be changed between calls.
type Server struct {
	t    testing.TB
	API  *httptest.Server // the same server as Git: /api/v3/… is the API
	Git  *httptest.Server
	Root string // folder of the bare repositories: <owner>/<name>.git

	Token    string // the token the API and Git accept
	Login    string // the user's login
	Owner    string // the registry's owner
	Name     string // the registry's repository name
	Push     bool   // the user may push to the registry
	ForkWait int    // how many times the fork answers 404 before it exists

	// Fail, when it returns true, has answered the request itself (to
	// inject errors). Keys are "METHOD /path" without the /api/v3 prefix.
	Fail map[string]func(w http.ResponseWriter, r *http.Request) bool

	mu       sync.Mutex
	prs      []*PR
	calls    []string
	apiAuth  []string
	gitAuth  []string
	forkGets int
	forked   bool
}

// New starts the fake with the registry acme/registre whose main branch
// holds files (path -> content).
func New(t testing.TB, files map[string]string) *Server {
	t.Helper()
	backend := filepath.Join(gitExecPath(t), "git-http-backend")
	if _, err := os.Stat(backend); err != nil {
		t.Skipf("git http-backend not available: %v", err)
	}
	s := &Server{t: t, Root: t.TempDir(), Token: "ghp_test_token_123", Login: "alice", Owner: "acme", Name: "registre",
		Fail: map[string]func(http.ResponseWriter, *http.Request) bool{}}
	// One server for the API and Git, as GitHub Enterprise serves both from
	// one host and port: the token may only travel to that host and port.
	git := s.gitHandler(backend)
	s.Git = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/v3/") {
			s.serveAPI(w, r)
			return
		}
		git.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Git.Close)
	s.API = s.Git

	work := t.TempDir()
	for p, content := range files {
		full := filepath.Join(work, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	RunGit(t, work, "init", "-q", "-b", "main")
	RunGit(t, work, "add", "-A")
	RunGit(t, work, "commit", "-q", "-m", "Registre initial")
	bare := s.Bare(s.Owner + "/" + s.Name)
	RunGit(t, "", "clone", "-q", "--bare", work, bare)
	return s
}

func gitExecPath(t testing.TB) string {
	out, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Skipf("git not available: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// RunGit runs the git command in dir and returns its output.
func RunGit(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.org",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.org", "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// Bare is the path of the bare repository owner/name.
func (s *Server) Bare(repo string) string {
	return filepath.Join(s.Root, filepath.FromSlash(repo)+".git")
}

// APIURL is the API's base URL (an Enterprise-style host: go-github adds
// /api/v3/).
func (s *Server) APIURL() string { return s.API.URL }

// CloneURL is the Git URL of owner/name.
func (s *Server) CloneURL(repo string) string { return s.Git.URL + "/" + repo + ".git" }

// UpstreamURL is the Git URL of the registry.
func (s *Server) UpstreamURL() string { return s.CloneURL(s.Owner + "/" + s.Name) }

// Head returns the commit a branch of owner/name points at, "" if none.
func (s *Server) Head(repo, branch string) string {
	cmd := exec.Command("git", "rev-parse", "--verify", "-q", "refs/heads/"+branch)
	cmd.Dir = s.Bare(repo)
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// PRs returns the pull requests created so far.
func (s *Server) PRs() []PR {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]PR, len(s.prs))
	for i, p := range s.prs {
		out[i] = *p
	}
	return out
}

// AddPR records an open pull request, as if made earlier.
func (s *Server) AddPR(head, title string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	pr := &PR{Number: len(s.prs) + 1, Head: head, Title: title, Base: "main", State: "open"}
	s.prs = append(s.prs, pr)
	return pr.Number
}

// Calls lists the API calls received, as "METHOD /path".
func (s *Server) Calls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.calls...)
}

// GitAuth lists the credentials sent with each push request, "user:password".
func (s *Server) GitAuth() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.gitAuth...)
}

// APIAuth lists the Authorization headers the API received.
func (s *Server) APIAuth() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.apiAuth...)
}

// ForkGets counts the GET requests for the fork.
func (s *Server) ForkGets() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.forkGets
}

// gitHandler serves the bare repositories: anyone may read, pushing needs
// basic auth with the token.
func (s *Server) gitHandler(backend string) http.Handler {
	cgiH := &cgi.Handler{
		Path: backend,
		Env: []string{"GIT_PROJECT_ROOT=" + s.Root, "GIT_HTTP_EXPORT_ALL=1",
			"GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=http.receivepack", "GIT_CONFIG_VALUE_0=true"},
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		push := r.URL.Query().Get("service") == "git-receive-pack" || strings.HasSuffix(r.URL.Path, "/git-receive-pack")
		if push {
			user, pass, ok := r.BasicAuth()
			s.mu.Lock()
			if ok {
				s.gitAuth = append(s.gitAuth, user+":"+pass)
			} else {
				s.gitAuth = append(s.gitAuth, r.Header.Get("Authorization"))
			}
			s.mu.Unlock()
			if !ok || user != "x-access-token" || pass != s.Token {
				w.Header().Set("WWW-Authenticate", `Basic realm="GitHub"`)
				http.Error(w, "authentication required", http.StatusUnauthorized)
				return
			}
		}
		repo := strings.TrimPrefix(r.URL.Path, "/")
		if i := strings.Index(repo, ".git/"); i >= 0 {
			repo = repo[:i+4]
		}
		if _, err := os.Stat(filepath.Join(s.Root, repo)); err != nil {
			http.Error(w, "Repository not found.", http.StatusNotFound)
			return
		}
		cgiH.ServeHTTP(w, r)
	})
}

var (
	reRepo  = regexp.MustCompile(`^/repos/([^/]+)/([^/]+)$`)
	reForks = regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/forks$`)
	rePulls = regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/pulls$`)
)

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(r.URL.Path, "/api/v3")
	key := r.Method + " " + p
	s.mu.Lock()
	s.calls = append(s.calls, key)
	s.apiAuth = append(s.apiAuth, r.Header.Get("Authorization"))
	fail := s.Fail[key]
	s.mu.Unlock()
	if !strings.HasPrefix(r.URL.Path, "/api/v3/") {
		writeJSON(w, http.StatusNotAcceptable, map[string]any{"message": "not an Enterprise API path"})
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+s.Token {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "Bad credentials"})
		return
	}
	if fail != nil && fail(w, r) {
		return
	}
	upstream := s.Owner + "/" + s.Name
	switch {
	case key == "GET /user":
		writeJSON(w, http.StatusOK, map[string]any{"login": s.Login, "id": 7})
	case r.Method == "GET" && reRepo.MatchString(p):
		m := reRepo.FindStringSubmatch(p)
		full := m[1] + "/" + m[2]
		switch full {
		case upstream:
			writeJSON(w, http.StatusOK, s.repoJSON(full, s.Push))
		case s.Login + "/" + s.Name:
			s.mu.Lock()
			s.forkGets++
			ready := s.forked && s.forkGets > s.ForkWait
			s.mu.Unlock()
			if !ready {
				writeJSON(w, http.StatusNotFound, map[string]any{"message": "Not Found"})
				return
			}
			if _, err := os.Stat(s.Bare(full)); err != nil {
				RunGit(s.t, "", "clone", "-q", "--bare", s.Bare(upstream), s.Bare(full))
			}
			writeJSON(w, http.StatusOK, s.repoJSON(full, true))
		default:
			writeJSON(w, http.StatusNotFound, map[string]any{"message": "Not Found"})
		}
	case r.Method == "POST" && reForks.MatchString(p):
		s.mu.Lock()
		s.forked = true
		s.mu.Unlock()
		writeJSON(w, http.StatusAccepted, s.repoJSON(s.Login+"/"+s.Name, true))
	case r.Method == "GET" && rePulls.MatchString(p):
		head := r.URL.Query().Get("head")
		state := r.URL.Query().Get("state")
		var out []map[string]any
		for _, pr := range s.PRs() {
			if (state == "" || state == pr.State) && (head == "" || head == s.qualified(pr.Head)) {
				out = append(out, s.prJSON(&pr))
			}
		}
		if out == nil {
			out = []map[string]any{}
		}
		writeJSON(w, http.StatusOK, out)
	case r.Method == "POST" && rePulls.MatchString(p):
		var in struct {
			Title, Head, Base, Body string
			MaintainerCanModify     bool `json:"maintainer_can_modify"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Problems parsing JSON"})
			return
		}
		owner, branch := s.Owner, in.Head
		if o, b, ok := strings.Cut(in.Head, ":"); ok {
			owner, branch = o, b
		}
		if in.Title == "" || s.Head(owner+"/"+s.Name, branch) == "" {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "Validation Failed",
				"errors": []map[string]any{{"resource": "PullRequest", "field": "head", "code": "invalid"}}})
			return
		}
		s.mu.Lock()
		pr := &PR{Number: len(s.prs) + 1, Title: in.Title, Head: in.Head, Base: in.Base, Body: in.Body, MaintainerCanModify: in.MaintainerCanModify, State: "open"}
		s.prs = append(s.prs, pr)
		s.mu.Unlock()
		writeJSON(w, http.StatusCreated, s.prJSON(pr))
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Not Found"})
	}
}

func (s *Server) qualified(head string) string {
	if strings.Contains(head, ":") {
		return head
	}
	return s.Owner + ":" + head
}

func (s *Server) repoJSON(full string, push bool) map[string]any {
	owner, name, _ := strings.Cut(full, "/")
	return map[string]any{
		"name": name, "full_name": full, "owner": map[string]any{"login": owner},
		"default_branch": "main", "clone_url": s.CloneURL(full), "html_url": "https://github.example/" + full,
		"permissions": map[string]any{"pull": true, "push": push, "admin": false},
	}
}

func (s *Server) prJSON(pr *PR) map[string]any {
	_, branch, ok := strings.Cut(pr.Head, ":")
	if !ok {
		branch = pr.Head
	}
	return map[string]any{
		"number": pr.Number, "title": pr.Title, "state": pr.State, "body": pr.Body,
		"html_url": fmt.Sprintf("https://github.example/%s/%s/pull/%d", s.Owner, s.Name, pr.Number),
		"head":     map[string]any{"ref": branch, "label": s.qualified(pr.Head)},
		"base":     map[string]any{"ref": pr.Base},
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// WriteError answers with a GitHub-style error.
func WriteError(w http.ResponseWriter, code int, message string, headers map[string]string) {
	for k, v := range headers {
		w.Header().Set(k, v)
	}
	writeJSON(w, code, map[string]any{"message": message, "documentation_url": "https://docs.github.com/rest"})
}

// BasicAuthHeader is the Authorization header of basic auth, for checks.
func BasicAuthHeader(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}
