package registry

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"

	"github.com/gpso/codal/i18n"
)

// Remote is the name of the remote a registry syncs with.
const Remote = "origin"

// SyncState is how a registry stands against its remote.
type SyncState struct {
	// HasRemote is false for a registry that only lives here (the demo).
	HasRemote bool
	// Branch is the local branch, usually main.
	Branch string
	// Ahead counts local commits not on the remote: changes not shared yet.
	Ahead int
	// Behind counts remote commits not here yet.
	Behind int
	// LastFetch is when codal last fetched from the remote (zero if never).
	LastFetch time.Time
}

// Clone clones the registry at url (a URL or a local path) into dir, which
// must not exist or be empty. Git's progress goes to progress when not nil.
// The clone is made beside dir and moved into place when complete and
// readable as a registry, so a failed clone leaves nothing behind.
func Clone(ctx context.Context, url, dir string, progress io.Writer) (*Registry, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, i18n.Wrap(err, i18n.T("chemin invalide %q", "invalid path %q"), dir)
	}
	if err := checkEmptyTarget(abs); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, i18n.Wrap(err, i18n.T("impossible de créer %s : %v", "cannot create %s: %v"), filepath.Dir(abs), err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".clone-")
	if err != nil {
		return nil, i18n.Wrap(err, i18n.T("impossible d'écrire dans %s : %v", "cannot write in %s: %v"), filepath.Dir(abs), err)
	}
	defer os.RemoveAll(tmp)
	src := url
	if local, err := filepath.Abs(url); err == nil && !strings.Contains(url, "://") && !strings.Contains(url, "@") {
		if _, err := os.Stat(local); err == nil {
			src = local
		}
	}
	opts := &git.CloneOptions{URL: src, RemoteName: Remote}
	if progress != nil {
		opts.Progress = progress
	}
	if _, err := git.PlainCloneContext(ctx, tmp, false, opts); err != nil {
		return nil, i18n.Wrap(err, i18n.T("impossible de cloner %s : %s", "cannot clone %s: %s"), url, describeGitError(err))
	}
	if _, err := os.Stat(filepath.Join(tmp, MetaFile)); err != nil {
		return nil, i18n.Errorf(i18n.T("%s n'est pas un registre codal : registry.yaml est absent du dépôt", "%s is not a codal registry: the repository has no registry.yaml"), url)
	}
	touchFetch(tmp)
	if err := os.Remove(abs); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, i18n.Wrap(err, i18n.T("impossible de remplacer %s : %v", "cannot replace %s: %v"), abs, err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		return nil, i18n.Wrap(err, i18n.T("impossible de placer le registre dans %s : %v", "cannot move the registry into %s: %v"), abs, err)
	}
	return Open(abs)
}

// describeGitError turns go-git's errors into a short reason for people.
func describeGitError(err error) string {
	switch {
	case errors.Is(err, transport.ErrRepositoryNotFound):
		return i18n.T("dépôt introuvable", "repository not found").In(i18n.FR)
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed):
		return i18n.T("authentification refusée", "authentication refused").In(i18n.FR)
	case errors.Is(err, transport.ErrEmptyRemoteRepository):
		return i18n.T("le dépôt distant est vide", "the remote repository is empty").In(i18n.FR)
	}
	return err.Error()
}

// HasRemote reports whether the registry has an origin remote.
func (r *Registry) HasRemote() bool {
	if r.repo == nil {
		return false
	}
	_, err := r.repo.Remote(Remote)
	return err == nil
}

// branch returns the checked-out branch's short name.
func (r *Registry) branch() (string, error) {
	head, err := r.repo.Head()
	if err != nil {
		return "", err
	}
	if !head.Name().IsBranch() {
		return "", i18n.Errorf(i18n.T("le registre %s n'est sur aucune branche (HEAD détachée)", "the registry %s is on no branch (detached HEAD)"), r.Dir)
	}
	return head.Name().Short(), nil
}

// Fetch updates the remote-tracking branch from origin.
func (r *Registry) Fetch(ctx context.Context) error {
	if !r.HasRemote() {
		return nil
	}
	err := r.repo.FetchContext(ctx, &git.FetchOptions{RemoteName: Remote})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return i18n.Wrap(err, i18n.T("impossible de joindre le dépôt distant : %s", "cannot reach the remote repository: %s"), describeGitError(err))
	}
	touchFetch(filepath.Join(r.Dir))
	return nil
}

// State reports how far the local branch is ahead of and behind its remote
// counterpart, as of the last fetch (no network).
func (r *Registry) State() (SyncState, error) {
	st := SyncState{}
	if r.repo == nil {
		return st, nil
	}
	br, err := r.branch()
	if err != nil {
		return st, err
	}
	st.Branch = br
	st.HasRemote = r.HasRemote()
	st.LastFetch = lastFetch(r.Dir)
	if !st.HasRemote {
		return st, nil
	}
	local, err := r.repo.Reference(plumbing.NewBranchReferenceName(br), true)
	if err != nil {
		return st, err
	}
	remote, err := r.repo.Reference(plumbing.NewRemoteReferenceName(Remote, br), true)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		set, err := r.reachable(local.Hash())
		st.Ahead = len(set)
		return st, err
	}
	if err != nil {
		return st, err
	}
	st.Ahead, st.Behind, err = r.aheadBehind(local.Hash(), remote.Hash())
	return st, err
}

// aheadBehind counts the commits reachable from a and not b, and from b and
// not a.
func (r *Registry) aheadBehind(a, b plumbing.Hash) (int, int, error) {
	if a == b {
		return 0, 0, nil
	}
	fromA, err := r.reachable(a)
	if err != nil {
		return 0, 0, err
	}
	fromB, err := r.reachable(b)
	if err != nil {
		return 0, 0, err
	}
	ahead, behind := 0, 0
	for h := range fromA {
		if !fromB[h] {
			ahead++
		}
	}
	for h := range fromB {
		if !fromA[h] {
			behind++
		}
	}
	return ahead, behind, nil
}

// reachable returns every commit reachable from h.
func (r *Registry) reachable(h plumbing.Hash) (map[plumbing.Hash]bool, error) {
	seen := map[plumbing.Hash]bool{}
	stack := []plumbing.Hash{h}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[cur] {
			continue
		}
		seen[cur] = true
		c, err := object.GetCommit(r.repo.Storer, cur)
		if err != nil {
			return nil, err
		}
		stack = append(stack, c.ParentHashes...)
	}
	return seen, nil
}

// Pull fetches from origin and fast-forwards the local branch when it is
// strictly behind. Local commits not yet shared are never touched: when the
// branch is ahead, Pull only fetches (pushing is Sync's job).
func (r *Registry) Pull(ctx context.Context) (SyncState, error) {
	if r.repo == nil {
		return SyncState{}, i18n.Errorf(i18n.T("%s n'est pas un dépôt Git : rien à synchroniser", "%s is not a Git repository: nothing to sync"), r.Dir)
	}
	if !r.HasRemote() {
		return r.State()
	}
	if err := r.Fetch(ctx); err != nil {
		return SyncState{}, err
	}
	st, err := r.State()
	if err != nil || st.Behind == 0 || st.Ahead > 0 {
		return st, err
	}
	remote, err := r.repo.Reference(plumbing.NewRemoteReferenceName(Remote, st.Branch), true)
	if err != nil {
		return st, err
	}
	if err := r.fastForward(remote.Hash()); err != nil {
		return st, err
	}
	return r.State()
}

// fastForward moves the checked-out branch to target, updating the work tree.
// It refuses when tracked files have local changes.
func (r *Registry) fastForward(target plumbing.Hash) error {
	wt, err := r.repo.Worktree()
	if err != nil {
		return err
	}
	status, err := wt.Status()
	if err != nil {
		return err
	}
	for file, s := range status {
		if s.Worktree != git.Untracked && (s.Worktree != git.Unmodified || s.Staging != git.Unmodified) {
			return i18n.Errorf(i18n.T("le fichier %s a des modifications locales non enregistrées : enregistrez-les (git commit) ou annulez-les avant de synchroniser",
				"the file %s has local changes that are not committed: commit or discard them before syncing"), file)
		}
	}
	return wt.Reset(&git.ResetOptions{Commit: target, Mode: git.MergeReset})
}

const fetchStamp = "codal-last-fetch"

func touchFetch(dir string) {
	p := filepath.Join(dir, ".git", fetchStamp)
	_ = os.WriteFile(p, []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644)
}

func lastFetch(dir string) time.Time {
	data, err := os.ReadFile(filepath.Join(dir, ".git", fetchStamp))
	if err != nil {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339, strings.TrimSpace(string(data)))
	return t
}
