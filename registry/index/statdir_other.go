//go:build !linux

package index

import (
	"os"
)

// statDir lstats paths under the registry's folder with os.Lstat (the
// fstatat path is Linux's, statdir_linux.go).
type statDir struct{ dir string }

func openStatDir(dir string) (*statDir, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	return &statDir{dir: dir}, nil
}

func (s *statDir) close() {}

// lstat returns the row of rel as Scan records it (Path left empty), or
// false when rel cannot be stat'ed.
func (s *statDir) lstat(buf []byte, rel string) (Stat, []byte, bool) {
	fi, err := os.Lstat(joinDir(s.dir, rel))
	if err != nil {
		return Stat{}, buf, false
	}
	return Stat{Size: fi.Size(), MTime: fi.ModTime().UnixNano(), Inode: inode(fi), Mode: uint32(fi.Mode())}, buf, true
}
