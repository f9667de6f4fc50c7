package catalogue

import (
	"io/fs"
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
// It takes only changes that move nothing but the changed requests' own
// records and standings (Snapshot.Overlay says which); it is immutable and
// safe from several goroutines.
type Overlay struct {
	base  *Snapshot
	parts map[string]*part          // changed root → its part read again
	refs  map[string][]fact.Problem // changed root → its reference problems
	// was and now are the changed requests' standings, in the snapshot and
	// now (now's Rank set); both keyed by id.
	was, now map[string]*requests.Standing
	// ins is, for each changed request (by id), how many of the
	// snapshot's board are ahead of its standing now (the changed ones'
	// old standings among them): where it goes in the snapshot's board.
	ins map[string]int
}

var _ View = (*Overlay)(nil)

// Overlay reads the roots given again from fsys (the paths or roots changed
// since s was encoded, as Update takes them) and returns the view of the
// catalogue as it is now, or ok false when the change is one it does not
// take; the caller then updates the whole catalogue (Update). It takes
// at most MaxOverlayRoots roots, all of them requests that existed in s and
// still exist, neither closed as a duplicate before or after (a duplicate's
// supporters count for its original), and none that lost a supporter it had
// on its own (a vote withdrawn, a requester changed: the supporters of
// the requests that duplicate it, which s does not list, might then show).
// Under those rules nothing outside the changed requests' records changes
// but the board's order: no actor changed, so no name or population moved;
// the same requests exist, so no other entry's reference problem changed;
// and no duplicate's supporters flow anywhere new. Records of s that fail
// to decode, or an fsys that cannot be walked as s was, give ok false too.
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
		if !strings.HasPrefix(root, string(Requests)+"/") {
			return nil, false
		}
		changed[root] = true
	}
	if len(changed) > most {
		return nil, false
	}
	fresh, ok := readRoots(fsys, changed, s.walked)
	if !ok {
		return nil, false
	}
	o = &Overlay{base: s, parts: map[string]*part{}, refs: map[string][]fact.Problem{},
		was: map[string]*requests.Standing{}, now: map[string]*requests.Standing{}, ins: map[string]int{}}
	for root := range changed {
		id := root[len(Requests)+1:]
		var was *requests.Request
		var wasSt *requests.Standing
		if k := s.find(root); k >= 0 {
			old := s.root(k)
			if old == nil || old.st == nil {
				return nil, false
			}
			was, _ = old.pt.entry.(*requests.Request)
			if was == nil || was.ID != id || was.Status() == requests.Duplicate {
				return nil, false
			}
			wasSt = old.st
		}
		pt := fresh[root]
		var now *requests.Request
		if pt != nil {
			now, _ = pt.entry.(*requests.Request)
			if now == nil || now.ID != id || now.Status() == requests.Duplicate {
				return nil, false
			}
		}
		switch {
		case was == nil && now == nil:
			continue // a path touched where no request was nor is
		case was == nil || now == nil:
			// a request added or removed: no other entry may name it
			// (its duplicates' supporters, others' reference problems)
			if s.named(root) {
				return nil, false
			}
		}
		var st *requests.Standing
		if now != nil {
			if was != nil {
				if got, ok := s.standingNow(now, was, wasSt); ok {
					st = got
				} else if s.named(root) {
					// a supporter lost might still come from a duplicate
					return nil, false
				}
			}
			if st == nil {
				// no request names it: no duplicate's supporters flow to
				// it, its supporters are its own
				own := requests.StandingOf(now, now.Supporters(), s.Actor)
				st = &own
			}
		}
		o.parts[root] = pt
		o.was[id], o.now[id] = wasSt, st
	}
	if len(o.parts) == 0 {
		return nil, false
	}
	for root, pt := range o.parts {
		if pt == nil {
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

// standingNow is the standing requests.Rank gives r now, given that it was
// old with standing was in the snapshot, or ok false when it cannot be told
// without the whole board. Rank's supporters are dedup(own ++ extra): r's
// own supporters, then those of the requests closed as its duplicates (in
// the catalogue's order), each once. Neither r nor old is a duplicate, so
// the same duplicates flow to r, with the same extra list E; was's
// supporters are dedup(own(old)) followed by the members of E not among
// them, in E's order. When every one of old's own supporters is still one
// of r's (a vote added, an event, a comment), the members of E not among
// r's own are those of was's tail not among them, in the same order: the
// list is dedup(own(r)) then that filtered tail. A supporter of old's that
// r lost (a vote withdrawn, a requester changed) might still come from E,
// at a place was does not tell: ok is false then.
func (s *Snapshot) standingNow(r, old *requests.Request, was *requests.Standing) (*requests.Standing, bool) {
	own := r.Supporters()
	kept := make(map[string]bool, len(own))
	for _, id := range own {
		kept[id] = true
	}
	before := map[string]bool{} // old's own supporters, each once
	for _, id := range old.Supporters() {
		if !kept[id] {
			return nil, false
		}
		before[id] = true
	}
	if len(was.Supporters) < len(before) {
		return nil, false
	}
	// StandingOf counts each once: the tail's members among own drop out
	st := requests.StandingOf(r, append(slices.Clone(own), was.Supporters[len(before):]...), s.Actor)
	return &st, true
}

// named reports whether another entry names root (the table of named
// roots), or the table cannot be read.
func (s *Snapshot) named(root string) bool {
	t, ok := s.namedRoots()
	return !ok || t[root] > 0
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
	actor := func(id string) {
		if _, ok := c.actors[id]; ok || id == "" {
			return
		}
		if a := s.Actor(id); a != nil {
			c.actors[id] = a
		}
	}
	actor(r.RequestedBy)
	actor(r.AddressedTo)
	for _, v := range r.Votes {
		actor(v.Actor)
	}
	for _, e := range r.Events {
		actor(e.Actor)
		actor(e.TransferTo)
		if id := e.DuplicateOf; id != "" && c.requests[id] == nil {
			if x := o.Request(id); x != nil {
				c.requests[id] = x
			}
		}
	}
	for _, cm := range r.Comments {
		actor(cm.Actor)
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

// Actor returns the actor with that id, or nil.
func (o *Overlay) Actor(id string) *directory.Actor { return o.base.Actor(id) }

// Snippet returns the snippet with that id, or nil.
func (o *Overlay) Snippet(id string) *snippets.Snippet { return o.base.Snippet(id) }

// Schema returns the dataset schema with that id, or nil.
func (o *Overlay) Schema(id string) *schemas.Schema { return o.base.Schema(id) }

// Training returns the training with that id, or nil.
func (o *Overlay) Training(id string) *toolbox.Training { return o.base.Training(id) }

// Tip returns the tip with that id, or nil.
func (o *Overlay) Tip(id string) *toolbox.Tip { return o.base.Tip(id) }

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
