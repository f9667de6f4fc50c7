package registrytest

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cgi"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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
	inject  []byte
	pushed  int64 // bytes of push request bodies received
}

// PushedBytes is the size of every push request body the server has
// received (the commands and the pack), so that a test can tell how much a
// push sent.
func (g *GitServer) PushedBytes() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.pushed
}

// countingBody counts what is read of a request body.
type countingBody struct {
	io.ReadCloser
	g *GitServer
}

func (c countingBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.g.mu.Lock()
	c.g.pushed += int64(n)
	c.g.mu.Unlock()
	return n, err
}

// InjectSideband makes every later fetch or clone answer carry msg on the
// side band's progress channel (channel 2), right after the server's
// acknowledgements, as a hostile server would send it; nil stops it. Pushes
// get their side band from the repository's hooks instead (see Hook).
func (g *GitServer) InjectSideband(msg []byte) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inject = append([]byte(nil), msg...)
}

// Hook installs an executable hook (pre-receive, post-receive…) in the bare
// repository name: what it prints reaches the pusher on the side band, and a
// pre-receive hook exiting non-zero refuses the push.
func (g *GitServer) Hook(name, hook, script string) error {
	dir := filepath.Join(g.Bare(name), "hooks")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, hook), []byte(script), 0o755)
}

// ServeHTTP serves the repositories, adding the injected side band, if any,
// to upload-pack answers.
func (g *GitServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	msg := g.inject
	g.mu.Unlock()
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/git-receive-pack") {
		r.Body = countingBody{r.Body, g}
	}
	if msg == nil || r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/git-upload-pack") {
		g.handler.ServeHTTP(w, r)
		return
	}
	rec := &recorder{header: http.Header{}, code: http.StatusOK}
	g.handler.ServeHTTP(rec, r)
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(rec.code)
	_, _ = w.Write(injectAfterAcks(rec.body.Bytes(), msg))
}

// injectAfterAcks puts msg, as side-band channel 2 packets, after the
// leading ACK/NAK pkt-lines of an upload-pack answer.
func injectAfterAcks(body, msg []byte) []byte {
	i := 0
	for i+4 <= len(body) {
		n, err := strconv.ParseUint(string(body[i:i+4]), 16, 16)
		if err != nil || n < 4 || i+int(n) > len(body) {
			break
		}
		line := string(body[i+4 : i+int(n)])
		if !strings.HasPrefix(line, "ACK") && !strings.HasPrefix(line, "NAK") {
			break
		}
		i += int(n)
	}
	var out bytes.Buffer
	out.Write(body[:i])
	for len(msg) > 0 {
		chunk := msg[:min(len(msg), 1000)]
		msg = msg[len(chunk):]
		fmt.Fprintf(&out, "%04x\x02", len(chunk)+5)
		out.Write(chunk)
	}
	out.Write(body[i:])
	return out.Bytes()
}

// recorder keeps a CGI answer whole so that it can be rewritten.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(code int)        { r.code = code }
func (r *recorder) Write(p []byte) (int, error) { return r.body.Write(p) }

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
	g.srv = &http.Server{Handler: g}
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
