package memstore

import (
	"bytes"
	"context"
	"sort"
	"strings"
	"time"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// entryFiles picks the entry's files from a snapshot; with visible, hidden
// files (a name starting with a dot under the entry's root) are left out,
// as the go-git store leaves them out of the work tree's.
func entryFiles(f files, k catalogue.Kind, id string, visible bool) map[string][]byte {
	out := map[string][]byte{}
	root := catalogue.EntryRoot(k, id)
	for p, d := range f {
		if !catalogue.InEntry(k, id, p) {
			continue
		}
		if visible && strings.Contains("/"+strings.TrimPrefix(p, root), "/.") {
			continue
		}
		out[p] = bytes.Clone(d)
	}
	return out
}

// BranchHead is a local branch's commit.
func (s *Store) BranchHead(name string) (store.Hash, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.branches[name]
	return h, ok, nil
}

// SetBranch points a local branch (not the checked-out one) at h.
func (s *Store) SetBranch(name string, h store.Hash, who catalogue.Identity, when time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plain {
		return errNotGit(s.name)
	}
	if name == s.branch {
		return errCheckedOut(name)
	}
	if s.objects[h] == nil {
		return errCommitNotFound(h)
	}
	s.branches[name] = h
	return nil
}

// DeleteBranch deletes a local branch (not the checked-out one); deleting
// a branch that does not exist does nothing.
func (s *Store) DeleteBranch(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plain {
		return errNotGit(s.name)
	}
	if name == s.branch {
		return errCheckedOut(name)
	}
	delete(s.branches, name)
	return nil
}

// ShareBranches lists the local share branches, sorted.
func (s *Store) ShareBranches() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shareBranches(), nil
}

func (s *Store) shareBranches() []string {
	var out []string
	for b := range s.branches {
		if _, _, ok := catalogue.ParseShareBranch(b); ok && b != s.branch {
			out = append(out, b)
		}
	}
	sort.Strings(out)
	return out
}

// PruneShareBranches deletes the share branches whose entry is on origin's
// branch (as of the last fetch) exactly as on the branch.
func (s *Store) PruneShareBranches() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.prune(), nil
}

func (s *Store) prune() []string {
	upstream, ok := s.tracking[s.branch]
	if s.plain || s.origin == "" || !ok || upstream.IsZero() {
		return nil
	}
	up := s.objects.snapshot(upstream)
	var deleted []string
	for _, b := range s.shareBranches() {
		k, id, _ := catalogue.ParseShareBranch(b)
		tip := s.objects.snapshot(s.branches[b])
		if mapsEqual(entryFiles(tip, k, id, false), entryFiles(up, k, id, false)) {
			delete(s.branches, b)
			deleted = append(deleted, b)
		}
	}
	return deleted
}

func mapsEqual(a, b map[string][]byte) bool { return files(a).equal(files(b)) }

// Unshared compares the entry's files in the work tree with origin's branch
// as of the last fetch (else the checked-out branch), and names its share
// branch.
func (s *Store) Unshared(k catalogue.Kind, id string) (store.Unshared, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var u store.Unshared
	if s.plain {
		return u, errNotGit(s.name)
	}
	u.Base = s.branches[s.branch]
	if h, ok := s.tracking[s.branch]; ok && !h.IsZero() {
		u.Base, u.Remote = h, true
	}
	now := entryFiles(s.work, k, id, true)
	old := entryFiles(s.objects.snapshot(u.Base), k, id, false)
	for _, c := range diff(old, now) {
		switch {
		case !c.hadFrom:
			u.Diff.Added = append(u.Diff.Added, c.path)
		case !c.hasTo:
			u.Diff.Removed = append(u.Diff.Removed, c.path)
		default:
			u.Diff.Modified = append(u.Diff.Modified, c.path)
		}
	}
	if b := catalogue.ShareBranch(k, id); s.branches[b] != "" {
		u.Branch = b
	}
	return u, nil
}

// OriginURL is the URL of the origin remote ("" when none).
func (s *Store) OriginURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.origin
}

// Head is the checked-out branch's commit.
func (s *Store) Head() (store.Hash, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plain {
		return "", errNotGit(s.name)
	}
	return s.branches[s.branch], nil
}

// RemoteHead is origin's branch as of the last fetch.
func (s *Store) RemoteHead(branch string) (store.Hash, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.tracking[branch]
	return h, ok && !h.IsZero(), nil
}

// EntryFiles reads the entry's files in the work tree (hidden files left
// out).
func (s *Store) EntryFiles(k catalogue.Kind, id string) (map[string][]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return entryFiles(s.work, k, id, true), nil
}

// EntryFilesAt reads the entry's files in commit h.
func (s *Store) EntryFilesAt(h store.Hash, k catalogue.Kind, id string) (map[string][]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.objects[h]
	if c == nil {
		return nil, errCommitNotFound(h)
	}
	return entryFiles(c.files, k, id, false), nil
}

// BuildShare builds the commit proposing an entry's files on top of base:
// base's snapshot with the entry's files set to files. With tip (the share
// branch's earlier proposal), the commit descends from tip, with base as a
// second parent when tip's history lacks it; tip itself when it already
// holds that snapshot. ErrNoChange (wrapped) when base already holds the
// files.
func (s *Store) BuildShare(base, tip store.Hash, k catalogue.Kind, id string, fs map[string][]byte, message string, who catalogue.Identity, when time.Time) (store.Hash, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plain {
		return "", errNotGit(s.name)
	}
	return s.buildShare(base, tip, k, id, fs, message, who, s.when(when))
}

func (s *Store) buildShare(base, tip store.Hash, k catalogue.Kind, id string, fs map[string][]byte, message string, who catalogue.Identity, when time.Time) (store.Hash, error) {
	b := s.objects[base]
	if b == nil {
		return "", errCommitNotFound(base)
	}
	for p := range fs {
		if !catalogue.InEntry(k, id, p) || !catalogue.SafePath(p) {
			return "", errNotInEntry(p, string(k), id)
		}
	}
	edits := map[string][]byte{}
	for p := range entryFiles(b.files, k, id, false) {
		edits[p] = nil
	}
	for p, d := range fs {
		edits[p] = d
	}
	raised, err := catalogue.Change{Files: edits, MinFormat: catalogue.FilesFormat(fs)}.Raised(b.files[catalogue.MetaFile])
	if err != nil {
		return "", err
	}
	snap := b.files.apply(raised.Files)
	if snap.equal(b.files) {
		return "", errNoChange()
	}
	if tip.IsZero() || tip == base {
		c := newCommit([]store.Hash{base}, snap, message, who, when)
		s.objects[c.hash] = c
		return c.hash, nil
	}
	t := s.objects[tip]
	if t == nil {
		return "", errCommitNotFound(tip)
	}
	if t.files.equal(snap) {
		return tip, nil
	}
	parents := []store.Hash{tip}
	if !s.objects.reachable(tip)[base] {
		parents = append(parents, base)
	}
	c := newCommit(parents, snap, message, who, when)
	s.objects[c.hash] = c
	return c.hash, nil
}

// LoadCommit loads the catalogue as of commit h.
func (s *Store) LoadCommit(h store.Hash) (*catalogue.Catalogue, error) {
	s.mu.Lock()
	c := s.objects[h]
	s.mu.Unlock()
	if c == nil {
		return nil, errCommitNotFound(h)
	}
	cat, err := catalogue.Load(mapFS(c.files))
	if err != nil {
		return nil, errNoRegistry(h.Short())
	}
	return cat, nil
}

// HasCommit reports whether commit h is here.
func (s *Store) HasCommit(h store.Hash) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.objects[h] != nil
}

// remote finds the repository at url on the network.
func (s *Store) remote(ctx context.Context, url string) (*Remote, error) {
	if err := ctx.Err(); err != nil {
		return nil, errUnreachable(url)
	}
	if s.plain {
		return nil, errNotGit(s.name)
	}
	r := s.opts.Network.Remote(url)
	if r == nil {
		return nil, errRepoNotFound(url)
	}
	return r, nil
}

// RemoteBranch asks the repository at url for a branch's commit.
func (s *Store) RemoteBranch(ctx context.Context, url, branch string, cred store.Credentials) (store.Hash, bool, error) {
	r, err := s.remote(ctx, url)
	if err != nil {
		return "", false, err
	}
	h, ok, ierr := r.head(branch, cred)
	if ierr != nil {
		return "", false, ierr
	}
	return h, ok, nil
}

// FetchBranch brings the commits of a branch of the repository at url,
// without keeping any branch for it.
func (s *Store) FetchBranch(ctx context.Context, url, branch string, cred store.Credentials) error {
	r, err := s.remote(ctx, url)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ierr := r.fetch(s.objects, branch, cred)
	if ierr != nil {
		return ierr
	}
	if h.IsZero() {
		return errBranchNotFound(url, branch)
	}
	return nil
}

// PushBranch pushes a local branch to the same branch at url, never forced:
// the remote's branch must be in the local branch's history (ErrRejected,
// wrapped, otherwise).
func (s *Store) PushBranch(ctx context.Context, url, branch string, cred store.Credentials) error {
	r, err := s.remote(ctx, url)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tip, ok := s.branches[branch]
	if !ok {
		return errBranchNotFound(s.name, branch)
	}
	cur, _, ierr := r.head(branch, cred)
	if ierr != nil {
		return ierr
	}
	if cur == tip {
		return nil
	}
	if !cur.IsZero() && !s.objects.reachable(tip)[cur] {
		return errRejected(url, branch)
	}
	if ierr := r.push(s.objects, branch, cur, tip, cred); ierr != nil {
		return ierr
	}
	return nil
}
