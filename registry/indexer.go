package registry

import (
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
	"github.com/gpso/codal/registry/store"
)

var _ store.Indexer = (*Registry)(nil)

// HeadTree is the tree of the commit checked out: HEAD, then its commit,
// then the commit's tree hash, without reading the tree itself. It is ""
// before the first commit, and an error for a plain folder.
func (r *Registry) HeadTree() (store.Hash, error) {
	if r.repo == nil {
		return "", errNotGit(r.dir)
	}
	repo := r.gitRepo()
	ref, err := repo.Head()
	if err == plumbing.ErrReferenceNotFound {
		return "", nil
	}
	if err != nil {
		return "", translate(err, "")
	}
	st, done := r.fewObjects(false)
	if done != nil {
		defer done()
	}
	t, err := objects{s: st}.commitTree(ref.Hash())
	if err != nil {
		return "", errCommitNotFound(ref.Hash(), err)
	}
	return hashOf(t), nil
}

// ChangedPaths lists the files that differ between the trees from and to
// ("" is the empty tree), sorted, descending only into the folders whose
// hashes differ. A tree missing from the repository is an error.
func (r *Registry) ChangedPaths(from, to store.Hash) ([]string, error) {
	if r.repo == nil {
		return nil, errNotGit(r.dir)
	}
	st, done := r.fewObjects(false)
	if done != nil {
		defer done()
	}
	changes, err := objects{s: st, trees: newTreeCache(), raw: newRawCache()}.diffTrees(gitHash(from), gitHash(to))
	if err != nil {
		return nil, wrap2(store.ErrNotFound, err, i18n.T("comparaison des arbres Git %s et %s impossible", "cannot compare the Git trees %s and %s"), from.Short(), to.Short())
	}
	out := make([]string, len(changes))
	for i, c := range changes {
		out[i] = c.Path
	}
	return out, nil
}

// source is the registry as the index sees it: its work tree, and its Git
// repository's cheap questions when there is one.
func (r *Registry) source() index.Source {
	s := index.Source{Dir: r.dir, Path: r.IndexPath}
	if r.repo != nil {
		s.Tree = r
	}
	return s
}

// Catalogue is the whole catalogue of the work tree, as Load reads it, but
// through the index kept in codal's cache folder (registry/index): a warm
// index is decoded instead of reading every file, and only the entries that
// changed since it was written (in Git or by hand) are read again. A
// missing or unreadable index is rebuilt by a full load. Lint, which must
// trust nothing, uses Load.
func (r *Registry) Catalogue() (*catalogue.Catalogue, error) {
	c, err := r.source().Catalogue()
	if err == catalogue.ErrNoMeta {
		return nil, errNoRegistry(r.dir)
	}
	return c, err
}

// Lister answers the lists of one kind (list --query) through the index,
// without decoding the entries a list does not show when nothing changed.
// Given the kinds to be listed, hand edits are looked for only in the files
// those lists read (index.Source.Lister); with none, as Catalogue does.
func (r *Registry) Lister(kinds ...catalogue.Kind) (catalogue.Lister, error) {
	l, err := r.source().Lister(kinds...)
	if err == catalogue.ErrNoMeta {
		return nil, errNoRegistry(r.dir)
	}
	return l, err
}

// View answers per-entry reads (catalogue.View) through the index without
// decoding the whole catalogue, after checking by hand edits only the
// entry roots given ("requests/<id>", "actors/<id>.yaml"…) and registry.yaml;
// changes committed since the index was written are applied whatever the
// roots.
func (r *Registry) View(roots ...string) (*index.View, error) {
	v, err := r.source().View(roots...)
	if err == catalogue.ErrNoMeta {
		return nil, errNoRegistry(r.dir)
	}
	return v, err
}

// Preview is the index's snapshot as it was last written for HEAD's tree,
// without checking the work tree for hand edits (index.Source.Preview):
// the app's first screen, shown while Catalogue checks. It is nil, without
// an error, when there is no such index.
func (r *Registry) Preview() (*catalogue.Preview, error) {
	return r.source().Preview()
}
