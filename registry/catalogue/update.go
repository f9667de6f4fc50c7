package catalogue

import (
	"errors"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/gpso/codal/fact"
)

// Update returns exactly what Load(fsys) would return now, given old (a Load
// — or an Update, or a snapshot's Catalogue() — of an earlier state of the
// same registry) and the roots (RootOf) of every path that changed since. It
// re-reads and re-checks only those roots, then recomputes what spans
// entries (reference checks, the board, sort orders). A "" root means a full
// Load. old is not modified.
//
// A path may stand for its root: each element of roots goes through RootOf;
// registry.yaml stands for its content (root "": Meta and its problems,
// every entry's references checked again).
// Update falls back to a full Load when old was loaded with fewer kinds
// (LoadOnly with kinds), when a kind folder appeared, went or stopped being
// a folder since old, or when an entry cannot be listed; the result is the
// same, only slower.
func Update(old *Catalogue, fsys fs.FS, roots []string) (*Catalogue, error) {
	if old == nil || old.parts == nil || old.only != nil {
		return Load(fsys)
	}
	changed := map[string]bool{}
	meta := false
	for _, r := range roots {
		if r == MetaFile {
			meta = true // registry.yaml's content (updateMeta)
			continue
		}
		root := RootOf(r)
		if root == "" {
			return Load(fsys)
		}
		changed[root] = true
	}
	if len(changed) == 0 && !meta {
		return old, nil
	}
	fresh, ok := readRoots(fsys, changed, old.walked)
	if !ok {
		return Load(fsys)
	}
	parts := maps.Clone(old.parts)
	for root := range changed {
		delete(parts, root)
	}
	for root, pt := range fresh {
		if root != "" {
			parts[root] = pt
		}
	}
	m := old.Meta
	if meta {
		if m, ok = updateMeta(fsys, parts); !ok {
			return Load(fsys)
		}
		changed[""] = true
	}
	return finish(m, parts, old.walked, nil, old, changed), nil
}

// updateMeta reads registry.yaml again and puts its problems in root ""'s
// part, in place of the old ones (the part's first problems: a walk starts
// with them, its listing's after), the rest of the part kept (the top
// folder's listing did not change: that would be a path "." changed, a full
// Load). ok is false when registry.yaml cannot be read or parsed as a Load
// reads it (the Load then says why), or root "" has no part.
func updateMeta(fsys fs.FS, parts map[string]*part) (Meta, bool) {
	m, probs, ok := rereadMeta(fsys)
	old := parts[""]
	if !ok || old == nil {
		return Meta{}, false
	}
	pt := *old
	pt.probs = append(slices.Clip(probs), old.probs[metaProblems(old.probs):]...)
	parts[""] = &pt
	return m, true
}

// rereadMeta reads registry.yaml from fsys and parses it as Load does; ok
// is false when it cannot be read or parsed (Load then says why).
func rereadMeta(fsys fs.FS) (Meta, []fact.Problem, bool) {
	data, err := ReadNoFollow(fsys, MetaFile, maxFactSize)
	if err != nil {
		return Meta{}, nil, false
	}
	m, probs, err := parseMeta(data)
	return m, probs, err == nil
}

// metaProblems counts registry.yaml's problems at the head of root ""'s
// problems, where a walk puts them (its listing's come after).
func metaProblems(probs []fact.Problem) int {
	k := 0
	for k < len(probs) && probs[k].Path == MetaFile {
		k++
	}
	return k
}

// readRoots reads the changed roots again as a Load would find them now:
// the walk of the roots alone (a root that went away gives no part), their
// files parsed, their parts built. ok is false when a full Load is needed
// instead: the top folder cannot be listed, a kind folder appeared, went or
// stopped being a folder since the load that walked walkedBefore, or a root
// cannot be listed.
func readRoots(fsys fs.FS, changed map[string]bool, walkedBefore []Kind) (fresh map[string]*part, ok bool) {
	top, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, false
	}
	// The kind folders the walk enters now must be those it entered for
	// old: a kind folder's own listing belongs to root "".
	walked := map[Kind]fs.DirEntry{}
	for _, e := range top {
		if k := Kind(e.Name()); slices.Contains(Kinds, k) && e.Type() == fs.ModeDir {
			walked[k] = e
		}
	}
	if len(walked) != len(walkedBefore) {
		return nil, false
	}
	for _, k := range walkedBefore {
		if walked[k] == nil {
			return nil, false
		}
	}
	// Each changed root as its kind folder lists it now (nothing when it
	// went away).
	sub := subsetFS{FS: fsys, kids: map[string][]fs.DirEntry{}}
	listings := map[Kind]map[string]fs.DirEntry{}
	for root := range changed {
		k := Kind(root[:strings.IndexByte(root, '/')])
		if walked[k] == nil {
			continue
		}
		if _, ok := sub.kids[string(k)]; !ok {
			sub.kids[string(k)] = nil
			sub.top = append(sub.top, walked[k])
		}
		e, err := entryOf(fsys, root, listings)
		if err != nil {
			return nil, false
		}
		if e != nil {
			sub.kids[string(k)] = append(sub.kids[string(k)], e)
		}
	}
	for _, kids := range sub.kids {
		sort.Slice(kids, func(i, j int) bool { return kids[i].Name() < kids[j].Name() })
	}
	sort.Slice(sub.top, func(i, j int) bool { return sub.top[i].Name() < sub.top[j].Name() })
	w := newWalker(sub) // lists through sub, reads through src
	src := sourceOf(fsys)
	defer src.close()
	return buildParts(w, parseWhileWalking(src, w)), true
}

// entryOf returns the directory entry of an entry root as its kind folder
// lists it (through Lstat when fsys has it, else by listing the kind folder
// once), or nil when the folder no longer lists it.
func entryOf(fsys fs.FS, root string, listings map[Kind]map[string]fs.DirEntry) (fs.DirEntry, error) {
	if l, ok := fsys.(fs.ReadLinkFS); ok {
		info, err := l.Lstat(root)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return fs.FileInfoToDirEntry(info), nil
	}
	k, name, _ := strings.Cut(root, "/")
	byName, ok := listings[Kind(k)]
	if !ok {
		list, err := fs.ReadDir(fsys, k)
		if err != nil {
			return nil, err
		}
		byName = make(map[string]fs.DirEntry, len(list))
		for _, e := range list {
			byName[e.Name()] = e
		}
		listings[Kind(k)] = byName
	}
	return byName[name], nil
}

// subsetFS shows the walk only the changed roots: the top folder lists the
// kind folders holding them, each kind folder lists only them; every other
// folder and file is fsys's own.
type subsetFS struct {
	fs.FS
	top  []fs.DirEntry
	kids map[string][]fs.DirEntry
}

// ReadDir implements fs.ReadDirFS.
func (s subsetFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == "." {
		return slices.Clone(s.top), nil
	}
	if kids, ok := s.kids[name]; ok {
		return slices.Clone(kids), nil
	}
	return fs.ReadDir(s.FS, name)
}
