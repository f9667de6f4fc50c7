package catalogue

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"unsafe"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
	"github.com/gpso/codal/toolbox"
)

// The list section of a snapshot answers what a list and the app's first
// screen need without decoding every record: per kind, in display order
// (the directory's, snippets', schemas' orders, and the board's for
// requests), each entry's folded search haystack, computed when the
// snapshot is encoded by the very functions a loaded catalogue uses
// (ActorHaystack, SnippetHaystack, SchemaHaystack, RequestHaystack), so a
// filter matches exactly what it matches today; and either the entry's root
// index (actors, snippets, schemas: their records are decoded for the
// matches) or, for requests, a row holding the standing and the request's
// fields but its votes, events and positions.
//
// One block per kind, in the order of listKinds, each length-prefixed:
//
//	n                    uint32
//	hay offsets          (n+1) × uint32, relative to the haystacks
//	actors, snippets, schemas, trainings, tips: root indices  n × uint32
//	requests: row offsets                     (n+1) × uint32, relative to the rows
//	the haystacks, then (requests) the rows
//
// Offsets are checked when a row is read, so a damaged block costs nothing
// at OpenSnapshot and makes the list methods return ErrBadSnapshot.

// listShare is the fewest rows a goroutine of ListRequests decodes.
var listShare = 2048

// listKinds are the kinds of the list section, in order.
var listKinds = [...]Kind{Actors, Snippets, Schemas, Requests, Trainings, Tips}

// listBlock is one kind's block of the list section.
type listBlock struct {
	n    int
	hays []byte // (n+1) offsets
	idx  []byte // n root indices, or (n+1) row offsets for requests
	hay  []byte // the haystacks
	rows []byte // requests: the rows
	// lo and hi are where the block's bytes after its count (hays to
	// rows) lie in the snapshot's data, for Verify.
	lo, hi int
}

// ListSectionKinds returns the kinds of the list section's blocks, in
// their order (for the index, which checks the blocks a list reads).
func ListSectionKinds() []Kind { return slices.Clone(listKinds[:]) }

// checkBlock checks l's bytes through the Verify hook, when there is one:
// an index that checks only the blocks of the kinds it was asked to list
// leaves the others to be checked here, when read.
func (s *Snapshot) checkBlock(l *listBlock) error {
	if s.verify != nil && s.verify(l.lo, l.hi) != nil {
		return ErrBadSnapshot
	}
	return nil
}

func listSlot(k Kind) int {
	for i, l := range listKinds {
		if l == k {
			return i
		}
	}
	return -1
}

// lists writes the list section's blocks, copying from lr (PatchSnapshot;
// nil for MarshalBinary) the haystacks and rows it has.
func (e *enc) lists(c *Catalogue, index map[string]int, lr *listReuse) {
	block := func(n int, hay func(i int) string, root func(i int) string, row func(e *enc, i int)) {
		at := len(e.b)
		e.b = append(e.b, 0, 0, 0, 0)
		e.b = binary.LittleEndian.AppendUint32(e.b, uint32(n))
		offs := len(e.b)
		e.b = append(e.b, make([]byte, 4*(n+1))...)
		idx := len(e.b)
		if row == nil {
			for i := range n {
				j, ok := index[root(i)]
				if !ok {
					e.fail(fmt.Errorf("catalogue: snapshot: no root %s", root(i)))
				}
				e.b = binary.LittleEndian.AppendUint32(e.b, uint32(j))
			}
		} else {
			e.b = append(e.b, make([]byte, 4*(n+1))...)
		}
		start := len(e.b)
		for i := range n {
			binary.LittleEndian.PutUint32(e.b[offs+4*i:], uint32(len(e.b)-start))
			e.b = append(e.b, hay(i)...)
		}
		binary.LittleEndian.PutUint32(e.b[offs+4*n:], uint32(len(e.b)-start))
		if row != nil {
			start = len(e.b)
			for i := range n {
				binary.LittleEndian.PutUint32(e.b[idx+4*i:], uint32(len(e.b)-start))
				row(e, i)
			}
			binary.LittleEndian.PutUint32(e.b[idx+4*n:], uint32(len(e.b)-start))
		}
		binary.LittleEndian.PutUint32(e.b[at:], uint32(len(e.b)-at-4))
	}
	// hayOf is an entry's haystack: old's when the patch can copy it (lr,
	// PatchSnapshot; its key strings built only then), else computed.
	hayOf := func(k Kind, id string, st *requests.Standing, compute func() string) string {
		if lr != nil {
			root, key := EntryRoot(k, id), EntryRoot(k, id)
			if k == Requests {
				key = id // the board's rows are found by request id
			}
			if h, ok := lr.hay(k, listSlot(k), key, root, c, st); ok {
				return bytesString(h)
			}
		}
		return compute()
	}
	block(len(c.Actors), func(i int) string {
		return hayOf(Actors, c.Actors[i].ID, nil, func() string { return c.ActorHaystack(c.Actors[i]) })
	}, func(i int) string { return EntryRoot(Actors, c.Actors[i].ID) }, nil)
	block(len(c.Snippets), func(i int) string {
		return hayOf(Snippets, c.Snippets[i].ID, nil, func() string { return c.SnippetHaystack(c.Snippets[i]) })
	}, func(i int) string { return EntryRoot(Snippets, c.Snippets[i].ID) }, nil)
	block(len(c.Schemas), func(i int) string {
		return hayOf(Schemas, c.Schemas[i].ID, nil, func() string { return c.SchemaHaystack(c.Schemas[i]) })
	}, func(i int) string { return EntryRoot(Schemas, c.Schemas[i].ID) }, nil)
	reqSlot := listSlot(Requests)
	block(len(c.Board), func(i int) string {
		st := &c.Board[i]
		return hayOf(Requests, st.Request.ID, st, func() string { return c.RequestHaystack(*st) })
	}, nil, func(e *enc, i int) {
		if !lr.row(e, reqSlot, &c.Board[i], c) {
			e.requestRow(&c.Board[i])
		}
	})
	block(len(c.Trainings), func(i int) string {
		return hayOf(Trainings, c.Trainings[i].ID, nil, func() string { return c.TrainingHaystack(c.Trainings[i]) })
	}, func(i int) string { return EntryRoot(Trainings, c.Trainings[i].ID) }, nil)
	block(len(c.Tips), func(i int) string {
		return hayOf(Tips, c.Tips[i].ID, nil, func() string { return c.TipHaystack(c.Tips[i]) })
	}, func(i int) string { return EntryRoot(Tips, c.Tips[i].ID) }, nil)
}

// requestRow writes what a list row of the board holds: the standing and
// the request's fields but its votes, status events and positions (its
// transfer events are kept, without positions: they say who must answer).
func (e *enc) requestRow(st *requests.Standing) {
	r := st.Request
	e.str(r.ID)
	e.str(r.Title)
	e.str(r.Description)
	e.str(r.RequestedBy)
	e.str(r.AddressedTo)
	e.strs(r.Themes)
	e.time(r.Created.Time)
	e.time(r.WantedBy.Time)
	e.str(r.Usage)
	e.int(st.Rank)
	e.str(string(st.Status))
	e.strs(st.Supporters)
	e.strs(st.Communes)
	e.int(st.Population)
	// The transfers, for the current addressee and the hops a row shows.
	n := 0
	for _, ev := range r.Events {
		if ev.IsTransfer() {
			n++
		}
	}
	e.uv(uint64(n))
	for _, ev := range r.Events {
		if ev.IsTransfer() {
			e.time(ev.Stamp)
			e.str(ev.Actor)
			e.str(string(ev.Status))
			e.str(ev.TransferTo)
			e.str(ev.Name)
			e.str(ev.Email)
			e.time(ev.Date.Time)
			e.str(ev.Note)
			e.time(ev.PlannedFor.Time)
			e.str(ev.Dataset)
			e.str(ev.DuplicateOf)
			e.str(ev.Reason)
		}
	}
}

// requestRow reads what enc.requestRow wrote into st and r, taking the
// string lists from arena.
func (d *dec) requestRow(st *requests.Standing, r *requests.Request, arena *[]string) {
	r.ID, r.Title, r.Description, r.RequestedBy, r.AddressedTo = d.str(), d.str(), d.str(), d.str(), d.str()
	r.Themes = d.strsIn(arena)
	r.Created, r.WantedBy = d.date(), d.date()
	r.Usage = d.str()
	st.Request = r
	st.Rank, st.Status = d.int(), requests.Status(d.str())
	st.Supporters, st.Communes = d.strsIn(arena), d.strsIn(arena)
	st.Population = d.int()
	if n := int(d.uv()); n > 0 && !d.bad {
		r.Events = make([]*requests.Event, 0, min(n, 1024))
		for range n {
			r.Events = append(r.Events, &requests.Event{Stamp: d.time(), Actor: d.str(), Status: requests.Status(d.str()), TransferTo: d.str(),
				Name: d.str(), Email: d.str(), Date: d.date(), Note: d.str(), PlannedFor: d.date(), Dataset: d.str(), DuplicateOf: d.str(), Reason: d.str()})
			if d.bad {
				return
			}
		}
	}
}

// strsIn reads a list of strings into the arena's spare capacity (one
// allocation for many lists); a nil list stays nil.
func (d *dec) strsIn(arena *[]string) []string {
	n, ok := d.list()
	if !ok {
		return nil
	}
	if cap(*arena)-len(*arena) < n {
		*arena = make([]string, 0, max(n, 1024))
	}
	a := *arena
	from := len(a)
	for range n {
		a = append(a, d.str())
	}
	*arena = a
	return a[from:len(a):len(a)]
}

// openLists splits the list section b, found at offset at of the
// snapshot's data, into its blocks; it checks only their lengths.
func openLists(b []byte, at int) ([len(listKinds)]listBlock, bool) {
	var out [len(listKinds)]listBlock
	for i := range listKinds {
		if len(b) < 4 {
			return out, false
		}
		m := int(le(b))
		b = b[4:]
		at += 4
		if m > len(b) || m < 4 {
			return out, false
		}
		blk := b[:m]
		b = b[m:]
		lo, hi := at+4, at+m
		at += m
		n := int(le(blk))
		blk = blk[4:]
		idx := n
		if listKinds[i] == Requests {
			idx = n + 1
		}
		if uint64(n+1+idx)*4 > uint64(len(blk)) {
			return out, false
		}
		l := listBlock{n: n, hays: blk[:4*(n+1)], idx: blk[4*(n+1) : 4*(n+1+idx)], lo: lo, hi: hi}
		rest := blk[4*(n+1+idx):]
		end := int(le(l.hays[4*n:]))
		if end > len(rest) {
			return out, false
		}
		l.hay = rest[:end]
		if listKinds[i] == Requests {
			l.rows = rest[end:]
		} else if end != len(rest) {
			return out, false
		}
		out[i] = l
	}
	if len(b) != 0 {
		return out, false
	}
	return out, true
}

// span returns the i-th of the spans whose (n+1) offsets are in offs, inside
// data, or false.
func span(offs, data []byte, i int) ([]byte, bool) {
	from, to := le(offs[4*i:]), le(offs[4*i+4:])
	if from > to || int(to) > len(data) {
		return nil, false
	}
	return data[from:to], true
}

// matches reports whether the haystack bytes hold every term, with today's
// MatchAll on a string viewing them (no copy).
func matches(h []byte, terms []string) bool {
	if len(terms) == 0 {
		return true
	}
	if len(h) == 0 {
		return MatchAll("", terms)
	}
	return MatchAll(unsafe.String(&h[0], len(h)), terms)
}

// match returns the positions, in list order, of the entries of a kind
// whose haystack holds every term.
func (s *Snapshot) match(k Kind, terms []string) (*listBlock, []int, error) {
	slot := listSlot(k)
	if slot < 0 {
		return nil, nil, ErrBadSnapshot
	}
	l := &s.lists[slot]
	if err := s.checkBlock(l); err != nil {
		return nil, nil, err
	}
	var out []int
	if len(terms) == 0 {
		out = make([]int, l.n)
	}
	for i := range l.n {
		h, ok := span(l.hays, l.hay, i)
		if !ok {
			return nil, nil, ErrBadSnapshot
		}
		if len(terms) == 0 {
			out[i] = i
		} else if matches(h, terms) {
			out = append(out, i)
		}
	}
	return l, out, nil
}

// Len returns how many entries of a kind the catalogue holds (0 for a kind
// that is not listed): the counts a first screen shows, read without
// decoding anything.
func (s *Snapshot) Len(k Kind) int {
	if slot := listSlot(k); slot >= 0 {
		return s.lists[slot].n
	}
	return 0
}

// Haystacks returns the folded search text of every entry of a kind, in
// list order (the board's for requests): exactly what ActorHaystack,
// SnippetHaystack, SchemaHaystack or RequestHaystack give for the loaded
// catalogue; nil for a kind that is not listed. The strings share one copy
// of the section.
func (s *Snapshot) Haystacks(k Kind) ([]string, error) {
	slot := listSlot(k)
	if slot < 0 {
		return nil, nil
	}
	l := &s.lists[slot]
	if err := s.checkBlock(l); err != nil {
		return nil, err
	}
	all := string(l.hay)
	out := make([]string, l.n)
	for i := range out {
		h, ok := span(l.hays, l.hay, i)
		if !ok {
			return nil, ErrBadSnapshot
		}
		from := int(le(l.hays[4*i:]))
		out[i] = all[from : from+len(h)]
	}
	return out, nil
}

// entries decodes the records of the matching rows of a non-request kind.
func (s *Snapshot) entries(k Kind, terms []string, each func(v any) bool) error {
	l, at, err := s.match(k, terms)
	if err != nil {
		return err
	}
	wheres := map[string]fact.Where{}
	for _, i := range at {
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

// rowEntry decodes the entry of row i of a non-request kind's list block
// (wheres shares the decoded positions between rows).
func (s *Snapshot) rowEntry(l *listBlock, i int, wheres map[string]fact.Where) (any, error) {
	j := int(le(l.idx[4*i:]))
	if j >= s.n {
		return nil, ErrBadSnapshot
	}
	off, n := s.recordSpan(j)
	if s.verify != nil && s.verify(int(off), int(off)+int(n)) != nil {
		return nil, ErrBadSnapshot
	}
	d := &dec{s: string(s.data[off : off+n]), wheres: wheres}
	pt, _, _ := d.record()
	if pt == nil {
		return nil, ErrBadSnapshot
	}
	return pt.entry, nil
}

// ListActors returns the actors, in directory order, whose haystack holds
// every term (Terms of a query; none keeps them all), each equal to the
// loaded catalogue's: a list's rows and JSON. Only the matching actors'
// records are decoded.
func (s *Snapshot) ListActors(terms []string) ([]*directory.Actor, error) {
	var out []*directory.Actor
	err := s.entries(Actors, terms, func(v any) bool {
		a, ok := v.(*directory.Actor)
		out = append(out, a)
		return ok
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Actors returns the whole directory, in order: ListActors with no term.
func (s *Snapshot) Actors() ([]*directory.Actor, error) { return s.ListActors(nil) }

// ListSnippets returns the snippets whose haystack holds every term, in
// order, each equal to the loaded catalogue's.
func (s *Snapshot) ListSnippets(terms []string) ([]*snippets.Snippet, error) {
	var out []*snippets.Snippet
	err := s.entries(Snippets, terms, func(v any) bool {
		x, ok := v.(*snippets.Snippet)
		out = append(out, x)
		return ok
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListSchemas returns the schemas whose haystack holds every term, in
// order, each equal to the loaded catalogue's.
func (s *Snapshot) ListSchemas(terms []string) ([]*schemas.Schema, error) {
	var out []*schemas.Schema
	err := s.entries(Schemas, terms, func(v any) bool {
		x, ok := v.(*schemas.Schema)
		out = append(out, x)
		return ok
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListRequests returns the standings, in board order, whose haystack holds
// every term (Terms of a query; none keeps the whole board). Each equals the
// loaded catalogue's Board entry, except that its Request carries no Votes,
// status events, comments or Where (nil), and its transfer events without
// Where: everything a list row and `codal list requests --json` show (the
// current addressee and the transfers), since votes, status events and
// comments are not part of a request's list JSON.
// Request(id) gives the whole request. Only the matching rows are decoded,
// from one copy of their bytes.
func (s *Snapshot) ListRequests(terms []string) ([]requests.Standing, error) {
	l, at, err := s.match(Requests, terms)
	if err != nil || len(at) == 0 {
		return nil, err
	}
	// One copy of the rows' bytes, which the decoded strings share: the
	// span from the first match to the last when the matches fill most of
	// it, else each matching row's own.
	last, ok := span(l.idx, l.rows, at[len(at)-1])
	if !ok {
		return nil, ErrBadSnapshot
	}
	from, to := int(le(l.idx[4*at[0]:])), int(le(l.idx[4*at[len(at)-1]:]))+len(last)
	total := 0
	for _, i := range at {
		r, ok := span(l.idx, l.rows, i)
		if !ok {
			return nil, ErrBadSnapshot
		}
		total += len(r)
	}
	var copied string
	var base int
	if from <= to && 2*total >= to-from {
		copied, base = string(l.rows[from:to]), from
	} else {
		buf := make([]byte, 0, total)
		for _, i := range at {
			r, _ := span(l.idx, l.rows, i)
			buf = append(buf, r...)
		}
		copied, base = string(buf), -1
	}
	out := make([]requests.Standing, len(at))
	reqs := make([]requests.Request, len(at))
	// decode reads rows [from, to) of the matches; pos is where the first
	// one starts in copied when each row was copied on its own.
	decode := func(from, to, pos int) bool {
		arena := make([]string, 0, 4*(to-from))
		var d dec
		for k := from; k < to; k++ {
			i := at[k]
			r, _ := span(l.idx, l.rows, i)
			at := pos
			if base >= 0 {
				at = int(le(l.idx[4*i:])) - base
			}
			pos += len(r)
			if at < 0 || at+len(r) > len(copied) {
				return false
			}
			d = dec{s: copied[at : at+len(r)]}
			d.requestRow(&out[k], &reqs[k], &arena)
			if d.bad || d.i != len(d.s) {
				return false
			}
		}
		return true
	}
	// A long list (the board) is decoded on every core, as Catalogue
	// does: the rows are independent.
	workers := 1
	if base >= 0 {
		workers = max(1, min(runtime.GOMAXPROCS(0), len(at)/listShare))
	}
	if workers == 1 {
		if !decode(0, len(at), 0) {
			return nil, ErrBadSnapshot
		}
		return out, nil
	}
	done := make([]bool, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done[w] = decode(w*len(at)/workers, (w+1)*len(at)/workers, 0)
		}()
	}
	wg.Wait()
	if slices.Contains(done, false) {
		return nil, ErrBadSnapshot
	}
	return out, nil
}

// ListTrainings returns the trainings whose haystack holds every term, in
// order (the latest first), each equal to the loaded catalogue's.
func (s *Snapshot) ListTrainings(terms []string) ([]*toolbox.Training, error) {
	var out []*toolbox.Training
	err := s.entries(Trainings, terms, func(v any) bool {
		x, ok := v.(*toolbox.Training)
		out = append(out, x)
		return ok
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListTips returns the tips whose haystack holds every term, by title,
// each equal to the loaded catalogue's.
func (s *Snapshot) ListTips(terms []string) ([]*toolbox.Tip, error) {
	var out []*toolbox.Tip
	err := s.entries(Tips, terms, func(v any) bool {
		x, ok := v.(*toolbox.Tip)
		out = append(out, x)
		return ok
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Board returns the whole board, in order: ListRequests with no term (the
// requests without their votes, events and positions).
func (s *Snapshot) Board() ([]requests.Standing, error) { return s.ListRequests(nil) }
