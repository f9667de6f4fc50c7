package catalogue

import (
	"maps"
	"slices"
	"sync"

	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/toolbox"
)

// The snapshot's table of named roots (in its global section, before root
// ""'s record, as one length-prefixed string) says, for each entry root
// that another entry names — a request a status event closes another as a
// duplicate of (duplicate_of, whatever the request's status now), a tip's
// related entry —, which roots name it (once per mention, sorted). It is
// what an Overlay asks before it takes a change that adds or removes a
// request (no other entry's reference problems may change), and how it
// finds the requests whose supporters flow to an original (the requests
// closed as its duplicates, and theirs) without reading every request.
// Actors are not in it: every entry names actors, and the overlay takes no
// change of actor.

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

// namedIn is the table of the catalogue: each named root, and the roots
// naming it.
func namedIn(c *Catalogue) map[string][]string {
	named := map[string][]string{}
	var buf []string
	add := func(root string, entry any) {
		buf = namedBy(buf[:0], entry)
		for _, target := range buf {
			named[target] = append(named[target], root)
		}
	}
	for _, r := range c.Requests {
		add(EntryRoot(Requests, r.ID), r)
	}
	for _, t := range c.Tips {
		add(EntryRoot(Tips, t.ID), t)
	}
	return named
}

// named writes the table of named roots, as one string: each named root
// and the roots naming it, sorted.
func (e *enc) named(named map[string][]string) {
	var t enc
	roots := slices.Sorted(maps.Keys(named))
	t.uv(uint64(len(roots)))
	for _, r := range roots {
		t.str(r)
		t.strs(slices.Sorted(slices.Values(named[r])))
	}
	e.str(bytesString(t.b))
}

// namedTable is the snapshot's table of named roots, decoded on first use.
type namedTable struct {
	once  sync.Once
	raw   string
	roots map[string][]string
	ok    bool
}

// namedRoots returns the table of named roots, or ok false when it does
// not decode (the caller then treats every root as named).
func (s *Snapshot) namedRoots() (map[string][]string, bool) {
	t := &s.namedT
	t.once.Do(func() {
		d := &dec{s: t.raw}
		n := d.n()
		t.roots = make(map[string][]string, n)
		for range n {
			r := d.str()
			by := d.strs()
			if d.bad || len(by) == 0 {
				return
			}
			t.roots[r] = by
		}
		t.ok = !d.bad && d.i == len(d.s) && len(t.roots) == n
	})
	return t.roots, t.ok
}
