package catalogue

import (
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/snippets"
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
// Of the actors, only those named but missing are in it (an id a vote,
// an event, a comment, a request, a snippet's or tip's author, a training,
// an actor's parent or registry.yaml's triagers name, that no file of the
// directory holds; triagers as root ""): an actor added that nobody names
// changes no other entry's reference problems, standing or haystack.
// Actors that exist are not in it (every entry names actors): the overlay
// takes no actor removed.

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

// actorsNamedBy appends the roots of the actors entry names (any id it
// holds where an actor's id goes, each time: what its reference checks,
// its standing and its haystack read of actors).
func actorsNamedBy(out []string, entry any) []string {
	add := func(id string) {
		if id != "" {
			out = append(out, EntryRoot(Actors, id))
		}
	}
	switch e := entry.(type) {
	case *directory.Actor:
		add(e.Parent)
	case *snippets.Snippet:
		add(e.Author)
	case *requests.Request:
		add(e.RequestedBy)
		add(e.AddressedTo)
		for _, v := range e.Votes {
			add(v.Actor)
		}
		for _, ev := range e.Events {
			add(ev.Actor)
			add(ev.TransferTo)
		}
		for _, cm := range e.Comments {
			add(cm.Actor)
		}
	case *toolbox.Training:
		add(e.Organiser)
		for _, sp := range e.Speakers {
			add(sp.Actor)
		}
	case *toolbox.Tip:
		add(e.Author)
	}
	return out
}

// namedIn is the table of the catalogue: each named root (of actors,
// those missing), and the roots naming it.
func namedIn(c *Catalogue) map[string][]string {
	named := map[string][]string{}
	var buf []string
	add := func(root string, entry any) {
		buf = namedBy(buf[:0], entry)
		for _, target := range buf {
			named[target] = append(named[target], root)
		}
		buf = actorsNamedBy(buf[:0], entry)
		for _, target := range buf {
			if c.actors[actorID(target)] == nil {
				named[target] = append(named[target], root)
			}
		}
	}
	for _, a := range c.Actors {
		add(EntryRoot(Actors, a.ID), a)
	}
	for _, x := range c.Snippets {
		add(EntryRoot(Snippets, x.ID), x)
	}
	for _, r := range c.Requests {
		add(EntryRoot(Requests, r.ID), r)
	}
	for _, t := range c.Trainings {
		add(EntryRoot(Trainings, t.ID), t)
	}
	for _, t := range c.Tips {
		add(EntryRoot(Tips, t.ID), t)
	}
	for _, id := range c.Meta.Triagers {
		if id != "" && c.actors[id] == nil {
			target := EntryRoot(Actors, id)
			named[target] = append(named[target], "")
		}
	}
	return named
}

// actorID is the id of an actor's root (actors/ID.yaml).
func actorID(root string) string {
	return strings.TrimSuffix(strings.TrimPrefix(root, string(Actors)+"/"), ".yaml")
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
