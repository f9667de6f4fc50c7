package registry

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// treeFS is a read-only fs.FS over a Git tree, so a commit can be loaded and
// linted exactly as it would be checked out, without a work tree.
type treeFS struct {
	s    storer.EncodedObjectStorer
	root *object.Tree
}

func newTreeFS(s storer.EncodedObjectStorer, t *object.Tree) *treeFS { return &treeFS{s: s, root: t} }

func (f *treeFS) lookup(op, name string) (*object.TreeEntry, *object.Tree, error) {
	if !fs.ValidPath(name) {
		return nil, nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return nil, f.root, nil
	}
	e, err := f.root.FindEntry(name)
	if err != nil {
		return nil, nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	if e.Mode == filemode.Dir {
		t, err := object.GetTree(f.s, e.Hash)
		if err != nil {
			return nil, nil, &fs.PathError{Op: op, Path: name, Err: err}
		}
		return e, t, nil
	}
	return e, nil, nil
}

// Open opens a file or a folder of the tree.
func (f *treeFS) Open(name string) (fs.File, error) {
	e, t, err := f.lookup("open", name)
	if err != nil {
		return nil, err
	}
	if t != nil {
		return &treeDir{fsys: f, name: name, tree: t}, nil
	}
	data, err := f.blob(e.Hash)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	info := &treeInfo{name: path.Base(name), mode: entryMode(e.Mode), size: int64(len(data))}
	return &treeFile{info: info, r: bytes.NewReader(data)}, nil
}

// ReadFile reads a whole file.
func (f *treeFS) ReadFile(name string) ([]byte, error) {
	e, t, err := f.lookup("read", name)
	if err != nil {
		return nil, err
	}
	if t != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	return f.blob(e.Hash)
}

// ReadDir lists a folder, sorted by name.
func (f *treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	_, t, err := f.lookup("readdir", name)
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errNotDir}
	}
	return f.entries(t), nil
}

func (f *treeFS) entries(t *object.Tree) []fs.DirEntry {
	out := make([]fs.DirEntry, 0, len(t.Entries))
	for _, e := range t.Entries {
		out = append(out, &treeDirEntry{fsys: f, e: e})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

func (f *treeFS) blob(h plumbing.Hash) ([]byte, error) {
	b, err := object.GetBlob(f.s, h)
	if err != nil {
		return nil, err
	}
	r, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

func (f *treeFS) size(h plumbing.Hash) int64 {
	if obj, err := f.s.EncodedObject(plumbing.BlobObject, h); err == nil {
		return obj.Size()
	}
	return 0
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
	r    *bytes.Reader
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *treeFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *treeFile) Close() error               { return nil }

type treeDir struct {
	fsys    *treeFS
	name    string
	tree    *object.Tree
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
		d.pending, d.started = d.fsys.entries(d.tree), true
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
