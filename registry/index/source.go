package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// Source is a registry as its index sees it: a work tree, the store's cheap
// questions about its Git repository, and where its index lives.
type Source struct {
	// Dir is the registry's root folder (absolute).
	Dir string
	// Tree answers HeadTree and ChangedPaths; nil for a plain folder,
	// whose index is keyed by "" and kept up to date by the stat check
	// alone.
	Tree store.Indexer
	// Path is the index file; "" means Location(Dir).
	Path string

	watch watched // what open learned from the watcher (statwatch.go)
}

// View is what a command about a few entries reads: the catalogue's
// per-entry reads (the index's lazy snapshot, or a catalogue when something
// had to be read again), and the count of the directory's communes.
type View struct {
	catalogue.View
	// Communes counts the directory's communes.
	Communes int
}

// Lister answers lists after the stat check of what they read: the index's
// snapshot when nothing changed, which lists from its list section without
// decoding the other entries; after a small change of requests committed
// since the index was written (a pull, a vote by the git CLI, codal's own
// write), the snapshot's list section with the changed requests read again
// over it (catalogue.Overlay, as for a View: the index file is left as it
// is and the delta records the change); otherwise the catalogue brought up
// to date.
// Given the kinds to be listed, the check covers only the files their lists
// read (catalogue.ListReads: a list of requests, the requests and the
// directory), with registry.yaml and the root folder; a hand edit elsewhere
// is found by the next command that reads it. With no kind, the whole
// table is checked (as Catalogue).
func (s Source) Lister(kinds ...catalogue.Kind) (catalogue.Lister, error) {
	var reads []catalogue.Kind
	for _, k := range kinds {
		reads = append(reads, catalogue.ListReads(k)...)
	}
	v, _, err := s.open(openList, nil, reads...)
	if err != nil {
		return nil, err
	}
	// open's View is the snapshot or the catalogue: both list
	if l, ok := v.View.(catalogue.Lister); ok {
		return l, nil
	}
	return nil, fmt.Errorf("index: a %T cannot list", v.View)
}

func (s Source) path() string {
	if s.Path != "" {
		return s.Path
	}
	return Location(s.Dir)
}

// debugf prints one line on stderr when CODAL_DEBUG is set: the index
// never speaks otherwise.
func debugf(format string, args ...any) {
	if os.Getenv("CODAL_DEBUG") != "" {
		fmt.Fprintf(os.Stderr, "codal: index: "+format+"\n", args...)
	}
}

// Catalogue is the whole catalogue of the work tree, as catalogue.Load
// would read it now: from the index when it is valid, after re-reading the
// entry roots that changed since (in Git: the tree diff from the index's
// key to HEAD's tree; by hand: the stat check of the whole table); by a
// full load otherwise. The index is written again whenever it changed.
func (s Source) Catalogue() (*catalogue.Catalogue, error) {
	v, c, err := s.open(openAll, nil)
	if err != nil {
		return nil, err
	}
	if c != nil {
		return c, nil
	}
	return v.View.(*catalogue.Snapshot).Catalogue()
}

// View answers per-entry reads through the index without decoding the
// whole catalogue. Hand edits are looked for only in the entry roots given
// and registry.yaml (the whole stat table is not checked); changes
// committed since the index was written are applied whatever the roots.
func (s Source) View(roots ...string) (*View, error) {
	v, _, err := s.open(openView, roots)
	return v, err
}

// openMode is what a caller of open reads of the snapshot, which decides
// what open checks.
type openMode int

const (
	// openView: a few entries (View): only the given roots are stat'ed;
	// the snapshot's tables and those roots' records are checked, any
	// other record when decoded.
	openView openMode = iota
	// openList: lists (Lister): the whole stat check; the tables, the list
	// section and every record but the requests' are checked, a request's
	// record when decoded.
	openList
	// openAll: the whole catalogue (Catalogue): the whole stat check, the
	// whole snapshot checked.
	openAll
)

// open reads the index and brings it up to date. Beyond openView, the stat
// check covers the table (the rows of kinds only, when some are given: what
// a list reads) and a catalogue is returned when one was built; otherwise
// only roots are checked. A valid index with nothing changed returns its
// snapshot as the View.
func (s Source) open(mode openMode, roots []string, kinds ...catalogue.Kind) (*View, *catalogue.Catalogue, error) {
	whole := mode != openView
	at := time.Now()
	m, ferr := Open(s.path())
	keep := false // the mapping outlives open only through the View's snapshot
	defer func() {
		if m != nil && !keep {
			m.Close()
		}
	}()
	var h *Header
	var d *Delta // the tree diff a command that answered over the index recorded
	if ferr == nil {
		h = &m.Header
		var derr error
		if d, derr = ReadDelta(s.path(), h); derr != nil {
			debugf("%s: %v: ignored", DeltaPath(s.path()), derr)
		}
	}
	s.ask(m, whole)
	k, err := s.key(h, d)
	if err != nil {
		debugf("no HEAD tree (%v): full load, index left alone", err)
		c, err := catalogue.Load(os.DirFS(s.Dir))
		if err != nil {
			return nil, nil, err
		}
		return &View{View: c, Communes: len(c.Communes())}, c, nil
	}
	if ferr != nil {
		if !errors.Is(ferr, fs.ErrNotExist) {
			debugf("%s: %v: rebuilt", s.path(), ferr)
		}
		return s.rebuild(k, at)
	}
	changed, full := []string(nil), false
	if m.Tree != k.tree {
		if m.Tree == "" || k.tree == "" {
			debugf("key %q, HEAD's tree %q: rebuilt", m.Tree, k.tree)
			return s.rebuild(k, at)
		}
		if changed, full, err = s.changedSince(m, d, k); err != nil {
			debugf("tree diff %s..%s: %v: rebuilt", m.Tree.Short(), k.tree.Short(), err)
			return s.rebuild(k, at)
		}
	}
	committed := changed // the roots the tree diff names
	var rec recorded     // what the next write records beside the changed roots
	if !full {
		var paths []string
		var racy racyFound
		if whole {
			if paths, rec.folders, err = s.changedIn(m, at, kinds, &racy); err != nil {
				debugf("%s: %v: rebuilt", s.path(), err)
				return s.rebuild(k, at)
			}
		} else if paths, err = changedRoots(s.Dir, at, roots, m.rowsUnder, &racy); err != nil {
			debugf("%s: %v: rebuilt", s.path(), err)
			return s.rebuild(k, at)
		}
		slices.Sort(racy.paths)
		rec.racy = racy.folders
		more, all := rootsOf(without(paths, racy.paths))
		changed, full = union(changed, more), all
		if !full {
			changed, full = s.racy(m, at, changed, racy.paths, &rec)
		}
	}
	if full {
		debugf("a kind folder or the top folder changed: rebuilt")
		return s.rebuild(k, at)
	}
	// A View or a list after a change committed since the index was
	// written (the hand edits found among the committed roots only): the
	// overlay, when it takes the change; the index file is left as it is.
	if mode != openAll && len(changed) > 0 && len(union(slices.Clone(committed), changed)) == len(committed) {
		if v, ok := s.overlay(m, mode, roots, changed, kinds...); ok {
			keep = true // the overlay's snapshot holds the mapping
			// The watcher's token holds for the file kept: its rows
			// are true but those of the committed roots, which every
			// command reads again (the delta, or the tree diff).
			// Without it, a token adopted now (a daemon started
			// since) would be lost, and every list would check every
			// row until the index is written again.
			s.kept(m)
			if d == nil || d.Commit != k.commit || d.Tree != k.tree || !sameRoots(d.Roots, committed) {
				nd := &Delta{BaseTree: m.Tree, BaseCommit: m.Commit, BaseBuilt: m.Built.UnixNano(), Tree: k.tree, Commit: k.commit, Roots: committed}
				if err := WriteDelta(s.path(), nd); err != nil {
					debugf("%v: delta not written", err)
				}
			}
			return v, nil, nil
		}
	}
	// A View reads a few records, a Lister the list section: only the
	// blocks they read are checked (openMode). The rest checks the whole
	// snapshot.
	var data []byte
	var verify func(lo, hi int) error
	if mode == openView && len(changed) == 0 {
		data, verify, err = m.viewSnapshot(roots)
	} else if mode == openList && len(changed) == 0 {
		data, verify, err = m.listSnapshot(kinds...)
	} else {
		data, err = m.Snapshot()
	}
	if err != nil {
		debugf("%s: %v: rebuilt", s.path(), err)
		return s.rebuild(k, at)
	}
	snap, err := catalogue.OpenSnapshot(data)
	if err != nil {
		debugf("snapshot: %v: rebuilt", err)
		return s.rebuild(k, at)
	}
	if verify != nil {
		snap.Verify(verify)
	}
	snap.SetRelease(m.releaseSpan) // a whole decode drops the pages it read
	if mode != openAll {
		snap.SetDecoded(m.releaseAround) // and one entry's, the pages around it
	}
	if len(changed) == 0 {
		if len(rec.folders) > 0 {
			// folders listed again for nothing (a file made and removed):
			// record them so the next check does not list them again
			// (and the rows of racy roots found unchanged with them)
			t, err := rec.table(m, nil, nil)
			if err != nil {
				debugf("%s: %v: rebuilt", s.path(), err)
				return s.rebuild(k, at)
			}
			s.write(&File{Header: m.Header, table: t, Snapshot: data})
		} else {
			s.kept(m)
		}
		// The snapshot reads the mapping until it is unreachable, then
		// the mapping goes.
		keep = true
		runtime.AddCleanup(snap, func(m *Mapped) { m.Close() }, m)
		return &View{View: snap, Communes: m.Communes}, nil, nil
	}
	if v, c, kept, ok := s.compact(m, snap, mode, roots, changed, k, at, rec, kinds...); ok {
		keep = kept
		return v, c, nil
	}
	old, err := snap.Catalogue() // a copy: nothing in it aliases the mapping
	if err != nil {
		debugf("snapshot: %v: rebuilt", err)
		return s.rebuild(k, at)
	}
	fresh := ScanRoots(s.Dir, at, changed)
	c, err := catalogue.Update(old, os.DirFS(s.Dir), changed)
	if err != nil {
		return nil, nil, err
	}
	catchUps.Add(1)
	debugf("%d entries read again", len(changed))
	t, err := rec.table(m, fresh, changed)
	if err != nil {
		debugf("%s: %v: rebuilt", s.path(), err)
		return s.rebuild(k, at)
	}
	// the new snapshot copies old's records of the roots that did not change
	s.saveSnap(func() ([]byte, error) { return c.PatchSnapshot(snap, old) }, c, k, at, &File{table: t})
	return &View{View: c, Communes: len(c.Communes())}, c, nil
}

// overlay is the catch-up of a View or a Lister after a small change
// committed since the index was written (the roots of the tree diff since
// its key: requests, entries of other kinds edited in place — the overlay
// says which it takes; the hand edits found in the roots asked for, or by
// a list's stat check, are among them — other hand edits take the whole
// catch-up, which records their stat rows): the index's snapshot with those
// roots read again from the work tree over it (catalogue.Snapshot.Overlay,
// which lists too: the snapshot's list section with the changed requests'
// rows and every rank moved), the index file left as it is (open records
// the roots in a Delta beside it, which the next command starts from). For
// a list, the list section is checked as a list without a change checks it
// (Mapped.listSnapshot: the blocks of the kinds listed). The index is
// brought up to date and written again (the base compacted) by the first
// command that reads the whole catalogue (the app, a report), or once the
// change grows past catalogue.MaxOverlayRoots roots or takes in a hand
// edit elsewhere: through the overlay (compact) when it takes the change,
// else by the whole catch-up. ok is false for those.
func (s Source) overlay(m *Mapped, mode openMode, roots, changed []string, kinds ...catalogue.Kind) (*View, bool) {
	if overlayOff || len(changed) > catalogue.MaxOverlayRoots {
		return nil, false
	}
	var data []byte
	var verify func(lo, hi int) error
	var err error
	if mode == openList {
		data, verify, err = m.listSnapshot(kinds...)
	} else {
		data, verify, err = m.viewSnapshot(union(slices.Clone(roots), changed))
	}
	if err != nil {
		return nil, false
	}
	snap, err := catalogue.OpenSnapshot(data)
	if err != nil {
		return nil, false
	}
	snap.Verify(verify)
	snap.SetProbed(m.releaseAround)
	snap.SetDecoded(m.releaseAround)
	o, ok := snap.Overlay(os.DirFS(s.Dir), changed)
	if !ok {
		debugf("%d entries changed: not an overlay", len(changed))
		return nil, false
	}
	debugf("%d entries read again over the index (left as it is)", len(changed))
	runtime.AddCleanup(snap, func(m *Mapped) { m.Close() }, m)
	return &View{View: o, Communes: m.Communes + o.CommunesAdded()}, true
}

// compact brings the index up to date after a change the overlay takes
// (catalogue.Snapshot.OverlayUpTo: changed requests and entries edited in
// place, up to catalogue.MaxCompactRoots of them, hand edits among them) without
// decoding the catalogue: the overlay of snap, the index's whole snapshot
// checked against its checksums, encodes the snapshot now in pieces
// (Overlay.MarshalParts, byte for byte what Update and PatchSnapshot would
// write, the unchanged runs slices of the mapped file), and the index is
// written again from them with the changed roots' stat rows. A View or a
// list reads the file written, mapped back (reopen); a command that wants
// the whole catalogue (openAll) decodes it. keep says that the View still
// reads m (the overlay answered: the file could not be read back). ok is
// false when the overlay declines: the caller updates the whole catalogue.
func (s Source) compact(m *Mapped, snap *catalogue.Snapshot, mode openMode, roots, changed []string, k key, at time.Time, rec recorded, kinds ...catalogue.Kind) (v *View, c *catalogue.Catalogue, keep, ok bool) {
	if overlayOff {
		return nil, nil, false, false
	}
	o, ok := snap.OverlayUpTo(os.DirFS(s.Dir), changed, catalogue.MaxCompactRoots)
	if !ok {
		debugf("%d entries changed: not an overlay", len(changed))
		return nil, nil, false, false
	}
	parts, err := o.MarshalParts()
	if err != nil {
		debugf("overlay: %v: the whole catalogue brought up to date", err)
		return nil, nil, false, false
	}
	fresh := ScanRoots(s.Dir, at, changed)
	t, err := rec.table(m, fresh, changed)
	if err != nil {
		debugf("%s: %v: the whole catalogue brought up to date", s.path(), err)
		return nil, nil, false, false
	}
	h := Header{Tree: k.tree, Commit: k.commit, Built: at, Communes: m.Communes + o.CommunesAdded()}
	s.write(&File{Header: h, table: t, Pieces: parts})
	compactions.Add(1)
	debugf("%d entries read again over the index, written again (compacted)", len(changed))
	// The answer is the index just written, mapped as the next command
	// maps it; the overlay when it cannot be read back (another process
	// replaced it since, say).
	if v, c, ok := s.reopen(h, mode, roots, kinds...); ok {
		return v, c, false, true
	}
	debugf("%s: not read back: the overlay answers", s.path())
	if mode == openAll {
		return nil, nil, false, false
	}
	runtime.AddCleanup(snap, func(m *Mapped) { m.Close() }, m)
	return &View{View: o, Communes: h.Communes}, nil, true, true
}

// reopen maps the index file written with header h and answers from it as
// open does when nothing changed: the blocks a View or a list reads
// checked, the whole snapshot for the whole catalogue. ok is false when the
// file is not that one or fails its checks.
func (s Source) reopen(h Header, mode openMode, roots []string, kinds ...catalogue.Kind) (*View, *catalogue.Catalogue, bool) {
	m, err := Open(s.path())
	if err != nil {
		return nil, nil, false
	}
	if m.Tree != h.Tree || m.Commit != h.Commit || !m.Built.Equal(h.Built) {
		m.Close()
		return nil, nil, false
	}
	var data []byte
	var verify func(lo, hi int) error
	switch mode {
	case openView:
		data, verify, err = m.viewSnapshot(roots)
	case openList:
		data, verify, err = m.listSnapshot(kinds...)
	default:
		data, err = m.Snapshot()
	}
	var snap *catalogue.Snapshot
	if err == nil {
		snap, err = catalogue.OpenSnapshot(data)
	}
	if err != nil {
		m.Close()
		return nil, nil, false
	}
	if verify != nil {
		snap.Verify(verify)
	}
	snap.SetRelease(m.releaseSpan)
	snap.SetDecoded(m.releaseAround)
	if mode == openAll {
		c, err := snap.Catalogue()
		m.Close()
		if err != nil {
			return nil, nil, false
		}
		return &View{View: c, Communes: m.Communes}, c, true
	}
	runtime.AddCleanup(snap, func(m *Mapped) { m.Close() }, m)
	return &View{View: snap, Communes: m.Communes}, nil, true
}

// changedSince returns the entry roots changed between the index's key and
// k (full when one of them needs a full load): the delta's roots when the
// delta is at k; the delta's roots and the tree diff from the delta's key
// to k when it is behind; the tree diff from the index's key otherwise
// (and when the delta's key cannot be diffed: its tree pruned, say).
func (s Source) changedSince(m *Mapped, d *Delta, k key) (changed []string, full bool, err error) {
	if d != nil && d.Tree == k.tree {
		debugf("delta: %d entries changed since the index", len(d.Roots))
		return slices.Clone(d.Roots), false, nil
	}
	if d != nil {
		if paths, err := s.Tree.ChangedPaths(d.Tree, k.tree); err == nil {
			more, all := rootsOf(paths)
			return union(slices.Clone(d.Roots), more), all, nil
		}
	}
	paths, err := s.Tree.ChangedPaths(m.Tree, k.tree)
	if err != nil {
		return nil, false, err
	}
	changed, full = rootsOf(paths)
	return changed, full, nil
}

// compactions counts compact's writes (tests).
var compactions atomic.Int64

// catchUps counts the whole catch-ups: the catalogue decoded and brought
// up to date by catalogue.Update (tests).
var catchUps atomic.Int64

// overlayOff turns overlays off, for the benchmark that compares them with
// the whole catch-up (SetOverlay).
var overlayOff bool

// key is what the index is keyed by: HEAD's commit and its tree (both ""
// for a plain folder). The tree is read from the commit only when HEAD
// moved since f (or the delta d over it) was written.
type key struct{ commit, tree store.Hash }

func (s Source) key(f *Header, d *Delta) (key, error) {
	if s.Tree == nil {
		return key{}, nil
	}
	c, err := s.Tree.Head()
	if err != nil {
		// before the first commit, say: HeadTree knows
		t, err := s.Tree.HeadTree()
		return key{tree: t}, err
	}
	if f != nil && f.Commit == c && !c.IsZero() {
		return key{c, f.Tree}, nil
	}
	if d != nil && d.Commit == c && !c.IsZero() {
		return key{c, d.Tree}, nil
	}
	t, err := s.Tree.HeadTree()
	return key{c, t}, err
}

// rebuild is the full load: scan the work tree, then read every file, then
// write the index.
func (s Source) rebuild(k key, at time.Time) (*View, *catalogue.Catalogue, error) {
	table := Scan(s.Dir, at)
	c, err := catalogue.Load(os.DirFS(s.Dir))
	if err != nil {
		return nil, nil, err
	}
	s.save(c, k, at, table)
	return &View{View: c, Communes: len(c.Communes())}, c, nil
}

// save writes the index of c; a failure is only logged (the index is a
// cache).
func (s Source) save(c *catalogue.Catalogue, k key, at time.Time, table Table) {
	s.saveSnap(c.MarshalBinary, c, k, at, &File{Stats: table})
}

// saveSnap is save with the snapshot encoded by encode (c's MarshalBinary,
// or PatchSnapshot from the index read) and the stat table f holds (its
// Stats, or the old file's patched: Mapped.refresh).
func (s Source) saveSnap(encode func() ([]byte, error), c *catalogue.Catalogue, k key, at time.Time, f *File) {
	snap, err := encode()
	if err != nil {
		debugf("snapshot: %v: not written", err)
		return
	}
	f.Header = Header{Tree: k.tree, Commit: k.commit, Built: at, Communes: len(c.Communes())}
	f.Snapshot = snap
	s.write(f)
}

// write replaces the index file, and removes the delta over the file it
// replaced (a delta over another base is ignored anyway).
func (s Source) write(f *File) {
	if err := Write(s.path(), f); err != nil {
		debugf("%v: not written", err)
		return
	}
	if err := os.Remove(DeltaPath(s.path())); err != nil && !errors.Is(err, fs.ErrNotExist) {
		debugf("%v: not removed", err)
	}
	s.wrote(f)
}

// rootsOf maps changed paths to the entry roots to read again, and
// registry.yaml to itself (catalogue.Update reads its content again and
// checks every entry's references: the whole catch-up, not a full load);
// full is true when one of them needs a full load (a kind folder itself,
// the root). Paths outside what the catalogue reads are left out.
func rootsOf(paths []string) (roots []string, full bool) {
	seen := map[string]bool{}
	for _, p := range paths {
		if p == "." {
			return nil, true
		}
		if p == catalogue.MetaFile {
			if !seen[p] {
				seen[p] = true
				roots = append(roots, p)
			}
			continue
		}
		first, _, _ := strings.Cut(p, "/")
		if !inScope(first) {
			continue
		}
		r := catalogue.RootOf(p)
		if r == "" {
			return nil, true
		}
		if !seen[r] {
			seen[r] = true
			roots = append(roots, r)
		}
	}
	return roots, false
}

func union(a, b []string) []string {
	seen := make(map[string]bool, len(a))
	for _, x := range a {
		seen[x] = true
	}
	for _, x := range b {
		if !seen[x] {
			seen[x] = true
			a = append(a, x)
		}
	}
	return a
}

// Preview is the index's snapshot as it was written, with no check of the
// work tree, and only the blocks the first screen reads checked against
// their checksums (previewSnapshot): what the app's first screen shows while Catalogue checks (the
// snapshot may miss hand edits made since; the app swaps in Catalogue's
// answer when it comes). It is nil, without an error, when there is no
// index of this version or it was written for another tree than HEAD's;
// an index that fails its checksums is an error (Catalogue rebuilds it).
//
// An index whose delta (a View's catch-up over it: delta.go), or the tree
// diff from its tree to HEAD's when HEAD moved since and no command caught
// up yet (a pull, then the app), brings it to HEAD's tree previews too when
// it names only requests and entries of the toolbox that are still there
// (edited, or moved in their lists): what the first screen shows of the
// snapshot — the directory, each tab's count, the registry's name — is
// HEAD's, the count of requests moved by those the delta filed or removed
// (catalogue.Preview). A delta naming an actor means no preview (the
// directory is the first screen).
func (s Source) Preview() (*catalogue.Preview, error) {
	m, err := Open(s.path())
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrBad) {
			return nil, nil
		}
		return nil, err
	}
	d, derr := ReadDelta(s.path(), &m.Header)
	if derr != nil {
		d = nil
	}
	k, err := s.key(&m.Header, d)
	if err != nil {
		m.Close()
		return nil, nil
	}
	if k.tree != m.Tree && (d == nil || k.tree != d.Tree) {
		// HEAD moved since (a pull, a commit of the git CLI) and no
		// command caught up yet: the tree diff, as the catch-up will
		// start with (a few trees read: the cost follows the change)
		if k.tree == "" || m.Tree == "" {
			m.Close()
			return nil, nil
		}
		changed, full, err := s.changedSince(m, d, k)
		if err != nil || full || len(changed) > catalogue.MaxCompactRoots {
			m.Close()
			return nil, nil
		}
		d = &Delta{Tree: k.tree, Roots: changed}
	}
	data, err := m.previewSnapshot()
	if err != nil {
		m.Close()
		return nil, err
	}
	snap, err := catalogue.OpenSnapshot(data)
	if err != nil {
		m.Close()
		return nil, err
	}
	moved := 0
	if k.tree != m.Tree {
		var ok bool
		if moved, ok = previewsThrough(snap, d, s.Dir); !ok {
			m.Close()
			return nil, nil
		}
	}
	// The snapshot reads the mapping until it is unreachable.
	runtime.AddCleanup(snap, func(m *Mapped) { m.Close() }, m)
	return catalogue.NewPreview(snap, moved), nil
}

// previewsThrough reports whether the delta d changes nothing the first
// screen shows of snap but the count of requests, and by how much: each of
// its roots a request folder, one the snapshot holds and the work tree
// still has (a vote, an event: nothing moves), one the work tree has and
// the snapshot does not (filed since: one more), or one the snapshot holds
// and the work tree no longer has (removed: one fewer); or a snippet,
// schema, training or tip the snapshot holds and the work tree still has
// (edited, or moved in its list).
func previewsThrough(snap *catalogue.Snapshot, d *Delta, dir string) (moved int, ok bool) {
	prefix := string(catalogue.Requests) + "/"
	for _, r := range d.Roots {
		id, ok := strings.CutPrefix(r, prefix)
		if !ok {
			// an entry of the toolbox the snapshot holds and the work
			// tree still has (edited, or moved in its list) moves no
			// count; one added or removed does (no preview), and an
			// actor's may change the directory shown
			kind, rest, _ := strings.Cut(r, "/")
			switch catalogue.Kind(kind) {
			case catalogue.Snippets, catalogue.Schemas, catalogue.Trainings, catalogue.Tips:
				if rest == "" || strings.Contains(rest, "/") || !snap.Exists(r) {
					return 0, false
				}
				if fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(r))); err != nil || !fi.IsDir() {
					return 0, false
				}
				continue
			}
			return 0, false
		}
		if id == "" || strings.Contains(id, "/") {
			return 0, false
		}
		held := snap.Exists(r + "/" + catalogue.RequestFile)
		fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(r), catalogue.RequestFile))
		has := err == nil && fi.Mode().IsRegular()
		switch {
		case has && !held:
			moved++
		case held && !has:
			moved--
		}
	}
	return moved, true
}

// without returns the paths of a not in b (b sorted).
func without(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	out := make([]string, 0, len(a))
	for _, p := range a {
		if _, found := slices.BinarySearch(b, p); !found {
			out = append(out, p)
		}
	}
	return out
}
