package registry

import (
	"container/heap"
	"io"
	"runtime"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

var _ store.Historian = (*Registry)(nil)

// History walks the commits reachable from HEAD and not from since.Commit
// (or made after since.After), as store.Historian says: the set comes from
// the same two-sided walk as sync's (graph.go), ordered children first;
// each commit is diffed against its first parent with diffTrees (only the
// folders whose hashes differ are read), in parallel, each goroutine
// reading through an object storage of its own (storerpool.go), over a
// contiguous run of commits so that a commit's tree, read as the parent
// of the one before, is read once. Folders are compared from their raw
// tree bytes, rebuilt from the pack's deltas by the walk itself
// (rawtree.go): see docs/news.md, Performance.
func (r *Registry) History(since store.Since, fn func(store.Commit) error) error {
	if r.repo == nil {
		return errNotGit(r.dir)
	}
	repo := r.gitRepo()
	ref, err := repo.Head()
	if err == plumbing.ErrReferenceNotFound {
		return nil
	}
	if err != nil {
		return translate(err, "")
	}
	head := ref.Hash()
	// One pool for the whole walk: its storages keep the pack files open
	// (the repository's own storage reopens them at every object read).
	var pool *storerPool
	var hobj *historyObjects // the walk's trees read through its objReader
	walkStorer := storer.EncodedObjectStorer(repo.Storer)
	pooled := false // walkStorer is the pool's, given back after the walk
	if fsys, ok := repo.Storer.(*filesystem.Storage); ok {
		pool = newHistoryPool(fsys.Filesystem().Root())
		defer pool.close()
		// The walk reads commits only: an objReader (objread.go) finds
		// them without the table of every object's offset go-git's
		// storage builds on its first read of a pack (60 MB at 100,000
		// entries, on each start of the app whose news are read up to
		// HEAD).
		if or, err := openObjReader(fsys.Filesystem().Root()); err == nil {
			defer or.close()
			walkStorer = objStorer{or}
			hobj = newHistoryObjects(or)
		} else {
			walkStorer, pooled = pool.get(), true
		}
	}
	o := objects{s: walkStorer}
	var set []plumbing.Hash
	if !since.Commit.IsZero() {
		from := gitHash(since.Commit)
		if _, err := object.GetCommit(o.s, from); err != nil {
			return errCommitNotFound(from, err)
		}
		d, err := o.diverge(head, from)
		if err != nil {
			return historyError(err)
		}
		set = d.onlyA
	} else {
		set, err = o.commitsAfter(head, since)
		if err != nil {
			return historyError(err)
		}
	}
	ordered, err := o.topoOrder(head, set)
	if err != nil {
		return historyError(err)
	}
	var commits []*object.Commit
	for i := len(ordered) - 1; i >= 0; i-- {
		if len(ordered[i].ParentHashes) <= 1 {
			commits = append(commits, ordered[i])
		}
	}
	// A commit's parent is usually the next one walked: its tree is known
	// without reading it again.
	trees := make(map[plumbing.Hash]plumbing.Hash, len(ordered))
	for _, c := range ordered {
		trees[c.Hash] = c.TreeHash
	}
	if pooled {
		pool.put(walkStorer)
	}
	out, err := diffCommits(pool, hobj, repo.Storer, commits, trees, since)
	if err != nil {
		return historyError(err)
	}
	for i := range out {
		c := out[i]
		out[i] = store.Commit{} // the caller decides how long a commit lives
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

func historyError(err error) error {
	if ie, ok := err.(*i18n.Error); ok {
		return ie
	}
	return wrap2(store.ErrNotFound, err, i18n.T("lecture de l'historique Git impossible", "cannot read the Git history"))
}

// commitsAfter lists the commits reachable from head whose committer date
// is after since.After (all when it is zero), walking newest first and not
// going past a commit older than that, as `git log --since` does.
func (o objects) commitsAfter(head plumbing.Hash, since store.Since) ([]plumbing.Hash, error) {
	seen := map[plumbing.Hash]bool{head: true}
	q := &commitQueue{}
	seq := 0
	c, err := object.GetCommit(o.s, head)
	if err != nil {
		return nil, err
	}
	heap.Push(q, queued{c: c})
	var out []plumbing.Hash
	for q.Len() > 0 {
		it := heap.Pop(q).(queued)
		if !since.After.IsZero() && !it.c.Committer.When.After(since.After) {
			continue
		}
		out = append(out, it.c.Hash)
		for _, p := range it.c.ParentHashes {
			if seen[p] {
				continue
			}
			seen[p] = true
			pc, err := object.GetCommit(o.s, p)
			if err != nil {
				return nil, err
			}
			seq++
			heap.Push(q, queued{c: pc, seq: seq})
		}
	}
	return out, nil
}

// diffCommits diffs each commit against its first parent, in parallel over
// contiguous runs of commits (each goroutine through a storage of pool; s
// alone when pool is nil; the trees through hobj when not nil, the files'
// contents through the storage), and returns them in the same order. trees gives
// the tree of the commits already read (read-only here). since says which
// contents to read, and how the changes are given (Want, MaxReads, Fold).
func diffCommits(pool *storerPool, hobj *historyObjects, s storer.EncodedObjectStorer, commits []*object.Commit, trees map[plumbing.Hash]plumbing.Hash, since store.Since) ([]store.Commit, error) {
	out := make([]store.Commit, len(commits))
	if len(commits) == 0 {
		return out, nil
	}
	workers := 1
	if pool != nil {
		workers = min(max(runtime.GOMAXPROCS(0), 1), (len(commits)+15)/16)
	}
	chunk := (len(commits) + workers - 1) / workers
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(commits))
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func(w, lo, hi int) {
			defer wg.Done()
			st := s
			if pool != nil {
				st = pool.get()
				defer pool.put(st)
			}
			o := objects{s: st, raw: newRawCache()}
			if hobj != nil {
				o.s, o.blobs = hobj.storer(), st
			}
			for i := lo; i < hi; i++ {
				c, err := o.diffCommit(commits[i], trees, since)
				if err != nil {
					errs[w] = err
					return
				}
				out[i] = c
				o.raw.release()
			}
		}(w, lo, hi)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// diffCommit is one commit against its first parent, with the wanted
// files' contents (none when it changed more than since.MaxReads of them,
// if MaxReads > 0): listed in Changes, or given to since.Fold one at a
// time (foldCommit).
func (o objects) diffCommit(c *object.Commit, trees map[plumbing.Hash]plumbing.Hash, since store.Since) (store.Commit, error) {
	var parentTree plumbing.Hash
	if len(c.ParentHashes) > 0 {
		t, ok := trees[c.ParentHashes[0]]
		var err error
		if !ok {
			t, err = o.commitTree(c.ParentHashes[0])
		}
		if err != nil {
			return store.Commit{}, err
		}
		parentTree = t
	}
	out := store.Commit{
		Hash: hashOf(c.Hash), Author: c.Author.Name, Email: c.Author.Email, Date: c.Author.When,
		Message: c.Message,
	}
	if since.Fold != nil {
		return o.foldCommit(out, parentTree, c.TreeHash, since)
	}
	want, maxReads := since.Want, since.MaxReads
	changes, err := o.diffTrees(parentTree, c.TreeHash)
	if err != nil {
		return store.Commit{}, err
	}
	out.Changes = make([]store.FileChange, 0, len(changes))
	if maxReads > 0 && len(changes) > maxReads {
		n := 0
		for _, ch := range changes {
			if want == nil || want(ch.Path) {
				n++
			}
		}
		out.Skimmed = n > maxReads
	}
	for _, ch := range changes {
		fc, err := o.fileChange(ch, !out.Skimmed && (want == nil || want(ch.Path)))
		if err != nil {
			return store.Commit{}, err
		}
		out.Changes = append(out.Changes, fc)
	}
	return out, nil
}

// fileChange is ch as the store gives it, with both sides' contents when
// read is true.
func (o objects) fileChange(ch pathChange, read bool) (store.FileChange, error) {
	fc := store.FileChange{Path: ch.Path, HadOld: !ch.From.absent(), HasNew: !ch.To.absent()}
	if !read {
		return fc, nil
	}
	var big bool
	var err error
	if fc.Old, big, err = o.readSmallBlob(ch.From); err != nil {
		return store.FileChange{}, err
	}
	fc.TooLarge = big
	if fc.New, big, err = o.readSmallBlob(ch.To); err != nil {
		return store.FileChange{}, err
	}
	fc.TooLarge = fc.TooLarge || big
	return fc, nil
}

// readSmallBlob reads a file's blob unless it is absent, not a regular
// file, or over catalogue.MaxFactSize (big is then true, and nothing is
// inflated).
func (o objects) readSmallBlob(e entry) (data []byte, big bool, err error) {
	if e.absent() || (e.Mode != filemode.Regular && e.Mode != filemode.Executable && e.Mode != filemode.Deprecated) {
		return nil, false, nil
	}
	s := o.s
	if o.blobs != nil {
		s = o.blobs
	}
	obj, err := s.EncodedObject(plumbing.BlobObject, e.Hash)
	if err != nil {
		return nil, false, err
	}
	if obj.Size() > catalogue.MaxFactSize {
		return nil, true, nil
	}
	rd, err := obj.Reader()
	if err != nil {
		return nil, false, err
	}
	defer rd.Close()
	data, err = io.ReadAll(io.LimitReader(rd, catalogue.MaxFactSize+1))
	return data, false, err
}

// ResolveCommit finds the commit a revision names: a full or abbreviated
// hash, a branch or tag name, HEAD~2… A revision that names no commit is an
// error wrapping store.ErrNotFound.
func (r *Registry) ResolveCommit(rev string) (store.Hash, error) {
	if r.repo == nil {
		return "", errNotGit(r.dir)
	}
	h, err := r.gitRepo().ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return "", i18n.Wrap(store.ErrNotFound, i18n.T("%q ne désigne aucun commit du registre", "%q names no commit of the registry"), rev)
	}
	return hashOf(*h), nil
}
