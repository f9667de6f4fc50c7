package memstore

import (
	"io/fs"
	"sort"
	"sync"
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// Network is where remotes are found by URL: the origin of clones, and the
// repositories share branches are pushed to. Stores that share a network see
// the same remotes.
type Network struct {
	mu      sync.Mutex
	remotes map[string]*Remote
}

// NewNetwork returns a network with no remote.
func NewNetwork() *Network { return &Network{remotes: map[string]*Remote{}} }

// Remote returns the remote at url, or nil.
func (n *Network) Remote(url string) *Remote {
	if n == nil {
		return nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.remotes[url]
}

// NewRemote makes an empty remote repository reachable at url (replacing
// any other there).
func (n *Network) NewRemote(url string) *Remote {
	r := &Remote{url: url, objects: objects{}, branches: map[string]store.Hash{}}
	n.mu.Lock()
	n.remotes[url] = r
	n.mu.Unlock()
	return r
}

// Publish makes a remote at url whose main branch holds one commit, "init",
// with the files of seed (as a person publishing a registry does).
func (n *Network) Publish(url string, seed fs.FS, who catalogue.Identity, when time.Time) (*Remote, error) {
	snap, err := readSeed(seed)
	if err != nil {
		return nil, err
	}
	r := n.NewRemote(url)
	c := newCommit(nil, snap, "init", who, when)
	r.objects[c.hash] = c
	r.branches[mainBranch] = c.hash
	return r, nil
}

// Remote is a shared repository in memory, as a bare repository on a
// server is: commits and branches. Several stores cloned from it model
// several people's clones. It can be taken offline, made to refuse pushes,
// or to ask for credentials. It is safe for concurrent use.
type Remote struct {
	mu       sync.Mutex
	url      string
	objects  objects
	branches map[string]store.Hash
	down     bool
	refuse   string
	user     string
	password string
}

// URL is where the remote is reachable.
func (r *Remote) URL() string { return r.url }

// SetReachable takes the remote offline (false: every exchange fails as
// with a server stopped) or back online.
func (r *Remote) SetReachable(up bool) {
	r.mu.Lock()
	r.down = !up
	r.mu.Unlock()
}

// RefusePushes makes the remote refuse every push with why (as a hook or a
// protected branch does); "" accepts pushes again.
func (r *Remote) RefusePushes(why string) {
	r.mu.Lock()
	r.refuse = why
	r.mu.Unlock()
}

// RequireCredentials makes the remote accept only exchanges that give this
// user name and password ("" and "": anyone).
func (r *Remote) RequireCredentials(user, password string) {
	r.mu.Lock()
	r.user, r.password = user, password
	r.mu.Unlock()
}

// Branch returns a branch's commit; ok is false when there is no such
// branch.
func (r *Remote) Branch(name string) (store.Hash, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h, ok := r.branches[name]
	return h, ok
}

// File returns a file of a branch; ok is false when the branch or the file
// is absent.
func (r *Remote) File(branch, name string) ([]byte, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.objects[r.branches[branch]]
	if c == nil {
		return nil, false
	}
	d, ok := c.files[name]
	return d, ok
}

// Log returns the subjects of a branch's commits along first parents, newest
// first.
func (r *Remote) Log(branch string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for c := r.objects[r.branches[branch]]; c != nil; {
		out = append(out, c.subject())
		if len(c.parents) == 0 {
			break
		}
		c = r.objects[c.parents[0]]
	}
	return out
}

// Branches lists the remote's branches, sorted.
func (r *Remote) Branches() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.branches))
	for b := range r.branches {
		out = append(out, b)
	}
	sort.Strings(out)
	return out
}

// Commit records ch on top of a branch directly on the remote, as another
// person pushing would, and returns the new commit.
func (r *Remote) Commit(branch string, ch catalogue.Change, who catalogue.Identity, when time.Time) (store.Hash, error) {
	if err := ch.Check(); err != nil {
		return "", err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	parent := r.branches[branch]
	snap := r.objects.snapshot(parent).apply(ch.Files)
	var parents []store.Hash
	if !parent.IsZero() {
		parents = []store.Hash{parent}
	}
	c := newCommit(parents, snap, ch.Message, who, when)
	r.objects[c.hash] = c
	r.branches[branch] = c.hash
	return c.hash, nil
}

// open checks that the remote can be reached with these credentials; the
// caller holds r.mu.
func (r *Remote) open(cred store.Credentials) *i18n.Error {
	if r.down {
		return errUnreachable(r.url)
	}
	if r.user == "" && r.password == "" {
		return nil
	}
	if cred == nil {
		return errAuth(r.url)
	}
	u, p, ok := cred(r.url)
	if !ok || u != r.user || p != r.password {
		return errAuth(r.url)
	}
	return nil
}

// fetch copies into dst the commits of a branch and returns its commit
// (zero when the remote has no such branch).
func (r *Remote) fetch(dst objects, branch string, cred store.Credentials) (store.Hash, *i18n.Error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.open(cred); err != nil {
		return "", err
	}
	h := r.branches[branch]
	r.objects.copyTo(dst, h)
	return h, nil
}

// push moves a branch from expect (zero: absent) to tip, copying the
// commits src holds that the remote lacks. With force false, the push is a
// compare-and-swap: a branch that is no longer at expect rejects it.
func (r *Remote) push(src objects, branch string, expect, tip store.Hash, cred store.Credentials) *i18n.Error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.open(cred); err != nil {
		return err
	}
	if r.refuse != "" {
		return errRefused(r.url, r.refuse)
	}
	if r.branches[branch] != expect {
		return errRejected(r.url, branch)
	}
	src.copyTo(r.objects, tip)
	r.branches[branch] = tip
	return nil
}

// head returns a branch's commit under the remote's rules (reachable,
// credentials).
func (r *Remote) head(branch string, cred store.Credentials) (store.Hash, bool, *i18n.Error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.open(cred); err != nil {
		return "", false, err
	}
	h, ok := r.branches[branch]
	return h, ok, nil
}
