package catalogue

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
	"github.com/gpso/codal/toolbox"
)

// SnapshotVersion is the version of the snapshot encoding. A snapshot of
// another version is refused (ErrBadSnapshot); an index keyed by it is
// rebuilt when codal changes it.
//
// Version 6: an actor's record ends with its address; a request's events
// may be transfers (transfer_to) and its record ends with its comments; the
// metadata carries response_days; trainings and tips are entry kinds of
// their own; a schema's record ends with its homepage and path, an actor's
// with its data.gouv.fr organisation (datagouv). (3 to 5 were used by
// development builds with only some of these.)
//
// Version 7: a schema's record ends with its custom_checks (name, params),
// and a request's record no longer holds its rank (its place in the
// board's order says it), so that a vote re-encodes only its request's
// record (PatchSnapshot).
//
// Version 8: the global section holds the table of named roots
// (snapnamed.go), so that an Overlay takes new and removed requests and
// withdrawn votes.
// Version 9: that table holds the actors named but missing too, so that an
// Overlay takes an actor added that nobody names.
const SnapshotVersion = 9

// ErrBadSnapshot is returned for data that is not a snapshot of this
// version: malformed, truncated, or encoded by another version of codal. The
// caller loads the registry again.
var ErrBadSnapshot = errors.New("catalogue: bad or foreign snapshot")

// snapshotMagic opens every snapshot.
const snapshotMagic = "CODALSNP"

// The layout of a snapshot (numbers in the header and the root table are
// little-endian uint32; everything else is the varint encoding of
// snapcodec.go):
//
//	magic "CODALSNP", version
//	len, global: Meta, the walked kinds, LoadOnly's kinds, the named roots, the part of root ""
//	len, orders: root indices of Actors, Snippets, Schemas, Requests, Board, Trainings and Tips in order
//	len, lists: per kind, in display order, the folded haystacks and the list rows (snaplist.go)
//	n, the root table: n × (name offset, name length, record offset, record length), sorted by name
//	the names, then the records
//
// A record holds one entry root: its entry (a request with its votes and
// events), the problems of its walk and parse, its reference problems, the
// paths listed under it, a snippet's files, a request's standing. Reading
// one entry reads the tables, then binary-searches the root table and
// decodes one record.

// MarshalBinary encodes the whole catalogue (every exported and unexported
// field Load fills: entries, board, problems, meta, the listed paths behind
// Exists, the walk's extras) as a snapshot; it holds nothing that is not in
// the registry's files. Only a catalogue made by Load, LoadOnly, Update or a
// snapshot can be encoded.
func (c *Catalogue) MarshalBinary() ([]byte, error) { return c.marshal(nil, nil) }

// reuseFunc returns the bytes of a root's record encoded earlier, when they
// are what encoding its part, reference problems and standing gives now;
// nil to encode it (PatchSnapshot).
type reuseFunc func(root string, pt *part, refs []fact.Problem, st *requests.Standing) []byte

// marshal is MarshalBinary, copying the records reuse has and the list
// section's haystacks and rows lr has.
func (c *Catalogue) marshal(reuse reuseFunc, lr *listReuse) ([]byte, error) {
	if c.parts == nil || c.parts[""] == nil {
		return nil, fmt.Errorf("catalogue: only a loaded catalogue can be encoded")
	}
	roots := make([]string, 0, len(c.parts)-1)
	for r := range c.parts {
		if r != "" {
			roots = append(roots, r)
		}
	}
	sort.Strings(roots)
	index := make(map[string]int, len(roots))
	for i, r := range roots {
		index[r] = i
	}
	standings := make(map[string]*requests.Standing, len(c.Board))
	for i := range c.Board {
		standings[c.Board[i].Request.ID] = &c.Board[i]
	}

	// About 1.2 KB a root on the generated registries: one allocation
	// rather than a dozen copies while the buffer grows.
	size := 1<<16 + 1280*len(roots)
	if lr != nil {
		// a patch: about the old snapshot's size (growing the buffer
		// copies it, on a snapshot of tens of megabytes)
		size = max(size, len(lr.old.data)+len(lr.old.data)/16+1<<16)
	}
	e := &enc{b: make([]byte, 0, size)}
	e.b = append(e.b, snapshotMagic...)
	e.b = binary.LittleEndian.AppendUint32(e.b, SnapshotVersion)

	at := len(e.b)
	e.b = append(e.b, 0, 0, 0, 0)
	e.meta(c.Meta)
	e.kinds(c.walked)
	e.kinds(c.only)
	e.named(namedIn(c))
	e.record(c.parts[""], c.refs[""], nil)
	binary.LittleEndian.PutUint32(e.b[at:], uint32(len(e.b)-at-4))

	at = len(e.b)
	e.b = append(e.b, 0, 0, 0, 0)
	order := func(n int, rootOf func(i int) string) {
		e.uv(uint64(n))
		for i := range n {
			j, ok := index[rootOf(i)]
			if !ok {
				e.fail(fmt.Errorf("catalogue: snapshot: no root %s", rootOf(i)))
			}
			e.uv(uint64(j))
		}
	}
	order(len(c.Actors), func(i int) string { return string(Actors) + "/" + c.Actors[i].ID + ".yaml" })
	order(len(c.Snippets), func(i int) string { return string(Snippets) + "/" + c.Snippets[i].ID })
	order(len(c.Schemas), func(i int) string { return string(Schemas) + "/" + c.Schemas[i].ID })
	order(len(c.Requests), func(i int) string { return string(Requests) + "/" + c.Requests[i].ID })
	order(len(c.Board), func(i int) string { return string(Requests) + "/" + c.Board[i].Request.ID })
	order(len(c.Trainings), func(i int) string { return string(Trainings) + "/" + c.Trainings[i].ID })
	order(len(c.Tips), func(i int) string { return string(Tips) + "/" + c.Tips[i].ID })
	binary.LittleEndian.PutUint32(e.b[at:], uint32(len(e.b)-at-4))

	at = len(e.b)
	e.b = append(e.b, 0, 0, 0, 0)
	e.lists(c, index, lr)
	binary.LittleEndian.PutUint32(e.b[at:], uint32(len(e.b)-at-4))

	e.b = binary.LittleEndian.AppendUint32(e.b, uint32(len(roots)))
	table := len(e.b)
	e.b = append(e.b, make([]byte, 16*len(roots))...)
	// The names first, together: opening checks their order, which then
	// reads a small part of the data (of a mapped file) instead of a
	// line in every record's page.
	for i, r := range roots {
		row := e.b[table+16*i:]
		binary.LittleEndian.PutUint32(row[0:], uint32(len(e.b)))
		binary.LittleEndian.PutUint32(row[4:], uint32(len(r)))
		e.b = append(e.b, r...)
	}
	for i, r := range roots {
		recAt := len(e.b)
		var st *requests.Standing
		if req, ok := c.parts[r].entry.(*requests.Request); ok {
			st = standings[req.ID]
		}
		if old := reuseRecord(reuse, r, c.parts[r], c.refs[r], st); old != nil {
			e.b = append(e.b, old...)
		} else {
			e.record(c.parts[r], c.refs[r], st)
		}
		if len(e.b) > math.MaxUint32 {
			return nil, fmt.Errorf("catalogue: snapshot larger than 4 GiB")
		}
		row := e.b[table+16*i:]
		binary.LittleEndian.PutUint32(row[8:], uint32(recAt))
		binary.LittleEndian.PutUint32(row[12:], uint32(len(e.b)-recAt))
	}
	if e.err != nil {
		return nil, e.err
	}
	return e.b, nil
}

// Snapshot is an encoded catalogue opened for reading. It answers View
// (Actor, Snippet, Schema, Request, Standing, Triagers, IsTriager, Exists)
// decoding only the entries asked for, plus ProblemsUnder and Meta,
// Catalogue for the whole catalogue, and the lists (Len, Haystacks,
// ListActors, ListSnippets, ListSchemas, ListRequests, Board) read from the
// list section without decoding the other entries. It keeps the data it was opened on,
// which must not change. Its methods are safe from several goroutines.
//
// OpenSnapshot checks the header and the tables; an entry's record is checked
// when it is first decoded: a View method then answers as if the entry were
// absent, and Catalogue returns ErrBadSnapshot. (The index that stores a
// snapshot checks its own checksum first.)
type Snapshot struct {
	data   []byte
	meta   Meta
	walked []Kind
	only   []Kind
	top    *part
	refs   []fact.Problem // the reference problems of root ""
	orders []byte
	lists  [len(listKinds)]listBlock
	// global and listSec are the global and list sections, whole (an
	// Overlay's MarshalBinary copies them).
	global, listSec []byte
	// namedAt and namedEnd are where the table of named roots lies in
	// global.
	namedAt, namedEnd int
	namedT            namedTable
	table             []byte // n × 16 bytes
	n                 int

	mu    sync.Mutex
	cache map[int]*snapRoot
	ranks []int32 // each root's rank, 0 off the board (boardRank)

	// probed, when set (SetProbed), is told of the records an Overlay
	// decoded only to compare standings.
	probed func([]byte)
	// decoded, when set (SetDecoded), is told of each record root decodes.
	decoded func([]byte)

	// verify, when set (Verify), checks a record's bytes before root
	// decodes them, and all the data before Catalogue does.
	verify func(lo, hi int) error

	// release, when set (SetRelease), is told of the parts of data
	// Catalogue has decoded.
	release func([]byte)
}

// Verify makes s check the bytes of each record with check before it
// decodes it: the index, which checks its file block by block, checks only
// the records a command reads. A record that fails is treated as one that
// does not decode (a View answers as if the entry were absent); Catalogue
// checks the whole data first and returns ErrBadSnapshot when it fails.
// The header, tables and list section are not checked through it: the
// caller checks them before OpenSnapshot. Call Verify before s is shared.
func (s *Snapshot) Verify(check func(lo, hi int) error) { s.verify = check }

// SetRelease has Catalogue call f with each part of the snapshot's data it
// has decoded (about a megabyte at a time, from several goroutines at
// once): the catalogue holds nothing that aliases the data, so an index
// that maps its file can drop those pages from resident memory as the
// decode goes, instead of holding the whole snapshot in memory beside the
// catalogue (176 MB at 100,000 entries). f must not change what the data
// holds. Call it before any read.
func (s *Snapshot) SetRelease(f func([]byte)) { s.release = f }

// SetDecoded has the snapshot call f with the bytes of each record it
// decodes for an entry asked for (Request, Standing, Actor…), once decoded:
// nothing decoded aliases them, so an index that maps its file can drop
// the pages around them from resident memory (a command that reads a few
// hundred records scattered over the file, an actor's page, would
// otherwise hold the pages of each). f must not change what the data
// holds. Call it before any read.
func (s *Snapshot) SetDecoded(f func([]byte)) { s.decoded = f }

// releaseEvery is how many decoded bytes Catalogue lets pass between two
// calls of the release function.
const releaseEvery = 1 << 20

// snapRoot is one decoded record.
type snapRoot struct {
	pt   *part
	refs []fact.Problem
	st   *requests.Standing
}

var _ View = (*Snapshot)(nil)

// OpenSnapshot reads a snapshot's tables without decoding its entries;
// entries are decoded on demand. Malformed or truncated data gives
// ErrBadSnapshot (never a panic), and so does a snapshot of another encoding
// version.
func OpenSnapshot(data []byte) (*Snapshot, error) {
	s := &Snapshot{data: data, cache: map[int]*snapRoot{}}
	if len(data) < len(snapshotMagic)+4 || string(data[:len(snapshotMagic)]) != snapshotMagic {
		return nil, ErrBadSnapshot
	}
	i := len(snapshotMagic)
	if binary.LittleEndian.Uint32(data[i:]) != SnapshotVersion {
		return nil, ErrBadSnapshot
	}
	i += 4
	section := func() ([]byte, bool) {
		if len(data)-i < 4 {
			return nil, false
		}
		n := int(binary.LittleEndian.Uint32(data[i:]))
		i += 4
		if n > len(data)-i {
			return nil, false
		}
		b := data[i : i+n]
		i += n
		return b, true
	}
	global, ok := section()
	if !ok {
		return nil, ErrBadSnapshot
	}
	if s.orders, ok = section(); !ok {
		return nil, ErrBadSnapshot
	}
	lists, ok := section()
	if !ok {
		return nil, ErrBadSnapshot
	}
	s.global, s.listSec = global, lists
	if s.lists, ok = openLists(lists, i-len(lists)); !ok {
		return nil, ErrBadSnapshot
	}
	if len(data)-i < 4 {
		return nil, ErrBadSnapshot
	}
	s.n = int(binary.LittleEndian.Uint32(data[i:]))
	i += 4
	if s.n > (len(data)-i)/16 {
		return nil, ErrBadSnapshot
	}
	s.table = data[i : i+16*s.n]
	var prev []byte
	for k := range s.n {
		row := s.table[16*k:]
		for _, span := range [][2]uint32{{le(row[0:]), le(row[4:])}, {le(row[8:]), le(row[12:])}} {
			if uint64(span[0])+uint64(span[1]) > uint64(len(data)) {
				return nil, ErrBadSnapshot
			}
		}
		name := s.name(k)
		if k > 0 && bytes.Compare(name, prev) <= 0 {
			return nil, ErrBadSnapshot // roots are sorted, each once
		}
		prev = name
	}
	d := &dec{s: string(global)}
	s.meta = d.meta()
	s.walked = d.kinds()
	s.only = d.kinds()
	s.namedAt = d.i
	s.namedT.raw = d.str() // decoded when an overlay asks
	s.namedEnd = d.i
	s.top, s.refs, _ = d.record()
	if d.bad || s.top == nil {
		return nil, ErrBadSnapshot
	}
	return s, nil
}

func le(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }

// name returns the name of root k, in place.
func (s *Snapshot) name(k int) []byte {
	row := s.table[16*k:]
	off, n := le(row[0:]), le(row[4:])
	return s.data[off : off+n]
}

// find returns the index of a root, or -1.
func (s *Snapshot) find(root string) int {
	k := sort.Search(s.n, func(k int) bool { return string(s.name(k)) >= root })
	if k < s.n && string(s.name(k)) == root {
		return k
	}
	return -1
}

// recordSpan is where record k lies in the data: its offset and length.
func (s *Snapshot) recordSpan(k int) (off, n uint32) {
	row := s.table[16*k:]
	return le(row[8:]), le(row[12:])
}

// root decodes record k once, or returns nil when it is malformed.
func (s *Snapshot) root(k int) *snapRoot {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.cache[k]; ok {
		return r
	}
	off, n := s.recordSpan(k)
	if s.verify != nil && s.verify(int(off), int(off)+int(n)) != nil {
		s.cache[k] = nil
		return nil
	}
	d := &dec{s: string(s.data[off : off+n])}
	var r *snapRoot
	if pt, refs, st := d.record(); pt != nil {
		r = &snapRoot{pt: pt, refs: refs, st: st}
		if req, ok := pt.entry.(*requests.Request); ok && st != nil {
			st.Request = req
			st.Rank = s.boardRank(k)
		}
	}
	s.cache[k] = r
	if s.decoded != nil {
		s.decoded(s.data[off : off+n])
	}
	return r
}

// boardRank is root k's rank: 1 + its place in the board's order (the
// orders section: actors, snippets, schemas and requests, then the board);
// 0 when it is not there. The first call reads the board's order once, in
// place, into a table of every root's rank (4 bytes a root), so that a
// command decoding many requests (an overlay's binary search of the board)
// does not scan the order for each. Called with s.mu held.
func (s *Snapshot) boardRank(k int) int {
	if s.ranks == nil {
		s.ranks = make([]int32, s.n)
		d, n := s.boardDec()
		for i := range n {
			r := d.uv()
			if d.bad {
				break
			}
			if r < uint64(s.n) {
				s.ranks[r] = int32(i + 1)
			}
		}
	}
	if k < 0 || k >= len(s.ranks) {
		return 0
	}
	return int(s.ranks[k])
}

// boardDec returns a decoder of the orders section placed at the board's
// order (its last list, after the four kinds' orders), read in place
// (s.orders does not change), and that list's length.
func (s *Snapshot) boardDec() (*dec, int) {
	d := &dec{s: bytesString(s.orders)}
	for range 4 {
		n := d.n()
		for range n {
			d.uv()
		}
	}
	return d, d.n()
}

// entry returns the entry of a root, or nil.
func (s *Snapshot) entry(root string) any {
	if k := s.find(root); k >= 0 {
		if r := s.root(k); r != nil {
			return r.pt.entry
		}
	}
	return nil
}

// Actor returns the actor with that id, or nil.
func (s *Snapshot) Actor(id string) *directory.Actor {
	a, _ := s.entry(string(Actors) + "/" + id + ".yaml").(*directory.Actor)
	if a != nil && a.ID != id {
		return nil
	}
	return a
}

// Snippet returns the snippet with that id, or nil.
func (s *Snapshot) Snippet(id string) *snippets.Snippet {
	v, _ := s.entry(string(Snippets) + "/" + id).(*snippets.Snippet)
	if v != nil && v.ID != id {
		return nil
	}
	return v
}

// Schema returns the dataset schema with that id, or nil.
func (s *Snapshot) Schema(id string) *schemas.Schema {
	v, _ := s.entry(string(Schemas) + "/" + id).(*schemas.Schema)
	if v != nil && v.ID != id {
		return nil
	}
	return v
}

// Training returns the training with that id, or nil.
func (s *Snapshot) Training(id string) *toolbox.Training {
	v, _ := s.entry(string(Trainings) + "/" + id).(*toolbox.Training)
	if v != nil && v.ID != id {
		return nil
	}
	return v
}

// Tip returns the tip with that id, or nil.
func (s *Snapshot) Tip(id string) *toolbox.Tip {
	v, _ := s.entry(string(Tips) + "/" + id).(*toolbox.Tip)
	if v != nil && v.ID != id {
		return nil
	}
	return v
}

// Request returns the data request with that id, with its votes and events,
// or nil.
func (s *Snapshot) Request(id string) *requests.Request {
	v, _ := s.entry(string(Requests) + "/" + id).(*requests.Request)
	if v != nil && v.ID != id {
		return nil
	}
	return v
}

// Standing returns the request's place on the board, or nil. Its Request is
// the one Request(id) returns.
func (s *Snapshot) Standing(id string) *requests.Standing {
	if s.Request(id) == nil {
		return nil
	}
	r := s.root(s.find(string(Requests) + "/" + id))
	if r.st == nil {
		return nil
	}
	st := *r.st
	return &st
}

// Meta returns registry.yaml as loaded.
func (s *Snapshot) Meta() Meta { return s.meta }

// Triagers are the actors registry.yaml names as triagers.
func (s *Snapshot) Triagers() []string { return s.meta.Triagers }

// IsTriager reports whether the actor may change request statuses.
func (s *Snapshot) IsTriager(actor string) bool { return slices.Contains(s.meta.Triagers, actor) }

// Exists reports whether the load found something at a path of the registry
// (a file, a folder, or a refused link).
func (s *Snapshot) Exists(p string) bool {
	root := RootOf(p)
	if root == "" {
		return s.top.has(p)
	}
	k := s.find(root)
	if k < 0 {
		return false
	}
	r := s.root(k)
	return r != nil && r.pt.has(p)
}

// ProblemsUnder returns the problems of files at or under the path prefix
// (for example "requests/budget-climat"), sorted as Catalogue.Problems,
// decoding only the entry roots under it.
func (s *Snapshot) ProblemsUnder(prefix string) []fact.Problem {
	var all []fact.Problem
	add := func(ps ...[]fact.Problem) {
		for _, l := range ps {
			for _, p := range l {
				if p.Path == prefix || strings.HasPrefix(p.Path, prefix+"/") {
					all = append(all, p)
				}
			}
		}
	}
	if root := RootOf(prefix); root != "" {
		if k := s.find(root); k >= 0 {
			if r := s.root(k); r != nil {
				add(r.pt.probs, r.refs)
			}
		}
	} else {
		add(s.top.probs, s.refs)
		from := sort.Search(s.n, func(k int) bool { return string(s.name(k)) >= prefix+"/" })
		for k := from; k < s.n && bytes.HasPrefix(s.name(k), []byte(prefix+"/")); k++ {
			if r := s.root(k); r != nil {
				add(r.pt.probs, r.refs)
			}
		}
	}
	fact.Sort(all)
	return all
}

// Catalogue decodes the whole catalogue, equal to the one encoded.
func (s *Snapshot) Catalogue() (*Catalogue, error) {
	if s.verify != nil && s.verify(0, len(s.data)) != nil {
		return nil, ErrBadSnapshot
	}
	return s.catalogue(true)
}

// catalogue is Catalogue; without own, every decoded string is a slice of
// one copy of the whole snapshot, as before owner (kept for the
// benchmarks' baseline, BenchmarkIndexCatalogue).
func (s *Snapshot) catalogue(own bool) (*Catalogue, error) {
	// Read in place: every string decoded is copied (owner), so nothing
	// in the catalogue aliases s.data, and only the strings it holds stay.
	all := ""
	var names *owner
	switch {
	case !own:
		all = string(s.data)
	case len(s.data) > 0:
		all = unsafe.String(&s.data[0], len(s.data))
		names = newOwner()
	}
	c := &Catalogue{Meta: s.meta, walked: s.walked, only: s.only,
		parts: make(map[string]*part, s.n+1), refs: map[string][]fact.Problem{}}
	c.parts[""] = s.top
	c.Problems = append(c.Problems, s.top.probs...)
	if len(s.refs) > 0 {
		c.refs[""] = s.refs
		c.Problems = append(c.Problems, s.refs...)
	}
	// The records are independent: one goroutine per core decodes a
	// share of them, then the catalogue is put together in order.
	entries := make([]any, s.n)
	standings := make([]*requests.Standing, s.n)
	decoded := make([]*part, s.n)
	refsOf := make([][]fact.Problem, s.n)
	workers := max(1, min(runtime.GOMAXPROCS(0), s.n/256))
	bad := make([]bool, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wheres, strs := map[string]fact.Where{}, (*owner)(nil)
			if own {
				strs = newOwner()
			}
			from, end := -1, 0 // the records decoded and not released yet
			for k := w * s.n / workers; k < (w+1)*s.n/workers; k++ {
				row := s.table[16*k:]
				recAt, recLen := le(row[8:]), le(row[12:])
				if s.release != nil {
					if from < 0 || int(recAt) < from {
						from = int(recAt)
					} else if int(recAt)-from >= releaseEvery {
						s.release(s.data[from:recAt])
						from = int(recAt)
					}
				}
				d := &dec{s: all[recAt : recAt+recLen], wheres: wheres, own: strs}
				pt, refs, st := d.record()
				if pt == nil {
					bad[w] = true
					return
				}
				decoded[k], refsOf[k], entries[k], standings[k] = pt, refs, pt.entry, st
				end = int(recAt + recLen)
			}
			if s.release != nil && from >= 0 && end > from {
				s.release(s.data[from:end])
			}
		}()
	}
	wg.Wait()
	if slices.Contains(bad, true) {
		return nil, ErrBadSnapshot
	}
	var nActors, nSnippets, nSchemas, nRequests, nTrainings, nTips int
	for k := range s.n {
		row := s.table[16*k:]
		nameAt, nameLen := le(row[0:]), le(row[4:])
		name := names.own(all[nameAt : nameAt+nameLen])
		pt, refs := decoded[k], refsOf[k]
		c.parts[name] = pt
		c.Problems = append(c.Problems, pt.probs...)
		if len(refs) > 0 {
			c.refs[name] = refs
			c.Problems = append(c.Problems, refs...)
		}
		switch pt.entry.(type) {
		case *directory.Actor:
			nActors++
		case *snippets.Snippet:
			nSnippets++
		case *schemas.Schema:
			nSchemas++
		case *requests.Request:
			nRequests++
		case *toolbox.Training:
			nTrainings++
		case *toolbox.Tip:
			nTips++
		}
	}
	c.actors = make(map[string]*directory.Actor, nActors)
	c.snippets = make(map[string]*snippets.Snippet, nSnippets)
	c.schemas = make(map[string]*schemas.Schema, nSchemas)
	c.requests = make(map[string]*requests.Request, nRequests)
	c.trainings = make(map[string]*toolbox.Training, nTrainings)
	c.tips = make(map[string]*toolbox.Tip, nTips)
	d := &dec{s: string(s.orders)}
	order := func(want int) []int {
		n := d.n()
		if n != want {
			d.fail()
			return nil
		}
		out := make([]int, n)
		for i := range out {
			k := d.uv()
			if k >= uint64(s.n) {
				d.fail()
				return nil
			}
			out[i] = int(k)
		}
		return out
	}
	for _, k := range order(nActors) {
		a, ok := entries[k].(*directory.Actor)
		if !ok || c.actors[a.ID] != nil {
			return nil, ErrBadSnapshot
		}
		c.add(a)
	}
	for _, k := range order(nSnippets) {
		v, ok := entries[k].(*snippets.Snippet)
		if !ok || c.snippets[v.ID] != nil {
			return nil, ErrBadSnapshot
		}
		c.add(v)
	}
	for _, k := range order(nSchemas) {
		v, ok := entries[k].(*schemas.Schema)
		if !ok || c.schemas[v.ID] != nil {
			return nil, ErrBadSnapshot
		}
		c.add(v)
	}
	for _, k := range order(nRequests) {
		v, ok := entries[k].(*requests.Request)
		if !ok || c.requests[v.ID] != nil {
			return nil, ErrBadSnapshot
		}
		c.add(v)
	}
	board := order(nRequests)
	for _, k := range order(nTrainings) {
		v, ok := entries[k].(*toolbox.Training)
		if !ok || c.trainings[v.ID] != nil {
			return nil, ErrBadSnapshot
		}
		c.add(v)
	}
	for _, k := range order(nTips) {
		v, ok := entries[k].(*toolbox.Tip)
		if !ok || c.tips[v.ID] != nil {
			return nil, ErrBadSnapshot
		}
		c.add(v)
	}
	if d.bad || d.i != len(d.s) {
		return nil, ErrBadSnapshot
	}
	c.Board = make([]requests.Standing, len(board))
	seen := make([]bool, s.n)
	for i, k := range board {
		r, ok := entries[k].(*requests.Request)
		if !ok || standings[k] == nil || seen[k] {
			return nil, ErrBadSnapshot
		}
		seen[k] = true
		c.Board[i] = *standings[k]
		c.Board[i].Request = r
		c.Board[i].Rank = i + 1
	}
	fact.Sort(c.Problems)
	return c, nil
}
