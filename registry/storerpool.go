package registry

import (
	"runtime"
	"sync"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// storerPoolCache is the object cache of each storage of a pool. A load
// reads every object once, so the cache serves only the bases of deltas in
// pack files; a small one per storage keeps a load's memory bounded.
const storerPoolCache = 16 * cache.MiByte

// storerPool hands out object storages opened on one Git folder, each used
// by one goroutine at a time. go-git's filesystem object storage is not safe
// for concurrent use (unguarded maps of pack indexes and pack files, a lazily
// loaded index, an object cache shared by everything it returns), but two
// storages opened on the same folder share nothing but the files on disk:
// each has its own folder handle, pack indexes, pack file handles and cache.
// So goroutines read objects in parallel, each through a storage no other
// goroutine holds.
//
// Storages are opened lazily, at most max of them; one is never closed
// because none keeps a file open between two reads (go-git's default:
// neither KeepDescriptors nor MaxOpenDescriptors).
type storerPool struct {
	gitdir string
	free   chan storer.EncodedObjectStorer
	mu     sync.Mutex
	opened int
}

// newStorerPool is a pool of at most one storage per core on the Git folder
// gitdir.
func newStorerPool(gitdir string) *storerPool {
	n := max(runtime.GOMAXPROCS(0), 1)
	return &storerPool{gitdir: gitdir, free: make(chan storer.EncodedObjectStorer, n)}
}

// get returns a storage that no other goroutine holds until it is put back.
func (p *storerPool) get() storer.EncodedObjectStorer {
	select {
	case s := <-p.free:
		return s
	default:
	}
	p.mu.Lock()
	if p.opened < cap(p.free) {
		p.opened++
		p.mu.Unlock()
		return filesystem.NewStorage(osfs.New(p.gitdir), cache.NewObjectLRU(storerPoolCache))
	}
	p.mu.Unlock()
	return <-p.free
}

// put gives a storage back; nothing read through it may be used after.
func (p *storerPool) put(s storer.EncodedObjectStorer) {
	p.free <- s
}
