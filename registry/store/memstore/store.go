// Package memstore is an in-memory store.Store: a registry's history as
// commits of full file snapshots, a work tree, local branches, and remotes
// shared by several stores (several people's clones) that can be taken
// offline or made to refuse pushes. It imports no Git library and touches
// no disk, so the TUI's and share's tests run without real Git; it passes the
// same conformance suite as the go-git store (package storetest).
//
// Its behaviour is the go-git store's: a write commits at once, then pushes
// unless offline; a refused push fetches, replays the local commits on the
// remote's (dropping those the remote already holds, keeping the ones that
// conflict on a codal/conflict-<time> branch) and pushes again. Hashes are
// SHA-1 of a deterministic serialization of each commit. A Store is safe for
// concurrent use: one mutex serializes its operations, as the go-git store's
// lock does.
package memstore

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"path"
	"sync"
	"testing/fstest"
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// mainBranch is the branch a registry is published on.
const mainBranch = "main"

// Options tune a new store.
type Options struct {
	// Name is what Dir returns ("memstore" when empty).
	Name string
	// Network is where remotes are found by URL (origin, forks); nil: none.
	Network *Network
	// Credentials gives the user name and password for a remote's URL.
	Credentials store.Credentials
	// Plain makes a store of a plain folder: it can be read, not written.
	Plain bool
	// Now gives the time of writes made with a zero time (time.Now when
	// nil).
	Now func() time.Time
}

// Store is a registry in memory: its local branches and commits, its work
// tree, and its origin remote (found on the network by URL).
type Store struct {
	mu        sync.Mutex
	opts      Options
	name      string
	plain     bool
	origin    string
	objects   objects
	branch    string
	branches  map[string]store.Hash
	tracking  map[string]store.Hash // origin's branches as of the last fetch
	work      files
	lastFetch time.Time
}

var _ store.Store = (*Store)(nil)

// New makes a store that lives only here (no origin) holding the files of
// seed as one commit, "init", by who at when (as codal init of the demo
// does). With opts.Plain it is a plain folder instead: no commit, no branch.
func New(seed fs.FS, who catalogue.Identity, when time.Time, opts Options) (*Store, error) {
	snap, err := readSeed(seed)
	if err != nil {
		return nil, err
	}
	s := newStore(opts)
	if _, ok := snap[catalogue.MetaFile]; !ok {
		return nil, errNoRegistry(s.name)
	}
	s.work = snap.clone()
	if opts.Plain {
		s.plain = true
		return s, nil
	}
	c := newCommit(nil, snap, "init", who, s.when(when))
	s.objects[c.hash] = c
	s.branches[mainBranch] = c.hash
	return s, nil
}

// Clone makes a store cloned from the remote at url on opts.Network: its
// main branch, checked out, with origin pointing at url.
func Clone(ctx context.Context, url string, opts Options) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, i18n.Wrap(err, i18n.T("clonage interrompu", "clone interrupted"))
	}
	s := newStore(opts)
	r := opts.Network.Remote(url)
	if r == nil {
		return nil, errRepoNotFound(url)
	}
	h, err := r.fetch(s.objects, mainBranch, opts.Credentials)
	if err != nil {
		return nil, err
	}
	if h.IsZero() {
		return nil, i18n.Errorf(i18n.T("impossible de cloner %s : le dépôt distant est vide", "cannot clone %s: the remote repository is empty"), url)
	}
	snap := s.objects.snapshot(h)
	if _, ok := snap[catalogue.MetaFile]; !ok {
		return nil, i18n.Wrap(store.ErrNoRegistry, i18n.T("%s n'est pas un registre codal : registry.yaml est absent du dépôt",
			"%s is not a codal registry: the repository has no registry.yaml"), url)
	}
	s.origin = url
	s.branches[mainBranch] = h
	s.tracking[mainBranch] = h
	s.work = snap.clone()
	s.lastFetch = s.now()
	return s, nil
}

func newStore(opts Options) *Store {
	name := opts.Name
	if name == "" {
		name = "memstore"
	}
	return &Store{opts: opts, name: name, objects: objects{}, branch: mainBranch,
		branches: map[string]store.Hash{}, tracking: map[string]store.Hash{}, work: files{}}
}

// readSeed reads every regular file of fsys into a snapshot.
func readSeed(fsys fs.FS) (files, error) {
	snap := files{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return nil // a registry holds regular files only
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		snap[p] = data
		return nil
	})
	if err != nil {
		return nil, i18n.Wrap(err, i18n.T("lecture du registre impossible : %v", "cannot read the registry: %v"), err)
	}
	return snap, nil
}

func (s *Store) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

func (s *Store) when(t time.Time) time.Time {
	if t.IsZero() {
		return s.now()
	}
	return t
}

// Dir is the store's name (it has no folder).
func (s *Store) Dir() string { return s.name }

// IsGit is false for a plain folder.
func (s *Store) IsGit() bool { return !s.plain }

// Load reads the work tree into a catalogue (the kinds given, every kind
// when none).
func (s *Store) Load(kinds ...catalogue.Kind) (*catalogue.Catalogue, error) {
	s.mu.Lock()
	fsys := mapFS(s.work)
	s.mu.Unlock()
	c, err := catalogue.LoadOnly(fsys, kinds...)
	if errors.Is(err, catalogue.ErrNoMeta) {
		return nil, errNoRegistry(s.name)
	}
	return c, err
}

// mapFS serves a snapshot as a file system.
func mapFS(f files) fstest.MapFS {
	m := make(fstest.MapFS, len(f))
	for p, d := range f {
		m[p] = &fstest.MapFile{Data: d, Mode: 0o644}
	}
	return m
}

// ReadFile reads a file of the work tree.
func (s *Store) ReadFile(name string) ([]byte, error) {
	name = path.Clean(name)
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.work[name]
	if !ok || !fs.ValidPath(name) {
		return nil, errFileNotFound(name)
	}
	return bytes.Clone(d), nil
}

// WriteWorkFile edits the work tree by hand, as a person with an editor
// does: data is the file's new content, nil removes it. Nothing is
// committed.
func (s *Store) WriteWorkFile(name string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if data == nil {
		delete(s.work, name)
	} else {
		s.work[name] = bytes.Clone(data)
	}
}

// CommitWork commits the work tree as it is on the checked-out branch, as
// git commit -a does, and returns the commit (ErrNoChange, wrapped, when it
// holds nothing new).
func (s *Store) CommitWork(message string, who catalogue.Identity, when time.Time) (store.Hash, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plain {
		return "", errNotGit(s.name)
	}
	parent := s.branches[s.branch]
	if s.objects.snapshot(parent).equal(s.work) {
		return "", errNoChange()
	}
	c := newCommit([]store.Hash{parent}, s.work.clone(), message, who, s.when(when))
	s.objects[c.hash] = c
	s.branches[s.branch] = c.hash
	return c.hash, nil
}

// State is the local branch against origin's as of the last fetch.
func (s *Store) State() (store.SyncState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state(), nil
}

func (s *Store) state() store.SyncState {
	if s.plain {
		return store.SyncState{}
	}
	st := store.SyncState{Branch: s.branch, Head: s.branches[s.branch], HasRemote: s.origin != "", LastFetch: s.lastFetch}
	if st.HasRemote {
		a, b := s.objects.diverge(st.Head, s.tracking[s.branch])
		st.Ahead, st.Behind = len(a), len(b)
	}
	return st
}
