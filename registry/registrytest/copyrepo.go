package registrytest

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// CopyRepo copies the Git repository at src (its work tree and its .git
// folder) to dst, which must not exist, keeping modes and modification
// times as cp -a does. Git's object files (.git/objects, loose and packed)
// are hard links to src's rather than copies: Git never changes an object
// file in place, so the copy can commit, gc or prune without touching src.
// Everything else is copied byte for byte, so a test may edit the copy's work
// tree, index and refs freely.
//
// It is for tests that each need the same repository: build it once (a
// package's TestMain or a sync.Once) and copy it per test. On ext4 without a
// journal, as on the CI machine, every new inode costs a scan over the
// inodes freed in the last minutes, and the suite frees hundreds of
// thousands: a copy that links its objects allocates about a third fewer.
func CopyRepo(dst, src string) error {
	objects := filepath.Join(src, ".git", "objects") + string(filepath.Separator)
	type dirTime struct {
		path string
		info fs.FileInfo
	}
	var dirs []dirTime
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			if rel == "." {
				if _, err := os.Lstat(dst); err == nil {
					return fmt.Errorf("copy of %s: %s exists", src, dst)
				}
			}
			dirs = append(dirs, dirTime{target, info})
			return os.Mkdir(target, info.Mode().Perm())
		case info.Mode()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		case !info.Mode().IsRegular():
			return fmt.Errorf("copy of %s: %s is not a regular file", src, rel)
		case strings.HasPrefix(p, objects):
			return os.Link(p, target)
		}
		if err := copyFile(target, p, info.Mode().Perm()); err != nil {
			return err
		}
		return os.Chtimes(target, info.ModTime(), info.ModTime())
	})
	if err != nil {
		return err
	}
	// A folder's time changes as its entries are written: set them last,
	// the deepest first.
	for i := len(dirs) - 1; i >= 0; i-- {
		if err := os.Chtimes(dirs[i].path, dirs[i].info.ModTime(), dirs[i].info.ModTime()); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(dst, src string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// RepoState is what tests that share a repository must leave as it was:
// HEAD's commit, the branches and tags, and git status (the work tree and
// the index against HEAD, ignored files included; git writes nothing, not
// even its index's refreshed times). A TestMain compares it before and
// after the tests.
func RepoState(dir string) (string, error) {
	refs, err := Git(dir, "for-each-ref", "--format=%(refname) %(objectname)")
	if err != nil {
		return "", err
	}
	head, err := Git(dir, "rev-parse", "HEAD")
	if err != nil {
		return "", err
	}
	status, err := Git(dir, "--no-optional-locks", "status", "--porcelain", "--ignored")
	if err != nil {
		return "", err
	}
	return "HEAD " + head + "\n" + refs + "\n" + status, nil
}
