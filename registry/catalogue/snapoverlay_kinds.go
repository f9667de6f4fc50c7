package catalogue

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sort"
	"strings"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
	"github.com/gpso/codal/toolbox"
)

// An Overlay takes changes of the entries of the other kinds (actors,
// snippets, schemas, trainings, tips) that move nothing but their own
// records, haystacks and places in their kind's list:
//   - an entry edited in place: it was in the snapshot and still is, under
//     the same id, and its place in its kind's order stays (its sort key —
//     an actor's kind and name, a snippet's, schema's or tip's title, a
//     training's date and title — is the same); for an actor, its name,
//     kind and population stay too, since other entries' haystacks hold
//     its name and the board counts communes and their population;
//   - of the toolbox (snippets, schemas, trainings, tips), an entry moved
//     in its list (a title or a date edited), and an entry added or removed
//     when no other entry names it (the table of named roots: a tip's
//     related entries), so that no other entry's reference problem moves;
//   - an actor added that no other entry names (the table of named roots
//     holds the actors named but missing): no standing, haystack or
//     reference problem of another entry moves; the count of communes may
//     (Overlay.CommunesAdded);
//   - an actor renamed, or whose kind or population changed: it moves in
//     the directory, and the entries naming it are found through their
//     haystacks, which hold its name (Overlay.restate), and restated —
//     requests' standings, ranks and haystacks, the toolbox's haystacks.
// Every entry's reference problems name other entries by existence only
// (refs.go), so only the changed entries' own can change; a tip's related
// entries change the table of named roots, which the overlay keeps.
//
// An actor's competences, address, name or population fixed, a snippet
// added or its code fixed, a schema's examples, a training moved to
// another date, a tip's text: the toolbox's everyday changes, which before
// took the whole catch-up. Still declined: an actor removed, or added when another entry
// names it; an actor whose name is under 3 bytes folded, or held by more
// than maxFlow haystacks, changed; an entry of the toolbox added or
// removed that another entry names.

// otherChange returns the part read again of a non-request root (nil when
// the entry went away) when the overlay takes its change (above), and
// whether it is an edit in place; ok is false when the overlay declines
// it. changed are all the roots read again (a root named only by changed
// ones may come and go).
func (s *Snapshot) otherChange(root string, pt *part, changed map[string]bool) (now *part, inPlace, ok bool) {
	kind := Kind(root[:strings.IndexByte(root, '/')])
	if pt != nil {
		if k, id, ok := entryKey(pt.entry); !ok || EntryRoot(k, id) != root {
			return nil, false, false
		}
	}
	var was any
	if k := s.find(root); k >= 0 {
		old := s.root(k)
		if old == nil || old.pt.entry == nil {
			return nil, false, false
		}
		was = old.pt.entry
	}
	if was != nil && pt != nil && samePlace(was, pt.entry) {
		return pt, true, true
	}
	if was == nil && pt == nil {
		return nil, false, true // a path touched where no entry was nor is (an editor's temporary file)
	}
	if kind == Actors && pt == nil {
		return nil, false, false // an actor removed
	}
	if kind == Actors && was != nil {
		// renamed, or its kind or population changed: the entries naming
		// it are found and restated (Overlay.restate)
		return pt, false, true
	}
	if was == nil || pt == nil {
		// added or removed: no other entry may name it
		for _, by := range s.namers(root) {
			if !changed[by] {
				return nil, false, false
			}
		}
	}
	return pt, false, true
}

// entryKey is an entry's kind and id.
func entryKey(entry any) (Kind, string, bool) {
	switch e := entry.(type) {
	case *directory.Actor:
		return Actors, e.ID, true
	case *snippets.Snippet:
		return Snippets, e.ID, true
	case *schemas.Schema:
		return Schemas, e.ID, true
	case *requests.Request:
		return Requests, e.ID, true
	case *toolbox.Training:
		return Trainings, e.ID, true
	case *toolbox.Tip:
		return Tips, e.ID, true
	}
	return "", "", false
}

// entryRootOf is an entry's root.
func entryRootOf(entry any) string {
	k, id, _ := entryKey(entry)
	return EntryRoot(k, id)
}

// samePlace reports whether now, an edit of was (the same kind and id),
// keeps its place in its kind's order and, for an actor, everything other
// entries read of it (name, kind, population).
func samePlace(was, now any) bool {
	wk, wid, ok := entryKey(was)
	nk, nid, ok2 := entryKey(now)
	if !ok || !ok2 || wk != nk || wid != nid {
		return false
	}
	if w, ok := was.(*directory.Actor); ok {
		n := now.(*directory.Actor)
		if w.Name != n.Name || w.Kind != n.Kind || w.Population != n.Population {
			return false
		}
	}
	return !lessEntry(was, now) && !lessEntry(now, was)
}

// entryNow is the entry at root now: the part read again when it changed,
// else the snapshot's.
func (o *Overlay) entryNow(root string) any {
	if pt, ok := o.changedPart(root); ok {
		if pt == nil {
			return nil
		}
		return pt.entry
	}
	return o.base.entry(root)
}

// referentsOf is the part of the catalogue entryReferences reads about a
// non-request entry at root now: the registry's Meta, its own part (a
// snippet's or a training's files), the actors it names and, for a tip,
// the related entries that exist, as they are now.
func (o *Overlay) referentsOf(root string, pt *part) *Catalogue {
	c := &Catalogue{Meta: o.base.meta, parts: map[string]*part{root: pt},
		actors: map[string]*directory.Actor{}, snippets: map[string]*snippets.Snippet{}, schemas: map[string]*schemas.Schema{},
		requests: map[string]*requests.Request{}, trainings: map[string]*toolbox.Training{}, tips: map[string]*toolbox.Tip{}}
	// an entry named, as it is now, filed in c's maps (Catalogue.add)
	named := func(k Kind, id string) {
		if id == "" || c.Has(k, id) {
			return
		}
		if v := o.entryNow(EntryRoot(k, id)); v != nil {
			if vk, vid, ok := entryKey(v); ok && vk == k && vid == id {
				c.add(v)
			}
		}
	}
	switch e := pt.entry.(type) {
	case *directory.Actor:
		named(Actors, e.Parent)
	case *snippets.Snippet:
		named(Actors, e.Author)
	case *toolbox.Training:
		named(Actors, e.Organiser)
		for _, sp := range e.Speakers {
			named(Actors, sp.Actor)
		}
	case *toolbox.Tip:
		named(Actors, e.Author)
		for _, r := range e.Related {
			if k, id, ok := toolbox.SplitRef(r); ok {
				if kind, known := ParseKind(k); known {
					named(kind, id)
				}
			}
		}
	}
	return c
}

// editedRefs are the reference problems of an entry edited in place, now.
func (o *Overlay) editedRefs(root string, pt *part) []fact.Problem {
	c := o.referentsOf(root, pt)
	return entryReferences(c, pt.entry, func(id string) map[string]int64 { return c.snippetFiles(id) })
}

// editedHaystack is the haystack of an entry edited in place, now: the
// kind's haystack with the names of the actors it names as they are now.
func (o *Overlay) editedHaystack(root string, pt *part) string {
	c := o.referentsOf(root, pt)
	switch e := pt.entry.(type) {
	case *directory.Actor:
		return c.ActorHaystack(e)
	case *snippets.Snippet:
		return c.SnippetHaystack(e)
	case *schemas.Schema:
		return c.SchemaHaystack(e)
	case *toolbox.Training:
		return c.TrainingHaystack(e)
	case *toolbox.Tip:
		return c.TipHaystack(e)
	}
	return ""
}

// kindNow is a kind's list now: for each row, the snapshot's row in its
// list block (r >= 0; edited[r] when edited in place), or an entry read
// again, added or moved (-1-i for ins[i]).
type kindNow struct {
	rows   []int
	ins    []*part
	edited map[int]*part
}

// listNow is kind k's list now, from the snapshot's list block l: its
// rows but those removed or moved, with the entries added or moved placed
// where the kind's order puts them (a binary search of the snapshot's
// rows, which that strict total order sorted: a few records decoded). nil
// when no entry of the kind changed.
func (o *Overlay) listNow(k Kind, l *listBlock) (*kindNow, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if r, ok := o.lists[k]; ok {
		return r.kn, r.err
	}
	kn, err := o.makeListNow(k, l)
	if o.lists == nil {
		o.lists = map[Kind]listNowResult{}
	}
	o.lists[k] = listNowResult{kn, err}
	return kn, err
}

// listNowResult is listNow's answer for a kind, kept.
type listNowResult struct {
	kn  *kindNow
	err error
}

// makeListNow computes listNow.
func (o *Overlay) makeListNow(k Kind, l *listBlock) (*kindNow, error) {
	s := o.base
	byIdx := map[uint32]string{}
	var ins []*part
	for root := range o.parts {
		if !strings.HasPrefix(root, string(k)+"/") || k == Requests {
			continue
		}
		if j := s.find(root); j >= 0 {
			byIdx[uint32(j)] = root
		}
		if pt := o.parts[root]; pt != nil && !o.inPlace[root] {
			ins = append(ins, pt)
		}
	}
	if len(byIdx) == 0 && len(ins) == 0 {
		return nil, nil
	}
	kn := &kindNow{edited: map[int]*part{}}
	drop := map[int]bool{}
	for r := range l.n {
		root, ok := byIdx[le(l.idx[4*r:])]
		if !ok {
			continue
		}
		delete(byIdx, le(l.idx[4*r:]))
		if o.inPlace[root] {
			kn.edited[r] = o.parts[root]
		} else {
			drop[r] = true
		}
	}
	if len(byIdx) > 0 {
		return nil, ErrBadSnapshot // a changed root of the kind not in its list
	}
	slices.SortFunc(ins, func(a, b *part) int {
		if lessEntry(a.entry, b.entry) {
			return -1
		}
		return 1
	})
	// where each goes: before the first row it sorts before
	at := make([]int, len(ins))
	wheres := map[string]fact.Where{}
	for i, pt := range ins {
		var bad error
		at[i] = sort.Search(l.n, func(r int) bool {
			v, err := s.rowEntry(l, r, wheres)
			if err != nil {
				bad = err
				return true
			}
			return lessEntry(pt.entry, v)
		})
		if bad != nil {
			return nil, bad
		}
	}
	kn.ins = ins
	kn.rows = make([]int, 0, l.n-len(drop)+len(ins))
	i := 0
	for r := 0; r <= l.n; r++ {
		for i < len(ins) && at[i] <= r {
			kn.rows = append(kn.rows, -1-i)
			i++
		}
		if r < l.n && !drop[r] {
			kn.rows = append(kn.rows, r)
		}
	}
	return kn, nil
}

// lessEntry is the order of the entries' kind (both of the same kind).
func lessEntry(a, b any) bool {
	switch x := a.(type) {
	case *directory.Actor:
		y, _ := b.(*directory.Actor)
		return y != nil && lessActor(x, y)
	case *snippets.Snippet:
		y, _ := b.(*snippets.Snippet)
		return y != nil && lessSnippet(x, y)
	case *schemas.Schema:
		y, _ := b.(*schemas.Schema)
		return y != nil && lessSchema(x, y)
	case *toolbox.Training:
		y, _ := b.(*toolbox.Training)
		return y != nil && lessTraining(x, y)
	case *toolbox.Tip:
		y, _ := b.(*toolbox.Tip)
		return y != nil && lessTip(x, y)
	}
	return false
}

// entry returns row i's entry now (an entry read again, or the
// snapshot's) and whether it was read again.
func (kn *kindNow) entry(i int) (*part, int) {
	r := kn.rows[i]
	if r < 0 {
		return kn.ins[-1-r], -1
	}
	if pt := kn.edited[r]; pt != nil {
		return pt, -1
	}
	return nil, r
}

// entries is Snapshot.entries now: kind k's rows now, those of the
// snapshot matched on their haystacks, the entries read again on theirs
// now, in the kind's order.
func (o *Overlay) entries(k Kind, terms []string, each func(v any) bool) error {
	s := o.base
	slot := listSlot(k)
	if slot < 0 {
		return ErrBadSnapshot
	}
	l := &s.lists[slot]
	if err := s.checkBlock(l); err != nil {
		return err
	}
	kn, err := o.listNow(k, l)
	if err != nil {
		return err
	}
	if kn == nil {
		return s.entries(k, terms, each)
	}
	wheres := map[string]fact.Where{}
	for i := range kn.rows {
		pt, r := kn.entry(i)
		if pt != nil {
			if MatchAll(o.editedHaystack(entryRootOf(pt.entry), pt), terms) && !each(pt.entry) {
				return ErrBadSnapshot
			}
			continue
		}
		h, ok := span(l.hays, l.hay, r)
		if !ok {
			return ErrBadSnapshot
		}
		if !matches(h, terms) {
			continue
		}
		v, err := s.rowEntry(l, r, wheres)
		if err != nil {
			return err
		}
		if !each(v) {
			return ErrBadSnapshot
		}
	}
	return nil
}

// kindOrder writes kind k's order now (the orders section's list of the
// kind: root indices now) when an entry of it was added, removed or moved;
// ok false when none was (the snapshot's order, renumbered, is the order
// now).
func (o *Overlay) kindOrder(e *enc, k Kind, rs *rootsNow) (ok bool, err error) {
	s := o.base
	l := &s.lists[listSlot(k)]
	kn, err := o.listNow(k, l)
	if err != nil || kn == nil || len(kn.ins) == 0 && len(kn.rows) == l.n {
		return false, err
	}
	e.uv(uint64(len(kn.rows)))
	for i := range kn.rows {
		j, err := kn.rootNow(i, l, s, rs)
		if err != nil {
			return false, err
		}
		e.uv(uint64(j))
	}
	return true, nil
}

// rootNow is row i's root index now.
func (kn *kindNow) rootNow(i int, l *listBlock, s *Snapshot, rs *rootsNow) (int, error) {
	r := kn.rows[i]
	if r < 0 {
		j, ok := rs.index(entryRootOf(kn.ins[-1-r].entry))
		if !ok {
			return 0, ErrBadSnapshot
		}
		return j, nil
	}
	j := le(l.idx[4*r:])
	if j >= uint32(s.n) || rs.remap[j] < 0 {
		return 0, ErrBadSnapshot
	}
	return int(rs.remap[j]), nil
}

// editedBlock writes the list block of a non-request kind some of whose
// entries changed: its rows now (listNow), the snapshot's haystacks copied,
// those of the entries read again encoded now.
func (o *Overlay) editedBlock(w *pieceWriter, l *listBlock, k Kind, rs *rootsNow) error {
	s := o.base
	kn, err := o.listNow(k, l)
	if err != nil {
		return err
	}
	if kn == nil {
		return ErrBadSnapshot
	}
	n := len(kn.rows)
	size := w.reserve(4)
	at := w.pos()
	e := w.enc()
	e.b = binary.LittleEndian.AppendUint32(e.b, uint32(n))
	hays := w.reserve(4 * (n + 1))
	e = w.enc()
	for i := range n {
		j, err := kn.rootNow(i, l, s, rs)
		if err != nil {
			return err
		}
		e.b = binary.LittleEndian.AppendUint32(e.b, uint32(j))
	}
	start := w.pos()
	for i := range n {
		binary.LittleEndian.PutUint32(hays[4*i:], uint32(w.pos()-start))
		if pt, r := kn.entry(i); pt != nil {
			e := w.enc()
			e.b = append(e.b, o.editedHaystack(entryRootOf(pt.entry), pt)...)
		} else {
			h, ok := span(l.hays, l.hay, r)
			if !ok {
				return ErrBadSnapshot
			}
			w.borrow(h)
		}
	}
	binary.LittleEndian.PutUint32(hays[4*n:], uint32(w.pos()-start))
	binary.LittleEndian.PutUint32(size, uint32(w.pos()-at))
	return nil
}

// editsKind reports whether an entry of kind k changed (or is restated).
func (o *Overlay) editsKind(k Kind) bool {
	for root := range o.parts {
		if strings.HasPrefix(root, string(k)+"/") {
			return true
		}
	}
	return false
}

// CommunesAdded is how many communes the overlay's directory holds beyond
// the snapshot's (fewer when negative): the actors added that are
// communes, and those whose kind changed to or from commune (no actor is
// removed through an overlay).
func (o *Overlay) CommunesAdded() int {
	n := 0
	for root := range o.read {
		if !strings.HasPrefix(root, string(Actors)+"/") {
			continue
		}
		if pt := o.parts[root]; pt != nil {
			if a, ok := pt.entry.(*directory.Actor); ok && a.IsCommune() {
				n++
			}
		}
		if a, ok := o.base.entry(root).(*directory.Actor); ok && a.IsCommune() {
			n--
		}
	}
	return n
}

// restate finds the entries that name the actor at root, renamed or whose
// kind or population changed, and takes them into the overlay: requests
// (added to affected: their standings, ranks and haystacks computed again,
// from their records in the snapshot) and entries of the toolbox (the
// snapshot's parts, their haystacks computed again). An entry names the
// actor when its standing counts it among its supporters or it holds its
// id where an actor's goes; every such entry's haystack holds the actor's
// name as it was (RequestHaystack, SnippetHaystack, TrainingHaystack and
// TipHaystack name the supporters, authors, organisers and speakers), so
// the rows whose haystacks hold that name folded are read, a few records,
// not every one. ok is false when the name is too short to narrow them
// (under 3 bytes folded) or more than maxFlow entries hold it.
func (o *Overlay) restate(root string, affected map[string]bool) bool {
	s := o.base
	was, _ := s.entry(root).(*directory.Actor)
	if was == nil {
		return true // added: nobody names it (otherChange)
	}
	id := was.ID
	name := []byte(fact.Fold(was.Name))
	if len(name) < 3 || bytes.IndexByte(name, 0) >= 0 {
		return false
	}
	board, ok := s.boardOrder()
	if !ok {
		return false
	}
	read := 0
	for _, k := range []Kind{Requests, Snippets, Trainings, Tips} {
		l := &s.lists[listSlot(k)]
		if s.checkBlock(l) != nil {
			return false
		}
		for r := range l.n {
			h, ok := span(l.hays, l.hay, r)
			if !ok {
				return false
			}
			if !bytes.Contains(h, name) {
				continue
			}
			if read++; read > maxFlow {
				return false
			}
			var j int
			if k == Requests {
				if r >= len(board) {
					return false
				}
				j = board[r]
			} else {
				j = int(le(l.idx[4*r:]))
			}
			if j >= s.n {
				return false
			}
			named := string(s.name(j))
			if _, changed := o.parts[named]; changed {
				continue // read again, or restated already
			}
			rec := s.root(j)
			if rec == nil || rec.pt.entry == nil {
				return false
			}
			if !namesActor(rec, id, root) {
				continue
			}
			if k == Requests {
				affected[named[len(Requests)+1:]] = true
				continue
			}
			o.parts[named] = rec.pt
			o.inPlace[named] = true
			if len(rec.refs) > 0 {
				o.refs[named] = rec.refs
			}
		}
	}
	return true
}

// namesActor reports whether a snapshot's record names the actor id (at
// root): among its standing's supporters, or where an actor's id goes.
func namesActor(rec *snapRoot, id, root string) bool {
	if rec.st != nil && slices.Contains(rec.st.Supporters, id) {
		return true
	}
	return slices.Contains(actorsNamedBy(nil, rec.pt.entry), root)
}
