package main

import (
	"errors"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/news"
	"github.com/gpso/codal/registry/store"
)

// catalogueNews is the first source of a meeting pack's news: the facts of
// the period [since, until] that carry their own date — a request filed
// (its created date), a support (its vote's date), a status change or a
// transfer (its event's time stamp) — so a pack tells what was decided in
// the period whenever it was shared. What leaves no dated fact (a support
// withdrawn, a snippet, schema or actor added, changed or removed) comes
// from the Git history (historyNews).
func catalogueNews(c *catalogue.Catalogue, since, until fact.Date) []news.Item {
	in := func(d fact.Date) bool {
		d = fact.DateOf(d.Time)
		return !d.IsZero() && !d.Before(since.Time) && !d.After(until.Time)
	}
	var out []news.Item
	for _, s := range c.Board {
		r := s.Request
		entry := "requests/" + r.ID
		if in(r.Created) {
			out = append(out, news.Item{Kind: news.RequestFiled, Entry: entry, Title: r.Title, Actor: r.RequestedBy, Date: r.Created.Time})
		}
		for _, v := range r.Votes {
			if v.Actor != r.RequestedBy && in(v.Date) {
				out = append(out, news.Item{Kind: news.SupportGained, Entry: entry, Title: r.Title, Actor: v.Actor, Need: string(v.Need), Date: v.Date.Time})
			}
		}
		for _, e := range r.Events {
			if e.IsTransfer() && in(fact.Date{Time: e.Stamp}) {
				out = append(out, news.Item{Kind: news.Transferred, Entry: entry, Title: r.Title, Actor: e.Actor, To: e.TransferTo, Text: e.Note, Date: e.Stamp})
				continue
			}
			if e.Status != "" && in(fact.Date{Time: e.Stamp}) {
				text := e.Note
				if text == "" {
					text = e.Reason
				}
				out = append(out, news.Item{Kind: news.StatusChanged, Entry: entry, Title: r.Title, Actor: e.Actor, Status: string(e.Status), Text: text, Date: e.Stamp})
			}
		}
	}
	return out
}

// historyNews is what only the Git history tells of the period: supports
// withdrawn and the directory, snippets and schemas added, changed or
// removed (news.Collect over the commits made from since on). A registry
// without Git history (a plain folder) has none: the pack then shows the
// catalogue's dated facts alone.
func historyNews(h store.Historian, c *catalogue.Catalogue, since, until fact.Date) ([]news.Item, error) {
	items, err := news.Collect(h, store.Since{After: since.Time}, news.Titles(c))
	if errors.Is(err, store.ErrNotARepository) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []news.Item
	for _, it := range items {
		switch it.Kind {
		case news.SupportWithdrawn, news.EntryAdded, news.EntryChanged, news.EntryRemoved:
			if d := fact.DateOf(it.Date); !d.Before(since.Time) && !d.After(until.Time) {
				out = append(out, it)
			}
		}
	}
	return out, nil
}
