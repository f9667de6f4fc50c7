// Package registry is codal's store: the on-disk layout of a registry, loading
// it into a catalogue, lint, and the Git repository that holds it (open,
// clone, pull, write, sync). Domain packages parse single files; this package
// knows how they fit together.
package registry

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/transport"

	"github.com/gpso/codal/i18n"
)

// Registry is a registry on disk: a Git work tree, or a plain folder that can
// only be read.
type Registry struct {
	// Dir is the absolute path of the registry's root.
	Dir string
	// Auth, when not nil, gives the credentials for the remote's URL (for
	// example a GitHub token). When it is nil, credentials written in the URL
	// itself (https://user:token@host/…) are used, or none.
	Auth func(url string) transport.AuthMethod
	// Remote, when not nil, prints what the Git server says on its side band
	// during fetches and pushes (cleaned: see RemoteOutput). The messages of
	// a refused push are kept for its reason either way.
	Remote *RemoteOutput

	repo *git.Repository
}

// remoteOutput is a fresh RemoteOutput printing where Remote does.
func (r *Registry) remoteOutput() *RemoteOutput {
	if r.Remote == nil {
		return NewRemoteOutput(nil, false)
	}
	return NewRemoteOutput(r.Remote.w, r.Remote.terminal)
}

func (r *Registry) auth(url string) transport.AuthMethod {
	if r.Auth == nil {
		return nil
	}
	return r.Auth(url)
}

// Open opens the registry rooted at dir. dir must hold a registry.yaml; when
// it is the root of a Git work tree, the repository is opened too.
func Open(dir string) (*Registry, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, i18n.Wrap(err, i18n.T("chemin de registre invalide %q", "invalid registry path %q"), dir)
	}
	info, err := os.Stat(abs)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, i18n.Wrap(err, i18n.T("aucun registre dans %s : le dossier n'existe pas", "no registry at %s: the folder does not exist"), abs)
	case err != nil:
		return nil, i18n.Wrap(err, i18n.T("registre illisible %s : %v", "unreadable registry %s: %v"), abs, err)
	case !info.IsDir():
		return nil, i18n.Errorf(i18n.T("%s n'est pas un dossier : un registre est un dossier contenant registry.yaml", "%s is not a folder: a registry is a folder holding registry.yaml"), abs)
	}
	if _, err := os.Stat(filepath.Join(abs, MetaFile)); err != nil {
		return nil, i18n.Wrap(err, i18n.T("%s n'est pas un registre codal : registry.yaml est absent", "%s is not a codal registry: registry.yaml is missing"), abs)
	}
	r := &Registry{Dir: abs}
	if repo, err := git.PlainOpen(abs); err == nil {
		r.repo = repo
	}
	return r, nil
}

// IsGit reports whether the registry is a Git work tree (and so can be
// written, pulled and pushed).
func (r *Registry) IsGit() bool { return r.repo != nil }

// Load reads the registry into a catalogue.
func (r *Registry) Load() (*Catalogue, error) { return r.LoadOnly() }

// LoadOnly reads only the kinds given into a catalogue (see LoadOnly).
func (r *Registry) LoadOnly(kinds ...Kind) (*Catalogue, error) {
	c, err := LoadOnly(os.DirFS(r.Dir), kinds...)
	if errors.Is(err, ErrNoMeta) {
		return nil, i18n.Errorf(i18n.T("%s n'est pas un registre codal : registry.yaml est absent", "%s is not a codal registry: registry.yaml is missing"), r.Dir)
	}
	return c, err
}
