package registry

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/gpso/codal/i18n"
)

// gitDir returns the repository's Git folder (usually <registry>/.git).
func gitDir(r *Registry) string {
	if r.repo != nil {
		if fs, ok := r.repo.Storer.(*filesystem.Storage); ok {
			return fs.Filesystem().Root()
		}
	}
	return filepath.Join(r.dir, ".git")
}

// refFile is the loose file of a reference in the Git folder.
func refFile(gitdir string, name plumbing.ReferenceName) string {
	return filepath.Join(gitdir, filepath.FromSlash(name.String()))
}

// readRef returns the hash a reference points to, or the zero hash when it
// does not exist.
func readRef(repo *git.Repository, name plumbing.ReferenceName) (plumbing.Hash, error) {
	ref, err := repo.Storer.Reference(name)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return plumbing.ZeroHash, nil
	}
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if ref.Type() != plumbing.HashReference {
		return plumbing.ZeroHash, fmt.Errorf("%s is a symbolic reference", name)
	}
	return ref.Hash(), nil
}

// refLockNote, in the Git folder, names the reference lock file codal holds
// while it updates a reference.
const refLockNote = "codal-reflock"

// errRefMoved reports that a reference no longer holds what the caller read.
var errRefMoved = errors.New("reference moved")

// setRef points name at h the way git does: the new value is written to
// <ref>.lock, created exclusively (so a concurrent git command is excluded),
// then renamed over the reference, so that a process killed at any moment
// leaves either the old value or the new one, never a truncated file. When
// old is not nil, the reference must still hold *old (zero: not exist). The
// update is recorded in the reflog when the repository keeps one.
func setRef(repo *git.Repository, gitdir string, name plumbing.ReferenceName, h plumbing.Hash, old *plumbing.Hash, who object.Signature, msg string) error {
	p := refFile(gitdir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	lock := p + ".lock"
	// Name the lock file codal is about to hold, so that if this process is
	// killed before the rename, the next run removes it (see repair).
	note := filepath.Join(gitdir, refLockNote)
	if err := os.WriteFile(note, []byte(lock+"\n"), 0o644); err != nil {
		return err
	}
	defer os.Remove(note)
	f, err := os.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return i18n.Errorf(i18n.T("la référence %s est verrouillée par un autre programme Git (%s existe) : réessayez, ou supprimez ce fichier si aucun programme Git ne tourne",
			"the reference %s is locked by another Git program (%s exists): try again, or delete that file if no Git program is running"), name.Short(), lock)
	}
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(lock)
		}
	}()
	cur, err := readRef(repo, name)
	if err != nil {
		return err
	}
	if old != nil && cur != *old {
		return errRefMoved
	}
	if _, err := f.WriteString(h.String() + "\n"); err != nil {
		return err
	}
	if crashHook != nil {
		crashHook("ref-lock " + name.Short())
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(lock, p); err != nil {
		return err
	}
	done = true
	appendReflog(gitdir, name, cur, h, who, msg)
	return nil
}

// appendReflog adds a line to the reference's log when that log exists or
// the reference is a local branch or HEAD's (as git does in a work tree).
// Failing to log is not an error: the log only helps people recover.
func appendReflog(gitdir string, name plumbing.ReferenceName, old, h plumbing.Hash, who object.Signature, msg string) {
	p := filepath.Join(gitdir, "logs", filepath.FromSlash(name.String()))
	if _, err := os.Stat(p); err != nil && !name.IsBranch() && !name.IsRemote() {
		return
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	when := who.When
	if when.IsZero() {
		when = time.Now()
	}
	name_ := strings.NewReplacer("<", "", ">", "", "\n", " ").Replace(who.Name)
	email := strings.NewReplacer("<", "", ">", "", "\n", " ").Replace(who.Email)
	fmt.Fprintf(f, "%s %s %s <%s> %d %s\t%s\n", old, h, name_, email, when.Unix(), when.Format("-0700"), strings.ReplaceAll(msg, "\n", " "))
}
