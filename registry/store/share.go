package store

import (
	"context"
	"time"

	"github.com/gpso/codal/registry/catalogue"
)

// ShareBranchPrefix starts the name of the local branches that hold an
// entry proposed as a pull request (codal/snippet-<id>, codal/request-<id>…).
const ShareBranchPrefix = catalogue.ShareBranchPrefix

// Credentials gives, for a remote's URL, the user name and password to send
// (for GitHub, "x-access-token" and a token), ok false for none. A store asks
// it for each URL it reaches, so the rule of which host may receive a token
// lives with whoever owns the token.
type Credentials func(url string) (user, password string, ok bool)

// Branches keeps the local share branches.
type Branches interface {
	// BranchHead is the commit of a local branch; ok is false when there is
	// no such branch.
	BranchHead(name string) (h Hash, ok bool, err error)
	// SetBranch points a local branch (not the checked-out one) at h.
	SetBranch(name string, h Hash, who catalogue.Identity, when time.Time) error
	// DeleteBranch deletes a local branch (not the checked-out one).
	DeleteBranch(name string) error
	// ShareBranches lists the local share branches, sorted.
	ShareBranches() ([]string, error)
	// PruneShareBranches deletes the share branches whose entry is upstream
	// exactly as on the branch, and returns their names.
	PruneShareBranches() ([]string, error)
	// Unshared tells whether an entry was added or changed here.
	Unshared(k catalogue.Kind, id string) (Unshared, error)
	// AddSnippet commits a new snippet on its local share branch and writes
	// its folder in the work tree; it returns the snippet's id.
	AddSnippet(ctx context.Context, ns catalogue.NewSnippet, who catalogue.Identity, when time.Time) (string, error)
	// AddEntry adds a new entry of kind k the way AddSnippet adds a
	// snippet: prepare (catalogue.(*Catalogue).PrepareTraining,
	// PrepareTip…) runs on the store's catalogue under its lock, told
	// which ids the store's folders, share branches and commits use; the
	// entry is committed on its local share branch, checked as lint
	// would, and written in the work tree. It returns the entry's id.
	AddEntry(ctx context.Context, k catalogue.Kind, prepare catalogue.EntryPreparer, who catalogue.Identity, when time.Time) (string, error)
}

// Proposer builds and pushes the commits of a pull request.
type Proposer interface {
	// OriginURL is the URL of the origin remote ("" when none).
	OriginURL() string
	// Head is the checked-out branch's commit.
	Head() (Hash, error)
	// RemoteHead is origin's branch as of the last fetch.
	RemoteHead(branch string) (h Hash, ok bool, err error)
	// EntryFiles reads an entry's files in the work tree (links refused).
	EntryFiles(k catalogue.Kind, id string) (map[string][]byte, error)
	// EntryFilesAt reads an entry's files in commit h.
	EntryFilesAt(h Hash, k catalogue.Kind, id string) (map[string][]byte, error)
	// BuildShare builds the commit proposing an entry's files on top of
	// base (and of tip, the branch's earlier proposal, when not zero); it
	// returns ErrNoChange (wrapped) when base already holds them.
	BuildShare(base, tip Hash, k catalogue.Kind, id string, files map[string][]byte, message string, who catalogue.Identity, when time.Time) (Hash, error)
	// LoadCommit loads the catalogue as of commit h.
	LoadCommit(h Hash) (*catalogue.Catalogue, error)
	// HasCommit reports whether the commit's objects are here.
	HasCommit(h Hash) bool
	// RemoteBranch asks the repository at url for a branch's commit.
	RemoteBranch(ctx context.Context, url, branch string, cred Credentials) (h Hash, ok bool, err error)
	// FetchBranch fetches a branch of the repository at url.
	FetchBranch(ctx context.Context, url, branch string, cred Credentials) error
	// PushBranch pushes a local branch to the same branch at url.
	PushBranch(ctx context.Context, url, branch string, cred Credentials) error
}

// Sharer is what share needs: share branches, and proposals.
type Sharer interface {
	Branches
	Proposer
}

// EntryDiff lists an entry's files that differ between two versions.
type EntryDiff struct {
	Added, Modified, Removed []string
}

// Empty reports whether the files are the same.
func (d EntryDiff) Empty() bool {
	return len(d.Added)+len(d.Modified)+len(d.Removed) == 0
}

// Unshared is what an entry has here that the shared registry does not, as
// far as the last fetch knows: its files compared with the remote's copy,
// and its local share branch.
type Unshared struct {
	// Base is the commit the files are compared with: origin's branch of
	// the checked-out one as of the last fetch, else HEAD.
	Base Hash
	// Remote is true when Base is the remote's.
	Remote bool
	// Diff is how the work tree's files differ from Base's.
	Diff EntryDiff
	// Branch is the entry's local share branch ("" when there is none).
	Branch string
}

// Any reports whether there is something to propose: changed files or a
// share branch.
func (u Unshared) Any() bool { return !u.Diff.Empty() || u.Branch != "" }
