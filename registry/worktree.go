package registry

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/store"
)

// tmpDir is the folder, inside the Git folder, where files are written before
// being renamed into the work tree, so that a process killed mid-write never
// leaves a half-written file in the registry.
const tmpDir = "codal-tmp"

// stageMerged is the stage of an ordinary index entry, 0 in the file (go-git's
// index.Merged constant is 1, which no decoded entry carries).
const stageMerged index.Stage = 0

// checkLinks refuses to move the work tree when a path to write or remove
// goes through a symbolic link of the work tree (a linked folder such as
// requests/ -> /elsewhere, or the file itself): git refuses to write
// "beyond a symbolic link", and so does codal, before the branch moves.
func (s *session) checkLinks(changes []pathChange) error {
	for _, c := range changes {
		if err := checkWritePath(s.r.dir, c.Path); err != nil {
			return err
		}
	}
	return nil
}

// checkClean refuses to move the work tree over files that hold local
// changes nobody committed: for each path, the work tree and the index must
// hold either the old version or the new one.
func (s *session) checkClean(changes []pathChange) error {
	if len(changes) == 0 {
		return nil
	}
	paths := make([]string, len(changes))
	for i, c := range changes {
		paths[i] = c.Path
	}
	staged, err := s.stagedHashes(paths)
	if err != nil {
		return i18n.Wrap(err, i18n.T("index Git illisible : %v", "unreadable Git index: %v"), err)
	}
	for _, c := range changes {
		h, inIndex := staged[c.Path]
		if !(inIndex && (h == c.From.Hash || h == c.To.Hash) || !inIndex && (c.From.absent() || c.To.absent())) {
			return dirtyError(c.Path)
		}
		data, err := os.ReadFile(s.workPath(c.Path))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if !c.From.absent() && !c.To.absent() {
				return dirtyError(c.Path)
			}
		case err != nil:
			return dirtyError(c.Path)
		default:
			got := plumbing.ComputeHash(plumbing.BlobObject, data)
			if got != c.From.Hash && got != c.To.Hash {
				return dirtyError(c.Path)
			}
		}
	}
	return nil
}

// dirtyError says that p has hand edits a write would lose; it wraps
// store.ErrDirty.
func dirtyError(p string) error {
	return i18n.Wrap(store.ErrDirty, i18n.T(
		"le fichier %s a des modifications locales qui ne sont pas enregistrées dans Git : enregistrez-les (git commit) ou annulez-les (git checkout -- %[1]s) puis recommencez",
		"the file %s has local changes that are not committed to Git: commit them (git commit) or discard them (git checkout -- %[1]s), then try again"), p)
}

func (s *session) workPath(p string) string {
	return filepath.Join(s.r.dir, filepath.FromSlash(p))
}

// applyWorktree makes the work tree and the index match the changes' new
// side: each file is written beside the Git folder and renamed into place,
// files are removed along with folders left empty, and the index is
// rewritten atomically last.
func (s *session) applyWorktree(changes []pathChange) error {
	if len(changes) == 0 {
		return nil
	}
	tmp := filepath.Join(s.gitdir, tmpDir)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	set := make(map[string]*index.Entry, len(changes)) // nil: removed
	for _, c := range changes {
		if err := checkWritePath(s.r.dir, c.Path); err != nil {
			return err
		}
		full := s.workPath(c.Path)
		if c.To.absent() {
			if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			s.removeEmptyParents(filepath.Dir(full))
			set[c.Path] = nil
			s.crash("worktree-file")
			continue
		}
		data, err := s.o.readBlob(c.To.Hash)
		if err != nil {
			return err
		}
		perm := os.FileMode(0o644)
		if c.To.Mode == filemode.Executable {
			perm = 0o755
		}
		if err := writeFileVia(tmp, full, data, perm); err != nil {
			return err
		}
		info, err := os.Lstat(full)
		if err != nil {
			return err
		}
		e := &index.Entry{Name: c.Path, Hash: c.To.Hash, Mode: c.To.Mode, Size: uint32(info.Size()), ModifiedAt: info.ModTime()}
		fillStat(e, info)
		set[c.Path] = e
		s.crash("worktree-file")
	}
	os.Remove(tmp) // empty by now
	return s.updateIndex(set)
}

// removeEmptyParents removes dir and its parents while they are empty,
// stopping at the registry root.
func (s *session) removeEmptyParents(dir string) {
	root := filepath.Clean(s.r.dir)
	for dir != root && strings.HasPrefix(dir, root+string(filepath.Separator)) {
		if os.Remove(dir) != nil {
			return
		}
		dir = filepath.Dir(dir)
	}
}

// writeFileVia writes data to a temporary file in tmp and renames it to
// target, creating target's folders.
func writeFileVia(tmp, target string, data []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(tmp, "w-*")
	if err != nil {
		return err
	}
	name := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(name)
		return err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		os.Remove(name)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Rename(name, target); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

// stagedHashes returns the hash of the ordinary (stage 0) index entry of
// each of paths the index holds, reading only what it must of the index.
func (s *session) stagedHashes(paths []string) (map[string]plumbing.Hash, error) {
	x, err := s.index()
	if err == nil {
		return x.staged(paths)
	}
	if !errors.Is(err, errIndexVersion) {
		return nil, err
	}
	idx, err := s.repo.Storer.Index()
	if err != nil {
		return nil, err
	}
	want := make(map[string]bool, len(paths))
	for _, p := range paths {
		want[p] = true
	}
	staged := make(map[string]plumbing.Hash, len(paths))
	for _, e := range idx.Entries {
		if e.Stage == stageMerged && want[e.Name] {
			staged[e.Name] = e.Hash
		}
	}
	return staged, nil
}

// updateIndex rewrites the index with the entries of set (nil: the path is
// no longer in the index, at any stage) as git does: under index.lock,
// created exclusively before the index is read, then renamed over it. The
// entries not in set are copied as they are (see dotindex.go).
func (s *session) updateIndex(set map[string]*index.Entry) error {
	p := filepath.Join(s.gitdir, "index")
	lock := p + ".lock"
	f, err := os.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return i18n.Errorf(i18n.T("l'index Git est verrouillé par un autre programme Git (%s existe) : réessayez, ou supprimez ce fichier si aucun programme Git ne tourne",
			"the Git index is locked by another Git program (%s exists): try again, or delete that file if no Git program is running"), lock)
	}
	if err != nil {
		return err
	}
	s.crash("index-lock")
	x, err := s.index()
	switch {
	case err == nil:
		err = x.patch(f, set)
	case errors.Is(err, errIndexVersion):
		var data []byte
		if data, err = s.encodeIndex(set); err == nil {
			_, err = f.Write(data)
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(lock, p)
	}
	s.dropIndex() // replaced, or to be read again after a failure
	if err != nil {
		os.Remove(lock)
		return err
	}
	s.crash("index-written")
	return nil
}

// encodeIndex is the index with set applied, through go-git's decoder and
// encoder: the path of the index versions dotindex.go does not patch.
func (s *session) encodeIndex(set map[string]*index.Entry) ([]byte, error) {
	idx, err := s.repo.Storer.Index()
	if err != nil {
		return nil, err
	}
	out := idx.Entries[:0]
	for _, e := range idx.Entries {
		if _, changed := set[e.Name]; !changed {
			out = append(out, e)
		}
	}
	idx.Entries = out
	for name, e := range set {
		if e != nil {
			e.Name = name
			idx.Entries = append(idx.Entries, e)
		}
	}
	sort.Slice(idx.Entries, func(i, j int) bool {
		if idx.Entries[i].Name != idx.Entries[j].Name {
			return idx.Entries[i].Name < idx.Entries[j].Name
		}
		return idx.Entries[i].Stage < idx.Entries[j].Stage
	})
	idx.Cache = nil
	idx.ResolveUndo = nil
	idx.EndOfIndexEntry = nil
	var b bytes.Buffer
	if err := index.NewEncoder(&b).Encode(idx); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
