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

// packKinds packs every kind's haystacks, with its ids and its list's
// first matches (every entry): the command that loads the catalogue does
// it, off the event loop (at 100,000 entries, folding them held Update
// for seconds; making the lists, allocating megabytes while the collector
// marks the new catalogue, tens of milliseconds).
func packKinds(c *catalogue.Catalogue) map[catalogue.Kind]*packedHaystacks {
	out := make(map[catalogue.Kind]*packedHaystacks, len(catalogue.Kinds))
	for _, k := range catalogue.Kinds {
		p := packHaystacks(kindHaystacks(c, k))
		p.ids = kindIDs(c, k)
		out[k] = p
	}
	return out
}

// kindIDs are a kind's ids in cat, in kindHaystacks' order: those the
// load command made with the haystacks when it did, else made now.
func (e *env) kindIDs(k catalogue.Kind) []string {
	if p := e.packed[k]; p != nil && p.ids != nil {
		return p.ids
	}
	return kindIDs(e.cat, k)
}

// setKindItems installs a tab's items, ids in kindHaystacks' order: with
// the haystacks the load command packed when it did (taken once), else
// folded now.
func (e *env) setKindItems(b *browser, k catalogue.Kind, ids []string) tea.Cmd {
	if p := e.packed[k]; p != nil && p.n() == len(ids) {
		delete(e.packed, k)
		return b.setItemsPacked(ids, p)
	}
	n, hay := kindHaystacks(e.cat, k)
	if n != len(ids) {
		hay = func(int) string { return "" } // not the catalogue's list: nothing to match
	}
	return b.setItemsFunc(ids, hay)
}
