// Package storetest is the conformance suite of store.Store: one set of
// cases that every store must pass, the go-git store and the in-memory fake
// alike, so that what a test learns with the fake holds with Git. A store
// joins by giving a Factory; Run runs every case against it.
package storetest

import (
	"io/fs"
	"testing"
	"time"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// Options say what world a store under test lives in.
type Options struct {
	// Remote makes the store a clone of a shared remote whose main branch
	// holds the seed as one commit, "init"; without it the store holds the
	// seed as one commit and has no origin (as the demo).
	Remote bool
	// Plain makes the store a plain folder holding the seed: readable, not
	// a repository. Remote is then ignored.
	Plain bool
}

// Factory builds the store under test, and the world around it, from a seed
// registry.
type Factory func(t *testing.T, seed fs.FS, opts Options) Harness

// Harness is one store under test and what a case needs to act around it:
// other clones of the same remote, the remote itself (taken offline, made to
// refuse pushes, written to by someone else), hand edits in a work tree, and
// other repositories for share branches. Methods fail the test on error.
type Harness interface {
	// Store is the store under test.
	Store() store.Store
	// Clone makes another store cloned from the same remote (Remote only).
	Clone(t *testing.T) store.Store
	// SetReachable takes the remote offline (false) or back online.
	SetReachable(t *testing.T, up bool)
	// RefusePushes makes the remote refuse every push with why, as a hook
	// would; "" accepts pushes again.
	RefusePushes(t *testing.T, why string)
	// PushAs records ch on the remote's main branch as who, as another
	// person pushing would, and returns the commit.
	PushAs(t *testing.T, ch catalogue.Change, who catalogue.Identity) store.Hash
	// RemoteHead is the remote's main branch.
	RemoteHead(t *testing.T) store.Hash
	// RemoteFile reads a file of the remote's main branch; ok is false when
	// it is absent.
	RemoteFile(t *testing.T, name string) (data []byte, ok bool)
	// RemoteLog lists the subjects of the remote main's commits along
	// first parents, newest first.
	RemoteLog(t *testing.T) []string
	// EditFile changes the work tree of s (the store under test or a clone)
	// by hand, without committing: data is the new content, nil removes
	// the file.
	EditFile(t *testing.T, s store.Store, name string, data []byte)
	// CommitWork commits the work tree of s as it is, as git commit -a
	// does.
	CommitWork(t *testing.T, s store.Store, message string)
	// NewRepository makes an empty repository (a fork, say) that the store
	// can reach, and returns its URL.
	NewRepository(t *testing.T) string
	// MissingURL is a URL where no repository is.
	MissingURL(t *testing.T) string
}

// Someone is who writes in the cases.
var Someone = catalogue.Identity{Name: "Camille Martin", Email: "camille@example.org", Actor: "sevres"}

// Other is the other person who writes to the remote.
var Other = catalogue.Identity{Name: "Dominique Petit", Email: "dominique@example.org", Actor: "vanves"}

// At is the time of the cases' writes.
var At = time.Date(2026, 3, 2, 10, 15, 0, 0, time.UTC)
