package catalogue

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/requests"
)

// Paths returns every path the catalogue says exists, sorted.
func Paths(c *Catalogue) []string {
	var out []string
	for _, pt := range c.parts {
		out = append(out, pt.paths.all()...)
	}
	sort.Strings(out)
	return out
}

// Diff describes how two catalogues differ, field by field (every exported
// and unexported field, entries compared deeply), or returns "" when they are
// equal.
func Diff(a, b *Catalogue) string {
	var d []string
	field := func(name string, x, y any) {
		if !reflect.DeepEqual(x, y) {
			d = append(d, fmt.Sprintf("%s differ:\n  %s\n  %s", name, short(x), short(y)))
		}
	}
	field("Meta", a.Meta, b.Meta)
	field("walked", a.walked, b.walked)
	field("only", a.only, b.only)
	if len(a.Actors) != len(b.Actors) || len(a.Requests) != len(b.Requests) || len(a.Snippets) != len(b.Snippets) || len(a.Schemas) != len(b.Schemas) {
		d = append(d, fmt.Sprintf("counts differ: %d/%d/%d/%d vs %d/%d/%d/%d", len(a.Actors), len(a.Snippets), len(a.Schemas), len(a.Requests),
			len(b.Actors), len(b.Snippets), len(b.Schemas), len(b.Requests)))
	}
	for i := range min(len(a.Actors), len(b.Actors)) {
		field(fmt.Sprintf("Actors[%d]", i), a.Actors[i], b.Actors[i])
	}
	for i := range min(len(a.Snippets), len(b.Snippets)) {
		field(fmt.Sprintf("Snippets[%d]", i), a.Snippets[i], b.Snippets[i])
	}
	for i := range min(len(a.Schemas), len(b.Schemas)) {
		field(fmt.Sprintf("Schemas[%d]", i), a.Schemas[i], b.Schemas[i])
	}
	for i := range min(len(a.Requests), len(b.Requests)) {
		field(fmt.Sprintf("Requests[%d]", i), a.Requests[i], b.Requests[i])
	}
	field("Trainings", a.Trainings, b.Trainings)
	field("Tips", a.Tips, b.Tips)
	field("Board", a.Board, b.Board)
	field("Problems", problemLines(a), problemLines(b))
	field("Problems (deep)", a.Problems, b.Problems)
	field("maps", []any{a.actors, a.snippets, a.schemas, a.requests, a.trainings, a.tips}, []any{b.actors, b.snippets, b.schemas, b.requests, b.trainings, b.tips})
	field("refs", a.refs, b.refs)
	roots := map[string]bool{}
	for r := range a.parts {
		roots[r] = true
	}
	for r := range b.parts {
		roots[r] = true
	}
	for r := range roots {
		field("part "+r, a.parts[r], b.parts[r])
	}
	// Every other field is compared above: a new one must be added here.
	if n := reflect.TypeOf(Catalogue{}).NumField(); n != 19 {
		d = append(d, fmt.Sprintf("Catalogue has %d fields: update Diff", n))
	}
	return strings.Join(d, "\n")
}

func problemLines(c *Catalogue) []string {
	var out []string
	for _, p := range c.Problems {
		out = append(out, p.String())
	}
	return out
}

func short(x any) string {
	s := fmt.Sprintf("%+v", x)
	if len(s) > 600 {
		s = s[:600] + "…"
	}
	return s
}

// Decoded returns how many entry roots a snapshot has decoded so far.
func Decoded(s *Snapshot) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.cache)
}

// SetListShare sets the fewest rows a goroutine of ListRequests decodes
// (so small registries test the parallel path) and returns the undo.
func SetListShare(n int) func() {
	old := listShare
	listShare = n
	return func() { listShare = old }
}

// PatchCounted is PatchSnapshot, also saying how many records it copied
// from old and how many it encoded.
func PatchCounted(c *Catalogue, old *Snapshot, prev *Catalogue) (data []byte, copied, encoded int, err error) {
	reuse := patchReuse(old, prev)
	data, err = c.marshal(func(root string, pt *part, refs []fact.Problem, st *requests.Standing) []byte {
		b := reuseRecord(reuse, root, pt, refs, st)
		if b != nil {
			copied++
		} else {
			encoded++
		}
		return b
	}, patchLists(old, prev, c))
	return data, copied, encoded, err
}

// CatalogueOneCopy is Catalogue as it was before its strings were its own:
// every string a slice of one copy of the whole snapshot (the benchmarks'
// baseline).
func (s *Snapshot) CatalogueOneCopy() (*Catalogue, error) { return s.catalogue(false) }

// PatchListsCounted is PatchSnapshot, also saying how many haystacks and
// request rows of the list section it copied from old.
func PatchListsCounted(c *Catalogue, old *Snapshot, prev *Catalogue) (data []byte, hays, rows int, err error) {
	lr := patchLists(old, prev, c)
	data, err = c.marshal(patchReuse(old, prev), lr)
	if lr != nil {
		hays, rows = lr.hays, lr.rows
	}
	return data, hays, rows, err
}

// SetMinBorrow sets the shortest run of bytes an overlay's encoding keeps
// as a piece of the snapshot's data (1: every run), for a test; it returns
// a func that restores it.
func SetMinBorrow(n int) func() {
	old := minBorrow
	minBorrow = n
	return func() { minBorrow = old }
}
