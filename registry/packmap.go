package registry

import (
	"bytes"
	"errors"
	"io"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-billy/v5"

	"github.com/gpso/codal/registry/mmapfile"
)

// errReadOnlyPack is returned by a write to a mapped pack file.
var errReadOnlyPack = errors.New("registry: a mapped pack file is read-only")

// packMaps maps the pack files of one Git folder once, for every storage of
// a history pool: go-git reads a pack through small seeks and reads, one
// pair of system calls per object (a third of the history walk's time over
// 10,000 commits); from a mapping they are memory reads. Git never rewrites
// a pack file in place (a new pack is written aside, then renamed), so its
// bytes do not change while mapped.
type packMaps struct {
	mu     sync.Mutex
	data   map[string][]byte
	unmaps []func()
}

// get maps the pack at path, once.
func (m *packMaps) get(path string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if b, ok := m.data[path]; ok {
		return b, true
	}
	b, unmap, err := mmapfile.Map(path)
	if err != nil || len(b) == 0 {
		return nil, false
	}
	if m.data == nil {
		m.data = map[string][]byte{}
	}
	m.data[path] = b
	m.unmaps = append(m.unmaps, unmap)
	return b, true
}

// close unmaps every pack; nothing may read them after.
func (m *packMaps) close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range m.unmaps {
		u()
	}
	m.data, m.unmaps = nil, nil
}

// packMapFS is a Git folder whose pack files open as read-only views of
// their mapping; everything else goes to the file system underneath.
type packMapFS struct {
	billy.Filesystem
	maps *packMaps
}

// Open implements billy.Filesystem.
func (fs packMapFS) Open(name string) (billy.File, error) {
	slash := filepath.ToSlash(name)
	if strings.HasPrefix(slash, "objects/pack/") && path.Ext(slash) == ".pack" && !strings.Contains(slash, "..") {
		if b, ok := fs.maps.get(fs.Join(fs.Root(), name)); ok {
			return &mappedFile{name: name, r: bytes.NewReader(b)}, nil
		}
	}
	return fs.Filesystem.Open(name)
}

// packReader is what a mappedFile reads from (a *bytes.Reader over the
// mapping).
type packReader interface {
	io.Reader
	io.ReaderAt
	io.Seeker
}

// mappedFile is a read-only billy.File over a mapping.
type mappedFile struct {
	name string
	r    packReader
}

func (f *mappedFile) Name() string                              { return f.name }
func (f *mappedFile) Read(p []byte) (int, error)                { return f.r.Read(p) }
func (f *mappedFile) ReadAt(p []byte, off int64) (int, error)   { return f.r.ReadAt(p, off) }
func (f *mappedFile) Seek(off int64, whence int) (int64, error) { return f.r.Seek(off, whence) }
func (f *mappedFile) Write([]byte) (int, error)                 { return 0, errReadOnlyPack }
func (f *mappedFile) Close() error                              { return nil }
func (f *mappedFile) Lock() error                               { return nil }
func (f *mappedFile) Unlock() error                             { return nil }
func (f *mappedFile) Truncate(int64) error                      { return errReadOnlyPack }
