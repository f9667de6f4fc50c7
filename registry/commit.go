package registry

import (
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// errNoChange is returned by CommitOn (and reported by Write) when a change
// leaves the tree exactly as it was: the registry already holds it.
var errNoChange = i18n.Wrap(store.ErrNoChange, i18n.T("rien à enregistrer : le registre contient déjà exactement ces fichiers", "nothing to save: the registry already holds exactly these files"))

// gitRepo is the go-git repository (it never leaves the package), nil for a
// registry that is a plain folder. Each call opens a fresh
// handle, which sees every object and reference on disk at that time (a
// handle caches the list of pack files, so an old one can miss what a later
// fetch brought); a handle is not safe for concurrent use. Writes to the
// registry's checked-out branch must go through Write and Sync, which keep
// the work tree, the index and the crash journal consistent.
func (r *Registry) gitRepo() *git.Repository {
	if r.repo == nil {
		return nil
	}
	if fresh, err := git.PlainOpen(r.dir); err == nil {
		return fresh
	}
	return r.repo
}

// commitOnParent builds a commit whose parent is parent (zero hash: a root commit)
// and whose tree is parent's tree with ch applied, signed by sig (author and
// committer; a zero sig.When means now); it writes the objects and returns
// the commit hash, touching neither refs nor the work tree.
//
// Paths are relative to the registry root, with forward slashes; a path that
// is not clean, leaves the registry or enters .git is refused. New files are
// regular files (mode 100644); a replaced file keeps its mode. Deleting a
// path that does not exist is not an error, and folders left empty vanish.
// When ch leaves the tree unchanged, commitOnParent returns parent and errNoChange.
func (r *Registry) commitOnParent(parent plumbing.Hash, ch catalogue.Change, sig object.Signature) (_ plumbing.Hash, err error) {
	defer sentence(&err)
	if r.repo == nil {
		return plumbing.ZeroHash, errNotGit(r.dir)
	}
	return commitOn(objects{s: r.gitRepo().Storer}, parent, ch, sig)
}

func commitOn(o objects, parent plumbing.Hash, ch catalogue.Change, sig object.Signature) (plumbing.Hash, error) {
	if err := ch.Check(); err != nil {
		return plumbing.ZeroHash, err
	}
	base, err := o.commitTree(parent)
	if err != nil {
		return plumbing.ZeroHash, i18n.Wrap(err, i18n.T("commit parent %s illisible : %v", "unreadable parent commit %s: %v"), parent, err)
	}
	if ch, err = o.raiseFormat(base, ch); err != nil {
		return plumbing.ZeroHash, err
	}
	edits := treeEdit{}
	for p, data := range ch.Files {
		if data == nil {
			edits[p] = entry{}
			continue
		}
		h, err := o.writeBlob(data)
		if err != nil {
			return plumbing.ZeroHash, writeObjectsError(err)
		}
		mode := filemode.Regular
		if old, err := o.fileAt(base, p); err == nil && old.Mode == filemode.Executable {
			mode = old.Mode
		}
		edits[p] = entry{h, mode}
	}
	tree, err := o.editTree(base, edits)
	if err != nil {
		return plumbing.ZeroHash, writeObjectsError(err)
	}
	if tree == base && !parent.IsZero() {
		return parent, errNoChange
	}
	var parents []plumbing.Hash
	if !parent.IsZero() {
		parents = []plumbing.Hash{parent}
	}
	return o.writeCommit(tree, parents, ch.Message, sig, sig)
}

// writeCommit stores a commit object.
func (o objects) writeCommit(tree plumbing.Hash, parents []plumbing.Hash, msg string, author, committer object.Signature) (plumbing.Hash, error) {
	now := time.Now()
	if author.When.IsZero() {
		author.When = now
	}
	if committer.When.IsZero() {
		committer.When = now
	}
	if msg != "" && !strings.HasSuffix(msg, "\n") {
		msg += "\n"
	}
	c := &object.Commit{Author: author, Committer: committer, Message: msg, TreeHash: tree, ParentHashes: parents}
	obj := o.s.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return plumbing.ZeroHash, writeObjectsError(err)
	}
	h, err := o.s.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, writeObjectsError(err)
	}
	return h, nil
}

func writeObjectsError(err error) error {
	return i18n.Wrap(err, i18n.T("écriture des objets Git impossible : %v", "cannot write the Git objects: %v"), err)
}

// raiseFormat returns ch with registry.yaml's format line raised to
// ch.MinFormat when the registry.yaml of tree base says less
// (catalogue.Change.Raised): a comment makes a format 1 registry format 2 in
// the commit that adds it.
func (o objects) raiseFormat(base plumbing.Hash, ch catalogue.Change) (catalogue.Change, error) {
	if ch.MinFormat <= 0 {
		return ch, nil
	}
	e, err := o.fileAt(base, catalogue.MetaFile)
	if err != nil {
		return ch, i18n.Wrap(err, i18n.T("lecture de registry.yaml impossible : %v", "cannot read registry.yaml: %v"), err)
	}
	var meta []byte
	if !e.Hash.IsZero() {
		if meta, err = o.readBlob(e.Hash); err != nil {
			return ch, i18n.Wrap(err, i18n.T("lecture de registry.yaml impossible : %v", "cannot read registry.yaml: %v"), err)
		}
	}
	return ch.Raised(meta)
}
