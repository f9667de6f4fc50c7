package registry

import (
	"bytes"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// entry is what a path holds in a tree: a blob and its mode. The zero entry
// means the path is absent.
type entry struct {
	Hash plumbing.Hash
	Mode filemode.FileMode
}

func (e entry) absent() bool { return e.Hash.IsZero() }

// pathChange is one path whose entry differs between two trees.
type pathChange struct {
	Path     string
	From, To entry
}

// treeEdit sets or removes (zero entry) files at paths of a tree.
type treeEdit map[string]entry

// objects reads and writes the Git objects of a repository.
type objects struct {
	s storer.EncodedObjectStorer
	// trees, when not nil, keeps the trees read, for one session: a write
	// reads the folders on its paths several times (to build the commit,
	// to diff it, to list what to push), and requests/ is large. It keeps
	// the trees used last, within treeCacheBudget (treecache.go).
	trees *treeCache
	// raw, when not nil, keeps trees as raw bytes, and diffDir compares
	// folders from them (rawtree.go): the history walk's way.
	raw *rawCache
	// blobs, when not nil, is where readSmallBlob reads files (s
	// otherwise): the history walk reads trees through its objReader,
	// files through go-git's storage, which reads a large one in part.
	blobs storer.EncodedObjectStorer
	// oneSided says that the folders compared exist on one side only
	// (added or removed whole, as by a bulk import): the history walk
	// reads their trees once and does not keep them in raw (only the
	// bases of their deltas).
	oneSided bool
}

// readTree returns the tree h, or an empty tree for the zero hash. The
// tree returned may be shared: callers never change it.
func (o objects) readTree(h plumbing.Hash) (*object.Tree, error) {
	if h.IsZero() {
		return &object.Tree{}, nil
	}
	if t, ok := o.trees.get(h); ok {
		return t, nil
	}
	t, err := object.GetTree(o.s, h)
	if err == nil {
		o.trees.put(h, t)
	}
	return t, err
}

// commitTree returns the tree hash of commit h, or the zero hash for the zero
// commit.
func (o objects) commitTree(h plumbing.Hash) (plumbing.Hash, error) {
	if h.IsZero() {
		return plumbing.ZeroHash, nil
	}
	c, err := object.GetCommit(o.s, h)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return c.TreeHash, nil
}

// writeBlob stores data as a blob and returns its hash.
func (o objects) writeBlob(data []byte) (plumbing.Hash, error) {
	obj := o.s.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	obj.SetSize(int64(len(data)))
	w, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write(data); err != nil {
		w.Close()
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return o.s.SetEncodedObject(obj)
}

// readBlob returns the content of blob h.
func (o objects) readBlob(h plumbing.Hash) ([]byte, error) {
	obj, err := o.s.EncodedObject(plumbing.BlobObject, h)
	if err != nil {
		return nil, err
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var b bytes.Buffer
	b.Grow(int(obj.Size()))
	_, err = b.ReadFrom(r)
	return b.Bytes(), err
}

// writeTree stores t, sorting its entries as Git does.
func (o objects) writeTree(t *object.Tree) (plumbing.Hash, error) {
	sort.Sort(object.TreeEntrySorter(t.Entries))
	obj := o.s.NewEncodedObject()
	if err := t.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	h, err := o.s.SetEncodedObject(obj)
	if err == nil && o.trees != nil {
		t.Hash = h
		o.trees.put(h, t) // read again at once, to diff and to push the commit
	}
	return h, err
}

// editTree applies edits to the tree base (zero: the empty tree) and returns
// the new tree's hash; folders left empty disappear. Only the trees on the
// edited paths are read and rewritten.
func (o objects) editTree(base plumbing.Hash, edits treeEdit) (plumbing.Hash, error) {
	h, _, err := o.editDir(base, edits)
	return h, err
}

// editDir is editTree for one folder; empty reports that the result has no
// entries.
func (o objects) editDir(base plumbing.Hash, edits treeEdit) (plumbing.Hash, bool, error) {
	t, err := o.readTree(base)
	if err != nil {
		return plumbing.ZeroHash, false, err
	}
	here := map[string]entry{}
	sub := map[string]treeEdit{}
	for p, e := range edits {
		dir, rest, nested := strings.Cut(p, "/")
		if !nested {
			here[p] = e
			continue
		}
		if sub[dir] == nil {
			sub[dir] = treeEdit{}
		}
		sub[dir][rest] = e
	}
	entries := make([]object.TreeEntry, 0, len(t.Entries)+len(edits))
	seen := map[string]bool{}
	for _, te := range t.Entries {
		seen[te.Name] = true
		if e, ok := here[te.Name]; ok {
			if !e.absent() {
				entries = append(entries, object.TreeEntry{Name: te.Name, Mode: e.Mode, Hash: e.Hash})
			}
			continue
		}
		if se, ok := sub[te.Name]; ok {
			from := plumbing.ZeroHash
			if te.Mode == filemode.Dir {
				from = te.Hash
			}
			h, empty, err := o.editDir(from, se)
			if err != nil {
				return plumbing.ZeroHash, false, err
			}
			if !empty {
				entries = append(entries, object.TreeEntry{Name: te.Name, Mode: filemode.Dir, Hash: h})
			}
			continue
		}
		entries = append(entries, te)
	}
	for name, e := range here {
		if !seen[name] && !e.absent() {
			entries = append(entries, object.TreeEntry{Name: name, Mode: e.Mode, Hash: e.Hash})
		}
	}
	for name, se := range sub {
		if seen[name] {
			continue
		}
		h, empty, err := o.editDir(plumbing.ZeroHash, se)
		if err != nil {
			return plumbing.ZeroHash, false, err
		}
		if !empty {
			entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
		}
	}
	if len(entries) == 0 {
		h, err := o.writeTree(&object.Tree{})
		return h, true, err
	}
	h, err := o.writeTree(&object.Tree{Entries: entries})
	return h, false, err
}

// diffTrees lists the files (not folders) whose entry differs between trees a
// and b (zero hash: the empty tree), descending only into folders that
// differ. Paths come sorted.
func (o objects) diffTrees(a, b plumbing.Hash) ([]pathChange, error) {
	var out []pathChange
	if err := o.diffDir("", a, b, appendTo(&out)); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// changeSink takes the changes of a tree diff one at a time; an error
// stops the diff and is returned.
type changeSink func(pathChange) error

// appendTo is the sink that lists the changes in *out.
func appendTo(out *[]pathChange) changeSink {
	return func(c pathChange) error {
		*out = append(*out, c)
		return nil
	}
}

// streamDiff gives each file whose entry differs between trees a and b to
// out, in path order, as diffTrees lists them, without listing them: a
// bulk import's commit changes hundreds of thousands of files. Folders in
// Git's order (as Git writes them) are compared side by side, and Git's
// order is the order of the paths under them (a folder sorts as its name
// and "/"); a folder not in that order is compared whole, its changes
// sorted before they go out (sortedDir).
func (o objects) streamDiff(a, b plumbing.Hash, out changeSink) error {
	return o.diffDir("", a, b, out)
}

func (o objects) diffDir(prefix string, a, b plumbing.Hash, out changeSink) error {
	if a == b {
		return nil
	}
	if o.raw != nil {
		if done, err := o.diffRopeDir(prefix, a, b, out); done || err != nil {
			return err
		}
		ra, err := o.rawTree(a)
		if err != nil {
			return err
		}
		rb, err := o.rawTree(b)
		if err != nil {
			return err
		}
		if done, err := o.diffRawDir(prefix, ra, rb, out); done || err != nil {
			return err
		}
	}
	ta, err := o.readTree(a)
	if err != nil {
		return err
	}
	tb, err := o.readTree(b)
	if err != nil {
		return err
	}
	if gitSorted(ta.Entries) && gitSorted(tb.Entries) {
		return o.mergeDir(prefix, ta.Entries, tb.Entries, out)
	}
	return o.sortedDir(prefix, ta, tb, out)
}

// sortedDir compares two folders of which one is not in Git's order (a
// tree Git did not write) by name, through a map; their changes are
// sorted by path before they go to out, since the walk's order is not
// theirs. A name that is a file on one side and a folder on the other is
// one pair here.
func (o objects) sortedDir(prefix string, ta, tb *object.Tree, out changeSink) error {
	var changes []pathChange
	collect := appendTo(&changes)
	inB := make(map[string]object.TreeEntry, len(tb.Entries))
	for _, e := range tb.Entries {
		inB[e.Name] = e
	}
	for _, ea := range ta.Entries {
		eb, ok := inB[ea.Name]
		delete(inB, ea.Name)
		if ok && ea.Hash == eb.Hash && ea.Mode == eb.Mode {
			continue
		}
		if err := o.diffEntry(prefix+ea.Name, ea, eb, ok, collect); err != nil {
			return err
		}
	}
	for _, eb := range tb.Entries {
		if _, left := inB[eb.Name]; !left {
			continue
		}
		if err := o.diffEntry(prefix+eb.Name, object.TreeEntry{}, eb, true, collect); err != nil {
			return err
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	for _, c := range changes {
		if err := out(c); err != nil {
			return err
		}
	}
	return nil
}

// mergeDir is diffDir's loop over two folders whose entries are in Git's
// order (gitSorted): one pass side by side, no map, which matters for
// requests/ (thousands of entries) read at every commit of a history walk.
// A name that is a file on one side and a folder on the other sorts apart
// (Git orders a folder as its name and "/"); both calls together give what
// one diffEntry on the pair gives.
func (o objects) mergeDir(prefix string, a, b []object.TreeEntry, out changeSink) error {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		c := 0
		switch {
		case i == len(a):
			c = 1
		case j == len(b):
			c = -1
		default:
			c = gitCompare(a[i], b[j])
		}
		switch {
		case c == 0:
			if a[i].Hash != b[j].Hash || a[i].Mode != b[j].Mode {
				if err := o.diffEntry(prefix+a[i].Name, a[i], b[j], true, out); err != nil {
					return err
				}
			}
			i++
			j++
		case c < 0:
			if err := o.diffEntry(prefix+a[i].Name, a[i], object.TreeEntry{}, false, out); err != nil {
				return err
			}
			i++
		default:
			if err := o.diffEntry(prefix+b[j].Name, object.TreeEntry{}, b[j], true, out); err != nil {
				return err
			}
			j++
		}
	}
	return nil
}

// gitCompare orders tree entries as Git does: by name, a folder's name
// compared as if it ended with "/".
func gitCompare(a, b object.TreeEntry) int {
	an, bn := a.Name, b.Name
	n := min(len(an), len(bn))
	if c := strings.Compare(an[:n], bn[:n]); c != 0 {
		return c
	}
	next := func(name string, e object.TreeEntry) int {
		if len(name) > n {
			return int(name[n])
		}
		if e.Mode == filemode.Dir {
			return '/'
		}
		return 0
	}
	return next(an, a) - next(bn, b)
}

// gitSorted reports whether entries are in strictly increasing Git order,
// as Git writes trees; a tree written otherwise (by hand, hostile) is
// compared through a map instead.
func gitSorted(entries []object.TreeEntry) bool {
	for k := 1; k < len(entries); k++ {
		if gitCompare(entries[k-1], entries[k]) >= 0 {
			return false
		}
	}
	return true
}

// diffEntry compares what one name holds on both sides; a is the zero entry
// when absent on the left, hasB is false when absent on the right.
func (o objects) diffEntry(p string, a, b object.TreeEntry, hasB bool, out changeSink) error {
	if !hasB {
		b = object.TreeEntry{}
	}
	aDir, bDir := a.Mode == filemode.Dir, b.Mode == filemode.Dir
	var subA, subB plumbing.Hash
	if aDir {
		subA = a.Hash
	}
	if bDir {
		subB = b.Hash
	}
	if aDir || bDir {
		o := o
		o.oneSided = o.oneSided || subA.IsZero() || subB.IsZero()
		if err := o.diffDir(p+"/", subA, subB, out); err != nil {
			return err
		}
	}
	from, to := entry{}, entry{}
	if !aDir && !a.Hash.IsZero() {
		from = entry{a.Hash, a.Mode}
	}
	if !bDir && !b.Hash.IsZero() {
		to = entry{b.Hash, b.Mode}
	}
	if from != to {
		return out(pathChange{Path: p, From: from, To: to})
	}
	return nil
}

// fileAt returns the entry of the file at path p in tree root (zero entry
// when absent or a folder).
func (o objects) fileAt(root plumbing.Hash, p string) (entry, error) {
	cur := root
	for {
		if cur.IsZero() {
			return entry{}, nil
		}
		t, err := o.readTree(cur)
		if err != nil {
			return entry{}, err
		}
		name, rest, nested := strings.Cut(p, "/")
		var found *object.TreeEntry
		for i := range t.Entries {
			if t.Entries[i].Name == name {
				found = &t.Entries[i]
				break
			}
		}
		if found == nil {
			return entry{}, nil
		}
		if !nested {
			if found.Mode == filemode.Dir {
				return entry{}, nil
			}
			return entry{found.Hash, found.Mode}, nil
		}
		if found.Mode != filemode.Dir {
			return entry{}, nil
		}
		cur, p = found.Hash, rest
	}
}
