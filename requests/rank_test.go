package requests

import (
	"reflect"
	"testing"
	"time"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
)

func day(s string) fact.Date {
	d, err := fact.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestRankOrder(t *testing.T) {
	actors := map[string]*directory.Actor{
		"issy":     {ID: "issy", Kind: directory.Commune, Population: 68000},
		"meudon":   {ID: "meudon", Kind: directory.Commune, Population: 46000},
		"vanves":   {ID: "vanves", Kind: directory.Commune, Population: 28000},
		"chaville": {ID: "chaville", Kind: directory.Commune, Population: 20000},
		"marnes":   {ID: "marnes", Kind: directory.Commune, Population: 1800},
		"gpso":     {ID: "gpso", Kind: directory.EPT, Population: 320000},
		"alec":     {ID: "alec", Kind: directory.Agence},
	}
	lookup := func(id string) *directory.Actor { return actors[id] }
	vote := func(actor, date string) *Vote { return &Vote{Actor: actor, Date: day(date), Need: Useful} }
	ev := func(status Status, dup string) *Event {
		return &Event{Stamp: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), Actor: "gpso", Status: status, DuplicateOf: dup}
	}
	reqs := []*Request{
		// 2 communes, 2 organisations.
		{ID: "two-communes", RequestedBy: "issy", AddressedTo: "gpso", Created: day("2026-01-10"), Votes: []*Vote{vote("meudon", "2026-01-11")}},
		// 2 communes and an agency: more organisations wins the tie.
		{ID: "two-communes-plus", RequestedBy: "vanves", AddressedTo: "gpso", Created: day("2026-03-01"), Votes: []*Vote{vote("chaville", "2026-03-02"), vote("alec", "2026-03-03")}},
		// 2 communes, 2 organisations, less population than two-communes.
		{ID: "small-pop", RequestedBy: "marnes", AddressedTo: "gpso", Created: day("2025-12-01"), Votes: []*Vote{vote("chaville", "2026-01-02")}},
		// Same as small-pop in every count, created later: ranks after it.
		{ID: "small-pop-later", RequestedBy: "chaville", AddressedTo: "gpso", Created: day("2026-02-01"), Votes: []*Vote{vote("marnes", "2026-02-02")}},
		// 3 communes but closed: after every open one.
		{ID: "closed", RequestedBy: "issy", AddressedTo: "gpso", Created: day("2026-01-01"),
			Votes: []*Vote{vote("meudon", "2026-01-02"), vote("vanves", "2026-01-03")}, Events: []*Event{ev(Published, "")}},
		// One commune of its own plus the supporters of its duplicate.
		{ID: "original", RequestedBy: "meudon", AddressedTo: "gpso", Created: day("2026-04-01")},
		{ID: "dup", RequestedBy: "vanves", AddressedTo: "gpso", Created: day("2026-04-02"),
			Votes: []*Vote{vote("chaville", "2026-04-03"), vote("marnes", "2026-04-03")}, Events: []*Event{ev(Duplicate, "original")}},
		// The requester also voting counts once.
		{ID: "self-vote", RequestedBy: "marnes", AddressedTo: "gpso", Created: day("2026-06-01"), Votes: []*Vote{vote("marnes", "2026-06-02")}},
	}
	board := Rank(reqs, lookup)
	var order []string
	for i, s := range board {
		order = append(order, s.Request.ID)
		if s.Rank != i+1 {
			t.Errorf("%s has rank %d at position %d", s.Request.ID, s.Rank, i+1)
		}
	}
	want := []string{"original", "two-communes-plus", "two-communes", "small-pop", "small-pop-later", "self-vote", "closed", "dup"}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("order\n got %v\nwant %v", order, want)
	}
	orig := board[0]
	if !reflect.DeepEqual(orig.Supporters, []string{"meudon", "vanves", "chaville", "marnes"}) || len(orig.Communes) != 4 || orig.Population != 46000+28000+20000+1800 {
		t.Errorf("original standing %+v", orig)
	}
	if s := board[5]; len(s.Supporters) != 1 {
		t.Errorf("self-vote supporters %v, want the requester once", s.Supporters)
	}
}

func TestDuplicateCycleDoesNotLoop(t *testing.T) {
	ev := func(dup string) *Event { return &Event{Status: Duplicate, DuplicateOf: dup} }
	reqs := []*Request{
		{ID: "a", RequestedBy: "x", Events: []*Event{ev("b")}},
		{ID: "b", RequestedBy: "y", Events: []*Event{ev("a")}},
	}
	board := Rank(reqs, func(string) *directory.Actor { return nil })
	if len(board) != 2 || len(board[0].Supporters) != 1 || len(board[1].Supporters) != 1 {
		t.Errorf("cycle changed supporters: %+v", board)
	}
}
