package catalogue

import (
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
	"github.com/gpso/codal/toolbox"
)

// MaxOverlayRoots is how many changed roots an Overlay takes at most: past
// it, the caller brings its whole snapshot up to date instead (Update,
// PatchSnapshot), which costs the registry once and leaves nothing to
// re-read afterwards.
const MaxOverlayRoots = 32

// MaxCompactRoots is how many changed roots an Overlay made for a
// compaction takes at most (Snapshot.OverlayUpTo): its ranks cost the
// square of the changed requests' count, and past a few thousand roots
// reading them is most of what updating the whole catalogue costs anyway.
const MaxCompactRoots = 4096

// Overlay answers View as the snapshot's catalogue brought up to date by
// Update(fsys, roots) would, without decoding that catalogue: the changed
// request roots are read again from fsys and checked, their new standings
// computed, and every other answer is the snapshot's, ranks moved by the
// changed standings. It is what a command about one entry reads after a
// small change made since the snapshot was written (a pull, a vote
// committed by the git CLI, codal's own write): the cost follows the
// change, not the registry.
//
// It takes only changes whose reach it can find without reading every
// record: the changed requests' records and the standings they move, the
// other kinds' entries changed and those naming an actor changed
// (Snapshot.Overlay says which); it is immutable and safe from several
// goroutines.
type Overlay struct {
	base *Snapshot
	// parts are the parts of the entries whose records change: a changed
	// root's part read again (nil when it went away), or the snapshot's
	// own part of a request whose standing alone changes (an original
	// whose duplicates' supporters changed, a request an actor changed
	// supports) or of an entry whose haystack alone changes (it names an
	// actor renamed).
	parts map[string]*part
	refs  map[string][]fact.Problem // their reference problems
	// was and now are those requests' standings, in the snapshot and now
	// (now's Rank set; nil where the request is not), keyed by id.
	was, now map[string]*requests.Standing
	// ins is, for each request of now (by id), how many of the
	// snapshot's board are ahead of its standing now (the changed ones'
	// old standings among them): where it goes in the snapshot's board.
	ins map[string]int
	// read are the roots read again from the work tree.
	read map[string]bool
	// inPlace are those of other kinds than requests edited in place
	// (their places in their lists kept); the others of those kinds were
	// added, removed or moved in their lists (snapoverlay_kinds.go).
	inPlace map[string]bool

	// lists holds each kind's list now once computed (listNow: the
	// encoding reads it twice, every list once).
	mu    sync.Mutex
	lists map[Kind]listNowResult
}

var _ View = (*Overlay)(nil)

// maxFlow bounds how many requests an overlay reads to find those closed
// as duplicates of one original (a chain of duplicates, each named by the
// next): past it, the whole catalogue is brought up to date.
const maxFlow = 4096

// Overlay reads the roots given again from fsys (the paths or roots changed
// since s was encoded, as Update takes them) and returns the view of the
// catalogue as it is now, or ok false when the change is one it does not
// take; the caller then updates the whole catalogue (Update). It takes
// at most MaxOverlayRoots roots: of requests, votes, events (duplicates
// closed and reopened among them), comments, requests edited; requests
// filed or removed when no other entry names them (the table of named
// roots, snapnamed.go: their reference problems would change); of the
// other kinds, entries edited in place, entries of the toolbox moved,
// added or removed, actors added or changed (snapoverlay_kinds.go says
// which).
//
// What moves besides the changed requests' records is found, not assumed:
// the originals their supporters flow to before and after (Rank counts a
// duplicate's supporters for the request its chain of duplicate_of ends
// at) get their standings computed again, from their own supporters and
// those of every request whose chain ends at them (found through the table
// of named roots, which lists who names whom); then every rank moves to
// its place on the board now; the entries naming an actor renamed or
// whose kind or population changed are restated (Overlay.restate). The
// entries that exist are those of s but the ones added or removed, which
// nobody names, so no other entry's reference problem changed. Records of
// s that fail to decode, a table of named roots that does not, or an fsys
// that cannot be walked as s was, give ok false too.
func (s *Snapshot) Overlay(fsys fs.FS, roots []string) (o *Overlay, ok bool) {
	return s.OverlayUpTo(fsys, roots, MaxOverlayRoots)
}

// OverlayUpTo is Overlay taking up to most changed roots: an overlay that
// is encoded at once (MarshalBinary, the index's compaction) rather than
// read again by every command may take many more than MaxOverlayRoots
// (MaxCompactRoots).
func (s *Snapshot) OverlayUpTo(fsys fs.FS, roots []string, most int) (o *Overlay, ok bool) {
	if s.only != nil || len(roots) == 0 {
		return nil, false
	}
	changed := map[string]bool{}
	for _, r := range roots {
		root := RootOf(r)
		if root == "" {
			return nil, false // registry.yaml, a kind folder's listing
		}
		changed[root] = true
	}
	if len(changed) > most {
		return nil, false
	}
	if _, ok := s.namedRoots(); !ok {
		return nil, false
	}
	fresh, ok := readRoots(fsys, changed, s.walked)
	if !ok {
		return nil, false
	}
	o = &Overlay{base: s, parts: map[string]*part{}, refs: map[string][]fact.Problem{},
		was: map[string]*requests.Standing{}, now: map[string]*requests.Standing{}, ins: map[string]int{},
		read: map[string]bool{}, inPlace: map[string]bool{}}
	// The changed roots read again.
	for root := range changed {
		if !isRequestRoot(root) {
			// another kind's entry (snapoverlay_kinds.go)
			pt, inPlace, ok := s.otherChange(root, fresh[root], changed)
			if !ok {
				return nil, false
			}
			if pt == nil && s.find(root) < 0 {
				continue // a path touched where no entry was nor is
			}
			o.parts[root] = pt
			o.read[root] = true
			if inPlace {
				o.inPlace[root] = true
			}
			continue
		}
		id := root[len(Requests)+1:]
		was, _, ok := s.requestRecord(root, id)
		if !ok {
			return nil, false
		}
		pt := fresh[root]
		if pt != nil {
			if now, _ := pt.entry.(*requests.Request); now == nil || now.ID != id {
				return nil, false
			}
		}
		if was == nil && pt == nil {
			continue // a path touched where no request was nor is
		}
		if was == nil || pt == nil {
			// a request filed or removed: no other entry may name it
			// (their reference problems would change)
			for _, by := range s.namers(root) {
				if !changed[by] {
					return nil, false
				}
			}
		}
		o.parts[root] = pt
		o.read[root] = true
	}
	if len(o.parts) == 0 {
		return nil, false
	}
	// The requests whose standings may move: the changed ones, and the
	// originals their supporters flowed to and flow to now.
	affected := map[string]bool{}
	// The entries naming an actor renamed or whose kind or population
	// changed: their haystacks and standings move (snapoverlay_kinds.go).
	for root := range o.read {
		if strings.HasPrefix(root, string(Actors)+"/") && o.parts[root] != nil && !o.inPlace[root] {
			if !o.restate(root, affected) {
				return nil, false
			}
		}
	}
	for root := range o.read {
		if !isRequestRoot(root) {
			continue
		}
		id := root[len(Requests)+1:]
		if o.Request(id) != nil {
			affected[id] = true
		}
		if was := s.Request(id); was != nil {
			if r := requests.Original(was, s.Request); r != nil && o.Request(r.ID) != nil {
				affected[r.ID] = true
			}
		}
		if now := o.Request(id); now != nil {
			if r := requests.Original(now, o.Request); r != nil {
				affected[r.ID] = true
			}
		}
	}
	for id := range affected {
		root := EntryRoot(Requests, id)
		if !o.read[root] {
			// its files did not change: the snapshot's part, a standing
			// of its own now
			k := s.find(root)
			old := s.root(k)
			if k < 0 || old == nil || old.st == nil {
				return nil, false
			}
			o.parts[root] = old.pt
			if len(old.refs) > 0 {
				o.refs[root] = old.refs
			}
		}
		st, ok := o.standingOf(id)
		if !ok {
			return nil, false
		}
		o.now[id] = st
	}
	for root := range o.parts {
		if !isRequestRoot(root) {
			continue
		}
		id := root[len(Requests)+1:]
		_, st, _ := s.requestRecord(root, id)
		o.was[id] = st
		if _, ok := o.now[id]; !ok {
			o.now[id] = nil // removed
		}
	}
	for root := range o.read {
		pt := o.parts[root]
		if pt == nil {
			continue
		}
		if !isRequestRoot(root) {
			if ps := o.editedRefs(root, pt); len(ps) > 0 {
				o.refs[root] = ps
			}
			continue
		}
		now := pt.entry.(*requests.Request)
		if ps := entryReferences(o.referents(now), now, nil); len(ps) > 0 {
			o.refs[root] = ps
		}
	}
	if !o.rank() {
		return nil, false
	}
	return o, true
}

// requestRecord returns the request at root in s and its standing (nil
// when s has no such root), or ok false when the root holds anything but
// a request with a standing that decodes.
func (s *Snapshot) requestRecord(root, id string) (*requests.Request, *requests.Standing, bool) {
	k := s.find(root)
	if k < 0 {
		return nil, nil, true
	}
	old := s.root(k)
	if old == nil || old.st == nil {
		return nil, nil, false
	}
	r, _ := old.pt.entry.(*requests.Request)
	if r == nil || r.ID != id {
		return nil, nil, false
	}
	return r, old.st, true
}

// namers are the roots that name root in s (the table of named roots; an
// unreadable table names every root by a name no root has).
func (s *Snapshot) namers(root string) []string {
	t, ok := s.namedRoots()
	if !ok {
		return []string{""}
	}
	return t[root]
}

// namersNow are the roots that name root now: the snapshot's, but those
// read again, which name what they name now.
func (o *Overlay) namersNow(root string) []string {
	var out []string
	for _, by := range o.base.namers(root) {
		if !o.read[by] {
			out = append(out, by)
		}
	}
	var buf []string
	for by := range o.read {
		if pt := o.parts[by]; pt != nil {
			buf = namedBy(buf[:0], pt.entry)
			if slices.Contains(buf, root) {
				out = append(out, by)
			}
		}
	}
	return out
}

// standingOf is the standing requests.Rank gives the request id now (its
// rank aside): its own supporters, then, when it is no duplicate, those of
// the requests whose chains of duplicates end at it, in the catalogue's
// order (by id), each counted once. Those are found by following who names
// whom from it (namersNow), at most maxFlow requests; ok is false past
// them.
func (o *Overlay) standingOf(id string) (*requests.Standing, bool) {
	r := o.Request(id)
	if r == nil {
		return nil, false
	}
	supporters := slices.Clone(r.Supporters())
	if r.Status() != requests.Duplicate {
		var flow []*requests.Request
		seen := map[string]bool{id: true}
		queue := []string{EntryRoot(Requests, id)}
		for len(queue) > 0 {
			root := queue[0]
			queue = queue[1:]
			for _, by := range o.namersNow(root) {
				rid, isReq := strings.CutPrefix(by, string(Requests)+"/")
				if !isReq || seen[rid] {
					continue
				}
				seen[rid] = true
				if len(seen) > maxFlow {
					return nil, false
				}
				queue = append(queue, by)
				if d := o.Request(rid); d != nil && d.Status() == requests.Duplicate {
					if orig := requests.Original(d, o.Request); orig != nil && orig.ID == id {
						flow = append(flow, d)
					}
				}
			}
		}
		slices.SortFunc(flow, func(a, b *requests.Request) int { return strings.Compare(a.ID, b.ID) })
		for _, d := range flow {
			supporters = append(supporters, d.Supporters()...)
		}
	}
	st := requests.StandingOf(r, supporters, o.Actor)
	return &st, true
}

// referents is the part of the catalogue checkRequest reads about r: the
// registry's Meta (triagers, format), the actors r names (requester,
// addressee, voters, the authors and targets of its events, its
// commenters), and the requests its events name as originals, as they are
// now (the changed ones read again, the others the snapshot's). No actor
// changed, so the snapshot's actors are those of the catalogue brought up
// to date.
func (o *Overlay) referents(r *requests.Request) *Catalogue {
	s := o.base
	c := &Catalogue{Meta: s.meta, actors: map[string]*directory.Actor{}, requests: map[string]*requests.Request{r.ID: r}}
	// the actors where its checks look (actorsNamedBy, the one list of
	// the places an actor's id goes)
	for _, root := range actorsNamedBy(nil, r) {
		id := actorID(root)
		if _, ok := c.actors[id]; ok {
			continue
		}
		if a := o.Actor(id); a != nil {
			c.actors[id] = a
		}
	}
	for _, e := range r.Events {
		if id := e.DuplicateOf; id != "" && c.requests[id] == nil {
			if x := o.Request(id); x != nil {
				c.requests[id] = x
			}
		}
	}
	return c
}

// rank gives each changed standing its rank now: the requests the board
// of the snapshot holds ahead of it by requests.Ahead (a binary search of
// its order, which that same strict total order sorted), less the changed
// ones among them, plus the changed ones ahead of it now.
func (o *Overlay) rank() bool {
	board, ok := o.base.boardOrder()
	if !ok {
		return false
	}
	for id, st := range o.now {
		if st == nil {
			continue // removed
		}
		bad := false
		before := sort.Search(len(board), func(i int) bool {
			r := o.base.root(board[i])
			if r == nil || r.st == nil {
				bad = true
				return true
			}
			if f := o.base.probed; f != nil {
				off, n := o.base.recordSpan(board[i])
				f(o.base.data[off : off+n])
			}
			return !requests.Ahead(r.st, st)
		})
		if bad {
			return false
		}
		o.ins[id] = before
		for other, was := range o.was {
			if was != nil && requests.Ahead(was, st) {
				before--
			}
			if now := o.now[other]; other != id && now != nil && requests.Ahead(now, st) {
				before++
			}
		}
		st.Rank = before + 1
	}
	return true
}

// SetProbed has an Overlay call f with the bytes of each record it decodes
// only to compare a standing with (its binary search of the board), once
// decoded: nothing decoded aliases them, so an index that maps its file can
// drop the pages they lie in from resident memory (a few dozen records
// scattered over the file, each of which maps the pages around it). f must
// not change what the data holds. Call it before Overlay.
func (s *Snapshot) SetProbed(f func([]byte)) { s.probed = f }

// boardOrder is the board's order in the snapshot: root indices, first to
// last (the orders section's last list).
func (s *Snapshot) boardOrder() ([]int, bool) {
	d, n := s.boardDec()
	if d.bad || n > len(d.s) {
		return nil, false
	}
	out := make([]int, n)
	for i := range out {
		k := d.uv()
		if k >= uint64(s.n) {
			return nil, false
		}
		out[i] = int(k)
	}
	return out, !d.bad
}

// changedPart returns the part read again of the root (nil when it went
// away), and whether the root changed.
func (o *Overlay) changedPart(root string) (*part, bool) {
	pt, ok := o.parts[root]
	return pt, ok
}

// isRequestRoot reports whether an entry root is a request's.
func isRequestRoot(root string) bool { return strings.HasPrefix(root, string(Requests)+"/") }

// Actor returns the actor with that id, or nil.
func (o *Overlay) Actor(id string) *directory.Actor {
	a, _ := o.entryNow(EntryRoot(Actors, id)).(*directory.Actor)
	if a != nil && a.ID != id {
		return nil
	}
	return a
}

// Snippet returns the snippet with that id, or nil.
func (o *Overlay) Snippet(id string) *snippets.Snippet {
	v, _ := o.entryNow(EntryRoot(Snippets, id)).(*snippets.Snippet)
	if v != nil && v.ID != id {
		return nil
	}
	return v
}

// Schema returns the dataset schema with that id, or nil.
func (o *Overlay) Schema(id string) *schemas.Schema {
	v, _ := o.entryNow(EntryRoot(Schemas, id)).(*schemas.Schema)
	if v != nil && v.ID != id {
		return nil
	}
	return v
}

// Training returns the training with that id, or nil.
func (o *Overlay) Training(id string) *toolbox.Training {
	v, _ := o.entryNow(EntryRoot(Trainings, id)).(*toolbox.Training)
	if v != nil && v.ID != id {
		return nil
	}
	return v
}

// Tip returns the tip with that id, or nil.
func (o *Overlay) Tip(id string) *toolbox.Tip {
	v, _ := o.entryNow(EntryRoot(Tips, id)).(*toolbox.Tip)
	if v != nil && v.ID != id {
		return nil
	}
	return v
}

// Request returns the data request with that id, with its votes and events,
// or nil.
func (o *Overlay) Request(id string) *requests.Request {
	if pt, ok := o.changedPart(string(Requests) + "/" + id); ok {
		if pt == nil {
			return nil
		}
		r, _ := pt.entry.(*requests.Request)
		if r != nil && r.ID != id {
			return nil
		}
		return r
	}
	return o.base.Request(id)
}

// Standing returns the request's place on the board now, or nil. Its
// Request is the one Request(id) returns.
func (o *Overlay) Standing(id string) *requests.Standing {
	if st, ok := o.now[id]; ok {
		if st == nil || o.Request(id) == nil {
			return nil
		}
		c := *st
		return &c
	}
	st := o.base.Standing(id)
	if st == nil {
		return nil
	}
	for other, was := range o.was {
		if was != nil && requests.Ahead(was, st) {
			st.Rank--
		}
		if now := o.now[other]; now != nil && requests.Ahead(now, st) {
			st.Rank++
		}
	}
	return st
}

// Meta returns registry.yaml as loaded.
func (o *Overlay) Meta() Meta { return o.base.Meta() }

// Triagers are the actors registry.yaml names as triagers.
func (o *Overlay) Triagers() []string { return o.base.Triagers() }

// IsTriager reports whether the actor may change request statuses.
func (o *Overlay) IsTriager(actor string) bool { return o.base.IsTriager(actor) }

// Exists reports whether the registry holds anything at a path now.
func (o *Overlay) Exists(p string) bool {
	if pt, ok := o.changedPart(RootOf(p)); ok {
		return pt != nil && pt.has(p)
	}
	return o.base.Exists(p)
}

// ProblemsUnder returns the problems of files at or under the path prefix
// now, sorted as Catalogue.Problems: the snapshot's, those of the changed
// roots replaced.
func (o *Overlay) ProblemsUnder(prefix string) []fact.Problem {
	in := func(p fact.Problem) bool { return p.Path == prefix || strings.HasPrefix(p.Path, prefix+"/") }
	var all []fact.Problem
	for _, p := range o.base.ProblemsUnder(prefix) {
		if _, ok := o.changedPart(RootOf(p.Path)); !ok {
			all = append(all, p)
		}
	}
	for root, pt := range o.parts {
		if pt == nil {
			continue
		}
		for _, l := range [][]fact.Problem{pt.probs, o.refs[root]} {
			for _, p := range l {
				if in(p) {
					all = append(all, p)
				}
			}
		}
	}
	fact.Sort(all)
	return all
}
