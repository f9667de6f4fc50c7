package registry

import (
	"context"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// The go-git store behind store.Store: this file holds the exported methods
// that take and give store values (hashes as strings, identities, store
// credentials), so go-git types never leave the package. The work is done by
// the unexported methods beside them (branch.go, commit.go…).

// The conformance suite (package storetest) runs against this store from a
// registry/conformance_test.go: a factory that writes the suite's registry
// files into a temporary folder, makes it a Git repository (InitDemo's
// commitAll, or git init + commit) and returns Open of it.
var _ store.Store = (*Registry)(nil)

// hashOf is a go-git hash as a store hash ("" for the zero hash).
func hashOf(h plumbing.Hash) store.Hash {
	if h.IsZero() {
		return ""
	}
	return store.Hash(h.String())
}

// gitHash is a store hash as a go-git hash (zero for "").
func gitHash(h store.Hash) plumbing.Hash {
	if h.IsZero() {
		return plumbing.ZeroHash
	}
	return plumbing.NewHash(string(h))
}

// signature is the Git signature of who at when.
func signature(who catalogue.Identity, when time.Time) object.Signature {
	return object.Signature{Name: who.Name, Email: who.Email, When: when}
}

// Head returns the commit checked out.
func (r *Registry) Head() (store.Hash, error) {
	h, err := r.headHash()
	return hashOf(h), err
}

// BranchHead returns the head of a local branch; ok is false when there is
// no such branch.
func (r *Registry) BranchHead(name string) (store.Hash, bool, error) {
	h, ok, err := r.branchHead(name)
	return hashOf(h), ok, err
}

// SetBranch creates or moves a local branch to h, recording who did it (at
// when) in the branch's log. It refuses to move the checked-out branch.
func (r *Registry) SetBranch(name string, h store.Hash, who catalogue.Identity, when time.Time) error {
	return r.setBranch(name, gitHash(h), signature(who, when))
}

// RemoteHead returns origin's branch as of the last fetch.
func (r *Registry) RemoteHead(branch string) (store.Hash, bool, error) {
	h, ok, err := r.remoteHead(branch)
	return hashOf(h), ok, err
}

// EntryFilesAt reads the entry's files as they are in commit h.
func (r *Registry) EntryFilesAt(h store.Hash, k catalogue.Kind, id string) (map[string][]byte, error) {
	if r.repo == nil {
		return nil, errNotGit(r.dir)
	}
	return r.entryFilesAt(gitHash(h), k, id, false)
}

// BuildShare builds the commit of an entry's share branch without touching
// any reference or the work tree (see buildShare); it returns an error
// wrapping store.ErrNoChange when base already holds files.
func (r *Registry) BuildShare(base, tip store.Hash, k catalogue.Kind, id string, files map[string][]byte, message string, who catalogue.Identity, when time.Time) (store.Hash, error) {
	h, err := r.buildShare(gitHash(base), gitHash(tip), k, id, files, message, signature(who, when))
	return hashOf(h), err
}

// LoadCommit loads the registry as it is in commit h, for lint.
func (r *Registry) LoadCommit(h store.Hash) (*catalogue.Catalogue, error) {
	return r.loadCommit(gitHash(h))
}

// HasCommit reports whether commit h is in the local repository.
func (r *Registry) HasCommit(h store.Hash) bool {
	return !h.IsZero() && r.hasCommit(gitHash(h))
}

// Unshared tells whether an entry was added or changed here: its files in
// the work tree against the remote's (as of the last fetch, no network), and
// its share branch. It reads only the entry's files, so it is cheap enough
// to ask on every selection.
func (r *Registry) Unshared(k catalogue.Kind, id string) (store.Unshared, error) {
	return r.unshared(k, id)
}

// RemoteBranch asks the repository at url for the head of one of its
// branches; ok is false when it has no such branch. Its errors are
// sentences wrapping the store's sentinels (store.ErrRepoNotFound…).
func (r *Registry) RemoteBranch(ctx context.Context, url, branch string, cred store.Credentials) (store.Hash, bool, error) {
	h, ok, err := r.remoteBranch(ctx, url, branch, basicAuth(cred, url))
	if err != nil {
		return "", false, translate(err, url)
	}
	return hashOf(h), ok, nil
}

// FetchBranch fetches one branch from url, so that its commits are here,
// without keeping any reference to it.
func (r *Registry) FetchBranch(ctx context.Context, url, branch string, cred store.Credentials) error {
	if err := r.fetchBranch(ctx, url, branch, basicAuth(cred, url)); err != nil {
		return translate(err, url)
	}
	return nil
}

// PushBranch pushes a local branch to the branch of the same name at url.
// The push is never forced: the remote branch must be in the local branch's
// history (BuildShare makes sure of it).
func (r *Registry) PushBranch(ctx context.Context, url, branch string, cred store.Credentials) error {
	if err := r.pushBranch(ctx, url, branch, basicAuth(cred, url)); err != nil {
		return translate(err, url)
	}
	return nil
}
