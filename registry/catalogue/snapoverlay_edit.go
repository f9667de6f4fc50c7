package catalogue

import (
	"encoding/binary"
	"slices"
	"strings"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
	"github.com/gpso/codal/toolbox"
)

// An Overlay takes the entries of the other kinds (actors, snippets,
// schemas, trainings, tips) when they are edited in place: the entry was
// in the snapshot and still is, under the same id, and the edit moves
// nothing but its own record and haystack —
//   - its place in its kind's order stays (its sort key — an actor's kind
//     and name, a snippet's, schema's or tip's title, a training's date and
//     title — is the same), so no list is reordered;
//   - for an actor, its name, kind and population stay: other entries'
//     haystacks hold its name, and the board counts communes and their
//     population;
//   - every entry's reference problems name other entries by existence
//     only (refs.go), and the set of entries is the same, so only the
//     edited entry's own reference problems can change; a tip's related
//     entries change the table of named roots, which the overlay keeps.
//
// An actor's competences, address or contacts fixed, a snippet's code or
// tags, a schema's examples, a training's speakers, a tip's text: the hand
// edits of the toolbox, which before took the whole catch-up.

// editedInPlace returns the part read again of a non-request root when
// its change is an edit in place (above), or ok false.
func (s *Snapshot) editedInPlace(root string, pt *part) (*part, bool) {
	k := s.find(root)
	if k < 0 || pt == nil || pt.entry == nil {
		return nil, false
	}
	old := s.root(k)
	if old == nil || old.pt.entry == nil {
		return nil, false
	}
	if kind, id, ok := entryKey(pt.entry); !ok || EntryRoot(kind, id) != root {
		return nil, false
	}
	if !samePlace(old.pt.entry, pt.entry) {
		return nil, false
	}
	return pt, true
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
	same := func(less func() bool, more func() bool) bool { return !less() && !more() }
	switch w := was.(type) {
	case *directory.Actor:
		n, ok := now.(*directory.Actor)
		return ok && w.ID == n.ID && w.Name == n.Name && w.Kind == n.Kind && w.Population == n.Population &&
			same(func() bool { return lessActor(w, n) }, func() bool { return lessActor(n, w) })
	case *snippets.Snippet:
		n, ok := now.(*snippets.Snippet)
		return ok && w.ID == n.ID && same(func() bool { return lessSnippet(w, n) }, func() bool { return lessSnippet(n, w) })
	case *schemas.Schema:
		n, ok := now.(*schemas.Schema)
		return ok && w.ID == n.ID && same(func() bool { return lessSchema(w, n) }, func() bool { return lessSchema(n, w) })
	case *toolbox.Training:
		n, ok := now.(*toolbox.Training)
		return ok && w.ID == n.ID && same(func() bool { return lessTraining(w, n) }, func() bool { return lessTraining(n, w) })
	case *toolbox.Tip:
		n, ok := now.(*toolbox.Tip)
		return ok && w.ID == n.ID && same(func() bool { return lessTip(w, n) }, func() bool { return lessTip(n, w) })
	}
	return false
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
	actor := func(id string) {
		if _, ok := c.actors[id]; ok || id == "" {
			return
		}
		if a := o.Actor(id); a != nil {
			c.actors[id] = a
		}
	}
	switch e := pt.entry.(type) {
	case *directory.Actor:
		actor(e.Parent)
	case *snippets.Snippet:
		actor(e.Author)
	case *toolbox.Training:
		actor(e.Organiser)
		for _, sp := range e.Speakers {
			actor(sp.Actor)
		}
	case *toolbox.Tip:
		actor(e.Author)
		for _, r := range e.Related {
			k, id, ok := toolbox.SplitRef(r)
			if !ok {
				continue
			}
			kind, known := ParseKind(k)
			if !known {
				continue
			}
			switch v := o.entryNow(EntryRoot(kind, id)).(type) {
			case *directory.Actor:
				if v.ID == id {
					c.actors[id] = v
				}
			case *snippets.Snippet:
				if v.ID == id {
					c.snippets[id] = v
				}
			case *schemas.Schema:
				if v.ID == id {
					c.schemas[id] = v
				}
			case *requests.Request:
				if v.ID == id {
					c.requests[id] = v
				}
			case *toolbox.Training:
				if v.ID == id {
					c.trainings[id] = v
				}
			case *toolbox.Tip:
				if v.ID == id {
					c.tips[id] = v
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

// editedRows are the positions in the list block l of the kind k's roots
// edited in place, with their parts; nil when none of the kind changed.
func (o *Overlay) editedRows(k Kind, l *listBlock) (map[int]*part, error) {
	var ks map[uint32]*part
	for root, pt := range o.parts {
		if pt == nil || !strings.HasPrefix(root, string(k)+"/") || k == Requests {
			continue
		}
		j := o.base.find(root)
		if j < 0 {
			return nil, ErrBadSnapshot
		}
		if ks == nil {
			ks = map[uint32]*part{}
		}
		ks[uint32(j)] = pt
	}
	if ks == nil {
		return nil, nil
	}
	out := make(map[int]*part, len(ks))
	for i := range l.n {
		if pt, ok := ks[le(l.idx[4*i:])]; ok {
			out[i] = pt
		}
	}
	if len(out) != len(ks) {
		return nil, ErrBadSnapshot
	}
	return out, nil
}

// entries is Snapshot.entries now: the snapshot's matching rows of kind k,
// those edited in place matched on their haystacks now and given as they
// are now, in the kind's order (which an edit in place keeps).
func (o *Overlay) entries(k Kind, terms []string, each func(v any) bool) error {
	s := o.base
	l, at, err := s.match(k, terms)
	if err != nil {
		return err
	}
	edited, err := o.editedRows(k, l)
	if err != nil {
		return err
	}
	if edited != nil {
		at = slices.DeleteFunc(at, func(i int) bool { return edited[i] != nil })
		for i, pt := range edited {
			if MatchAll(o.editedHaystack(entryRootOf(pt.entry), pt), terms) {
				at = append(at, i)
			}
		}
		slices.Sort(at)
	}
	wheres := map[string]fact.Where{}
	for _, i := range at {
		if pt := edited[i]; pt != nil {
			if !each(pt.entry) {
				return ErrBadSnapshot
			}
			continue
		}
		v, err := s.rowEntry(l, i, wheres)
		if err != nil {
			return err
		}
		if !each(v) {
			return ErrBadSnapshot
		}
	}
	return nil
}

// editedBlock writes the list block of a non-request kind whose roots
// were edited in place: the snapshot's block l, its roots renumbered, the
// edited entries' haystacks encoded now.
func (o *Overlay) editedBlock(w *pieceWriter, l *listBlock, k Kind, rs *rootsNow) error {
	s := o.base
	edited, err := o.editedRows(k, l)
	if err != nil {
		return err
	}
	size := w.reserve(4)
	at := w.pos()
	e := w.enc()
	e.b = binary.LittleEndian.AppendUint32(e.b, uint32(l.n))
	hays := w.reserve(4 * (l.n + 1))
	e = w.enc()
	for i := range l.n {
		j := le(l.idx[4*i:])
		if j >= uint32(s.n) || rs.remap[j] < 0 {
			return ErrBadSnapshot
		}
		e.b = binary.LittleEndian.AppendUint32(e.b, uint32(rs.remap[j]))
	}
	start := w.pos()
	for i := range l.n {
		binary.LittleEndian.PutUint32(hays[4*i:], uint32(w.pos()-start))
		if pt := edited[i]; pt != nil {
			e := w.enc()
			e.b = append(e.b, o.editedHaystack(entryRootOf(pt.entry), pt)...)
			continue
		}
		h, ok := span(l.hays, l.hay, i)
		if !ok {
			return ErrBadSnapshot
		}
		w.borrow(h)
	}
	binary.LittleEndian.PutUint32(hays[4*l.n:], uint32(w.pos()-start))
	binary.LittleEndian.PutUint32(size, uint32(w.pos()-at))
	return nil
}

// editsKind reports whether an entry of kind k was edited in place.
func (o *Overlay) editsKind(k Kind) bool {
	for root := range o.read {
		if strings.HasPrefix(root, string(k)+"/") {
			return true
		}
	}
	return false
}
