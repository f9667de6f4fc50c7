package registry

import (
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
)

// SetEncodedObject stores obj as a loose object of the repository, as
// writeLoose does, and keeps its content for the rest of the session
// (written); the session's other writes (references, the index) stay the
// repository storage's.
func (s readThrough) SetEncodedObject(obj plumbing.EncodedObject) (plumbing.Hash, error) {
	h, data, err := s.fast.r.writeLoose(obj)
	if err == nil && s.written != nil {
		s.written.keep(h, obj.Type(), data)
	}
	return h, err
}

// writtenBudget bounds the bytes a session keeps of the objects it wrote:
// a vote's trees are a few megabytes at 100,000 entries, and a session
// that replays many changes keeps only its first ones.
const writtenBudget = 32 << 20

// written keeps the content of the objects a session wrote, which it reads
// again at once (the diff of its commit, the pack it pushes): the requests
// tree of a large registry would otherwise be read back from its loose
// file and inflated twice per write.
type written struct {
	mu    sync.Mutex
	objs  map[plumbing.Hash]keptObject
	bytes int
}

type keptObject struct {
	typ  plumbing.ObjectType
	data []byte
}

// keep records an object's content under h, within writtenBudget.
func (w *written) keep(h plumbing.Hash, typ plumbing.ObjectType, data []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if data == nil || w.bytes+len(data) > writtenBudget {
		return
	}
	if w.objs == nil {
		w.objs = map[plumbing.Hash]keptObject{}
	}
	if _, ok := w.objs[h]; !ok {
		w.objs[h] = keptObject{typ, data}
		w.bytes += len(data)
	}
}

// get returns a copy of the object h if the session wrote it.
func (w *written) get(h plumbing.Hash) (plumbing.EncodedObject, bool) {
	w.mu.Lock()
	k, ok := w.objs[h]
	w.mu.Unlock()
	if !ok {
		return nil, false
	}
	obj := &plumbing.MemoryObject{}
	obj.SetType(k.typ)
	obj.Write(k.data)
	return obj, true
}

// writeLoose writes obj as a loose object (objects/ab/cdef…) compressed at
// zlib's fastest level, which is git's own default for loose objects
// (core.looseCompression): a write rewrites the trees on the edited paths,
// and the registry's requests tree is one object of 270 KB at 10,000
// entries and 2.8 MB at 100,000, which the default level took 2.5 to 5
// times longer to compress for the same size. An object already there is
// not written again. The file is written under a temporary name in its
// folder, then renamed, so that a reader never sees half an object; it is
// never written through a link. data is obj's content, read once.
func (o *objReader) writeLoose(obj plumbing.EncodedObject) (h plumbing.Hash, data []byte, err error) {
	r, err := obj.Reader()
	if err != nil {
		return plumbing.ZeroHash, nil, err
	}
	data = make([]byte, obj.Size())
	_, err = io.ReadFull(r, data)
	r.Close()
	if err != nil {
		return plumbing.ZeroHash, nil, fmt.Errorf("object of %d bytes: %w", obj.Size(), err)
	}
	h = obj.Hash()
	hex := h.String()
	dir := filepath.Join(o.gitdir, "objects", hex[:2])
	name := filepath.Join(dir, hex[2:])
	if _, err := os.Lstat(name); err == nil {
		return h, data, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return plumbing.ZeroHash, nil, err
	}
	f, err := os.CreateTemp(dir, "tmp_obj_")
	if err != nil {
		return plumbing.ZeroHash, nil, err
	}
	if err := writeDeflated(f, obj.Type(), data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return plumbing.ZeroHash, nil, err
	}
	if err := os.Rename(f.Name(), name); err != nil {
		os.Remove(f.Name())
		if _, serr := os.Lstat(name); serr == nil {
			return h, data, nil // another process wrote it first (where rename does not replace)
		}
		return plumbing.ZeroHash, nil, err
	}
	return h, data, nil
}

// writeDeflated writes a loose object's bytes to f (its header, then data,
// deflated at the fastest level), makes it read-only and closes it.
func writeDeflated(f *os.File, typ plumbing.ObjectType, data []byte) error {
	zw, err := zlib.NewWriterLevel(f, zlib.BestSpeed)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(zw, "%s %d\x00", typ, len(data)); err != nil {
		return err
	}
	if _, err := zw.Write(data); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := f.Chmod(0o444); err != nil {
		return err
	}
	return f.Close()
}
