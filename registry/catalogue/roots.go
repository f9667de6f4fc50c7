package catalogue

import (
	"maps"
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

// RootOf returns the entry root of a registry path, the unit Update re-reads:
// "requests/<id>/…" → "requests/<id>", "snippets/<id>/…" → "snippets/<id>",
// "schemas/<id>/…" → "schemas/<id>", "actors/<file>" → "actors/<file>"; any
// other path (registry.yaml, a top-level file or unknown folder, a kind
// folder's own files such as requests/README.md) → "": a change there needs
// a full load.
func RootOf(p string) string {
	kind, rest, ok := strings.Cut(p, "/")
	if !ok {
		return ""
	}
	switch Kind(kind) {
	case Actors, Snippets, Schemas, Requests, Trainings, Tips:
	default:
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	if name == "" || name == "." || name == ".." || name == ReadmeFile && Kind(kind) != Actors {
		return ""
	}
	return p[:len(kind)+1+len(name)]
}

// part is what one entry root holds once loaded: the unit Update drops and
// re-reads. The part of root "" holds everything else: registry.yaml's
// problems and the top-level and kind-level listings.
type part struct {
	// probs are the walk's problems under the root, in walk order, then
	// the problems of parsing its files, by path.
	probs []fact.Problem
	// paths are the paths the walk listed under the root (files, folders,
	// refused links), sorted (pathlist.go).
	paths pathList
	// files are a snippet's or a training's folder's files and their
	// sizes (nil when none; a training's sizes are 0: unused).
	files map[string]int64
	// entry is the root's entry, assembled (a request with its votes and
	// events attached and sorted, a schema with its README and examples),
	// or nil: *directory.Actor, *snippets.Snippet, *schemas.Schema or
	// *requests.Request.
	entry any
}

// has reports whether the walk listed p under the part's root.
func (pt *part) has(p string) bool { return pt.paths.has(p) }

// buildParts splits a walk and its parsed files by entry root, and assembles
// each root's entry: votes and events attached to their request and sorted,
// a schema's README and examples recorded.
func buildParts(w *walker, results []parsed) map[string]*part {
	parts := map[string]*part{"": {}}
	get := func(root string) *part {
		pt := parts[root]
		if pt == nil {
			pt = &part{}
			parts[root] = pt
		}
		return pt
	}
	for _, p := range w.probs {
		pt := get(RootOf(p.Path))
		pt.probs = append(pt.probs, p)
	}
	listed := map[*part][]string{}
	for _, p := range w.seen {
		pt := get(RootOf(p))
		listed[pt] = append(listed[pt], p)
	}
	for pt, paths := range listed {
		sort.Strings(paths)
		pt.paths = newPathList(slices.Compact(paths))
	}
	// Parsers hand their results over in any order: by path, every load
	// attaches votes and events in the same order.
	sort.Slice(results, func(i, j int) bool { return results[i].path < results[j].path })
	type extras struct{ votes, events, comments []any }
	var pending map[*part]*extras
	for _, r := range results {
		root := RootOf(r.path)
		pt := get(root)
		pt.probs = append(pt.probs, r.probs...)
		switch v := r.value.(type) {
		case *directory.Actor:
			if v != nil {
				pt.entry = v
			}
		case *snippets.Snippet:
			if v != nil {
				pt.entry = v
				if f := w.snippetFiles[v.ID]; len(f) > 0 {
					pt.files = f
				}
			}
		case *schemas.Schema:
			if v != nil {
				if x := w.schemaExtras[v.ID]; x != nil {
					v.HasReadme, v.Examples = x.readme, x.examples
				}
				pt.entry = v
			}
		case *requests.Request:
			if v != nil {
				pt.entry = v
			}
		case *toolbox.Training:
			if v != nil {
				pt.entry = v
				if f := w.trainingFiles[v.ID]; len(f) > 0 {
					pt.files = f
				}
			}
		case *toolbox.Tip:
			if v != nil {
				pt.entry = v
			}
		case *requests.Vote, *requests.Event, *requests.Comment:
			if pending == nil {
				pending = map[*part]*extras{}
			}
			x := pending[pt]
			if x == nil {
				x = &extras{}
				pending[pt] = x
			}
			switch v.(type) {
			case *requests.Vote:
				x.votes = append(x.votes, v)
			case *requests.Event:
				x.events = append(x.events, v)
			default:
				x.comments = append(x.comments, v)
			}
		}
	}
	for pt, x := range pending {
		r, ok := pt.entry.(*requests.Request)
		if !ok {
			continue // no request.yaml: its votes and events have nothing to attach to
		}
		for _, v := range x.votes {
			r.Votes = append(r.Votes, v.(*requests.Vote))
		}
		for _, e := range x.events {
			r.Events = append(r.Events, e.(*requests.Event))
		}
		for _, cm := range x.comments {
			r.Comments = append(r.Comments, cm.(*requests.Comment))
		}
		sortVotesEvents(r)
	}
	return parts
}

// sortVotesEvents orders a request's votes by date then actor, and its events
// by time stamp then actor.
func sortVotesEvents(r *requests.Request) {
	sort.SliceStable(r.Votes, func(i, j int) bool {
		a, b := r.Votes[i], r.Votes[j]
		if !a.Date.Equal(b.Date.Time) {
			return a.Date.Before(b.Date.Time)
		}
		return a.Actor < b.Actor
	})
	sort.SliceStable(r.Events, func(i, j int) bool { return r.Events[i].Less(r.Events[j]) })
	sort.SliceStable(r.Comments, func(i, j int) bool { return r.Comments[i].Less(r.Comments[j]) })
}

// finish builds the catalogue from its parts: what spans entries (sort
// orders, reference checks, the board) is computed here, from every part.
// With prev (Update's old catalogue) and the roots changed since, the lists
// of kinds nothing changed in are prev's, and the entries of the changed
// roots are merged into prev's sorted lists instead of sorting them again:
// the orders are total, so the lists are the ones a sort would give.
func finish(meta Meta, parts map[string]*part, walked, only []Kind, prev *Catalogue, changed map[string]bool) *Catalogue {
	c := &Catalogue{Meta: meta, parts: parts, walked: walked, only: only}
	for _, pt := range parts {
		c.Problems = append(c.Problems, pt.probs...)
	}
	if prev == nil {
		c.actors = map[string]*directory.Actor{}
		c.snippets = map[string]*snippets.Snippet{}
		c.schemas = map[string]*schemas.Schema{}
		c.requests = map[string]*requests.Request{}
		c.trainings = map[string]*toolbox.Training{}
		c.tips = map[string]*toolbox.Tip{}
		for _, pt := range parts {
			c.add(pt.entry)
		}
		sortCatalogue(c)
	} else {
		c.Actors, c.actors = merge(prev.Actors, prev.actors, parts, changed, Actors,
			func(a *directory.Actor) string { return a.ID }, func(a *directory.Actor) string { return string(Actors) + "/" + a.ID + ".yaml" }, lessActor)
		c.Snippets, c.snippets = merge(prev.Snippets, prev.snippets, parts, changed, Snippets,
			func(s *snippets.Snippet) string { return s.ID }, func(s *snippets.Snippet) string { return string(Snippets) + "/" + s.ID }, lessSnippet)
		c.Schemas, c.schemas = merge(prev.Schemas, prev.schemas, parts, changed, Schemas,
			func(s *schemas.Schema) string { return s.ID }, func(s *schemas.Schema) string { return string(Schemas) + "/" + s.ID }, lessSchema)
		c.Requests, c.requests = merge(prev.Requests, prev.requests, parts, changed, Requests,
			func(r *requests.Request) string { return r.ID }, func(r *requests.Request) string { return string(Requests) + "/" + r.ID }, lessRequest)
		c.Trainings, c.trainings = merge(prev.Trainings, prev.trainings, parts, changed, Trainings,
			func(t *toolbox.Training) string { return t.ID }, func(t *toolbox.Training) string { return string(Trainings) + "/" + t.ID }, lessTraining)
		c.Tips, c.tips = merge(prev.Tips, prev.tips, parts, changed, Tips,
			func(t *toolbox.Tip) string { return t.ID }, func(t *toolbox.Tip) string { return string(Tips) + "/" + t.ID }, lessTip)
	}
	files := func(id string) map[string]int64 { return c.snippetFiles(id) }
	if prev != nil && !changed[""] && sameReferents(prev, parts, changed) {
		// The entries others refer to (actors, the set of requests) are
		// prev's: only the changed roots' own references can differ.
		c.refs = make(map[string][]fact.Problem, len(prev.refs))
		for root, ps := range prev.refs {
			if !changed[root] {
				c.refs[root] = ps
				c.Problems = append(c.Problems, ps...)
			}
		}
		for root := range changed {
			if pt := parts[root]; pt != nil {
				if ps := entryReferences(c, pt.entry, files); len(ps) > 0 {
					c.refs[root] = ps
					c.Problems = append(c.Problems, ps...)
				}
			}
		}
	} else {
		refs := checkReferences(c, files)
		c.refs = map[string][]fact.Problem{}
		for _, p := range refs {
			root := RootOf(p.Path)
			c.refs[root] = append(c.refs[root], p)
		}
		c.Problems = append(c.Problems, refs...)
	}
	fact.Sort(c.Problems)
	if prev != nil && !touches(changed, Actors) && !touches(changed, Requests) {
		c.Board = slices.Clone(prev.Board) // the same requests, the same actors
	} else {
		c.Board = requests.Rank(c.Requests, c.Actor)
	}
	return c
}

// sameReferents reports whether the changed roots leave what entries refer
// to as it was in prev: no actor changed, and the same entries of the other
// kinds exist.
func sameReferents(prev *Catalogue, parts map[string]*part, changed map[string]bool) bool {
	if touches(changed, Actors) {
		return false
	}
	// A tip's related entries may be of any kind: an entry that appeared
	// or went is a referent too, for requests (duplicate_of) and, when
	// prev has tips (a changed tip's own references are checked anyway),
	// for every kind.
	for root := range changed {
		k, id, _ := strings.Cut(root, "/")
		if Kind(k) == Actors || Kind(k) != Requests && len(prev.Tips) == 0 {
			continue
		}
		if (parts[root].entryOrNil() != nil) != prev.Has(Kind(k), id) {
			return false
		}
	}
	return true
}

// touches reports whether a root of the kind changed.
func touches(changed map[string]bool, k Kind) bool {
	for root := range changed {
		if strings.HasPrefix(root, string(k)+"/") {
			return true
		}
	}
	return false
}

func (pt *part) entryOrNil() any {
	if pt == nil {
		return nil
	}
	return pt.entry
}

// add files an assembled entry in the catalogue's lists and maps.
func (c *Catalogue) add(entry any) {
	switch v := entry.(type) {
	case *directory.Actor:
		c.Actors = append(c.Actors, v)
		c.actors[v.ID] = v
	case *snippets.Snippet:
		c.Snippets = append(c.Snippets, v)
		c.snippets[v.ID] = v
	case *schemas.Schema:
		c.Schemas = append(c.Schemas, v)
		c.schemas[v.ID] = v
	case *requests.Request:
		c.Requests = append(c.Requests, v)
		c.requests[v.ID] = v
	case *toolbox.Training:
		c.Trainings = append(c.Trainings, v)
		c.trainings[v.ID] = v
	case *toolbox.Tip:
		c.Tips = append(c.Tips, v)
		c.tips[v.ID] = v
	}
}

// partFiles returns the files the walk found in an entry root's folder
// (a snippet's or a training's).
func (c *Catalogue) partFiles(root string) map[string]int64 {
	if pt := c.parts[root]; pt != nil {
		return pt.files
	}
	return nil
}

// snippetFiles returns the files the walk found in a snippet's folder.
func (c *Catalogue) snippetFiles(id string) map[string]int64 {
	if pt := c.parts[string(Snippets)+"/"+id]; pt != nil {
		return pt.files
	}
	return nil
}

// merge returns the sorted list and the map of one kind after the changed
// roots: prev's entries of the roots that did not change, and the changed
// roots' entries now, each inserted at its place. id gives an entry's id,
// rootOf its root.
func merge[T any](prev []T, prevMap map[string]T, parts map[string]*part, changed map[string]bool, kind Kind,
	id func(T) string, rootOf func(T) string, less func(a, b T) bool) ([]T, map[string]T) {
	var fresh []T
	touched := false
	for root := range changed {
		if !strings.HasPrefix(root, string(kind)+"/") {
			continue
		}
		touched = true
		if pt := parts[root]; pt != nil {
			if v, ok := pt.entry.(T); ok {
				fresh = append(fresh, v)
			}
		}
	}
	if !touched {
		return slices.Clone(prev), maps.Clone(prevMap)
	}
	m := maps.Clone(prevMap)
	if m == nil {
		m = map[string]T{}
	}
	out := make([]T, 0, len(prev)+len(fresh))
	for _, v := range prev {
		if changed[rootOf(v)] {
			delete(m, id(v))
		} else {
			out = append(out, v)
		}
	}
	for _, v := range fresh {
		i := sort.Search(len(out), func(i int) bool { return less(v, out[i]) })
		out = slices.Insert(out, i, v)
		m[id(v)] = v
	}
	if len(out) == 0 {
		out = nil // as a load finding none of the kind
	}
	return out, m
}
