// Package registry is codal's go-git store: it implements store.Store over a
// registry's folder and the Git repository that holds it (open, clone, init
// the demo, load the work tree or a commit into a catalogue, write, sync,
// share branches). It is the only package that imports go-git: its exported
// API speaks in store values (store.Hash, catalogue.Identity,
// store.Credentials), and every Git or transport error leaves it as one
// sentence wrapping a store sentinel (translate, in errors.go).
package registry

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// Registry is a registry on disk: a Git work tree, or a plain folder that can
// only be read.
type Registry struct {
	// Auth, when not nil, gives the credentials for the remote's URL (for
	// example a GitHub token). When it is nil, credentials written in the URL
	// itself (https://user:token@host/…) are used, or none.
	Auth store.Credentials
	// Remote, when not nil, prints what the Git server says on its side band
	// during fetches and pushes (cleaned: see RemoteOutput). The messages of
	// a refused push are kept for its reason either way.
	Remote *RemoteOutput
	// IndexPath, when not empty, is where Catalogue and View keep the
	// registry's index (tests); else it is in codal's cache folder
	// (index.Location).
	IndexPath string

	dir  string
	repo *git.Repository
}

// Dir is the absolute path of the registry's root.
func (r *Registry) Dir() string { return r.dir }

// remoteOutput is a fresh RemoteOutput printing where Remote does.
func (r *Registry) remoteOutput() *RemoteOutput {
	if r.Remote == nil {
		return NewRemoteOutput(nil, false)
	}
	return NewRemoteOutput(r.Remote.w, r.Remote.terminal)
}

func (r *Registry) auth(url string) transport.AuthMethod {
	return basicAuth(r.Auth, url)
}

// basicAuth turns credentials into go-git's for url: HTTP basic auth (for
// GitHub, the user name x-access-token and the token), or none.
func basicAuth(cred store.Credentials, url string) transport.AuthMethod {
	if cred == nil {
		return nil
	}
	user, password, ok := cred(url)
	if !ok {
		return nil
	}
	return &githttp.BasicAuth{Username: user, Password: password}
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
	if _, err := os.Stat(filepath.Join(abs, catalogue.MetaFile)); err != nil {
		return nil, errNoRegistry(abs)
	}
	r := &Registry{dir: abs}
	if repo, err := git.PlainOpen(abs); err == nil {
		r.repo = repo
	}
	return r, nil
}

// IsGit reports whether the registry is a Git work tree (and so can be
// written, pulled and pushed).
func (r *Registry) IsGit() bool { return r.repo != nil }

// Load reads the registry's work tree into a catalogue: the kinds given, or
// every kind when none is (see catalogue.LoadOnly).
func (r *Registry) Load(kinds ...catalogue.Kind) (*catalogue.Catalogue, error) {
	c, err := catalogue.LoadOnly(os.DirFS(r.dir), kinds...)
	if errors.Is(err, catalogue.ErrNoMeta) {
		return nil, errNoRegistry(r.dir)
	}
	return c, err
}

// errText is err's message without the path an fs.PathError repeats.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// ReadFile reads a file of the registry by its path from the root, such as
// "snippets/siren-luhn/siren.js". A path that goes through a symbolic link
// (the file itself or any folder on the way) is refused with a sentence
// naming the entry and the link (store.ErrSymlink), and so are special files
// and files over catalogue.MaxFactSize: codal never follows a link in a
// registry (catalogue.ReadNoFollow, the one reader for this rule). A missing
// file is a sentence wrapping store.ErrNotFound (and fs.ErrNotExist).
func (r *Registry) ReadFile(name string) ([]byte, error) {
	name = path.Clean(strings.TrimPrefix(filepath.ToSlash(name), "/"))
	data, err := catalogue.ReadNoFollow(os.DirFS(r.dir), name, catalogue.MaxFactSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errFileNotFound(name, err)
	}
	return data, err
}
