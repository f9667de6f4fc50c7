// Package report renders the meeting pack of a CODAL meeting: the agenda and
// the follow-up of the period since the last meeting (new requests, supports
// gained, status changes and transfers, overdue requests, the top of the
// priority board, new snippets, schemas and actors), as Markdown or as one
// self-contained HTML file, in French or English.
//
// It is pure: the command layer gathers a Pack (the news of the period, the
// overdue requests, the board, a lookup for names and titles) and the
// renderers write it. Nothing here reads a clock, a disk or a Git history,
// so the same Pack always gives the same bytes. It imports neither go-git
// nor Bubble Tea.
package report

import (
	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/news"
	"github.com/gpso/codal/requests"
)

// Pack is everything a meeting pack shows, gathered by the caller.
type Pack struct {
	// Lang is the language of the pack (French when empty).
	Lang i18n.Lang
	// Registry is the registry's name (registry.yaml's name).
	Registry string
	// Since and Until are the first and last days of the period, both
	// included.
	Since, Until fact.Date
	// Items are the news of the period, in any order: the renderers keep
	// those dated within [Since, Until] and sort them by date.
	Items []news.Item
	// Overdue are the requests waiting too long for an answer, in the order
	// shown.
	Overdue []OverdueRow
	// Board is the top of the priority board, in rank order.
	Board []requests.Standing
	// Communes is the number of communes in the directory (the 8 of "3/8").
	Communes int
	// Lookup names actors and finds requests; nil shows ids only.
	Lookup Lookup
}

// Lookup finds the entries a pack names. A loaded catalogue
// (catalogue.Catalogue) and the catalogue's View implement it.
type Lookup interface {
	// Actor returns the actor with that id, or nil.
	Actor(id string) *directory.Actor
	// Request returns the request with that id, or nil. Its events give
	// the status a request had before a status change.
	Request(id string) *requests.Request
}

// OverdueRow is one request waiting too long for an answer.
type OverdueRow struct {
	// ID and Title are the request's.
	ID    string
	Title string
	// Addressee is the actor the request now waits on (the original
	// addressee, or the last one it was transferred to).
	Addressee string
	// DaysLate is how many days the answer is late.
	DaysLate int
	// Reason says why the request is overdue.
	Reason OverdueReason
}

// OverdueReason says why a request is overdue.
type OverdueReason string

// The reasons a request is overdue.
const (
	// NoAnswer: no status change by its addressee or a triager within the
	// registry's response days of filing or of its last transfer.
	NoAnswer OverdueReason = "no-answer"
	// PastWantedBy: its wanted_by date passed without publication.
	PastWantedBy OverdueReason = "past-wanted-by"
)

// Label is the reason in l.
func (r OverdueReason) Label(l i18n.Lang) string {
	switch r {
	case NoAnswer:
		return i18n.T("sans réponse dans le délai", "no answer in time").In(l)
	case PastWantedBy:
		return i18n.T("date souhaitée dépassée", "wanted-by date passed").In(l)
	}
	return string(r)
}
