//go:build unix

package watch

import (
	"fmt"
	"os"
	"syscall"
)

// privateDir checks that dir is a real folder (not a link), owned by this
// user, that nobody else may enter.
func privateDir(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || !ok || int(st.Uid) != os.Getuid() || fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("watch: %s is not a private folder of this user", dir)
	}
	return nil
}

// makePrivateDir makes dir (0700) and its parents, and checks it.
func makePrivateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return privateDir(dir)
}

const syscallNoFollow = syscall.O_NOFOLLOW
