package requests

import (
	"strings"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Transfer is one hop of a request from the actor that had to answer it to
// another, computed from a transfer event.
type Transfer struct {
	// From is the addressee before the transfer, To the one after.
	From string `json:"from"`
	To   string `json:"to"`
	// By is the organisation that made the transfer (the event's actor).
	By    string    `json:"by"`
	Date  fact.Date `json:"date"`
	Stamp time.Time `json:"stamp"`
	Note  string    `json:"note,omitempty"`
}

// Transfers lists every hop of the request, oldest first: the first goes
// from AddressedTo, each next one from the previous one's To.
func (r *Request) Transfers() []Transfer {
	var out []Transfer
	cur := r.AddressedTo
	for _, e := range r.Events {
		if !e.IsTransfer() {
			continue
		}
		out = append(out, Transfer{From: cur, To: e.TransferTo, By: e.Actor, Date: e.Date, Stamp: e.Stamp, Note: e.Note})
		cur = e.TransferTo
	}
	return out
}

// CurrentAddressee is the actor that must answer the request now: the
// addressee of its last transfer, else AddressedTo.
func (r *Request) CurrentAddressee() string {
	for i := len(r.Events) - 1; i >= 0; i-- {
		if r.Events[i].IsTransfer() {
			return r.Events[i].TransferTo
		}
	}
	return r.AddressedTo
}

// AddresseeBefore is the actor that had to answer the request when event e
// was recorded: the addressee of the last transfer ordered before e, else
// AddressedTo. For an event not among r.Events, it is the addressee after
// every transfer ordered before it.
func (r *Request) AddresseeBefore(e *Event) string {
	cur := r.AddressedTo
	for _, x := range r.Events {
		if x == e || !x.Less(e) {
			break
		}
		if x.IsTransfer() {
			cur = x.TransferTo
		}
	}
	return cur
}

// NewTransfer builds the transfer of r that actor makes at time at, to the
// actor to, with an optional note. It refuses what makes no sense on its
// face: an invalid actor id, a transfer to the current addressee (nothing
// would change) or to the requesting organisation (it cannot answer its own
// request), a text with control characters. Who may transfer, and whether
// the new addressee exists, are the registry's checks.
func NewTransfer(r *Request, actor, to string, who Author, note string, at time.Time) (*Event, *i18n.Error) {
	if err := checkActorID("--as", actor); err != nil {
		return nil, err
	}
	to = strings.TrimSpace(to)
	if err := checkActorID("--to", to); err != nil {
		return nil, err
	}
	if err := CheckTransferable(r); err != nil {
		return nil, err
	}
	switch to {
	case r.CurrentAddressee():
		return nil, i18n.Errorf(i18n.T("la demande %s est déjà adressée à %s : rien à transférer", "the request %s is already addressed to %s: nothing to transfer"), r.ID, to)
	case r.RequestedBy:
		return nil, i18n.Errorf(i18n.T("%s a déposé la demande %s : elle ne peut pas lui être transférée", "%s filed the request %s: it cannot be transferred to it"), to, r.ID)
	}
	e := &Event{
		Stamp: at.UTC().Truncate(time.Second), Actor: actor, TransferTo: to,
		Name: oneLine(who.Name), Email: strings.TrimSpace(who.Email), Date: fact.DateOf(at), Note: block(note),
	}
	if err := checkAuthor(e.Name, e.Email); err != nil {
		return nil, err
	}
	if err := checkText("note", e.Note); err != nil {
		return nil, err
	}
	return e, nil
}

// CheckTransferable says whether r can still be transferred: a closed
// request cannot.
func CheckTransferable(r *Request) *i18n.Error {
	if st := r.Status(); !st.Open() {
		return i18n.Errorf(i18n.T("la demande %s est close (%s) : elle ne peut plus être transférée", "the request %s is closed (%s): it can no longer be transferred"), r.ID, statusLabels[st])
	}
	return nil
}
