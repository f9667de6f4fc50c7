package registry

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/store"
)

// LockTimeout is how long a write waits for another codal process working on
// the same registry before giving up.
var LockTimeout = 60 * time.Second

// lockFile is the name, in the Git folder, of the lock that serializes codal
// processes writing to one registry.
const lockFile = "codal.lock"

// errLocked is returned by tryLock when another process holds the lock.
var errLocked = errors.New("locked")

// acquire takes the registry's write lock, waiting up to LockTimeout (or
// until ctx ends). The lock is held by an open file: it is released by
// release, or by the system when the process dies, even killed.
func acquire(ctx context.Context, gitdir string) (*fileLock, error) {
	p := filepath.Join(gitdir, lockFile)
	deadline := time.Now().Add(LockTimeout)
	wait := 2 * time.Millisecond
	for {
		l, err := tryLock(p)
		if err == nil {
			return l, nil
		}
		if !errors.Is(err, errLocked) {
			return nil, i18n.Wrap(err, i18n.T("impossible de verrouiller le registre (%s) : %v", "cannot lock the registry (%s): %v"), p, err)
		}
		if time.Now().After(deadline) {
			return nil, i18n.Wrap(store.ErrLocked, i18n.T("un autre programme codal écrit dans ce registre depuis plus de %s : réessayez quand il aura fini",
				"another codal program has been writing to this registry for more than %s: try again when it is done"), LockTimeout)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(wait*2, 100*time.Millisecond)
	}
}

func (l *fileLock) release() {
	if l != nil && l.f != nil {
		l.unlock()
		l.f.Close()
		l.f = nil
	}
}

// fileLock is a held lock.
type fileLock struct {
	f *os.File
}
