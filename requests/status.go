// Package requests holds the data requests: a commune asks an actor for data,
// other organisations support it (votes), and the addressed actor or the
// registry's triagers answer it (events). It parses and checks the files of
// requests/<id>/, computes each request's status and supporters, and ranks
// the requests into GPSO's priority board.
package requests

import (
	"strings"

	"github.com/gpso/codal/i18n"
)

// Status is where a request stands.
type Status string

// The statuses a request can have. A request without events is Submitted.
const (
	Submitted        Status = "submitted"
	UnderReview      Status = "under-review"
	Planned          Status = "planned"
	InProgress       Status = "in-progress"
	Published        Status = "published"
	AlreadyAvailable Status = "already-available"
	Declined         Status = "declined"
	Duplicate        Status = "duplicate"
	Withdrawn        Status = "withdrawn"
)

// Statuses lists every status, open ones first.
var Statuses = []Status{Submitted, UnderReview, Planned, InProgress, Published, AlreadyAvailable, Declined, Duplicate, Withdrawn}

var statusLabels = map[Status]i18n.Text{
	Submitted:        i18n.T("déposée", "submitted"),
	UnderReview:      i18n.T("à l'étude", "under review"),
	Planned:          i18n.T("planifiée", "planned"),
	InProgress:       i18n.T("en cours", "in progress"),
	Published:        i18n.T("publiée", "published"),
	AlreadyAvailable: i18n.T("déjà disponible", "already available"),
	Declined:         i18n.T("refusée", "declined"),
	Duplicate:        i18n.T("doublon", "duplicate"),
	Withdrawn:        i18n.T("retirée", "withdrawn"),
}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { _, ok := statusLabels[s]; return ok }

// Open reports whether the request still waits for an answer: submitted,
// under-review, planned or in-progress.
func (s Status) Open() bool {
	switch s {
	case Submitted, UnderReview, Planned, InProgress:
		return true
	}
	return false
}

// Label is the status's name for people.
func (s Status) Label(l i18n.Lang) string {
	if t, ok := statusLabels[s]; ok {
		return t.In(l)
	}
	return string(s)
}

// StatusNames returns the status values joined by ", ", for messages.
func StatusNames() string {
	s := make([]string, len(Statuses))
	for i, v := range Statuses {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// Need is how much a supporting organisation needs the data.
type Need string

// The levels of need, strongest first.
const (
	Essential  Need = "essential"
	Useful     Need = "useful"
	Interested Need = "interested"
)

// Needs lists the levels of need, strongest first.
var Needs = []Need{Essential, Useful, Interested}

var needLabels = map[Need]i18n.Text{
	Essential:  i18n.T("indispensable", "essential"),
	Useful:     i18n.T("utile", "useful"),
	Interested: i18n.T("intéressée", "interested"),
}

// Valid reports whether n is one of Needs.
func (n Need) Valid() bool { _, ok := needLabels[n]; return ok }

// Label is the level's name for people.
func (n Need) Label(l i18n.Lang) string {
	if t, ok := needLabels[n]; ok {
		return t.In(l)
	}
	return string(n)
}
