package catalogue

import (
	"maps"
	"slices"
	"sync"

	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/toolbox"
)

// The snapshot's table of named roots (in its global section, before root
// ""'s record, as one length-prefixed string) says,
// for each entry root that another entry names — a request a status event
// closes another as a duplicate of (duplicate_of, whatever the request's
// status now), a tip's related entry —, how many times it is named. It is
// what an Overlay asks before it takes a change that adds or removes a
// request, or withdraws a supporter: a request nobody names has no
// duplicates whose supporters flow to it, and adding or removing it changes
// no other entry's reference problems. Actors are not in it: every entry
// names actors, and the overlay takes no change of actor. The table lists
// each root once, sorted, with its count.

// namedBy appends the roots entry names of other entries (actors aside),
// each time it names one.
func namedBy(out []string, entry any) []string {
	switch e := entry.(type) {
	case *requests.Request:
		for _, ev := range e.Events {
			if ev.Status == requests.Duplicate && ev.DuplicateOf != "" {
				out = append(out, EntryRoot(Requests, ev.DuplicateOf))
			}
		}
	case *toolbox.Tip:
		for _, r := range e.Related {
			k, id, ok := toolbox.SplitRef(r)
			if !ok {
				continue
			}
			if kind, known := ParseKind(k); known {
				out = append(out, EntryRoot(kind, id))
			}
		}
	}
	return out
}

// namedIn counts the roots the catalogue's entries name.
func namedIn(c *Catalogue) map[string]int {
	named := map[string]int{}
	var buf []string
	for _, r := range c.Requests {
		buf = namedBy(buf[:0], r)
		for _, root := range buf {
			named[root]++
		}
	}
	for _, t := range c.Tips {
		buf = namedBy(buf[:0], t)
		for _, root := range buf {
			named[root]++
		}
	}
	return named
}

// named writes the table of named roots, as one string.
func (e *enc) named(named map[string]int) {
	var t enc
	roots := slices.Sorted(maps.Keys(named))
	t.uv(uint64(len(roots)))
	for _, r := range roots {
		t.str(r)
		t.uv(uint64(named[r]))
	}
	e.str(bytesString(t.b))
}

// namedTable is the snapshot's table of named roots, decoded on first use.
type namedTable struct {
	once  sync.Once
	raw   string
	roots map[string]int
	ok    bool
}

// namedRoots returns the table of named roots, or ok false when it does
// not decode (the caller then treats every root as named).
func (s *Snapshot) namedRoots() (map[string]int, bool) {
	t := &s.namedT
	t.once.Do(func() {
		d := &dec{s: t.raw}
		n := d.n()
		t.roots = make(map[string]int, n)
		for range n {
			r := d.str()
			c := d.uv()
			if d.bad || c == 0 || c > uint64(len(t.raw)) {
				return
			}
			t.roots[r] = int(c)
		}
		t.ok = !d.bad && d.i == len(d.s) && len(t.roots) == n
	})
	return t.roots, t.ok
}
