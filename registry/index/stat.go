package index

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gpso/codal/registry/catalogue"
)

// Stat is one row of the stat table: what git status compares of a file or
// folder of the work tree to tell, without reading it, that it changed.
type Stat struct {
	// Path is the slash path from the registry's root; "." is the root.
	Path string
	// Size in bytes (compared for files only).
	Size int64
	// MTime is the modification time in nanoseconds since 1970.
	MTime int64
	// Inode is the inode number (0 where the system has none).
	Inode uint64
	// Mode is the fs.FileMode (type and permissions).
	Mode uint32
	// Racy is set when the path was modified in the same second as the
	// scan that recorded it: a later change within that second could keep
	// the same size and time (on a file system with coarse times), so the
	// row proves nothing and counts as changed until it is scanned again.
	Racy bool
}

func (s Stat) flags() byte {
	if s.Racy {
		return 1
	}
	return 0
}

func (s *Stat) setFlags(b byte) { s.Racy = b&1 != 0 }

func (s Stat) isDir() bool { return fs.FileMode(s.Mode).IsDir() }

// same reports whether two rows of one path say it did not change.
func (s Stat) same(o Stat) bool {
	if s.Mode != o.Mode || s.MTime != o.MTime || s.Inode != o.Inode {
		return false
	}
	return s.isDir() || s.Size == o.Size
}

// Table is the stat table: rows sorted by path.
type Table []Stat

// top are the root's children the catalogue reads: what the table covers.
var top = func() []string {
	out := []string{catalogue.MetaFile}
	for _, k := range catalogue.Kinds {
		out = append(out, string(k))
	}
	return out
}()

func inScope(name string) bool {
	for _, t := range top {
		if name == t {
			return true
		}
	}
	return false
}

// workers is how many lstat calls run at once: they mostly wait on the
// kernel, so a few more than the cores.
func workers() int { return 2 * runtime.GOMAXPROCS(0) }

// scanner lstats paths of the work tree at dir in parallel, never following
// a symbolic link, and collects rows.
type scanner struct {
	dir      string
	racyFrom int64
	mu       sync.Mutex
	rows     Table
	wg       sync.WaitGroup
	sem      chan struct{}
}

func newScanner(dir string, at time.Time) *scanner {
	return &scanner{dir: dir, racyFrom: at.Truncate(time.Second).UnixNano(), sem: make(chan struct{}, workers())}
}

func (s *scanner) stat(rel string) (Stat, bool) {
	fi, err := os.Lstat(filepath.Join(s.dir, filepath.FromSlash(rel)))
	if err != nil {
		return Stat{}, false
	}
	return s.row(rel, fi), true
}

func (s *scanner) row(rel string, fi fs.FileInfo) Stat {
	m := fi.ModTime().UnixNano()
	return Stat{Path: rel, Size: fi.Size(), MTime: m, Inode: inode(fi), Mode: uint32(fi.Mode()), Racy: m >= s.racyFrom}
}

func (s *scanner) add(rows ...Stat) {
	s.mu.Lock()
	s.rows = append(s.rows, rows...)
	s.mu.Unlock()
}

// tree records rel and, for a real folder, everything under it; a missing
// path records nothing.
func (s *scanner) tree(rel string) {
	st, ok := s.stat(rel)
	if !ok {
		return
	}
	s.add(st)
	if st.isDir() {
		s.below(rel)
	}
}

// below records what folder rel holds, handing subfolders to other
// goroutines while there are free workers.
func (s *scanner) below(rel string) {
	names, err := readNames(filepath.Join(s.dir, filepath.FromSlash(rel)))
	if err != nil {
		return
	}
	rows := make([]Stat, 0, len(names))
	var dirs []string
	for _, n := range names {
		p := rel + "/" + n
		st, ok := s.stat(p)
		if !ok {
			continue
		}
		rows = append(rows, st)
		if st.isDir() {
			dirs = append(dirs, p)
		}
	}
	s.add(rows...)
	for _, d := range dirs {
		select {
		case s.sem <- struct{}{}:
			s.wg.Add(1)
			go func() {
				defer func() { <-s.sem; s.wg.Done() }()
				s.below(d)
			}()
		default:
			s.below(d)
		}
	}
}

func (s *scanner) done() Table {
	s.wg.Wait()
	sort.Slice(s.rows, func(i, j int) bool { return s.rows[i].Path < s.rows[j].Path })
	return s.rows
}

func readNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}

// Scan records the stat table of the registry at dir: the root folder,
// registry.yaml and everything under the kind folders (actors/, snippets/,
// schemas/, requests/, trainings/, tips/; links recorded, never followed). at is the scan's start, which
// decides which rows are racy.
func Scan(dir string, at time.Time) Table {
	s := newScanner(dir, at)
	if st, ok := s.stat("."); ok {
		s.add(st)
	}
	for _, t := range top {
		s.tree(t)
	}
	return s.done()
}

// ScanRoots records the rows of the given entry roots (each "requests/<id>"
// with everything under it, or "actors/<id>.yaml"), as Scan would.
func ScanRoots(dir string, at time.Time, roots []string) Table {
	s := newScanner(dir, at)
	for _, r := range roots {
		if validRoot(r) {
			s.tree(r)
		}
	}
	return s.done()
}

// validRoot accepts registry.yaml and entry roots ("kind/name", clean,
// under one of the four kind folders): never a path that leaves the
// registry.
func validRoot(r string) bool {
	if r == catalogue.MetaFile {
		return true
	}
	kind, name, ok := strings.Cut(r, "/")
	return ok && inScope(kind) && kind != catalogue.MetaFile && name != "" && name != "." && name != ".." &&
		!strings.ContainsAny(name, "/\\") && path.Clean(r) == r
}

// under reports whether path p is root or lies under it.
func under(p, root string) bool {
	return p == root || strings.HasPrefix(p, root+"/")
}

// rowsUnder returns the rows of t at or under root (t sorted).
func (t Table) rowsUnder(root string) Table {
	i := sort.Search(len(t), func(i int) bool { return t[i].Path >= root })
	var out Table
	for ; i < len(t) && strings.HasPrefix(t[i].Path, root); i++ {
		if under(t[i].Path, root) {
			out = append(out, t[i])
		}
	}
	return out
}

// children returns the names t records directly in folder rel.
func (t Table) children(rel string) map[string]bool {
	out := map[string]bool{}
	if rel == "." {
		for _, r := range t {
			if r.Path != "." && !strings.Contains(r.Path, "/") {
				out[r.Path] = true
			}
		}
		return out
	}
	prefix := rel + "/"
	i := sort.Search(len(t), func(i int) bool { return t[i].Path >= prefix })
	for ; i < len(t) && strings.HasPrefix(t[i].Path, prefix); i++ {
		if name := t[i].Path[len(prefix):]; !strings.Contains(name, "/") {
			out[name] = true
		}
	}
	return out
}

// Changed compares the table with the work tree at dir, as git status
// does with its index: every recorded path is lstat'ed (in parallel); a
// folder whose time, inode or mode changed is listed again to find what
// was added or removed in it (the others are not listed); racy rows count
// as changed. It returns the changed paths, sorted: files or folders that
// were modified, added, removed or replaced (by a link, say); only the
// root's children the catalogue reads are considered. folders are the
// fresh rows of the folders it listed again (stat'ed before being listed):
// what Refresh records for them, once the changes are read.
func (t Table) Changed(dir string, at time.Time) (changed []string, folders Table) {
	changed, folders, _ = changedRows(dir, at, t, t, nil) // a Table's rows never fail
	return changed, folders
}

func join(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

func compact(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// ChangedRoots compares only the given entry roots (and registry.yaml) with
// the work tree: each is scanned afresh, its rows compared with the
// table's. It returns the roots that changed ("registry.yaml" included when
// it did): what a command about one entry needs, at the cost of that entry.
func (t Table) ChangedRoots(dir string, at time.Time, roots []string) []string {
	out, _ := changedRoots(dir, at, roots, func(root string) (Table, error) { return t.rowsUnder(root), nil }, nil)
	return out
}

// changedRoots compares the rows rowsUnder gives for each root with a fresh
// scan of it. A root whose rows differ only by being racy (the same paths,
// the same stat) counts as changed, and is appended to racy too when racy
// is not nil.
func changedRoots(dir string, at time.Time, roots []string, rowsUnder func(string) (Table, error), racy *racyFound) ([]string, error) {
	all := append([]string{catalogue.MetaFile}, roots...)
	fresh := ScanRoots(dir, at, all)
	var out []string
	for _, root := range all {
		was, err := rowsUnder(root)
		if err != nil {
			return nil, err
		}
		now := fresh.rowsUnder(root)
		if !sameRows(was, now) {
			out = append(out, root)
			if racy != nil && racyRows(was, now) {
				racy.paths = append(racy.paths, root)
			}
		}
	}
	return out, nil
}

// racyRows reports whether a and b differ only by the racy rows of a (the
// same paths, each with the same stat).
func racyRows(a, b Table) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Path != b[i].Path || !a[i].same(b[i]) {
			return false
		}
	}
	return true
}

func sameRows(a, b Table) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Path != b[i].Path || a[i].Racy || !a[i].same(b[i]) {
			return false
		}
	}
	return true
}

// Refresh returns t with the rows of the given entry roots replaced by
// fresh (rows of a root that is gone are dropped) and the given folder rows
// (from Changed) replacing their own rows only: a folder listed again with
// nothing added or removed keeps the rows of what it holds. A caller scans
// before it reads what changed, so that a change made meanwhile shows at
// the next check. (The index writes the same table without decoding its
// own: Mapped.refresh.)
func (t Table) Refresh(fresh Table, roots []string, folders Table) Table {
	gone := make(map[string]bool, len(roots))
	for _, r := range roots {
		gone[r] = true
	}
	relisted := make(map[string]bool, len(folders))
	for _, f := range folders {
		relisted[f.Path] = true
	}
	out := make(Table, 0, len(t)+len(fresh))
	for _, r := range t {
		if !gone[r.Path] && !gone[entryOf(r.Path)] && !relisted[r.Path] {
			out = append(out, r)
		}
	}
	out = append(out, fresh...)
	out = append(out, folders...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return compact2(out)
}

// entryOf is the first two elements of p: the entry root a path lies in.
func entryOf(p string) string {
	i := strings.IndexByte(p, '/')
	if i < 0 {
		return p
	}
	j := strings.IndexByte(p[i+1:], '/')
	if j < 0 {
		return p
	}
	return p[:i+1+j]
}

// compact2 keeps the last of rows with the same path (t sorted stably).
func compact2(t Table) Table {
	out := t[:0]
	for i, r := range t {
		if i > 0 && r.Path == out[len(out)-1].Path {
			out[len(out)-1] = r
			continue
		}
		out = append(out, r)
	}
	return out
}

// joinDir is the OS path of rel under dir.
func joinDir(dir, rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
