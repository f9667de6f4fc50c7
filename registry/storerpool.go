package registry

import (
	"runtime"
	"sync"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/gpso/codal/registry/catalogue"
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
// Storages are opened lazily, at most one per core. Each keeps its pack
// files open between reads (go-git's KeepDescriptors): otherwise every
// object read from a pack reopens the pack file, an open and an lstat of
// each folder on its path, which cost a load from a packed repository more
// than the inflating itself. close releases those files; a pool not closed
// leaves them to the garbage collector's finalizers.
//
// An object over catalogue.MaxFactSize is not inflated when it is asked for
// (go-git's LargeObjectThreshold): treeFS reports it too large from its
// size alone. A history pool (newHistoryPool) streams every object over
// 16 KiB: the walk reads large trees whole, once each, into its own cache.
type storerPool struct {
	gitdir string
	// fixed says the objects the pool's users read exist when it is
	// opened (newHistoryPool).
	fixed bool
	// large is the size over which an object is streamed from its pack
	// rather than inflated into memory first (go-git's
	// LargeObjectThreshold).
	large int64
	// maps, for a history pool, maps the pack files once for all its
	// storages (packmap.go).
	maps   *packMaps
	free   chan *filesystem.Storage
	mu     sync.Mutex
	opened []*filesystem.Storage
}

// newStorerPool is a pool of at most one storage per core on the Git folder
// gitdir.
func newStorerPool(gitdir string) *storerPool {
	n := max(runtime.GOMAXPROCS(0), 1)
	return &storerPool{gitdir: gitdir, free: make(chan *filesystem.Storage, n), large: catalogue.MaxFactSize}
}

// newHistoryPool is newStorerPool for a walk of the history that exists
// when it starts: its storages list the loose objects once (go-git's
// ExclusiveAccess) rather than trying to open each object as a loose file
// before looking in the packs, which in a packed repository is a failed
// open per object read.
func newHistoryPool(gitdir string) *storerPool {
	p := newStorerPool(gitdir)
	p.fixed = true
	p.large = 16 << 10
	p.maps = &packMaps{}
	return p
}

// get returns a storage that no other goroutine holds until it is put back.
func (p *storerPool) get() storer.EncodedObjectStorer {
	select {
	case s := <-p.free:
		return s
	default:
	}
	p.mu.Lock()
	if len(p.opened) < cap(p.free) {
		var fs billy.Filesystem = osfs.New(p.gitdir)
		if p.maps != nil {
			fs = packMapFS{Filesystem: fs, maps: p.maps}
		}
		s := filesystem.NewStorageWithOptions(fs, cache.NewObjectLRU(storerPoolCache), filesystem.Options{
			KeepDescriptors:      true,
			LargeObjectThreshold: p.large,
			ExclusiveAccess:      p.fixed,
		})
		p.opened = append(p.opened, s)
		p.mu.Unlock()
		return s
	}
	p.mu.Unlock()
	return <-p.free
}

// put gives a storage back; nothing read through it may be used after.
func (p *storerPool) put(s storer.EncodedObjectStorer) {
	p.free <- s.(*filesystem.Storage)
}

// close closes the pack files the pool's storages keep open. It must not
// run while a storage is out of the pool; a storage asked for after it
// reopens what it needs.
func (p *storerPool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.opened {
		s.Close()
	}
	if p.maps != nil {
		p.maps.close()
	}
}
