package index

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// rowSource is a stat table the check reads: a decoded Table, or the rows of
// a mapped index file read in place.
type rowSource interface {
	// len is the number of rows.
	len() int
	// at returns row i; its Path may alias the source (valid during the
	// check only).
	at(i int) (Stat, error)
}

func (t Table) len() int               { return len(t) }
func (t Table) at(i int) (Stat, error) { return t[i], nil }

// inPlace is the stat rows of a mapped index (all of them, or a run of
// them), checked once as a whole and decoded where they lie, without
// copying a path.
type inPlace struct {
	rows []byte // the rows, back to back
	offs []byte // one little-endian u32 offset per row
	n    int
	base int // the offset of rows[0] in the table (0 for the whole table)
}

func (p inPlace) len() int { return p.n }

func (p inPlace) at(i int) (Stat, error) {
	lo := int(binary.LittleEndian.Uint32(p.offs[4*i:])) - p.base
	hi := len(p.rows)
	if i+1 < p.n {
		hi = int(binary.LittleEndian.Uint32(p.offs[4*i+4:])) - p.base
	}
	if lo < 0 || lo > hi || hi > len(p.rows) {
		return Stat{}, fmt.Errorf("%w: stat row %d out of its table", ErrBad, i)
	}
	return decodeRow(p.rows[lo:hi], i, true)
}

// decodeRow decodes stat row i from b; with alias, its Path is a view of
// b (valid while b is), else a copy.
func decodeRow(b []byte, i int, alias bool) (Stat, error) {
	d := decoder{b: b}
	var s Stat
	if alias {
		if path := d.bytes(); len(path) > 0 {
			s.Path = unsafe.String(&path[0], len(path))
		}
	} else {
		s.Path = d.string()
	}
	s.Size = d.varint()
	s.MTime = d.varint()
	s.Inode = d.uvarint()
	s.Mode = uint32(d.uvarint())
	s.setFlags(d.byte())
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%d trailing bytes", len(d.b))
	}
	if d.err != nil {
		return Stat{}, fmt.Errorf("%w: stat row %d: %v", ErrBad, i, d.err)
	}
	return s, nil
}

// children returns the names the rows record directly in folder rel, found
// by binary search (rows sorted by path).
func children(src rowSource, rel string) (map[string]bool, error) {
	out := map[string]bool{}
	prefix := rel + "/"
	if rel == "." {
		prefix = ""
	}
	var err error
	i := sort.Search(src.len(), func(i int) bool {
		s, e := src.at(i)
		if e != nil && err == nil {
			err = e
		}
		return s.Path >= prefix
	})
	for ; err == nil && i < src.len(); i++ {
		s, e := src.at(i)
		if e != nil {
			return nil, e
		}
		if !strings.HasPrefix(s.Path, prefix) {
			break
		}
		if name := s.Path[len(prefix):]; name != "" && name != "." && !strings.Contains(name, "/") {
			out[strings.Clone(name)] = true
		}
	}
	return out, err
}

// changedRows is the stat check of Changed over any row source: the rows
// of src are split between the workers, each row lstat'ed relative to the
// registry's folder (statDir: one open folder, no allocation per row on
// unix) and compared; a folder whose row changed is listed again, and what
// it holds compared with the rows all records in it (all is the whole
// table; src is all or the rows of a scope, changedIn). Paths returned are
// copies. A racy row counts as changed; when racy is not nil, the paths
// changed only so (a racy file row whose stat is the disk's: its content
// may still be the same) are appended to its paths too, sorted, and the
// folders listed again only so (a racy folder row whose stat is the disk's,
// nothing added or removed in it) go to its folders instead of folders:
// nothing to record for their own sake.
func changedRows(dir string, at time.Time, src, all rowSource, racy *racyFound) (changed []string, folders Table, err error) {
	sd, err := openStatDir(dir)
	if err != nil {
		// the registry's folder is gone: its root row changed
		return []string{"."}, nil, nil
	}
	defer sd.close()
	var mu sync.Mutex
	mark := func(p ...string) {
		mu.Lock()
		for _, x := range p {
			changed = append(changed, strings.Clone(x))
		}
		mu.Unlock()
	}
	var onlyRacy []string
	markRacy := func(p string) {
		p = strings.Clone(p)
		mu.Lock()
		changed = append(changed, p)
		onlyRacy = append(onlyRacy, p)
		mu.Unlock()
	}
	racyFrom := at.Truncate(time.Second).UnixNano()
	var racyFolders Table
	relisted := func(r Stat, onlyRacy bool) {
		r.Racy = r.MTime >= racyFrom
		r.Path = strings.Clone(r.Path)
		mu.Lock()
		if onlyRacy && racy != nil {
			racyFolders = append(racyFolders, r)
		} else {
			folders = append(folders, r)
		}
		mu.Unlock()
	}
	n := src.len()
	w := workers()
	chunk := max((n+w-1)/w, 1)
	var wg sync.WaitGroup
	var errMu sync.Mutex
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 0, 256)
			var prev string
			if lo > 0 {
				r, e := src.at(lo - 1)
				if e != nil {
					errMu.Lock()
					err = cmp.Or(err, e)
					errMu.Unlock()
					return
				}
				prev = r.Path
			}
			for i := lo; i < hi; i++ {
				r, e := src.at(i)
				if e == nil && i > 0 && r.Path <= prev {
					// the binary searches assume sorted rows
					e = fmt.Errorf("%w: stat table not sorted", ErrBad)
				}
				if e == nil {
					prev = r.Path
					buf, e = checkRow(sd, buf, dir, r, all, mark, markRacy, relisted)
				}
				if e != nil {
					errMu.Lock()
					err = cmp.Or(err, e)
					errMu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(changed)
	sort.Slice(folders, func(i, j int) bool { return folders[i].Path < folders[j].Path })
	if racy != nil {
		sort.Strings(onlyRacy)
		racy.paths = append(racy.paths, onlyRacy...)
		sort.Slice(racyFolders, func(i, j int) bool { return racyFolders[i].Path < racyFolders[j].Path })
		racy.folders = append(racy.folders, racyFolders...)
	}
	return compact(changed), folders, nil
}

// checkRow compares one row with the disk, marking what changed (markRacy:
// a file whose row is racy, its stat the same); buf is the worker's path
// buffer, returned for reuse; src is the whole table (for a folder's
// children).
func checkRow(sd *statDir, buf []byte, dir string, r Stat, src rowSource, mark func(...string), markRacy func(string), relisted func(Stat, bool)) ([]byte, error) {
	now, buf, ok := sd.lstat(buf, r.Path)
	if !ok {
		mark(r.Path)
		return buf, nil
	}
	if now.Mode != r.Mode {
		mark(r.Path)
		return buf, nil
	}
	if !r.isDir() {
		if !now.same(r) {
			mark(r.Path)
		} else if r.Racy {
			markRacy(r.Path)
		}
		return buf, nil
	}
	if !r.Racy && now.same(r) {
		return buf, nil
	}
	names, err := readNames(joinDir(dir, r.Path))
	if err != nil {
		mark(r.Path)
		return buf, nil
	}
	had, err := children(src, r.Path)
	if err != nil {
		return buf, err
	}
	same := now.same(r) // racy, listed again: the same stat
	for _, n := range names {
		if r.Path == "." && !inScope(n) {
			continue
		}
		if !had[n] {
			mark(join(r.Path, n))
			same = false
		}
		delete(had, n)
	}
	for n := range had {
		mark(join(r.Path, n))
		same = false
	}
	now.Path = r.Path
	relisted(now, same)
	return buf, nil
}
