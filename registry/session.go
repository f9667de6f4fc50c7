package registry

import (
	"context"
	"errors"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/gpso/codal/i18n"
)

// session is one locked piece of work on the registry's repository: a write,
// a sync or a pull. It holds the registry lock, so codal processes (and
// goroutines) take turns, and its own go-git handle opened after taking the
// lock, so it sees every object and reference other processes wrote before.
type session struct {
	r        *Registry
	repo     *git.Repository
	o        objects
	gitdir   string
	branch   plumbing.ReferenceName // refs/heads/main
	tracking plumbing.ReferenceName // refs/remotes/origin/main
	lock     *fileLock
	idx      *gitIndex // .git/index as read last (dotindex.go)
	// unmapPacks closes the pack reader objects are read through (nil: the
	// repository's storage reads them).
	unmapPacks func()
}

// crashHook, when set (by tests), is called at the points where a killed
// process could leave the repository half-way; the test kills the process
// there.
var crashHook func(point string)

func (s *session) crash(point string) {
	if crashHook != nil {
		crashHook(point)
	}
}

// begin takes the registry lock, opens the repository and repairs what an
// interrupted codal process may have left.
func (r *Registry) begin(ctx context.Context) (*session, error) {
	if r.repo == nil {
		return nil, errNotGit(r.dir)
	}
	gitdir := gitDir(r)
	l, err := acquire(ctx, gitdir)
	if err != nil {
		return nil, err
	}
	s, err := r.openSession(gitdir)
	if err != nil {
		l.release()
		return nil, err
	}
	s.lock = l
	s.readThroughPacks()
	if err := s.repair(); err != nil {
		s.end()
		return nil, err
	}
	return s, nil
}

// openSession opens a fresh go-git handle and finds the checked-out branch;
// it takes no lock (State uses it to read).
func (r *Registry) openSession(gitdir string) (*session, error) {
	repo, err := git.PlainOpen(r.dir)
	if err != nil {
		return nil, i18n.Wrap(err, i18n.T("dépôt Git illisible dans %s : %v", "unreadable Git repository in %s: %v"), r.dir, err)
	}
	head, err := repo.Storer.Reference(plumbing.HEAD)
	if err != nil {
		return nil, i18n.Wrap(err, i18n.T("dépôt Git illisible dans %s : %v", "unreadable Git repository in %s: %v"), r.dir, err)
	}
	if head.Type() != plumbing.SymbolicReference || !head.Target().IsBranch() {
		return nil, i18n.Errorf(i18n.T("le registre %s n'est sur aucune branche (HEAD détachée) : revenez sur main (git switch main)",
			"the registry %s is on no branch (detached HEAD): go back to main (git switch main)"), r.dir)
	}
	br := head.Target()
	return &session{
		r: r, repo: repo, o: objects{s: repo.Storer, trees: newTreeCache()}, gitdir: gitdir,
		branch:   br,
		tracking: plumbing.NewRemoteReferenceName(Remote, br.Short()),
	}, nil
}

func (s *session) end() {
	s.dropIndex()
	if s.unmapPacks != nil {
		s.unmapPacks()
	}
	s.lock.release()
}

// readThroughPacks has the session read objects through the pack reader
// (objread.go, readThrough) when the repository's objects are all its own;
// end unmaps the packs. Only a session that ends (begin's) does it.
func (s *session) readThroughPacks() {
	fsys, ok := s.repo.Storer.(*filesystem.Storage)
	if !ok {
		return
	}
	o, err := openObjReader(fsys.Filesystem().Root())
	if err != nil {
		return
	}
	s.o.s = readThrough{EncodedObjectStorer: s.repo.Storer, fast: objStorer{o}, written: &written{}}
	s.unmapPacks = o.close
}

// head returns the branch's commit (zero when the branch has none yet).
func (s *session) head() (plumbing.Hash, error) { return readRef(s.repo, s.branch) }

// remoteHead returns the remote-tracking branch's commit, as of the last
// fetch or push (zero when unknown).
func (s *session) remoteHead() (plumbing.Hash, error) { return readRef(s.repo, s.tracking) }

// advance moves the branch from old to new and brings the work tree and the
// index along, in the order that survives being killed at any point: the
// objects exist already; a journal is written; the branch moves (one
// rename); the files and the index follow; the journal goes. Files with
// uncommitted local changes on the way stop it before anything moves.
func (s *session) advance(old, new plumbing.Hash, who object.Signature, msg string) error {
	if old == new {
		return nil
	}
	from, err := s.o.commitTree(old)
	if err != nil {
		return err
	}
	to, err := s.o.commitTree(new)
	if err != nil {
		return err
	}
	changes, err := s.o.diffTrees(from, to)
	if err != nil {
		return err
	}
	if err := s.checkLinks(changes); err != nil {
		return err
	}
	if err := s.checkClean(changes); err != nil {
		return err
	}
	if err := s.writeJournal(journal{s.branch, old, new}); err != nil {
		return err
	}
	s.crash("journal")
	if err := setRef(s.repo, s.gitdir, s.branch, new, &old, who, msg); err != nil {
		s.clearJournal()
		if errors.Is(err, errRefMoved) {
			return i18n.Errorf(i18n.T("la branche %s a changé pendant l'écriture (un autre programme Git ?) : réessayez",
				"the branch %s changed during the write (another Git program?): try again"), s.branch.Short())
		}
		return err
	}
	s.crash("ref")
	if err := s.applyWorktree(changes); err != nil {
		// The branch has moved: the journal stays, and the next run
		// finishes the work tree.
		return i18n.Wrap(err, i18n.T("le registre est enregistré mais ses fichiers n'ont pas pu être mis à jour (%v) : la prochaine commande codal les remettra en place",
			"the registry is saved but its files could not be updated (%v): the next codal command will put them in place"), err)
	}
	if err := s.clearJournal(); err != nil {
		return err
	}
	s.crash("done")
	return nil
}

// now is the clock of writes; tests may replace it.
var now = time.Now
