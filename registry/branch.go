package registry

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// EntryFiles reads the entry's files from the work tree: path relative to
// the registry root -> content. Hidden files are left out; a file over 4 MiB
// or a special file is an error, and so is a symbolic link anywhere on the
// way (the entry's folder, its kind's folder, or a file): it is refused, never
// followed, with a sentence naming the entry and the link (store.ErrSymlink).
func (r *Registry) EntryFiles(k catalogue.Kind, id string) (map[string][]byte, error) {
	return entryFiles(os.DirFS(r.dir), catalogue.EntryRoot(k, id), false, false)
}

// entryFilesAt reads the entry's files as they are in commit h, hidden files
// included; a symbolic link committed there is refused as EntryFiles does.
// With linkData, a file committed as a
// symbolic link is read as what Git stores for it (its target, never
// followed), so that a proposal can replace or remove it.
func (r *Registry) entryFilesAt(h plumbing.Hash, k catalogue.Kind, id string, linkData bool) (map[string][]byte, error) {
	fsys, err := r.entryFS(h)
	if err != nil {
		return nil, err
	}
	defer fsys.close()
	files, err := entryFiles(fsys, catalogue.EntryRoot(k, id), true, linkData)
	if errors.Is(err, errBadPack) || errors.Is(err, errBadDelta) || errors.Is(err, errDeltaDepth) {
		return nil, i18n.Wrap(err, i18n.T("objets Git endommagés en lisant %s au commit %.12s : vérifiez le dépôt avec git fsck dans %s",
			"damaged Git objects reading %s at commit %.12s: check the repository with git fsck in %s"), catalogue.EntryRoot(k, id), h.String(), r.dir)
	}
	return files, err
}

// entryFS is the tree of commit h as an fs.FS for reading a few of its
// files (one entry's): through an objReader when the repository's objects
// are all its own (objread.go), else as commitFS. A whole load goes through
// commitFS, whose storages cache delta bases.
func (r *Registry) entryFS(h plumbing.Hash) (*treeFS, error) {
	if s, done := r.fewObjects(true); done != nil {
		if c, err := object.GetCommit(s, h); err == nil {
			if t, err := c.Tree(); err == nil {
				f := newTreeFS(s, t)
				f.done = done
				return f, nil
			}
		}
		done()
	}
	return r.commitFS(h)
}

// fewObjects is the storage for reading a few objects (a commit, the
// folders of a tree diff, one entry's files): an objReader when the
// repository's objects are all its own, with done to unmap it; else the
// repository's own storage and a nil done. Reading a first object through
// go-git's storage builds a table of every object of the pack (149 MB at
// 100,000 entries), which a few reads do not need. release drops the
// packs' pages after each read (objReader.release): for the app's reads of
// one entry, which rebuild big folders through their deltas.
func (r *Registry) fewObjects(release bool) (s storer.EncodedObjectStorer, done func()) {
	repo := r.gitRepo()
	if fsys, ok := repo.Storer.(*filesystem.Storage); ok {
		if o, err := openObjReader(fsys.Filesystem().Root()); err == nil {
			o.release = release
			return objStorer{o}, o.close
		}
	}
	return repo.Storer, nil
}

// commitFS is the tree of commit h as an fs.FS (treefs.go).
func (r *Registry) commitFS(h plumbing.Hash) (*treeFS, error) {
	repo := r.gitRepo()
	c, err := r.commitAt(h)
	if err != nil {
		return nil, err
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, err
	}
	return newTreeFS(repo.Storer, tree), nil
}

// entryFiles reads the files under root (a file or a folder) of fsys,
// refusing symbolic links; hidden says whether hidden files are read too;
// linkData reads a file that is a link as its target (fsys must be a
// commit's: on disk that would be following it).
func entryFiles(fsys fs.FS, root string, hidden, linkData bool) (map[string][]byte, error) {
	out := map[string][]byte{}
	fail := func(err error) (map[string][]byte, error) {
		var ie *i18n.Error
		if errors.As(err, &ie) {
			return nil, err
		}
		return nil, i18n.Wrap(err, i18n.T("lecture de %s impossible : %v", "cannot read %s: %v"), root, errText(err))
	}
	for prefix := range catalogue.PathPrefixes(root) {
		info, err := fs.Lstat(fsys, prefix)
		if errors.Is(err, fs.ErrNotExist) {
			return out, nil
		}
		if err != nil {
			return fail(err)
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return nil, catalogue.LinkRefused(prefix)
		}
	}
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !hidden && p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0 && linkData && p != root:
			target, err := fs.ReadLink(fsys, p)
			out[p] = []byte(target)
			return err
		case d.Type()&fs.ModeSymlink != 0:
			return catalogue.LinkRefused(p)
		case d.IsDir():
			return nil
		case hidden && d.Type()&fs.ModeIrregular != 0:
			return nil // a submodule in a commit: not a file
		case !d.Type().IsRegular():
			return i18n.Errorf(i18n.T("%s n'est pas un fichier ordinaire : un registre ne contient que des fichiers ordinaires",
				"%s is not a regular file: a registry holds regular files only"), p)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > catalogue.MaxFactSize {
			return i18n.Errorf(i18n.T("%s est trop gros (%d octets, %d au plus)", "%s is too large (%d bytes, at most %d)"), p, info.Size(), catalogue.MaxFactSize)
		}
		data, err := catalogue.ReadNoFollow(fsys, p, catalogue.MaxFactSize)
		if err != nil {
			return err
		}
		out[p] = data
		return nil
	})
	if err != nil {
		return fail(err)
	}
	return out, nil
}

// entryChange is what turns the entry's files in commit h into files: new
// or changed files with their content, removed files with nil. It is empty
// when they are the same.
func (r *Registry) entryChange(h plumbing.Hash, k catalogue.Kind, id string, files map[string][]byte) (map[string][]byte, error) {
	old, err := r.entryFilesAt(h, k, id, true)
	if err != nil {
		return nil, err
	}
	ch := map[string][]byte{}
	for p, data := range files {
		if !catalogue.InEntry(k, id, p) {
			return nil, i18n.Errorf(i18n.T("%s n'appartient pas à l'entrée %s/%s", "%s does not belong to the entry %s/%s"), p, string(k), id)
		}
		if prev, ok := old[p]; !ok || !bytes.Equal(prev, data) {
			ch[p] = data
		}
	}
	for p := range old {
		if _, ok := files[p]; !ok {
			ch[p] = nil
		}
	}
	return ch, nil
}

// sameEntry reports whether the entry's files in commit h are exactly files.
func (r *Registry) sameEntry(h plumbing.Hash, k catalogue.Kind, id string, files map[string][]byte) (bool, error) {
	ch, err := r.entryChange(h, k, id, files)
	return len(ch) == 0, err
}

// buildShare builds the commit of an entry's share branch, without touching
// any reference or the work tree: base's tree with the entry's files set to
// files (path -> content; a path of the entry missing from files is
// removed). base is the remote's default-branch head. tip is the share
// branch's current head on the remote where it is pushed (zero when it has
// none): the new commit then descends from it, so pushing it needs no force,
// and when base is not already in tip's history it gets base as a second
// parent, so the pull request still shows only the entry. When tip already
// holds that tree, tip itself is returned. errNoChange means the entry is the
// same in base: nothing to propose.
func (r *Registry) buildShare(base, tip plumbing.Hash, k catalogue.Kind, id string, files map[string][]byte, message string, sig object.Signature) (plumbing.Hash, error) {
	if r.repo == nil {
		return plumbing.ZeroHash, errNotGit(r.dir)
	}
	repo := r.gitRepo()
	ch, err := r.entryChange(base, k, id, files)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if len(ch) == 0 {
		return plumbing.ZeroHash, errNoChange
	}
	first, err := r.commitOnParent(base, catalogue.Change{Message: message, Files: ch, MinFormat: catalogue.FilesFormat(files)}, sig)
	if err != nil || tip.IsZero() || tip == base {
		return first, err
	}
	firstCommit, err := object.GetCommit(repo.Storer, first)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	tipCommit, err := object.GetCommit(repo.Storer, tip)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if tipCommit.TreeHash == firstCommit.TreeHash {
		return tip, nil
	}
	parents := []plumbing.Hash{tip}
	baseCommit, err := object.GetCommit(repo.Storer, base)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if ok, err := baseCommit.IsAncestor(tipCommit); err != nil {
		return plumbing.ZeroHash, err
	} else if !ok {
		parents = append(parents, base)
	}
	return objects{s: repo.Storer}.writeCommit(firstCommit.TreeHash, parents, message, sig, sig)
}

// buildEntryCommit builds a commit on top of parent that sets the entry's
// files to files, without touching any reference or the work tree.
func (r *Registry) buildEntryCommit(parent plumbing.Hash, k catalogue.Kind, id string, files map[string][]byte, message string, sig object.Signature) (plumbing.Hash, error) {
	return r.buildShare(parent, plumbing.ZeroHash, k, id, files, message, sig)
}

// loadCommit loads the registry as it is in commit h, for lint.
func (r *Registry) loadCommit(h plumbing.Hash) (*catalogue.Catalogue, error) {
	if r.repo == nil {
		return nil, errNotGit(r.dir)
	}
	fsys, err := r.commitFS(h)
	if err != nil {
		return nil, err
	}
	defer fsys.close()
	return catalogue.Load(fsys)
}

// commitAt reads commit h; an unknown commit is a sentence wrapping
// store.ErrNotFound.
func (r *Registry) commitAt(h plumbing.Hash) (*object.Commit, error) {
	c, err := object.GetCommit(r.gitRepo().Storer, h)
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return nil, errCommitNotFound(h, err)
	}
	return c, err
}

// headHash returns the commit checked out.
func (r *Registry) headHash() (plumbing.Hash, error) {
	if r.repo == nil {
		return plumbing.ZeroHash, errNotGit(r.dir)
	}
	ref, err := r.gitRepo().Head()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return ref.Hash(), nil
}

// branchHead returns the head of a local branch; ok is false when there is
// no such branch.
func (r *Registry) branchHead(name string) (h plumbing.Hash, ok bool, err error) {
	if r.repo == nil {
		return plumbing.ZeroHash, false, nil
	}
	ref, err := r.gitRepo().Reference(plumbing.NewBranchReferenceName(name), true)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return plumbing.ZeroHash, false, nil
	}
	if err != nil {
		return plumbing.ZeroHash, false, err
	}
	return ref.Hash(), true, nil
}

// setBranch creates or moves a local branch to h, recording who did it in
// the branch's log. It refuses to move the checked-out branch (that would
// leave the work tree behind).
func (r *Registry) setBranch(name string, h plumbing.Hash, who object.Signature) error {
	if r.repo == nil {
		return errNotGit(r.dir)
	}
	repo := r.gitRepo()
	ref := plumbing.NewBranchReferenceName(name)
	if head, err := repo.Head(); err == nil && head.Name() == ref {
		return i18n.Errorf(i18n.T("la branche %s est la branche en cours : revenez sur main (git switch main)",
			"the branch %s is checked out: go back to main (git switch main)"), name)
	}
	return setRef(repo, gitDir(r), ref, h, nil, who, "codal: "+name)
}

// DeleteBranch removes a local branch (not the checked-out one).
func (r *Registry) DeleteBranch(name string) error {
	if r.repo == nil {
		return errNotGit(r.dir)
	}
	repo := r.gitRepo()
	ref := plumbing.NewBranchReferenceName(name)
	if head, err := repo.Head(); err == nil && head.Name() == ref {
		return i18n.Errorf(i18n.T("la branche %s est la branche en cours : revenez sur main (git switch main)",
			"the branch %s is checked out: go back to main (git switch main)"), name)
	}
	if err := repo.Storer.RemoveReference(ref); err != nil {
		return err
	}
	_ = os.Remove(filepath.Join(gitDir(r), "logs", filepath.FromSlash(ref.String())))
	return nil
}

// ShareBranches lists the local share branches, sorted.
func (r *Registry) ShareBranches() ([]string, error) {
	if r.repo == nil {
		return nil, nil
	}
	iter, err := r.gitRepo().Branches()
	if err != nil {
		return nil, err
	}
	var out []string
	err = iter.ForEach(func(ref *plumbing.Reference) error {
		if _, _, ok := catalogue.ParseShareBranch(ref.Name().Short()); ok {
			out = append(out, ref.Name().Short())
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// remoteHead returns origin's branch as of the last fetch.
func (r *Registry) remoteHead(branch string) (plumbing.Hash, bool, error) {
	if r.repo == nil {
		return plumbing.ZeroHash, false, nil
	}
	ref, err := r.gitRepo().Reference(plumbing.NewRemoteReferenceName(Remote, branch), true)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return plumbing.ZeroHash, false, nil
	}
	if err != nil {
		return plumbing.ZeroHash, false, err
	}
	return ref.Hash(), true, nil
}

// OriginURL returns the URL of the origin remote, "" when there is none.
func (r *Registry) OriginURL() string {
	if r.repo == nil {
		return ""
	}
	rem, err := r.gitRepo().Remote(Remote)
	if err != nil || len(rem.Config().URLs) == 0 {
		return ""
	}
	return rem.Config().URLs[0]
}

// anonymousName names the in-memory remote of a push or fetch by URL.
const anonymousName = "codal-share"

// anonymousRemote is a remote that exists only in memory, for a URL.
func (r *Registry) anonymousRemote(url string) *git.Remote {
	return git.NewRemote(r.gitRepo().Storer, &config.RemoteConfig{Name: anonymousName, URLs: []string{localURL(url)}})
}

// localURL makes a relative local path absolute; URLs are kept as they are.
func localURL(url string) string {
	if strings.Contains(url, "://") || strings.Contains(url, "@") {
		return url
	}
	if abs, err := filepath.Abs(url); err == nil {
		return abs
	}
	return url
}

// remoteBranch asks the repository at url for the head of one of its
// branches; ok is false when it has no such branch.
func (r *Registry) remoteBranch(ctx context.Context, url, branch string, auth transport.AuthMethod) (h plumbing.Hash, ok bool, err error) {
	if r.repo == nil {
		return plumbing.ZeroHash, false, errNotGit(r.dir)
	}
	refs, err := r.anonymousRemote(url).ListContext(ctx, &git.ListOptions{Auth: auth})
	if errors.Is(err, transport.ErrEmptyRemoteRepository) {
		return plumbing.ZeroHash, false, nil
	}
	if err != nil {
		return plumbing.ZeroHash, false, err
	}
	want := plumbing.NewBranchReferenceName(branch)
	for _, ref := range refs {
		if ref.Name() == want && ref.Type() == plumbing.HashReference {
			return ref.Hash(), true, nil
		}
	}
	return plumbing.ZeroHash, false, nil
}

// fetchBranch fetches one branch from url, so that its commits are here,
// without keeping any reference to it.
func (r *Registry) fetchBranch(ctx context.Context, url, branch string, auth transport.AuthMethod) error {
	if r.repo == nil {
		return errNotGit(r.dir)
	}
	tmp := plumbing.ReferenceName("refs/codal-fetch/" + branch)
	spec := config.RefSpec("+" + plumbing.NewBranchReferenceName(branch).String() + ":" + tmp.String())
	err := r.anonymousRemote(url).FetchContext(ctx, &git.FetchOptions{RemoteName: anonymousName, RefSpecs: []config.RefSpec{spec}, Auth: auth, Tags: git.NoTags})
	_ = r.gitRepo().Storer.RemoveReference(tmp)
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return err
	}
	return nil
}

// pushBranch pushes a local branch to the branch of the same name at url.
// The push is never forced: the remote branch must be in the local branch's
// history (BuildShare makes sure of it).
func (r *Registry) pushBranch(ctx context.Context, url, branch string, auth transport.AuthMethod) error {
	if r.repo == nil {
		return errNotGit(r.dir)
	}
	ref := plumbing.NewBranchReferenceName(branch).String()
	err := r.anonymousRemote(url).PushContext(ctx, &git.PushOptions{
		RemoteName: anonymousName,
		RefSpecs:   []config.RefSpec{config.RefSpec(ref + ":" + ref)},
		Auth:       auth,
	})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return err
	}
	return nil
}

// PruneShareBranches deletes the local share branches whose entry is now
// upstream with the same content (their pull request was merged and the
// registry synced). Upstream is origin's branch of the same name as the
// checked-out one, as of the last fetch. Call it after a pull; it returns the
// branches deleted.
func (r *Registry) PruneShareBranches() ([]string, error) {
	if r.repo == nil || !r.HasRemote() {
		return nil, nil
	}
	head, err := r.gitRepo().Head()
	if err != nil || !head.Name().IsBranch() {
		return nil, nil
	}
	upstream, ok, err := r.remoteHead(head.Name().Short())
	if err != nil || !ok {
		return nil, err
	}
	branches, err := r.ShareBranches()
	if err != nil {
		return nil, err
	}
	var deleted []string
	for _, b := range branches {
		if plumbing.NewBranchReferenceName(b) == head.Name() {
			continue
		}
		k, id, _ := catalogue.ParseShareBranch(b)
		tip, ok, err := r.branchHead(b)
		if err != nil || !ok {
			continue
		}
		files, err := r.entryFilesAt(tip, k, id, false)
		if err != nil {
			continue
		}
		same, err := r.sameEntry(upstream, k, id, files)
		if err != nil || !same {
			continue
		}
		if err := r.DeleteBranch(b); err != nil {
			return deleted, err
		}
		deleted = append(deleted, b)
	}
	return deleted, nil
}

// hasCommit reports whether commit h is in the local repository.
func (r *Registry) hasCommit(h plumbing.Hash) bool {
	if r.repo == nil {
		return false
	}
	_, err := object.GetCommit(r.gitRepo().Storer, h)
	return err == nil
}

// unshared tells whether an entry was added or changed here: its files in
// the work tree against the remote's (as of the last fetch, no network), and
// its share branch. It reads only the entry's files, so it is cheap enough
// to ask on every selection.
func (r *Registry) unshared(k catalogue.Kind, id string) (store.Unshared, error) {
	var u store.Unshared
	if r.repo == nil {
		return u, errNotGit(r.dir)
	}
	head, err := r.gitRepo().Head()
	if err != nil {
		return u, i18n.Wrap(err, i18n.T("le registre n'a pas encore de commit : %v", "the registry has no commit yet: %v"), err)
	}
	base := head.Hash()
	if head.Name().IsBranch() {
		if h, ok, err := r.remoteHead(head.Name().Short()); err != nil {
			return u, err
		} else if ok {
			base, u.Remote = h, true
		}
	}
	u.Base = hashOf(base)
	files, err := r.EntryFiles(k, id)
	if err != nil {
		return u, err
	}
	old, err := r.entryFilesAt(base, k, id, false)
	if err != nil {
		return u, err
	}
	for p, data := range files {
		prev, ok := old[p]
		switch {
		case !ok:
			u.Diff.Added = append(u.Diff.Added, p)
		case !bytes.Equal(prev, data):
			u.Diff.Modified = append(u.Diff.Modified, p)
		}
	}
	for p := range old {
		if _, ok := files[p]; !ok {
			u.Diff.Removed = append(u.Diff.Removed, p)
		}
	}
	sort.Strings(u.Diff.Added)
	sort.Strings(u.Diff.Modified)
	sort.Strings(u.Diff.Removed)
	b := catalogue.ShareBranch(k, id)
	if _, ok, err := r.branchHead(b); err != nil {
		return u, err
	} else if ok {
		u.Branch = b
	}
	return u, nil
}
