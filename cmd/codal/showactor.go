package main

import (
	"slices"
	"strings"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/requests"
)

// actorRow is what an actor's page prints of a request it filed or
// supports.
type actorRow struct {
	id       string
	rank     int
	title    string
	communes int
	status   requests.Status
}

// actorRequests returns the requests the actor filed and those it voted
// for without filing them, in board order, as Catalogue.FiledBy and
// SupportedBy give them. From a view that lists row by row (the index's
// snapshot or overlay), only the rows whose haystack holds the actor's
// folded name are read — a request's haystack names its requester and
// supporters —, then the votes of those that count it among their
// supporters (a supporter may come through a duplicate): a few records,
// not the board.
func actorRequests(v catalogue.View, x *directory.Actor) (filed, supported []actorRow, err error) {
	row := func(s *requests.Standing) actorRow {
		return actorRow{id: strings.Clone(s.Request.ID), rank: s.Rank, title: strings.Clone(s.Request.Title), communes: len(s.Communes), status: s.Status}
	}
	if c, ok := v.(*catalogue.Catalogue); ok {
		for _, s := range c.FiledBy(x.ID) {
			filed = append(filed, row(&s))
		}
		for _, s := range c.SupportedBy(x.ID) {
			supported = append(supported, row(&s))
		}
		return filed, supported, nil
	}
	l, ok := v.(catalogue.StandingLister)
	if !ok {
		return nil, nil, catalogue.ErrBadSnapshot
	}
	var maybe []actorRow
	err = l.EachStanding([]string{fact.Fold(x.Name)}, func(s *requests.Standing) error {
		switch {
		case s.Request.RequestedBy == x.ID:
			filed = append(filed, row(s))
		case slices.Contains(s.Supporters, x.ID):
			maybe = append(maybe, row(s))
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	for _, r := range maybe {
		if req := v.Request(r.id); req != nil && req.Vote(x.ID) != nil {
			supported = append(supported, r)
		}
	}
	return filed, supported, nil
}

// actorView is what an actor's page reads through the index: the lister
// of actors and requests (the stat check of their rows, as their lists),
// which answers per entry too, and the count of communes.
func (a *app) actorView(r *registry.Registry) (catalogue.View, int, error) {
	l, err := r.Lister(catalogue.Actors, catalogue.Requests)
	if err != nil {
		return nil, 0, err
	}
	v, ok := l.(catalogue.View)
	if !ok {
		return nil, 0, catalogue.ErrBadSnapshot
	}
	communes, err := l.ListActors([]string{catalogue.KindFacet(string(directory.Commune))})
	if err != nil {
		return nil, 0, err
	}
	n := 0
	for _, x := range communes {
		if x.IsCommune() {
			n++
		}
	}
	return v, n, nil
}
