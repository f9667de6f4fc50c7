// Package store says what codal needs of the place a registry lives: read it,
// know how it stands against its shared copy, write to it (commit, then
// share), sync it, and keep share branches for pull requests. It holds the
// interfaces, the values they exchange and the sentinel errors; it imports
// no Git library. The go-git implementation is package registry (the only
// package that imports go-git); package memstore is an in-memory fake that
// passes the same conformance suite (package storetest).
//
// The interfaces are small roles, so a caller asks for what it uses: the
// TUI's browser a Reader and a Stater, a command that votes a Writer, share a
// Sharer. Store is all of them.
package store

import (
	"context"
	"time"

	"github.com/gpso/codal/registry/catalogue"
)

// Hash names a commit: 40 hexadecimal digits, or "" for none.
type Hash string

// IsZero reports whether h names no commit.
func (h Hash) IsZero() bool { return h == "" }

// String is the hash's hexadecimal digits.
func (h Hash) String() string { return string(h) }

// Short is the hash's first seven digits, as Git shows them.
func (h Hash) Short() string {
	if len(h) > 7 {
		return string(h[:7])
	}
	return string(h)
}

// Reader reads a registry: its catalogue and its files.
type Reader interface {
	// Dir is the registry's folder (absolute), or a name for a store that
	// has none.
	Dir() string
	// Load reads the kinds given (every kind when none) into a catalogue.
	Load(kinds ...catalogue.Kind) (*catalogue.Catalogue, error)
	// ReadFile reads a file by its path from the registry's root, such as
	// "snippets/siren-luhn/siren.js". A symbolic link is refused.
	ReadFile(name string) ([]byte, error)
}

// Stater tells how the registry stands against its shared copy.
type Stater interface {
	// IsGit is false for a plain folder, which can only be read.
	IsGit() bool
	// State is the local branch against the remote's, as of the last
	// fetch; it touches no network.
	State() (SyncState, error)
}

// Writer records changes: each is a local commit first, then shared.
type Writer interface {
	// Write commits ch as who at when (zero: now), then shares it unless
	// opts.Offline. The error is for a write that did not happen; a commit
	// that could not be shared is a success whose Sync.Reason says why.
	Write(ctx context.Context, ch catalogue.Change, who catalogue.Identity, when time.Time, opts WriteOptions) (WriteResult, error)
}

// Syncer brings the registry and its remote together.
type Syncer interface {
	// Sync fetches, integrates the remote's commits and pushes the local
	// ones; with offline it only reports the state.
	Sync(ctx context.Context, offline bool) (SyncResult, error)
	// Fetch brings the remote's commits without touching the branch.
	Fetch(ctx context.Context) error
}

// SyncState is how the local branch stands against the remote's.
type SyncState struct {
	// HasRemote is false for a registry that only lives here (the demo).
	HasRemote bool `json:"has_remote"`
	// Branch is the local branch, usually main.
	Branch string `json:"branch"`
	// Ahead counts local commits not on the remote: changes not shared yet.
	Ahead int `json:"ahead"`
	// Behind counts remote commits not here yet (as of the last fetch).
	Behind int `json:"behind"`
	// LastFetch is when codal last fetched from the remote (zero if never).
	LastFetch time.Time `json:"last_fetch,omitzero"`
	// Head is the local branch's commit ("" before the first). It comes
	// last, as codal's JSON output has always had it.
	Head Hash `json:"head,omitempty"`
}

// Store is every role: what cmd/codal wires and the TUI is given.
type Store interface {
	Reader
	Stater
	Writer
	Syncer
	Sharer
}

// Indexer answers the cheap questions a derived index of the catalogue asks
// before it trusts itself: which tree is checked out, and which paths
// differ between two trees. Neither walks the registry.
type Indexer interface {
	// Head is the commit checked out ("" before the first): reading
	// the reference only, so an index that recorded it knows its tree.
	Head() (Hash, error)
	// HeadTree is the tree of the commit checked out ("" before the
	// first commit).
	HeadTree() (Hash, error)
	// ChangedPaths lists the files (not folders) that differ between the
	// trees from and to ("" is the empty tree), sorted, reading only the
	// subtrees that differ. It fails when either tree is not in the
	// repository (for instance after a force-push and a garbage
	// collection): the caller then loads everything again.
	ChangedPaths(from, to Hash) ([]string, error)
}
