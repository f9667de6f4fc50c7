package main

import (
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/news"
)

// catalogueNews is the catalogue-based source of a meeting pack's news: the
// facts of the period [since, until] that carry their own date — a request
// filed (its created date), a support (its vote's date), a status change
// (its event's time stamp). Withdrawn supports, transfers and changes to
// snippets, schemas and actors leave no dated fact in the catalogue: only
// the registry's Git history tells them.
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
