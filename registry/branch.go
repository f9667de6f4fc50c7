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
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Share branches: a local branch codal/<kind>-<id> holds one commit on top of
// the remote's default branch whose tree is that branch's tree with one
// entry's files set to their local state. It is what a pull request proposes:
// exactly that entry, whatever else the user has locally.

// ShareBranchPrefix starts the name of every share branch.
const ShareBranchPrefix = "codal/"

// singular names a kind in a branch name: snippet, actor, schema, request.
func singular(k Kind) string { return strings.TrimSuffix(string(k), "s") }

// ShareBranch names the share branch of an entry: codal/snippet-<id>.
func ShareBranch(k Kind, id string) string { return ShareBranchPrefix + singular(k) + "-" + id }

// ParseShareBranch reads a share branch name back into its entry.
func ParseShareBranch(name string) (Kind, string, bool) {
	rest, ok := strings.CutPrefix(name, ShareBranchPrefix)
	if !ok {
		return "", "", false
	}
	for _, k := range Kinds {
		if id, ok := strings.CutPrefix(rest, singular(k)+"-"); ok && id != "" && validID(id) {
			return k, id, true
		}
	}
	return "", "", false
}

func validID(id string) bool {
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return id != "" && len(id) <= 64
}

// EntryRoot is the path that holds an entry's files: the file
// actors/<id>.yaml, or the folder snippets/<id>, schemas/<id>, requests/<id>.
func EntryRoot(k Kind, id string) string {
	if k == Actors {
		return Actors.Path(id)
	}
	return string(k) + "/" + id
}

// inEntry reports whether the registry path p is one of the entry's files.
func inEntry(k Kind, id, p string) bool {
	root := EntryRoot(k, id)
	if k == Actors {
		return p == root
	}
	return strings.HasPrefix(p, root+"/")
}

// EntryFiles reads the entry's files from the work tree: path relative to
// the registry root -> content. Hidden files are left out; a file over 4 MiB
// or a special file is an error, and so is a symbolic link anywhere on the
// way (the entry's folder, its kind's folder, or a file): it is refused, never
// followed, with a sentence naming the entry and the link (ErrSymlink).
func (r *Registry) EntryFiles(k Kind, id string) (map[string][]byte, error) {
	return entryFiles(os.DirFS(r.Dir), EntryRoot(k, id), false, false)
}

// EntryFilesAt reads the entry's files as they are in commit h, hidden files
// included. A symbolic link committed there is refused as EntryFiles does.
func (r *Registry) EntryFilesAt(h plumbing.Hash, k Kind, id string) (map[string][]byte, error) {
	return r.entryFilesAt(h, k, id, false)
}

// entryFilesAt is EntryFilesAt; with linkData, a file committed as a
// symbolic link is read as what Git stores for it (its target, never
// followed), so that a proposal can replace or remove it.
func (r *Registry) entryFilesAt(h plumbing.Hash, k Kind, id string, linkData bool) (map[string][]byte, error) {
	repo := r.Repo()
	c, err := object.GetCommit(repo.Storer, h)
	if err != nil {
		return nil, err
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, err
	}
	return entryFiles(newTreeFS(repo.Storer, tree), EntryRoot(k, id), true, linkData)
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
	for prefix := range pathPrefixes(root) {
		info, err := fs.Lstat(fsys, prefix)
		if errors.Is(err, fs.ErrNotExist) {
			return out, nil
		}
		if err != nil {
			return fail(err)
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return nil, linkRefused(prefix)
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
			return linkRefused(p)
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
		if info.Size() > maxFactSize {
			return i18n.Errorf(i18n.T("%s est trop gros (%d octets, %d au plus)", "%s is too large (%d bytes, at most %d)"), p, info.Size(), maxFactSize)
		}
		data, err := readNoFollow(fsys, p, maxFactSize)
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
func (r *Registry) entryChange(h plumbing.Hash, k Kind, id string, files map[string][]byte) (map[string][]byte, error) {
	old, err := r.entryFilesAt(h, k, id, true)
	if err != nil {
		return nil, err
	}
	ch := map[string][]byte{}
	for p, data := range files {
		if !inEntry(k, id, p) {
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

// SameEntry reports whether the entry's files in commit h are exactly files.
func (r *Registry) SameEntry(h plumbing.Hash, k Kind, id string, files map[string][]byte) (bool, error) {
	ch, err := r.entryChange(h, k, id, files)
	return len(ch) == 0, err
}

// BuildShare builds the commit of an entry's share branch, without touching
// any reference or the work tree: base's tree with the entry's files set to
// files (path -> content; a path of the entry missing from files is
// removed). base is the remote's default-branch head. tip is the share
// branch's current head on the remote where it is pushed (zero when it has
// none): the new commit then descends from it, so pushing it needs no force,
// and when base is not already in tip's history it gets base as a second
// parent, so the pull request still shows only the entry. When tip already
// holds that tree, tip itself is returned. ErrNoChange means the entry is the
// same in base: nothing to propose.
func (r *Registry) BuildShare(base, tip plumbing.Hash, k Kind, id string, files map[string][]byte, message string, sig object.Signature) (plumbing.Hash, error) {
	if r.repo == nil {
		return plumbing.ZeroHash, r.notGit()
	}
	repo := r.Repo()
	ch, err := r.entryChange(base, k, id, files)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if len(ch) == 0 {
		return plumbing.ZeroHash, ErrNoChange
	}
	first, err := r.CommitOn(base, Change{Message: message, Files: ch}, sig)
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
	return objects{repo.Storer}.writeCommit(firstCommit.TreeHash, parents, message, sig, sig)
}

// BuildEntryCommit builds a commit on top of parent that sets the entry's
// files to files, without touching any reference or the work tree.
func (r *Registry) BuildEntryCommit(parent plumbing.Hash, k Kind, id string, files map[string][]byte, message string, sig object.Signature) (plumbing.Hash, error) {
	return r.BuildShare(parent, plumbing.ZeroHash, k, id, files, message, sig)
}

// LoadCommit loads the registry as it is in commit h, for lint.
func (r *Registry) LoadCommit(h plumbing.Hash) (*Catalogue, error) {
	if r.repo == nil {
		return nil, r.notGit()
	}
	repo := r.Repo()
	c, err := object.GetCommit(repo.Storer, h)
	if err != nil {
		return nil, err
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, err
	}
	return Load(newTreeFS(repo.Storer, tree))
}

func (r *Registry) notGit() error {
	return i18n.Errorf(i18n.T("%s n'est pas un dépôt Git", "%s is not a Git repository"), r.Dir)
}

// Head returns the commit checked out.
func (r *Registry) Head() (plumbing.Hash, error) {
	if r.repo == nil {
		return plumbing.ZeroHash, r.notGit()
	}
	ref, err := r.Repo().Head()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return ref.Hash(), nil
}

// BranchHead returns the head of a local branch; ok is false when there is
// no such branch.
func (r *Registry) BranchHead(name string) (h plumbing.Hash, ok bool, err error) {
	if r.repo == nil {
		return plumbing.ZeroHash, false, nil
	}
	ref, err := r.Repo().Reference(plumbing.NewBranchReferenceName(name), true)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return plumbing.ZeroHash, false, nil
	}
	if err != nil {
		return plumbing.ZeroHash, false, err
	}
	return ref.Hash(), true, nil
}

// SetBranch creates or moves a local branch to h, recording who did it in
// the branch's log. It refuses to move the checked-out branch (that would
// leave the work tree behind).
func (r *Registry) SetBranch(name string, h plumbing.Hash, who object.Signature) error {
	if r.repo == nil {
		return r.notGit()
	}
	repo := r.Repo()
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
		return r.notGit()
	}
	repo := r.Repo()
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
	iter, err := r.Repo().Branches()
	if err != nil {
		return nil, err
	}
	var out []string
	err = iter.ForEach(func(ref *plumbing.Reference) error {
		if _, _, ok := ParseShareBranch(ref.Name().Short()); ok {
			out = append(out, ref.Name().Short())
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// RemoteHead returns origin's branch as of the last fetch.
func (r *Registry) RemoteHead(branch string) (plumbing.Hash, bool, error) {
	if r.repo == nil {
		return plumbing.ZeroHash, false, nil
	}
	ref, err := r.Repo().Reference(plumbing.NewRemoteReferenceName(Remote, branch), true)
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
	rem, err := r.Repo().Remote(Remote)
	if err != nil || len(rem.Config().URLs) == 0 {
		return ""
	}
	return rem.Config().URLs[0]
}

// GitHubAuth is how a GitHub token is given to Git over HTTPS: basic auth
// with the user name x-access-token (GitHub refuses a bearer token there).
// The token stays in memory: it is never written into a remote's URL.
func GitHubAuth(token string) transport.AuthMethod {
	if token == "" {
		return nil
	}
	return &githttp.BasicAuth{Username: "x-access-token", Password: token}
}

// anonymousName names the in-memory remote of a push or fetch by URL.
const anonymousName = "codal-share"

// anonymousRemote is a remote that exists only in memory, for a URL.
func (r *Registry) anonymousRemote(url string) *git.Remote {
	return git.NewRemote(r.Repo().Storer, &config.RemoteConfig{Name: anonymousName, URLs: []string{localURL(url)}})
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

// RemoteBranch asks the repository at url for the head of one of its
// branches; ok is false when it has no such branch.
func (r *Registry) RemoteBranch(ctx context.Context, url, branch string, auth transport.AuthMethod) (h plumbing.Hash, ok bool, err error) {
	if r.repo == nil {
		return plumbing.ZeroHash, false, r.notGit()
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

// FetchBranch fetches one branch from url, so that its commits are here,
// without keeping any reference to it.
func (r *Registry) FetchBranch(ctx context.Context, url, branch string, auth transport.AuthMethod) error {
	if r.repo == nil {
		return r.notGit()
	}
	tmp := plumbing.ReferenceName("refs/codal-fetch/" + branch)
	spec := config.RefSpec("+" + plumbing.NewBranchReferenceName(branch).String() + ":" + tmp.String())
	err := r.anonymousRemote(url).FetchContext(ctx, &git.FetchOptions{RemoteName: anonymousName, RefSpecs: []config.RefSpec{spec}, Auth: auth, Tags: git.NoTags})
	_ = r.Repo().Storer.RemoveReference(tmp)
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return err
	}
	return nil
}

// PushBranch pushes a local branch to the branch of the same name at url.
// The push is never forced: the remote branch must be in the local branch's
// history (BuildShare makes sure of it).
func (r *Registry) PushBranch(ctx context.Context, url, branch string, auth transport.AuthMethod) error {
	if r.repo == nil {
		return r.notGit()
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

// IsRepoNotFound reports whether a Git transport error means the remote
// repository does not exist (yet).
func IsRepoNotFound(err error) bool { return errors.Is(err, transport.ErrRepositoryNotFound) }

// DescribeGitError turns a Git transport error into a short reason.
func DescribeGitError(err error) i18n.Text {
	switch {
	case errors.Is(err, transport.ErrRepositoryNotFound):
		return i18n.T("dépôt introuvable", "repository not found")
	case errors.Is(err, transport.ErrAuthenticationRequired):
		return i18n.T("authentification demandée", "authentication required")
	case errors.Is(err, transport.ErrAuthorizationFailed):
		return i18n.T("accès refusé", "access denied")
	case errors.Is(err, context.Canceled):
		return i18n.T("interrompu", "interrupted")
	}
	msg := fact.CleanLine(err.Error()) // go-git quotes the server: anyone's
	if strings.Contains(msg, "non-fast-forward") {
		return i18n.T("la branche distante a des commits absents d'ici (mise à jour refusée)", "the remote branch has commits that are not here (update refused)")
	}
	return i18n.T(msg, msg)
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
	head, err := r.Repo().Head()
	if err != nil || !head.Name().IsBranch() {
		return nil, nil
	}
	upstream, ok, err := r.RemoteHead(head.Name().Short())
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
		k, id, _ := ParseShareBranch(b)
		tip, ok, err := r.BranchHead(b)
		if err != nil || !ok {
			continue
		}
		files, err := r.EntryFilesAt(tip, k, id)
		if err != nil {
			continue
		}
		same, err := r.SameEntry(upstream, k, id, files)
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

// HasCommit reports whether commit h is in the local repository.
func (r *Registry) HasCommit(h plumbing.Hash) bool {
	if r.repo == nil {
		return false
	}
	_, err := object.GetCommit(r.Repo().Storer, h)
	return err == nil
}

// EntryDiff lists how an entry's files in the work tree differ from those
// of a commit: registry paths, sorted.
type EntryDiff struct {
	Added, Modified, Removed []string
}

// Empty reports whether the files are the same.
func (d EntryDiff) Empty() bool {
	return len(d.Added)+len(d.Modified)+len(d.Removed) == 0
}

// Unshared is what an entry has here that the shared registry does not, as
// far as the last fetch knows: its files compared with the remote's copy,
// and its local share branch.
type Unshared struct {
	// Base is the commit the files are compared with: origin's branch of
	// the checked-out one as of the last fetch, else HEAD (a registry with
	// no remote, or never fetched).
	Base plumbing.Hash
	// Remote is true when Base is the remote's.
	Remote bool
	// Diff is how the work tree's files differ from Base's.
	Diff EntryDiff
	// Branch is the entry's local share branch ("" when there is none):
	// codal snippet add made it, or an earlier share.
	Branch string
}

// Any reports whether there is something to propose: changed files or a
// share branch.
func (u Unshared) Any() bool { return !u.Diff.Empty() || u.Branch != "" }

// Unshared tells whether an entry was added or changed here: its files in
// the work tree against the remote's (as of the last fetch, no network), and
// its share branch. It reads only the entry's files, so it is cheap enough
// to ask on every selection.
func (r *Registry) Unshared(k Kind, id string) (Unshared, error) {
	var u Unshared
	if r.repo == nil {
		return u, r.notGit()
	}
	head, err := r.Repo().Head()
	if err != nil {
		return u, i18n.Wrap(err, i18n.T("le registre n'a pas encore de commit : %v", "the registry has no commit yet: %v"), err)
	}
	u.Base = head.Hash()
	if head.Name().IsBranch() {
		if h, ok, err := r.RemoteHead(head.Name().Short()); err != nil {
			return u, err
		} else if ok {
			u.Base, u.Remote = h, true
		}
	}
	files, err := r.EntryFiles(k, id)
	if err != nil {
		return u, err
	}
	old, err := r.EntryFilesAt(u.Base, k, id)
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
	b := ShareBranch(k, id)
	if _, ok, err := r.BranchHead(b); err != nil {
		return u, err
	} else if ok {
		u.Branch = b
	}
	return u, nil
}
