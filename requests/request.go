package requests

import (
	"path"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Request is one data request, read from requests/<id>/request.yaml, with the
// votes and events of its folder attached by the registry.
type Request struct {
	ID          string    `yaml:"-" json:"id"`
	Title       string    `yaml:"title" json:"title"`
	Description string    `yaml:"description,omitempty" json:"description,omitempty"`
	RequestedBy string    `yaml:"requested_by" json:"requested_by"`
	AddressedTo string    `yaml:"addressed_to" json:"addressed_to"`
	Themes      []string  `yaml:"themes,omitempty" json:"themes,omitempty"`
	Created     fact.Date `yaml:"created" json:"created"`
	WantedBy    fact.Date `yaml:"wanted_by,omitempty" json:"wanted_by,omitzero"`
	Usage       string    `yaml:"usage,omitempty" json:"usage,omitempty"`

	// Where locates the file's values, for problems found later.
	Where fact.Where `yaml:"-" json:"-"`

	// Votes are the supporting organisations' votes, oldest first.
	Votes []*Vote `yaml:"-" json:"-"`
	// Events are the status changes and transfers, oldest first.
	Events []*Event `yaml:"-" json:"-"`
	// Comments are the discussion's messages, oldest first (time stamp,
	// then actor).
	Comments []*Comment `yaml:"-" json:"-"`
}

// Parse reads requests/<id>/request.yaml; file is its path relative to the
// registry root. Actor references are checked by the registry.
func Parse(file string, data []byte) (*Request, []fact.Problem) {
	r := &Request{ID: path.Base(path.Dir(file))}
	doc, probs := fact.SafeDecodeYAML(file, data, r)
	internRequest(r)
	r.Where = doc.Where()
	if fact.Unread(probs) {
		return r, probs
	}
	for _, k := range []struct{ key, val string }{{"title", r.Title}, {"requested_by", r.RequestedBy}, {"addressed_to", r.AddressedTo}} {
		if strings.TrimSpace(k.val) == "" {
			probs = append(probs, fact.Errorf(file, doc.Pos(k.key), "missing-field", fact.MsgMissing, k.key))
		}
	}
	if r.Created.IsZero() && !fact.HasCode(probs, "field-type") {
		probs = append(probs, fact.Errorf(file, doc.Pos("created"), "missing-field", fact.MsgMissing, "created"))
	}
	if r.RequestedBy != "" && r.RequestedBy == r.AddressedTo {
		probs = append(probs, fact.Errorf(file, doc.Pos("addressed_to"), "invalid-value",
			i18n.T("une organisation ne peut pas s'adresser une demande à elle-même (%s)", "an organisation cannot address a request to itself (%s)"), r.AddressedTo))
	}
	if !r.WantedBy.IsZero() && !r.Created.IsZero() && r.WantedBy.Before(r.Created.Time) {
		probs = append(probs, fact.Errorf(file, doc.Pos("wanted_by"), "bad-date",
			i18n.T("la date souhaitée (%s) précède la date de dépôt (%s)", "the wanted-by date (%s) is before the creation date (%s)"), r.WantedBy, r.Created))
	}
	return r, probs
}

// Status is the status of the latest status event (transfers do not change
// it), or Submitted when there is none.
func (r *Request) Status() Status {
	if ev := r.Latest(); ev != nil {
		return ev.Status
	}
	return Submitted
}

// Latest returns the latest status event (transfers left aside), or nil.
func (r *Request) Latest() *Event {
	for i := len(r.Events) - 1; i >= 0; i-- {
		if !r.Events[i].IsTransfer() {
			return r.Events[i]
		}
	}
	return nil
}

// Supporters lists the supporting organisations: the requesting organisation
// first, then each voting organisation once, in the order they voted.
func (r *Request) Supporters() []string {
	out := make([]string, 0, len(r.Votes)+1)
	if r.RequestedBy != "" {
		out = append(out, r.RequestedBy)
	}
	for _, v := range r.Votes {
		if v.Actor != r.RequestedBy {
			out = append(out, v.Actor)
		}
	}
	return out
}

// Vote returns the vote of the organisation, or nil.
func (r *Request) Vote(actor string) *Vote {
	for _, v := range r.Votes {
		if v.Actor == actor {
			return v
		}
	}
	return nil
}
