package registry

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/gpso/codal/i18n"
)

// journalFile, in the Git folder, records a branch move in progress: the
// branch, its old commit and its new one. It is written before the branch
// moves and removed once the work tree and the index have caught up, so a
// process killed in between leaves a note that the next codal run acts on.
const journalFile = "codal-journal"

type journal struct {
	Ref      plumbing.ReferenceName
	Old, New plumbing.Hash
}

func (s *session) writeJournal(j journal) error {
	p := filepath.Join(s.gitdir, journalFile)
	tmp := p + ".tmp"
	data := fmt.Sprintf("%s\n%s\n%s\n", j.Ref, j.Old, j.New)
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

func (s *session) readJournal() (journal, bool, error) {
	data, err := os.ReadFile(filepath.Join(s.gitdir, journalFile))
	if errors.Is(err, fs.ErrNotExist) {
		return journal{}, false, nil
	}
	if err != nil {
		return journal{}, false, err
	}
	lines := strings.Fields(string(data))
	if len(lines) != 3 || !plumbing.IsHash(lines[1]) || !plumbing.IsHash(lines[2]) {
		// A journal cut short was written by a process killed before the
		// branch moved (it is renamed into place whole): nothing to do.
		return journal{}, false, nil
	}
	return journal{plumbing.ReferenceName(lines[0]), plumbing.NewHash(lines[1]), plumbing.NewHash(lines[2])}, true, nil
}

func (s *session) clearJournal() error {
	err := os.Remove(filepath.Join(s.gitdir, journalFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// repair finishes or forgets what a codal process killed mid-write left: when
// the branch already points to the journal's new commit, the work tree and
// the index are brought to it (they lag behind the branch and must not be
// committed over); when it still points to the old one, the half-built
// objects are simply unreferenced. The lock files and temporary files that
// process held are removed. It runs under the registry lock, so no other
// codal process is writing.
func (s *session) repair() error {
	j, ok, err := s.readJournal()
	if err != nil {
		return err
	}
	os.RemoveAll(filepath.Join(s.gitdir, tmpDir))
	os.Remove(filepath.Join(s.gitdir, journalFile+".tmp"))
	if note, err := os.ReadFile(filepath.Join(s.gitdir, refLockNote)); err == nil {
		lock := strings.TrimSpace(string(note))
		if strings.HasPrefix(lock, s.gitdir+string(filepath.Separator)) && strings.HasSuffix(lock, ".lock") {
			os.Remove(lock)
		}
		os.Remove(filepath.Join(s.gitdir, refLockNote))
	}
	if !ok {
		return s.clearJournal()
	}
	// Only a codal process that died holds the index lock while a journal
	// exists.
	os.Remove(filepath.Join(s.gitdir, "index.lock"))
	cur, err := readRef(s.repo, j.Ref)
	if err != nil {
		return err
	}
	if cur == j.New && j.Ref == s.branch {
		from, err := s.o.commitTree(j.Old)
		if err != nil {
			return repairError(err)
		}
		to, err := s.o.commitTree(j.New)
		if err != nil {
			return repairError(err)
		}
		changes, err := s.o.diffTrees(from, to)
		if err != nil {
			return repairError(err)
		}
		if err := s.applyWorktree(changes); err != nil {
			return repairError(err)
		}
	}
	return s.clearJournal()
}

func repairError(err error) error {
	return i18n.Wrap(err, i18n.T("réparation du registre après une interruption impossible : %v", "cannot repair the registry after an interruption: %v"), err)
}
