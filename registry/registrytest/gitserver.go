package registrytest

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cgi"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// GitServer is a real Git host for tests: the system's git http-backend
// behind Go's CGI handler on 127.0.0.1, serving the bare repositories under
// Root with pushes allowed, so that fetches and pushes travel over HTTP and
// are checked by git itself (refs are updated under git's own locks, with
// their old value verified), as on a real host.
type GitServer struct {
	// Root holds the bare repositories; Bare("x") is Root/x.git.
	Root string

	mu      sync.Mutex
	addr    string
	srv     *http.Server
	handler http.Handler
}

// NewGitServer starts a server on a free port of 127.0.0.1 serving the bare
// repositories under root.
func NewGitServer(root string) (*GitServer, error) {
	out, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		return nil, fmt.Errorf("git --exec-path: %w", err)
	}
	backend := filepath.Join(strings.TrimSpace(string(out)), "git-http-backend")
	if _, err := os.Stat(backend); err != nil {
		return nil, fmt.Errorf("git http-backend not found: %w", err)
	}
	g := &GitServer{Root: root}
	g.handler = &cgi.Handler{
		Path:   backend,
		Dir:    root,
		Stderr: io.Discard,
		Env: []string{
			"GIT_PROJECT_ROOT=" + root,
			"GIT_HTTP_EXPORT_ALL=1",
			"GIT_CONFIG_NOSYSTEM=1",
			"HOME=" + root,
			"PATH=" + os.Getenv("PATH"),
		},
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	g.addr = ln.Addr().String()
	g.serve(ln)
	return g, nil
}

func (g *GitServer) serve(ln net.Listener) {
	g.srv = &http.Server{Handler: g.handler}
	go g.srv.Serve(ln)
}

// URL returns the HTTP address of the bare repository name (without .git).
func (g *GitServer) URL(name string) string {
	return "http://" + g.addr + "/" + name + ".git"
}

// Bare returns the folder of the bare repository name.
func (g *GitServer) Bare(name string) string {
	return filepath.Join(g.Root, name+".git")
}

// Publish makes a bare copy of the repository in dir, served as name, with
// pushes over HTTP allowed.
func (g *GitServer) Publish(dir, name string) (string, error) {
	bare := g.Bare(name)
	if out, err := exec.Command("git", "clone", "-q", "--bare", dir, bare).CombinedOutput(); err != nil {
		return "", fmt.Errorf("git clone --bare: %v: %s", err, out)
	}
	if out, err := exec.Command("git", "-C", bare, "config", "http.receivepack", "true").CombinedOutput(); err != nil {
		return "", fmt.Errorf("git config: %v: %s", err, out)
	}
	return g.URL(name), nil
}

// Stop closes the server: connections are refused until Start.
func (g *GitServer) Stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.srv != nil {
		g.srv.Close()
		g.srv = nil
	}
}

// Start listens again on the same address after Stop.
func (g *GitServer) Start() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.srv != nil {
		return nil
	}
	ln, err := net.Listen("tcp", g.addr)
	if err != nil {
		return err
	}
	g.serve(ln)
	return nil
}

// Close stops the server for good.
func (g *GitServer) Close() { g.Stop() }
