package main

import (
	"github.com/gpso/codal/requests"
)

// requestJSON is a request with what is computed from its files.
type requestJSON struct {
	*requests.Request
	Status        requests.Status `json:"status"`
	Rank          int             `json:"rank"`
	Supporters    []string        `json:"supporters"`
	Communes      []string        `json:"communes"`
	Organisations int             `json:"organisations"`
	Population    int             `json:"population"`
	// CurrentAddressee is who must answer now (addressed_to keeps the
	// original addressee); Transfers are every hop, oldest first.
	CurrentAddressee string              `json:"current_addressee"`
	Transfers        []requests.Transfer `json:"transfers"`
}

// requestDetailJSON adds the votes and the status history.
type requestDetailJSON struct {
	requestJSON
	Votes  []*requests.Vote  `json:"votes"`
	Events []*requests.Event `json:"events"`
	// Comments are the discussion, oldest first.
	Comments []*requests.Comment `json:"comments"`
}

func newRequestJSON(s requests.Standing) requestJSON {
	v := requestJSON{Request: s.Request, Status: s.Status, Rank: s.Rank, Supporters: s.Supporters,
		Communes: s.Communes, Organisations: len(s.Supporters), Population: s.Population,
		CurrentAddressee: s.Request.CurrentAddressee(), Transfers: s.Request.Transfers()}
	if v.Transfers == nil {
		v.Transfers = []requests.Transfer{}
	}
	if v.Supporters == nil {
		v.Supporters = []string{}
	}
	if v.Communes == nil {
		v.Communes = []string{}
	}
	return v
}

func newRequestDetailJSON(s requests.Standing) requestDetailJSON {
	d := requestDetailJSON{requestJSON: newRequestJSON(s), Votes: s.Request.Votes, Events: s.Request.Events}
	if d.Votes == nil {
		d.Votes = []*requests.Vote{}
	}
	if d.Events == nil {
		d.Events = []*requests.Event{}
	}
	d.Comments = s.Request.Comments
	if d.Comments == nil {
		d.Comments = []*requests.Comment{}
	}
	return d
}
