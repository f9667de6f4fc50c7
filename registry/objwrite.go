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
	h, err := s.fast.r.writeLoose(obj)
	if err == nil && s.written != nil {
		s.written.keep(h, obj)
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

// keep records obj's content under h, within writtenBudget.
func (w *written) keep(h plumbing.Hash, obj plumbing.EncodedObject) {
	if w.bytes+int(obj.Size()) > writtenBudget {
		return
	}
	r, err := obj.Reader()
	if err != nil {
		return
	}
	defer r.Close()
	data := make([]byte, obj.Size())
	if _, err := io.ReadFull(r, data); err != nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.objs == nil {
		w.objs = map[plumbing.Hash]keptObject{}
	}
	if _, ok := w.objs[h]; !ok {
		w.objs[h] = keptObject{obj.Type(), data}
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
// never written through a link.
func (o *objReader) writeLoose(obj plumbing.EncodedObject) (plumbing.Hash, error) {
	h := obj.Hash()
	s := h.String()
	dir := filepath.Join(o.gitdir, "objects", s[:2])
	name := filepath.Join(dir, s[2:])
	if _, err := os.Lstat(name); err == nil {
		return h, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return plumbing.ZeroHash, err
	}
	f, err := os.CreateTemp(dir, "tmp_obj_")
	if err != nil {
		return plumbing.ZeroHash, err
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	r, err := obj.Reader()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	defer r.Close()
	zw, err := zlib.NewWriterLevel(f, zlib.BestSpeed)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := fmt.Fprintf(zw, "%s %d\x00", obj.Type(), obj.Size()); err != nil {
		return plumbing.ZeroHash, err
	}
	if n, err := io.Copy(zw, r); err != nil {
		return plumbing.ZeroHash, err
	} else if n != obj.Size() {
		return plumbing.ZeroHash, fmt.Errorf("object %s: %d bytes written, %d announced", s, n, obj.Size())
	}
	if err := zw.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := f.Chmod(0o444); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := f.Close(); err != nil {
		done = true
		os.Remove(f.Name())
		return plumbing.ZeroHash, err
	}
	done = true
	if err := os.Rename(f.Name(), name); err != nil {
		os.Remove(f.Name())
		if _, serr := os.Lstat(name); serr == nil {
			return h, nil // another process wrote it first (where rename does not replace)
		}
		return plumbing.ZeroHash, err
	}
	return h, nil
}
