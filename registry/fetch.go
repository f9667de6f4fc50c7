package registry

import (
	"context"
	"errors"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/store"
)

// refOverlay is the repository's storage with references kept in memory:
// go-git's fetch writes the objects it receives into the repository as usual,
// but the references it updates land here, and codal then writes the one it
// needs the crash-safe way (go-git rewrites reference files in place, which a
// killed process can leave empty).
type refOverlay struct {
	storage.Storer
	refs memory.ReferenceStorage
}

func newRefOverlay(s storage.Storer, seed ...*plumbing.Reference) *refOverlay {
	o := &refOverlay{Storer: s, refs: memory.ReferenceStorage{}}
	for _, r := range seed {
		if r != nil {
			o.refs[r.Name()] = r
		}
	}
	return o
}

func (o *refOverlay) SetReference(r *plumbing.Reference) error { return o.refs.SetReference(r) }
func (o *refOverlay) CheckAndSetReference(n, old *plumbing.Reference) error {
	return o.refs.CheckAndSetReference(n, old)
}
func (o *refOverlay) Reference(n plumbing.ReferenceName) (*plumbing.Reference, error) {
	return o.refs.Reference(n)
}
func (o *refOverlay) IterReferences() (storer.ReferenceIter, error) { return o.refs.IterReferences() }
func (o *refOverlay) RemoveReference(n plumbing.ReferenceName) error {
	return o.refs.RemoveReference(n)
}
func (o *refOverlay) CountLooseRefs() (int, error) { return o.refs.CountLooseRefs() }
func (o *refOverlay) PackRefs() error              { return nil }

// remoteURL returns the URL of the origin remote ("" when there is none).
func (s *session) remoteURL() string {
	cfg, err := s.repo.Config()
	if err != nil {
		return ""
	}
	rc, ok := cfg.Remotes[Remote]
	if !ok || len(rc.URLs) == 0 {
		return ""
	}
	return rc.URLs[0]
}

// fetch downloads the remote branch and records it in the remote-tracking
// reference; it returns the remote's commit (zero when the remote has no such
// branch yet).
func (s *session) fetch(ctx context.Context) (plumbing.Hash, error) {
	url := s.remoteURL()
	if url == "" {
		return plumbing.ZeroHash, errNoRemote
	}
	seed := []*plumbing.Reference{}
	for _, n := range []plumbing.ReferenceName{s.branch, s.tracking} {
		if h, err := readRef(s.repo, n); err == nil && !h.IsZero() {
			seed = append(seed, plumbing.NewHashReference(n, h))
		}
	}
	ov := newRefOverlay(s.repo.Storer, seed...)
	rem := git.NewRemote(ov, &config.RemoteConfig{Name: Remote, URLs: []string{url}})
	spec := config.RefSpec("+" + s.branch.String() + ":" + s.tracking.String())
	opts := &git.FetchOptions{RemoteName: Remote, RefSpecs: []config.RefSpec{spec}, Tags: git.NoTags, Auth: s.r.auth(url)}
	if s.r.Remote.Terminal() {
		// Off a terminal, go-git asks the server for no progress and drops
		// its side band.
		out := s.r.remoteOutput()
		defer out.Flush()
		opts.Progress = out
	}
	err := rem.FetchContext(ctx, opts)
	switch {
	case err == nil, errors.Is(err, git.NoErrAlreadyUpToDate):
	case errors.Is(err, git.NoMatchingRefSpecError{}), errors.Is(err, transport.ErrEmptyRemoteRepository):
		return plumbing.ZeroHash, nil // the remote has no such branch yet
	default:
		return plumbing.ZeroHash, err
	}
	ref, err := ov.refs.Reference(s.tracking)
	if err != nil {
		return plumbing.ZeroHash, nil
	}
	old, _ := readRef(s.repo, s.tracking)
	if old != ref.Hash() {
		if err := setRef(s.repo, s.gitdir, s.tracking, ref.Hash(), nil, codalSig(), "fetch"); err != nil {
			return plumbing.ZeroHash, err
		}
	}
	touchFetch(s.gitdir)
	return ref.Hash(), nil
}

// errNoRemote is returned when the registry has no origin remote.
var errNoRemote = i18n.Wrap(store.ErrNoRemote, i18n.T("ce registre n'a pas de dépôt distant (origin)", "this registry has no remote repository (origin)"))
