package main

import (
	"strconv"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
)

// requestHeader is the header of the table of requests.
func (a *app) requestHeader() []string {
	return []string{a.tt("RANG", "RANK"), "ID", a.tt("TITRE", "TITLE"), "COMMUNES", a.tt("STATUT", "STATUS"), a.tt("COMMUNES EN SOUTIEN", "SUPPORTING COMMUNES")}
}

// communeNames returns every actor's name by id (what a request's row
// shows for its supporting communes) and how many actors are communes.
func communeNames(l catalogue.Lister) (map[string]string, int, error) {
	actors, err := l.ListActors(nil)
	if err != nil {
		return nil, 0, err
	}
	name, total := make(map[string]string, len(actors)), 0
	for _, x := range actors {
		name[x.ID] = x.Name
		if x.IsCommune() {
			total++
		}
	}
	return name, total, nil
}

// requestTable prints the table of the requests matching terms straight
// from the lister's rows (catalogue.RequestRowLister), without a Standing
// or a JSON object for each: the same bytes listing and printListing print
// from ListRequests (TestRequestTableIsTheListing). Nothing is printed
// before every row was read: the table is written at the end.
func (a *app) requestTable(rl catalogue.RequestRowLister, terms []string) error {
	name, total, err := communeNames(rl)
	if err != nil {
		return err
	}
	t := newTable(a.stdout, a.requestHeader()...)
	rows := 0
	var names []string
	err = rl.EachRequestRow(terms, func(r *catalogue.RequestRow) error {
		rows++
		names = names[:0]
		for _, id := range r.Communes {
			n := name[id]
			if n == "" {
				n = id
			}
			names = append(names, n)
		}
		t.row(strconv.Itoa(r.Rank), r.ID, fact.Truncate(r.Title, 56), a.communeCount(len(r.Communes), total), r.Status.Label(a.lang),
			strings.Join(names, ", "))
		return nil
	})
	if err != nil {
		return err
	}
	if rows == 0 {
		say(a.stderr, a.tt("Aucune entrée ne correspond.", "No entry matches."))
		return nil
	}
	return t.flush()
}
