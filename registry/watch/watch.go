// Package watch is codal's opt-in file-system watcher, in the manner of
// git's fsmonitor: a daemon (Run, `codal watch run`) watches a registry's
// work tree (the root folder, non-recursively, and every folder under the
// kind folders; on Linux through inotify, never following a symbolic link)
// and keeps a log of the paths changed, each with a sequence number. A
// command asks it (Query) which paths changed since a token it got from an
// earlier answer, and compares only those with its stat table instead of
// every row.
//
// A token is "<instance>.<sequence>": the instance is random at every start
// of the daemon, so a token from another run is never trusted. Whenever the
// daemon cannot be sure — a token from another instance, older than its
// log (capped), a kernel queue overflow — the answer is "unknown": the
// caller checks everything. A daemon that could not watch a folder is
// blind: it answers with no token at all, and a command does as without a
// daemon, as it does when none answers within Timeout.
//
// Sync: before it answers, the daemon creates a cookie file in a folder it
// watches and waits for that file's own event. inotify queues events in the
// order they happen, so every change made before the question was asked is
// in the log by then (git's fsmonitor does the same with its cookie files).
//
// The daemon serves a Unix socket in a private folder (0700, owned by the
// user, checked before every connection), keyed like the index by a hash of
// the registry's absolute path (Dir). The package imports neither Git nor
// Bubble Tea: the index asks it through Query only.
package watch

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gpso/codal/config"
)

// Timeout is how long a command waits for the daemon's answer before it
// checks everything without it.
var Timeout = time.Second

// ErrUnsupported is Run's error on a system without a watcher (Linux only
// for now): every command works as without a daemon.
var ErrUnsupported = errors.New("watch: no file-system watcher on this system")

// ErrRunning is Run's error when a daemon already serves the registry.
var ErrRunning = errors.New("watch: a watcher already runs for this registry")

// ErrBlind is Run's error when it cannot watch every folder from the start
// (the system's max_user_watches, a folder it may not read, one too deep).
var ErrBlind = errors.New("watch: cannot watch every folder")

// ErrNotRunning is the error of Status and Stop when no daemon answers.
var ErrNotRunning = errors.New("watch: no watcher runs for this registry")

// Caps on what is read and kept: a request line, an answer, the log, the
// clients served at once.
const (
	maxRequest = 4 << 10
	maxAnswer  = 16 << 20
	// MaxLog is how many changed paths the daemon remembers; a token
	// older than the oldest it kept is answered "unknown".
	MaxLog = 1 << 16
	// maxPaths is the most paths one answer carries; more is "unknown".
	maxPaths = 50000
	maxConns = 16
)

// Answer is the daemon's answer to Query.
type Answer struct {
	// Token names the point of the daemon's log this answer reaches: the
	// caller keeps it for its next question, once its stat table is true
	// as of after the question.
	Token string `json:"token"`
	// Known is false when the daemon cannot tell what changed since the
	// token asked about: check everything.
	Known bool `json:"known"`
	// Paths are the slash paths from the registry's root that changed
	// (modified, made, removed, renamed from or to) since the token, each
	// once, sorted; a folder made is reported with everything found in it.
	Paths []string `json:"paths,omitempty"`
}

// Status is what `codal watch status` prints.
type Status struct {
	// Dir is the registry's root folder watched.
	Dir string `json:"dir"`
	// PID is the daemon's process id.
	PID int `json:"pid"`
	// Since is when the daemon started.
	Since time.Time `json:"since"`
	// Ready is when it had watched every folder and began answering.
	Ready time.Time `json:"ready"`
	// Folders is how many folders it watches.
	Folders int `json:"folders"`
	// Token is the daemon's current token.
	Token string `json:"token"`
	// Logged is how many changed paths its log holds.
	Logged int `json:"logged"`
	// Blind, when not empty, says why every answer is "unknown" (a
	// folder could not be watched, say).
	Blind string `json:"blind,omitempty"`
	// Socket is where it answers.
	Socket string `json:"socket"`
}

// request is one line a client sends.
type request struct {
	Op    string `json:"op"` // "query", "status", "stop"
	Since string `json:"since,omitempty"`
}

// Dir is the private folder of the daemon of the registry at root: its
// socket, lock, log and cookies. $XDG_RUNTIME_DIR/codal/watch-<hash> when
// that variable names an absolute folder, else codal's cache folder
// (config.CacheDir)/watch/<hash>; the hash is the first 32 hex digits of
// the SHA-256 of root's absolute path (as the index's Location).
func Dir(root string) string {
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	sum := sha256.Sum256([]byte(root))
	h := hex.EncodeToString(sum[:16])
	if d := os.Getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(d) {
		return filepath.Join(d, "codal", "watch-"+h)
	}
	return filepath.Join(config.CacheDir(), "watch", h)
}

// Socket is the daemon's socket for the registry at root.
func Socket(root string) string { return filepath.Join(Dir(root), "sock") }

// maxSocketPath is the longest path a Unix socket address holds (108 bytes
// with its terminating zero on Linux).
const maxSocketPath = 107

// checkSocketPath refuses a socket path too long for an address.
func checkSocketPath(p string) error {
	if len(p) > maxSocketPath {
		return fmt.Errorf("watch: socket path %s is longer than %d bytes", p, maxSocketPath)
	}
	return nil
}

// token is a parsed token.
type token struct {
	id  string
	seq uint64
}

func (t token) String() string { return t.id + "." + strconv.FormatUint(t.seq, 10) }

func parseToken(s string) (token, bool) {
	id, n, ok := strings.Cut(s, ".")
	if !ok || len(id) != 16 {
		return token{}, false
	}
	seq, err := strconv.ParseUint(n, 10, 64)
	if err != nil {
		return token{}, false
	}
	return token{id, seq}, true
}

// cleanPath accepts a path of an answer: relative, slash-separated,
// clean, never leaving the registry.
func cleanPath(p string) bool {
	if p == "" || p == "." || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for _, e := range strings.Split(p, "/") {
		if e == "" || e == "." || e == ".." {
			return false
		}
	}
	return true
}

// OpenLog makes the daemon's private folder for root and opens its log
// file there (truncated): `codal watch start` sends the detached daemon's
// output to it.
func OpenLog(root string) (*os.File, string, error) {
	dir := Dir(root)
	if err := makePrivateDir(dir); err != nil {
		return nil, "", err
	}
	p := filepath.Join(dir, "log")
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC|syscallNoFollow, 0o600)
	return f, p, err
}
