package registry

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// AddSnippet adds a snippet to the registry: the catalogue prepares it
// (catalogue.PrepareSnippet: the id is the title's slug, made unique with
// -2, -3… against snippets, folders, commits and share branches), it is
// committed as snippets/<id>/ on the local branch codal/snippet-<id> on top
// of HEAD (HEAD and main do not move), that commit is checked with lint, then
// the folder is written into the work tree so that codal shows it at once.
// Nothing is written when anything fails. It returns the new snippet's id.
func (r *Registry) AddSnippet(ctx context.Context, ns catalogue.NewSnippet, who catalogue.Identity, when time.Time) (string, error) {
	if r.repo == nil {
		return "", errNotGit(r.dir)
	}
	// what needs no registry is refused before taking the lock
	if _, err := catalogue.CheckNewSnippet(ns); err != nil {
		return "", err
	}
	return r.AddEntry(ctx, catalogue.Snippets, func(c *catalogue.Catalogue, taken func(string) (bool, error)) (catalogue.Prepared, error) {
		return c.PrepareSnippet(ns, taken)
	}, who, when)
}

// AddEntry adds a new entry of kind k as AddSnippet does, prepare giving
// its folder (store.Branches).
func (r *Registry) AddEntry(ctx context.Context, k catalogue.Kind, prepare catalogue.EntryPreparer, who catalogue.Identity, when time.Time) (string, error) {
	if r.repo == nil {
		return "", errNotGit(r.dir)
	}
	sig := signature(who, when)
	lock, err := acquire(ctx, gitDir(r))
	if err != nil {
		return "", err
	}
	defer lock.release()

	cat, err := r.Load()
	if err != nil {
		return "", err
	}
	var head plumbing.Hash
	headKnown := false
	prep, err := prepare(cat, func(id string) (bool, error) {
		if !headKnown {
			h, err := r.headHash()
			if err != nil {
				return false, i18n.Wrap(err, i18n.T("le registre n'a pas encore de commit : %v", "the registry has no commit yet: %v"), err)
			}
			head, headKnown = h, true
		}
		return r.entryIDTaken(k, head, id)
	})
	if err != nil {
		return "", err
	}
	dir, content := prep.Path, prep.Change.Files
	id := path.Base(dir)
	if dir != catalogue.EntryRoot(k, id) {
		return "", i18n.Errorf(i18n.T("écriture refusée : %s n'est pas un dossier de %s", "write refused: %s is not a folder of %s"), dir, string(k))
	}
	if !headKnown {
		if head, err = r.headHash(); err != nil {
			return "", i18n.Wrap(err, i18n.T("le registre n'a pas encore de commit : %v", "the registry has no commit yet: %v"), err)
		}
	}
	if err := checkWritePath(r.dir, dir); err != nil {
		return "", err
	}
	commit, err := r.buildEntryCommit(head, k, id, content, prep.Change.Message, sig)
	if err != nil {
		return "", err
	}
	proposed, err := r.loadCommit(commit)
	if err != nil {
		return "", err
	}
	if err := proposed.CheckProposed(dir); err != nil {
		return "", err
	}
	if err := r.writeFolder(dir, content); err != nil {
		return "", err
	}
	if err := r.setBranch(catalogue.ShareBranch(k, id), commit, sig); err != nil {
		_ = os.RemoveAll(filepath.Join(r.dir, filepath.FromSlash(dir)))
		return "", err
	}
	return id, nil
}

// entryIDTaken reports whether a work-tree folder, a share branch or a
// file of head already uses the id for kind k (the catalogue answers for
// its own entries).
func (r *Registry) entryIDTaken(k catalogue.Kind, head plumbing.Hash, id string) (bool, error) {
	if _, err := os.Lstat(filepath.Join(r.dir, string(k), id)); err == nil {
		return true, nil
	}
	if _, ok, err := r.branchHead(catalogue.ShareBranch(k, id)); err != nil || ok {
		return true, err
	}
	files, err := r.entryFilesAt(head, k, id, false)
	return len(files) > 0, err
}

// writeFolder writes an entry's folder into the work tree: into a hidden
// temporary folder first, renamed into place once complete.
func (r *Registry) writeFolder(dir string, content map[string][]byte) error {
	if err := checkWritePath(r.dir, dir); err != nil {
		return err
	}
	target := filepath.Join(r.dir, filepath.FromSlash(dir))
	parent := filepath.Dir(target)
	fail := func(err error) error {
		return i18n.Wrap(err, i18n.T("écriture de %s impossible : %v", "cannot write %s: %v"), dir, errText(err))
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fail(err)
	}
	tmp, err := os.MkdirTemp(parent, ".codal-new-"+filepath.Base(target)+"-")
	if err != nil {
		return fail(err)
	}
	defer os.RemoveAll(tmp)
	for p, data := range content {
		rel := strings.TrimPrefix(p, dir+"/")
		full := filepath.Join(tmp, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return fail(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			return fail(err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, target); err != nil {
		return fail(err)
	}
	return nil
}
