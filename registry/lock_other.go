//go:build !unix

package registry

import (
	"errors"
	"os"
	"time"
)

// staleLock is the age after which a lock file left by a dead process is
// broken on systems without flock.
const staleLock = 10 * time.Minute

// tryLock creates p exclusively; a lock file older than staleLock is taken
// to be left by a process that died.
func tryLock(p string) (*fileLock, error) {
	f, err := os.OpenFile(p+".pid", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		if info, serr := os.Stat(p + ".pid"); serr == nil && time.Since(info.ModTime()) > staleLock {
			os.Remove(p + ".pid")
		}
		return nil, errLocked
	}
	if err != nil {
		return nil, err
	}
	return &fileLock{f: f}, nil
}

func (l *fileLock) unlock() {
	name := l.f.Name()
	l.f.Close()
	os.Remove(name)
}
