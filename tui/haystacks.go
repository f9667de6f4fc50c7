package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/registry/catalogue"
)

// kindHaystacks counts a kind's entries in c, in the order its tab lists
// them (the board's for requests), and gives the i-th one's haystack: the
// folded text its filter matches, as `codal list --query` does.
func kindHaystacks(c *catalogue.Catalogue, k catalogue.Kind) (int, func(i int) string) {
	switch k {
	case catalogue.Actors:
		return len(c.Actors), func(i int) string { return c.ActorHaystack(c.Actors[i]) }
	case catalogue.Snippets:
		return len(c.Snippets), func(i int) string { return c.SnippetHaystack(c.Snippets[i]) }
	case catalogue.Schemas:
		return len(c.Schemas), func(i int) string { return c.SchemaHaystack(c.Schemas[i]) }
	case catalogue.Requests:
		return len(c.Board), func(i int) string { return c.RequestHaystack(c.Board[i]) }
	case catalogue.Trainings:
		return len(c.Trainings), func(i int) string { return c.TrainingHaystack(c.Trainings[i]) }
	case catalogue.Tips:
		return len(c.Tips), func(i int) string { return c.TipHaystack(c.Tips[i]) }
	}
	return 0, func(int) string { return "" }
}

// kindIDs are a kind's ids in c, in kindHaystacks' order.
func kindIDs(c *catalogue.Catalogue, k catalogue.Kind) []string {
	n, _ := kindHaystacks(c, k)
	ids := make([]string, n)
	for i := range ids {
		switch k {
		case catalogue.Actors:
			ids[i] = c.Actors[i].ID
		case catalogue.Snippets:
			ids[i] = c.Snippets[i].ID
		case catalogue.Schemas:
			ids[i] = c.Schemas[i].ID
		case catalogue.Requests:
			ids[i] = c.Board[i].Request.ID
		case catalogue.Trainings:
			ids[i] = c.Trainings[i].ID
		case catalogue.Tips:
			ids[i] = c.Tips[i].ID
		}
	}
	return ids
}

// kindAppended is kindHaystacks appending the i-th haystack to dst: the
// requests' folded in place, without garbage (70,000 at 100,000 entries),
// the others through kindHaystacks.
func kindAppended(c *catalogue.Catalogue, k catalogue.Kind) (int, func(dst []byte, i int) []byte) {
	if k == catalogue.Requests {
		return len(c.Board), func(dst []byte, i int) []byte { return c.AppendRequestHaystack(dst, c.Board[i]) }
	}
	n, hay := kindHaystacks(c, k)
	return n, func(dst []byte, i int) []byte { return append(dst, hay(i)...) }
}

// kindList is a kind's list as its tab installs it, without the
// haystacks: the ids, in kindHaystacks' order, and the first matches
// (every entry, the empty query's). They cost what the tabs hold anyway
// (2.4 MB at 100,000 entries); the load command makes every kind's, off
// the event loop, because made in Update they were megabytes allocated
// while the collector marks the new catalogue (tens of milliseconds).
type kindList struct {
	ids   []string
	match []int
}

// kindLists makes every kind's list in c (the load command does).
func kindLists(c *catalogue.Catalogue) map[catalogue.Kind]*kindList {
	out := make(map[catalogue.Kind]*kindList, len(catalogue.Kinds))
	for _, k := range catalogue.Kinds {
		ids := kindIDs(c, k)
		out[k] = &kindList{ids: ids, match: firstMatches(len(ids))}
	}
	return out
}

// kindIDs are a kind's ids in cat, in kindHaystacks' order: those the
// load command made when it did, else made now.
func (e *env) kindIDs(k catalogue.Kind) []string {
	if l := e.lists[k]; l != nil {
		return l.ids
	}
	return kindIDs(e.cat, k)
}

// setKindItems installs a tab's items, ids in kindHaystacks' order, with
// the first matches the load command made (env.lists, taken once) and
// their haystacks folded from the catalogue when a query first needs them
// (browser.setItemsLazy): at 100,000 entries they are 20 MB, packed at
// each load before (docs/scale.md, round 19). The catalogue is never
// changed once loaded, so a command may fold them while Update reads it.
// A tab that was filtering when the load was asked takes the haystacks the
// load command packed (env.packed, taken once).
func (e *env) setKindItems(b *browser, k catalogue.Kind, ids []string) tea.Cmd {
	var first []int
	if l := e.lists[k]; l != nil && len(l.match) == len(ids) {
		first = l.match
		delete(e.lists, k)
	}
	if p := e.packed[k]; p != nil && p.n() == len(ids) {
		delete(e.packed, k)
		return b.setItemsWith(ids, func() { b.list.resetPacked(p, first) })
	}
	n, app := kindAppended(e.cat, k)
	if n != len(ids) {
		app = func(dst []byte, _ int) []byte { return dst } // not the catalogue's list: nothing to match
	}
	return b.setItemsLazy(ids, app, first)
}
