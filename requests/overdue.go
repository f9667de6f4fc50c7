package requests

import (
	"sort"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// DefaultResponseDays is the response clock when registry.yaml sets no
// response_days: 30 calendar days.
const DefaultResponseDays = 30

// MaxResponseDays is the longest response clock registry.yaml may set.
const MaxResponseDays = 3650

// LateReason says why a request is overdue.
type LateReason string

// The reasons a request is overdue.
const (
	// LateAnswer: the current addressee (or a triager) has not answered
	// within the response clock since the filing or the last transfer.
	LateAnswer LateReason = "no-answer"
	// LateWantedBy: the wanted-by date has passed and the data is not
	// published.
	LateWantedBy LateReason = "wanted-by"
)

// Label is the reason's words for people.
func (l LateReason) Label(lang i18n.Lang) string {
	switch l {
	case LateAnswer:
		return i18n.T("sans réponse", "no answer").In(lang)
	case LateWantedBy:
		return i18n.T("date souhaitée passée", "wanted-by date passed").In(lang)
	}
	return string(l)
}

// Late is an overdue request: why, since when, and by how many days.
type Late struct {
	Request *Request `json:"-"`
	// ID is the request's id, for scripts.
	ID     string     `json:"id"`
	Reason LateReason `json:"reason"`
	// Due is the last day the answer (or the publication) was on time.
	Due fact.Date `json:"due"`
	// Days is the number of calendar days from Due to today (1 the day
	// after Due).
	Days int `json:"days_late"`
	// Addressee is the actor that must answer now (the current addressee).
	Addressee string `json:"addressee"`
}

// Overdue says whether r is overdue on the calendar day of today, with a
// response clock of days calendar days (DefaultResponseDays when days < 1):
//   - no answer: no status event by the current addressee or a triager
//     (isTriager) since the filing (created) or the last transfer, and more
//     than days days since then;
//   - wanted-by: the wanted_by date has passed and the request is not
//     published.
//
// A closed request (published, already-available, declined, duplicate,
// withdrawn) is never overdue. When both reasons hold, the one late by more
// days is given (no answer on a tie). today is the caller's: nothing here
// reads the clock.
func (r *Request) Overdue(days int, isTriager func(actor string) bool, today time.Time) (Late, bool) {
	if days < 1 {
		days = DefaultResponseDays
	}
	if !r.Status().Open() {
		return Late{}, false
	}
	day := fact.DateOf(today)
	best, found := Late{}, false
	consider := func(reason LateReason, due fact.Date) {
		if due.IsZero() || !day.After(due.Time) {
			return
		}
		n := calendarDays(due, day)
		if !found || n > best.Days {
			best, found = Late{Request: r, ID: r.ID, Reason: reason, Due: due, Days: n, Addressee: r.CurrentAddressee()}, true
		}
	}
	if due, ok := r.answerDue(days, isTriager); ok {
		consider(LateAnswer, due)
	}
	if !r.WantedBy.IsZero() {
		consider(LateWantedBy, fact.DateOf(r.WantedBy.Time))
	}
	return best, found
}

// answerDue is the last day of the response clock, and false when the
// request has been answered since the filing or its last transfer.
func (r *Request) answerDue(days int, isTriager func(string) bool) (fact.Date, bool) {
	start := fact.DateOf(r.Created.Time)
	if r.Created.IsZero() {
		start = fact.Date{}
	}
	addressee := r.AddressedTo
	for _, e := range r.Events {
		switch {
		case e.IsTransfer():
			// A transfer restarts the clock for its new addressee.
			start, addressee = fact.DateOf(e.Stamp), e.TransferTo
		case e.Actor == addressee || isTriager != nil && isTriager(e.Actor):
			start = fact.Date{}
		}
	}
	if start.IsZero() {
		return fact.Date{}, false
	}
	return fact.Date{Time: start.AddDate(0, 0, days)}, true
}

// calendarDays counts the calendar days from a to b (both UTC dates).
func calendarDays(a, b fact.Date) int {
	return int(b.Sub(a.Time).Hours()/24 + 0.5)
}

// Overdue lists the overdue requests among reqs (see Request.Overdue),
// most late first; on a tie, the earlier due date, then the request id.
func Overdue(reqs []*Request, days int, isTriager func(actor string) bool, today time.Time) []Late {
	var out []Late
	for _, r := range reqs {
		if l, ok := r.Overdue(days, isTriager, today); ok {
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Days != b.Days {
			return a.Days > b.Days
		}
		if !a.Due.Equal(b.Due.Time) {
			return a.Due.Before(b.Due.Time)
		}
		return a.ID < b.ID
	})
	return out
}
