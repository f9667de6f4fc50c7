package registry

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// treeFS is a read-only fs.FS over a Git tree, so a commit can be loaded and
// linted exactly as it would be checked out, without a work tree.
//
// Load reads it from several goroutines at once, and nothing of go-git
// underneath is safe for that: object.Tree builds a lookup map lazily in
// FindEntry, and the filesystem object storage keeps unguarded maps of pack
// files and indexes. So treeFS never calls FindEntry: it indexes each
// folder's entries itself, once (the map of folders under mu, never held
// while reading), and each object read (a tree, a blob, a size) goes through
// a storage of its own from pool (storerpool.go): a storage opened on the
// same Git folder that no other goroutine holds meanwhile. No go-git object
// is shared between goroutines, and they read objects in parallel. A storage
// that is not on a Git folder (in memory) has no pool: its reads take turns
// under objMu.
type treeFS struct {
	s     storer.EncodedObjectStorer // the repository's, used only without a pool
	objMu sync.Mutex                 // held while reading through s
	pool  *storerPool
	mu    sync.Mutex            // guards dirs
	dirs  map[string]*treeIndex // folder path ("." for the root) -> its entries
	done  func()                // run by close (an objReader's unmapping), or nil
}

// treeIndex is one folder of the tree, its entries by name. It is never
// changed once built, so it may be read without the lock.
type treeIndex struct {
	entries []object.TreeEntry
	byName  map[string]int
}

func newTreeIndex(t *object.Tree) *treeIndex {
	ix := &treeIndex{entries: t.Entries, byName: make(map[string]int, len(t.Entries))}
	for i, e := range t.Entries {
		ix.byName[e.Name] = i
	}
	return ix
}

func newTreeFS(s storer.EncodedObjectStorer, t *object.Tree) *treeFS {
	f := &treeFS{s: s, dirs: map[string]*treeIndex{".": newTreeIndex(t)}}
	if fsys, ok := s.(*filesystem.Storage); ok {
		f.pool = newStorerPool(fsys.Filesystem().Root())
	}
	return f
}

// close closes the pack files the pool's storages keep open between reads
// (storerpool.go); call it when nothing reads through f any more.
func (f *treeFS) close() {
	if f.pool != nil {
		f.pool.close()
	}
	if f.done != nil {
		f.done()
	}
}

// read runs fn with an object storage that no other goroutine uses until fn
// returns; fn must copy out what it keeps.
func (f *treeFS) read(fn func(storer.EncodedObjectStorer) error) error {
	if s, ok := f.s.(objStorer); ok {
		return fn(s) // an objReader is safe for concurrent reads
	}
	if f.pool == nil {
		f.objMu.Lock()
		defer f.objMu.Unlock()
		return fn(f.s)
	}
	s := f.pool.get()
	defer f.pool.put(s)
	return fn(s)
}

// dir returns the index of a folder, reading its tree the first time. Two
// goroutines may read the same folder at once: the first index stored wins
// and both are the same.
func (f *treeFS) dir(name string) (*treeIndex, error) {
	f.mu.Lock()
	ix, ok := f.dirs[name]
	f.mu.Unlock()
	if ok {
		return ix, nil
	}
	parent, err := f.dir(path.Dir(name))
	if err != nil {
		return nil, err
	}
	i, ok := parent.byName[path.Base(name)]
	if !ok {
		return nil, fs.ErrNotExist
	}
	e := parent.entries[i]
	if e.Mode == filemode.Symlink {
		return nil, store.ErrSymlink
	}
	if e.Mode != filemode.Dir {
		return nil, errNotDir
	}
	err = f.read(func(s storer.EncodedObjectStorer) error {
		t, err := object.GetTree(s, e.Hash)
		if err == nil {
			ix = newTreeIndex(t)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if first, ok := f.dirs[name]; ok {
		return first, nil
	}
	f.dirs[name] = ix
	return ix, nil
}

// lookup finds a path: its entry (nil for the root) and, for a folder, its
// index. A symbolic link on the way is never followed: store.ErrSymlink.
func (f *treeFS) lookup(op, name string) (*object.TreeEntry, *treeIndex, error) {
	if !fs.ValidPath(name) {
		return nil, nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return nil, f.dirs["."], nil
	}
	parent, err := f.dir(path.Dir(name))
	if errors.Is(err, errNotDir) {
		err = fs.ErrNotExist
	}
	if err != nil {
		return nil, nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	i, ok := parent.byName[path.Base(name)]
	if !ok {
		return nil, nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	e := &parent.entries[i]
	if e.Mode == filemode.Dir {
		ix, err := f.dir(name)
		if err != nil {
			return nil, nil, &fs.PathError{Op: op, Path: name, Err: err}
		}
		return e, ix, nil
	}
	return e, nil, nil
}

// Open opens a file or a folder of the tree. A symbolic link is not
// followed: opening one fails with store.ErrSymlink.
func (f *treeFS) Open(name string) (fs.File, error) {
	e, ix, err := f.lookup("open", name)
	if err != nil {
		return nil, err
	}
	if ix != nil {
		return &treeDir{fsys: f, name: name, ix: ix}, nil
	}
	if e.Mode == filemode.Symlink {
		return nil, &fs.PathError{Op: "open", Path: name, Err: store.ErrSymlink}
	}
	data, err := f.blob(e.Hash)
	var big *blobTooLarge
	if errors.As(err, &big) {
		// Its size is known, its bytes are not read: a reader refusing
		// files over the cap learns it at its first read.
		info := &treeInfo{name: path.Base(name), mode: entryMode(e.Mode), size: big.size}
		return &treeFile{info: info, r: errReader{err}}, nil
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	info := &treeInfo{name: path.Base(name), mode: entryMode(e.Mode), size: int64(len(data))}
	return &treeFile{info: info, r: bytes.NewReader(data)}, nil
}

// blobTooLarge is the error of reading a blob over catalogue.MaxFactSize,
// which codal never reads: it wraps fact.ErrTooLarge.
type blobTooLarge struct{ size int64 }

func (e *blobTooLarge) Error() string {
	return "object of " + strconv.FormatInt(e.size, 10) + " bytes: " + fact.ErrTooLarge.Error()
}
func (e *blobTooLarge) Unwrap() error { return fact.ErrTooLarge }

// errReader fails every read with err.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// ReadFile reads a whole file; a symbolic link fails with store.ErrSymlink.
func (f *treeFS) ReadFile(name string) ([]byte, error) {
	e, ix, err := f.lookup("read", name)
	if err != nil {
		return nil, err
	}
	if ix != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	if e.Mode == filemode.Symlink {
		return nil, &fs.PathError{Op: "read", Path: name, Err: store.ErrSymlink}
	}
	return f.blob(e.Hash)
}

// ReadDir lists a folder, sorted by name.
func (f *treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	_, ix, err := f.lookup("readdir", name)
	if err != nil {
		return nil, err
	}
	if ix == nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errNotDir}
	}
	return f.entries(ix), nil
}

// Lstat describes a path without following a symbolic link (fs.ReadLinkFS).
func (f *treeFS) Lstat(name string) (fs.FileInfo, error) {
	e, _, err := f.lookup("lstat", name)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return &treeInfo{name: ".", mode: fs.ModeDir | 0o755}, nil
	}
	return (&treeDirEntry{fsys: f, e: *e}).Info()
}

// ReadLink returns a symbolic link's target (fs.ReadLinkFS).
func (f *treeFS) ReadLink(name string) (string, error) {
	e, _, err := f.lookup("readlink", name)
	if err != nil {
		return "", err
	}
	if e == nil || e.Mode != filemode.Symlink {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	data, err := f.blob(e.Hash)
	return string(data), err
}

func (f *treeFS) entries(ix *treeIndex) []fs.DirEntry {
	out := make([]fs.DirEntry, 0, len(ix.entries))
	for _, e := range ix.entries {
		out = append(out, &treeDirEntry{fsys: f, e: e})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

func (f *treeFS) blob(h plumbing.Hash) ([]byte, error) {
	var data []byte
	err := f.read(func(s storer.EncodedObjectStorer) error {
		b, err := object.GetBlob(s, h)
		if err != nil {
			return err
		}
		if b.Size > catalogue.MaxFactSize {
			return &blobTooLarge{size: b.Size}
		}
		r, err := b.Reader()
		if err != nil {
			return err
		}
		defer r.Close()
		data, err = io.ReadAll(r)
		return err
	})
	return data, err
}

// size is a blob's size, read from its header without inflating it all; 0
// when it cannot be read.
func (f *treeFS) size(h plumbing.Hash) int64 {
	var n int64
	_ = f.read(func(s storer.EncodedObjectStorer) error {
		var err error
		n, err = s.EncodedObjectSize(h)
		return err
	})
	return n
}

var (
	errIsDir  = errors.New("is a directory")
	errNotDir = errors.New("not a directory")
)

func entryMode(m filemode.FileMode) fs.FileMode {
	switch m {
	case filemode.Dir:
		return fs.ModeDir | 0o755
	case filemode.Symlink:
		return fs.ModeSymlink | 0o777
	case filemode.Submodule:
		return fs.ModeIrregular
	case filemode.Executable:
		return 0o755
	}
	return 0o644
}

type treeDirEntry struct {
	fsys *treeFS
	e    object.TreeEntry
}

func (d *treeDirEntry) Name() string      { return d.e.Name }
func (d *treeDirEntry) IsDir() bool       { return d.e.Mode == filemode.Dir }
func (d *treeDirEntry) Type() fs.FileMode { return entryMode(d.e.Mode).Type() }
func (d *treeDirEntry) Info() (fs.FileInfo, error) {
	info := &treeInfo{name: d.e.Name, mode: entryMode(d.e.Mode)}
	if !d.IsDir() {
		info.size = d.fsys.size(d.e.Hash)
	}
	return info, nil
}

type treeInfo struct {
	name string
	mode fs.FileMode
	size int64
}

func (i *treeInfo) Name() string       { return i.name }
func (i *treeInfo) Size() int64        { return i.size }
func (i *treeInfo) Mode() fs.FileMode  { return i.mode }
func (i *treeInfo) ModTime() time.Time { return time.Time{} }
func (i *treeInfo) IsDir() bool        { return i.mode.IsDir() }
func (i *treeInfo) Sys() any           { return nil }

type treeFile struct {
	info *treeInfo
	r    io.Reader
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *treeFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *treeFile) Close() error               { return nil }

type treeDir struct {
	fsys    *treeFS
	name    string
	ix      *treeIndex
	pending []fs.DirEntry
	started bool
}

func (d *treeDir) Stat() (fs.FileInfo, error) {
	return &treeInfo{name: path.Base(d.name), mode: fs.ModeDir | 0o755}, nil
}
func (d *treeDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errIsDir}
}
func (d *treeDir) Close() error { return nil }

// ReadDir implements fs.ReadDirFile.
func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.started {
		d.pending, d.started = d.fsys.entries(d.ix), true
	}
	if n <= 0 {
		out := d.pending
		d.pending = nil
		return out, nil
	}
	if len(d.pending) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.pending))
	out := d.pending[:n]
	d.pending = d.pending[n:]
	return out, nil
}
