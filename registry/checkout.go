package registry

import (
	"bufio"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/gpso/codal/i18n"
)

// The checkout of a fresh clone. go-git's own checkout (Worktree.Reset)
// writes one file after the other through go-billy, checking every leading
// folder of every path with lstat and rebuilding its index as it goes: at
// 10,000 entries (44,000 files) it cost more than the whole transfer. Here
// the commit's tree is listed once and its files written on several
// goroutines, each reading blobs through an object storage of its own (go-git
// objects are never shared between goroutines; see storerPool), then
// .git/index is written once, with each file's stat data, so that git and
// go-git find the work tree clean without reading a file again.
//
// Safety, as git's checkout: every name is checked before anything is
// written (no "..", no "/" or "\", no control character, no .git in any
// case or under its NTFS or HFS+ aliases, no link named .gitmodules);
// folders are made with mkdir and files created exclusively, so nothing is
// ever written through a symbolic link: a tree naming the same path twice (a
// link and a folder, say) fails on the second one. Symbolic links are
// written as links, as git and go-git do; codal's readers refuse them
// (docs/architecture.md, "Symbolic links"). Everything happens in the clone's
// staging folder, removed on any failure.

// checkoutJob is one tree entry to write: a folder to list, a file or a link
// to write.
type checkoutJob struct {
	path string // slash-separated, from the work tree's root ("" for the root)
	hash plumbing.Hash
	mode filemode.FileMode
}

// checkoutRun is the shared state of one checkout: a stack of jobs that the
// workers take and add to, until it is empty and no worker is busy, or one
// fails.
type checkoutRun struct {
	ctx    context.Context
	root   string // the work tree
	gitdir string
	repo   string // the repository, as shown in messages

	mu   sync.Mutex
	cond *sync.Cond
	todo []checkoutJob
	busy int
	err  error

	written atomic.Int64 // files and links written, for progress
}

// checkoutWorkers is how many goroutines write files. Writing a file is
// mostly system calls (open, write, fstat, close), which block a thread
// without using a core, so there are more workers than cores.
func checkoutWorkers() int {
	return min(max(2*runtime.GOMAXPROCS(0), 4), 16)
}

// headTree is the tree of HEAD's commit in repo, a clone made without a
// checkout.
func headTree(repo *git.Repository) (*object.Tree, error) {
	head, err := repo.Head()
	if err != nil {
		return nil, err
	}
	commit, err := repo.CommitObject(head.Hash())
	if err != nil {
		return nil, err
	}
	return commit.Tree()
}

// checkoutProgressEvery is how often the checkout tells its progress.
const checkoutProgressEvery = 200 * time.Millisecond

// checkoutTree writes the tree tree (from the repository at gitdir) into the
// empty folder root and writes gitdir's index to match it. repo names the
// repository in messages; progress, when not nil, is told how many files
// are written (see CloneOptions.Files).
func checkoutTree(ctx context.Context, gitdir, root string, tree plumbing.Hash, repo string, progress func(int)) error {
	c := &checkoutRun{ctx: ctx, root: root, gitdir: gitdir, repo: repo}
	c.cond = sync.NewCond(&c.mu)
	c.todo = append(c.todo, checkoutJob{hash: tree, mode: filemode.Dir})
	n := checkoutWorkers()
	staged := make([][]*index.Entry, n)
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			staged[w] = c.work()
		}()
	}
	stopProgress := func() {}
	if progress != nil {
		stop := make(chan struct{})
		told := make(chan struct{})
		go func() {
			defer close(told)
			tick := time.NewTicker(checkoutProgressEvery)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					progress(int(c.written.Load()))
				}
			}
		}()
		stopProgress = func() { close(stop); <-told }
	}
	wg.Wait()
	stopProgress() // progress is never called from two goroutines at once
	if c.err != nil {
		return c.err
	}
	var entries []*index.Entry
	for _, s := range staged {
		entries = append(entries, s...)
	}
	if err := writeNewIndex(gitdir, entries); err != nil {
		return err
	}
	if progress != nil {
		progress(len(entries))
	}
	return nil
}

// work takes jobs until there are none left and returns the index entries
// of the files it wrote. Its storage is its own: nothing it reads is seen by
// another goroutine.
func (c *checkoutRun) work() []*index.Entry {
	var s *filesystem.Storage
	var entries []*index.Entry
	for {
		j, ok := c.next()
		if !ok {
			if s != nil {
				s.Close()
			}
			return entries
		}
		if s == nil {
			// The pack file stays open between reads: go-git opens it
			// again (and lstats each folder on its path) for every
			// object otherwise.
			s = filesystem.NewStorageWithOptions(osfs.New(c.gitdir), cache.NewObjectLRU(storerPoolCache),
				filesystem.Options{KeepDescriptors: true})
		}
		var e *index.Entry
		err := c.ctx.Err()
		if err == nil {
			if j.mode == filemode.Dir {
				err = c.list(s, j)
			} else {
				e, err = c.write(s, j)
			}
		}
		if e != nil {
			entries = append(entries, e)
			c.written.Add(1)
		}
		c.done(err)
	}
}

// next pops a job, waiting while other workers may still add some.
func (c *checkoutRun) next() (checkoutJob, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.todo) == 0 && c.busy > 0 && c.err == nil {
		c.cond.Wait()
	}
	if c.err != nil || len(c.todo) == 0 {
		return checkoutJob{}, false
	}
	j := c.todo[len(c.todo)-1]
	c.todo = c.todo[:len(c.todo)-1]
	c.busy++
	return j, true
}

func (c *checkoutRun) push(j checkoutJob) {
	c.mu.Lock()
	c.todo = append(c.todo, j)
	c.mu.Unlock()
	c.cond.Signal()
}

// done ends a job; the first error stops every worker.
func (c *checkoutRun) done(err error) {
	c.mu.Lock()
	c.busy--
	if err != nil && c.err == nil {
		c.err = err
	}
	wake := c.busy == 0 || c.err != nil
	c.mu.Unlock()
	if wake {
		c.cond.Broadcast()
	}
}

// list reads the folder j, makes its subfolders and queues its entries.
func (c *checkoutRun) list(s storer.EncodedObjectStorer, j checkoutJob) error {
	obj, err := s.EncodedObject(plumbing.TreeObject, j.hash)
	if err != nil {
		return c.failed(j.path, err)
	}
	var t object.Tree
	if err := t.Decode(obj); err != nil {
		return c.failed(j.path, err)
	}
	for _, e := range t.Entries {
		p := path.Join(j.path, e.Name)
		if !safeName(e.Name, e.Mode) {
			return c.refused(p)
		}
		switch e.Mode {
		case filemode.Dir, filemode.Submodule:
			// mkdir never follows a link: a link or a file already there
			// (the same name twice in one tree) is refused.
			if err := os.Mkdir(c.full(p), 0o755); err != nil {
				if errors.Is(err, fs.ErrExist) {
					return c.refused(p)
				}
				return c.failed(p, err)
			}
			if e.Mode == filemode.Submodule {
				// As git: an empty folder, and the commit in the index.
				c.push(checkoutJob{path: p, hash: e.Hash, mode: e.Mode})
				continue
			}
			c.push(checkoutJob{path: p, hash: e.Hash, mode: filemode.Dir})
		case filemode.Regular, filemode.Deprecated, filemode.Executable, filemode.Symlink:
			c.push(checkoutJob{path: p, hash: e.Hash, mode: e.Mode})
		default:
			return c.refused(p)
		}
	}
	return nil
}

// write writes the file or link j (its folder exists) and returns its
// index entry.
func (c *checkoutRun) write(s storer.EncodedObjectStorer, j checkoutJob) (*index.Entry, error) {
	full := c.full(j.path)
	var info fs.FileInfo
	switch j.mode {
	case filemode.Submodule:
		st, err := os.Lstat(full)
		if err != nil {
			return nil, c.failed(j.path, err)
		}
		info = st
	case filemode.Symlink:
		target, err := readBlob(s, j.hash)
		if err != nil {
			return nil, c.failed(j.path, err)
		}
		if err := os.Symlink(string(target), full); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return nil, c.refused(j.path)
			}
			return nil, c.failed(j.path, err)
		}
		if info, err = os.Lstat(full); err != nil {
			return nil, c.failed(j.path, err)
		}
	default:
		perm := os.FileMode(0o644)
		if j.mode == filemode.Executable {
			perm = 0o755
		}
		var err error
		if info, err = c.writeFile(s, j, full, perm); err != nil {
			return nil, err
		}
	}
	mode := j.mode
	if mode == filemode.Deprecated {
		mode = filemode.Regular // as git records it
	}
	e := &index.Entry{Name: j.path, Hash: j.hash, Mode: mode, ModifiedAt: info.ModTime()}
	if j.mode != filemode.Submodule {
		e.Size = uint32(info.Size())
	}
	fillStat(e, info)
	return e, nil
}

// writeFile creates full exclusively (O_EXCL never follows a link: a name
// already there is refused) and copies the blob into it; it returns the
// file's status as it was when written.
func (c *checkoutRun) writeFile(s storer.EncodedObjectStorer, j checkoutJob, full string, perm os.FileMode) (fs.FileInfo, error) {
	obj, err := s.EncodedObject(plumbing.BlobObject, j.hash)
	if err != nil {
		return nil, c.failed(j.path, err)
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, c.failed(j.path, err)
	}
	defer r.Close()
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, c.refused(j.path)
		}
		return nil, c.failed(j.path, err)
	}
	_, err = io.Copy(f, r)
	var info fs.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, c.failed(j.path, err)
	}
	return info, nil
}

func readBlob(s storer.EncodedObjectStorer, h plumbing.Hash) ([]byte, error) {
	obj, err := s.EncodedObject(plumbing.BlobObject, h)
	if err != nil {
		return nil, err
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

func (c *checkoutRun) full(p string) string {
	return filepath.Join(c.root, filepath.FromSlash(p))
}

// refused is the sentence of a path that the checkout will not write.
func (c *checkoutRun) refused(p string) error {
	return i18n.Errorf(i18n.T(
		"le dépôt %s contient un chemin que codal refuse d'écrire, car il mènerait hors du registre ou dans le dossier Git : %q",
		"the repository %s holds a path that codal refuses to write, as it would lead outside the registry or into the Git folder: %q"), c.repo, p)
}

// failed is the sentence of a file that could not be read or written.
func (c *checkoutRun) failed(p string, err error) error {
	if ctx := c.ctx.Err(); ctx != nil {
		return i18n.Wrap(ctx, i18n.T("clonage interrompu", "clone interrupted"))
	}
	return i18n.Wrap(err, i18n.T("impossible d'écrire %s depuis %s : %v", "cannot write %s from %s: %v"), p, c.repo, err)
}

// safeName reports whether a tree entry's name may be written: one path
// element, no control character, not a Git folder under any of the names
// git itself refuses (.git in any case, with trailing dots or spaces or an
// NTFS stream, its 8.3 short name git~1, or with code points HFS+ ignores),
// and no link named .gitmodules.
func safeName(name string, mode filemode.FileMode) bool {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\") {
		return false
	}
	for i := 0; i < len(name); i++ {
		if name[i] < 0x20 || name[i] == 0x7f {
			return false
		}
	}
	folded := strings.Map(func(r rune) rune {
		if hfsIgnored(r) {
			return -1
		}
		return r
	}, name)
	if i := strings.IndexByte(folded, ':'); i >= 0 {
		folded = folded[:i] // an NTFS stream: .git::$INDEX_ALLOCATION
	}
	folded = strings.TrimRight(folded, ". ")
	if strings.EqualFold(folded, ".git") || strings.EqualFold(folded, "git~1") {
		return false
	}
	if mode == filemode.Symlink && (strings.EqualFold(folded, ".gitmodules") || strings.EqualFold(folded, "gitmod~1")) {
		return false
	}
	return true
}

// hfsIgnored reports the code points HFS+ drops from names (so ".g\u200cit"
// is .git there), as git's is_hfs_dotgit lists them.
func hfsIgnored(r rune) bool {
	switch {
	case r >= 0x200c && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x206a && r <= 0x206f, r == 0xfeff:
		return true
	}
	return false
}

// writeNewIndex writes gitdir's index, holding entries, as git does: into
// index.lock, created exclusively, then renamed over index.
func writeNewIndex(gitdir string, entries []*index.Entry) error {
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })
	idx := &index.Index{Version: 2, Entries: entries}
	p := filepath.Join(gitdir, "index")
	lock := p + ".lock"
	f, err := os.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return i18n.Wrap(err, i18n.T("impossible d'écrire l'index Git %s : %v", "cannot write the Git index %s: %v"), p, err)
	}
	w := bufio.NewWriter(f)
	err = index.NewEncoder(w).Encode(idx)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(lock, p)
	}
	if err != nil {
		os.Remove(lock)
		return i18n.Wrap(err, i18n.T("impossible d'écrire l'index Git %s : %v", "cannot write the Git index %s: %v"), p, err)
	}
	return nil
}
