package registry

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// Remote is the name of the remote a registry syncs with.
const Remote = "origin"

// CloneOptions are the options of CloneWith.
type CloneOptions struct {
	// Auth gives the credentials for the URL (nil: none, or those the URL
	// holds); see Registry.Auth.
	Auth store.Credentials
	// Remote prints the server's side band (nil: nowhere). Off a terminal,
	// the server is asked for no progress at all.
	Remote *RemoteOutput
	// Files, when set, is told how many files of the work tree the
	// checkout has written: a few times a second while it runs, then once
	// with the total (nil: nothing is told).
	Files func(written int)
}

// Clone clones the registry at url (a URL or a local path) into dir, which
// must not exist or be empty. When progress is a *RemoteOutput on a
// terminal, Git's progress goes there, cleaned; any other writer receives
// nothing (see RemoteOutput). The clone is made beside dir and moved into
// place when complete and readable as a registry, so a failed clone leaves
// nothing behind.
func Clone(ctx context.Context, url, dir string, progress io.Writer) (*Registry, error) {
	out, _ := progress.(*RemoteOutput)
	return CloneWith(ctx, url, dir, CloneOptions{Remote: out})
}

// CloneWith is Clone with credentials. Messages never show a password the
// URL holds (see RedactURL).
func CloneWith(ctx context.Context, url, dir string, o CloneOptions) (*Registry, error) {
	st, err := stage(dir, "clone")
	if err != nil {
		return nil, err
	}
	defer st.discard()
	src := url
	if local, err := filepath.Abs(url); err == nil && !strings.Contains(url, "://") && !strings.Contains(url, "@") {
		if _, err := os.Stat(local); err == nil {
			src = local
		}
	}
	// The work tree is written by checkoutTree, not by go-git (checkout.go).
	opts := &git.CloneOptions{URL: src, RemoteName: Remote, NoCheckout: true}
	opts.Auth = basicAuth(o.Auth, src)
	if o.Remote.Terminal() {
		out := NewRemoteOutput(o.Remote.w, true)
		defer out.Flush()
		opts.Progress = out
	}
	shown := store.RedactURL(url)
	repo, err := git.PlainCloneContext(ctx, st.tmp, false, opts)
	var tree *object.Tree
	if err == nil {
		tree, err = headTree(repo)
	}
	if err != nil {
		why := translate(err, url)
		return nil, i18n.Wrap(why, i18n.T("impossible de cloner : %s", "cannot clone: %s"), why)
	}
	notRegistry := i18n.Wrap(store.ErrNoRegistry, i18n.T("%s n'est pas un registre codal : registry.yaml est absent du dépôt", "%s is not a codal registry: the repository has no registry.yaml"), shown)
	if _, err := tree.FindEntry(catalogue.MetaFile); err != nil {
		return nil, notRegistry // before writing a file
	}
	if err := checkoutTree(ctx, filepath.Join(st.tmp, git.GitDirName), st.tmp, tree.Hash, shown, o.Files); err != nil {
		why := translate(err, url)
		return nil, i18n.Wrap(why, i18n.T("impossible de cloner : %s", "cannot clone: %s"), why)
	}
	if _, err := os.Stat(filepath.Join(st.tmp, catalogue.MetaFile)); err != nil {
		return nil, notRegistry
	}
	touchFetch(filepath.Join(st.tmp, ".git"))
	return st.place()
}

// HasRemote reports whether the registry has an origin remote.
func (r *Registry) HasRemote() bool {
	if r.repo == nil {
		return false
	}
	_, err := r.repo.Remote(Remote)
	return err == nil
}

// Fetch updates the remote-tracking branch from origin (no integration:
// see Pull and Sync). A registry without a remote has nothing to fetch.
// Afterwards the registry's own go-git handle sees the objects fetched: call
// it from the goroutine that then reads them.
func (r *Registry) Fetch(ctx context.Context) (err error) {
	defer sentence(&err)
	s, err := r.begin(ctx)
	if err != nil {
		return err
	}
	defer s.end()
	defer r.reindex()
	if s.remoteURL() == "" {
		return nil
	}
	if _, err := s.fetch(ctx); err != nil {
		why := translate(err, s.remoteURL())
		return i18n.Wrap(why, i18n.T("impossible de joindre le dépôt distant : %s", "cannot reach the remote repository: %s"), why)
	}
	return nil
}

// State reports how far the local branch is ahead of (changes not shared
// yet) and behind its remote counterpart, as of the last fetch or push. It
// touches no network and takes no lock; its cost is that of the commits that
// differ, not of the whole history, so a status bar can call it often.
func (r *Registry) State() (_ store.SyncState, err error) {
	defer sentence(&err)
	if r.repo == nil {
		return store.SyncState{}, nil
	}
	s, err := r.openSession(gitDir(r))
	if err != nil {
		return store.SyncState{}, err
	}
	return s.state()
}

// Pull fetches from origin and integrates the remote's commits into the local
// branch: a fast-forward, or, when there are local commits not shared yet, a
// replay of them on top (see Sync); nothing is pushed. A file with local
// uncommitted changes in the way stops it before the branch moves.
func (r *Registry) Pull(ctx context.Context) (_ store.SyncState, err error) {
	defer sentence(&err)
	if r.repo == nil {
		return store.SyncState{}, errNotGit(r.dir)
	}
	s, err := r.begin(ctx)
	if err != nil {
		return store.SyncState{}, err
	}
	defer s.end()
	defer r.reindex()
	if s.remoteURL() == "" {
		return s.state()
	}
	remote, err := s.fetch(ctx)
	if err != nil {
		why := translate(err, s.remoteURL())
		return store.SyncState{}, i18n.Wrap(why, i18n.T("impossible de joindre le dépôt distant : %s", "cannot reach the remote repository: %s"), why)
	}
	local, err := s.head()
	if err != nil {
		return store.SyncState{}, err
	}
	in, err := s.integrate(local, remote, codalSig())
	if err != nil {
		return store.SyncState{}, err
	}
	if in.conflict != nil {
		return store.SyncState{}, in.conflict.Error()
	}
	return s.state()
}

// reindex makes the registry's long-lived go-git handle read the list of
// pack files again, so that it sees the objects a session fetched (sessions
// use handles of their own). go-git handles are not safe for concurrent use:
// only Fetch and Pull call it, for their caller's goroutine.
func (r *Registry) reindex() {
	if fs, ok := r.repo.Storer.(*filesystem.Storage); ok {
		fs.Reindex()
	}
}

const fetchStamp = "codal-last-fetch"

// touchFetch records when codal last heard from the remote.
func touchFetch(gitdir string) {
	p := filepath.Join(gitdir, fetchStamp)
	_ = os.WriteFile(p, []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644)
}

func lastFetch(gitdir string) time.Time {
	data, err := os.ReadFile(filepath.Join(gitdir, fetchStamp))
	if err != nil {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339, strings.TrimSpace(string(data)))
	return t
}
