package requests

import (
	"path"
	"strings"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// StampLayout is the time layout of event file names: 20260302T101500Z.
const StampLayout = "20060102T150405Z"

// Event is one status change or one transfer, read from
// requests/<id>/events/<YYYYMMDDTHHMMSSZ>-<actor-id>.yaml. An event carries
// either a Status or a TransferTo (the actor the request is sent on to),
// never both: a transfer changes who must answer, not where the request
// stands.
type Event struct {
	// Stamp is the UTC time in the file name; events are ordered by it.
	Stamp time.Time `yaml:"-" json:"stamp"`
	// Actor is the organisation that made the change (from the file name).
	Actor  string `yaml:"-" json:"actor"`
	Status Status `yaml:"status" json:"status,omitempty"`
	// TransferTo is the actor a transfer sends the request on to; empty for
	// a status change.
	TransferTo  string    `yaml:"transfer_to,omitempty" json:"transfer_to,omitempty"`
	Name        string    `yaml:"name" json:"name"`
	Email       string    `yaml:"email" json:"email"`
	Date        fact.Date `yaml:"date" json:"date"`
	Note        string    `yaml:"note,omitempty" json:"note,omitempty"`
	PlannedFor  fact.Date `yaml:"planned_for,omitempty" json:"planned_for,omitzero"`
	Dataset     string    `yaml:"dataset,omitempty" json:"dataset,omitempty"`
	DuplicateOf string    `yaml:"duplicate_of,omitempty" json:"duplicate_of,omitempty"`
	Reason      string    `yaml:"reason,omitempty" json:"reason,omitempty"`

	// Where locates the file's values, for problems found later.
	Where fact.Where `yaml:"-" json:"-"`
}

// EventFileName returns the file name of an event made at t by actor.
func EventFileName(t time.Time, actor string) string {
	return t.UTC().Format(StampLayout) + "-" + actor + ".yaml"
}

// SplitEventName reads the time and actor id out of an event file name.
func SplitEventName(name string) (time.Time, string, bool) {
	base := strings.TrimSuffix(name, ".yaml")
	if len(base) < len(StampLayout)+2 || base[len(StampLayout)] != '-' || !strings.HasSuffix(name, ".yaml") {
		return time.Time{}, "", false
	}
	t, err := time.Parse(StampLayout, base[:len(StampLayout)])
	if err != nil {
		return time.Time{}, "", false
	}
	actor := base[len(StampLayout)+1:]
	return t, actor, fact.ValidID(actor)
}

// ParseEvent reads one event file.
func ParseEvent(file string, data []byte) (*Event, []fact.Problem) {
	e := &Event{}
	var probs []fact.Problem
	stamp, actor, ok := SplitEventName(path.Base(file))
	if !ok {
		probs = append(probs, fact.Errorf(file, fact.Pos{Line: 1, Col: 1}, "bad-filename",
			i18n.T("nom de fichier d'événement invalide : AAAAMMJJTHHMMSSZ-<acteur>.yaml attendu", "invalid event file name: YYYYMMDDTHHMMSSZ-<actor>.yaml expected")))
	}
	e.Stamp, e.Actor = stamp, actor
	doc, ps := fact.SafeDecodeYAML(file, data, e)
	internEvent(e)
	e.Where = doc.Where()
	probs = append(probs, ps...)
	if fact.Unread(ps) {
		return e, probs
	}
	probs = append(probs, checkWho(doc, e.Name, e.Email)...)
	if e.Date.IsZero() && !doc.Has("date") {
		probs = append(probs, fact.Errorf(file, doc.Pos("date"), "missing-field", fact.MsgMissing, "date"))
	}
	return e, append(probs, e.check(doc)...)
}

// IsTransfer reports whether the event is a transfer (it carries
// transfer_to) rather than a status change.
func (e *Event) IsTransfer() bool { return e.TransferTo != "" }

// check verifies the status and the fields it calls for, or the transfer.
func (e *Event) check(doc *fact.Doc) []fact.Problem {
	f := doc.Path
	switch {
	case e.Status != "" && e.TransferTo != "":
		return []fact.Problem{fact.Errorf(f, doc.Pos("transfer_to"), "status-and-transfer",
			i18n.T("un événement porte soit un statut (status), soit un transfert (transfer_to), pas les deux", "an event carries either a status or a transfer (transfer_to), not both"))}
	case e.TransferTo != "":
		return e.checkTransfer(doc)
	case e.Status == "" && doc.Has("transfer_to"):
		return []fact.Problem{fact.Errorf(f, doc.Pos("transfer_to"), "missing-field", fact.MsgMissing, "transfer_to")}
	case e.Status == "":
		return []fact.Problem{fact.Errorf(f, doc.Pos("status"), "missing-field",
			i18n.T("champ status (ou transfer_to, pour un transfert) manquant", "missing field status (or transfer_to, for a transfer)"))}
	case !e.Status.Valid():
		return []fact.Problem{fact.Errorf(f, doc.Pos("status"), "unknown-status",
			i18n.T("statut inconnu %q (attendu : %s)", "unknown status %q (expected: %s)"), string(e.Status), StatusNames())}
	}
	if err := e.Complete(); err != nil {
		return []fact.Problem{fact.FromError(f, doc.Pos("status"), "missing-field", err)}
	}
	if e.Dataset != "" && !fact.ValidURL(e.Dataset) {
		return []fact.Problem{fact.Errorf(f, doc.Pos("dataset"), "bad-url", fact.MsgBadURL, "dataset", e.Dataset)}
	}
	return nil
}

// checkTransfer verifies a transfer: a valid actor id, and none of the
// fields only a status takes.
func (e *Event) checkTransfer(doc *fact.Doc) []fact.Problem {
	f := doc.Path
	if !fact.ValidID(e.TransferTo) {
		return []fact.Problem{fact.Errorf(f, doc.Pos("transfer_to"), "bad-id",
			i18n.T("identifiant d'acteur invalide %q dans transfer_to", "invalid actor id %q in transfer_to"), e.TransferTo)}
	}
	for _, k := range []string{"planned_for", "dataset", "duplicate_of", "reason"} {
		if doc.Has(k) {
			return []fact.Problem{fact.Errorf(f, doc.Pos(k), "invalid-value",
				i18n.T("%s ne va qu'avec un changement de statut, pas avec un transfert", "%s only goes with a status change, not with a transfer"), k)}
		}
	}
	return nil
}

// Complete checks that the event carries what its status calls for: a reason
// when declined, a dataset URL when published, the original's id when a
// duplicate.
func (e *Event) Complete() *i18n.Error {
	switch {
	case e.Status == Declined && strings.TrimSpace(e.Reason) == "":
		return i18n.Errorf(i18n.T("un refus (declined) doit donner sa raison (reason)", "a declined status needs a reason"))
	case e.Status == Published && strings.TrimSpace(e.Dataset) == "":
		return i18n.Errorf(i18n.T("une publication (published) doit donner l'URL du jeu de données (dataset)", "a published status needs the dataset URL"))
	case e.Status == Duplicate && strings.TrimSpace(e.DuplicateOf) == "":
		return i18n.Errorf(i18n.T("un doublon (duplicate) doit donner l'identifiant de la demande d'origine (duplicate_of)", "a duplicate status needs the original request's id (duplicate_of)"))
	}
	return nil
}

// Less orders events by time stamp, then actor id.
func (e *Event) Less(o *Event) bool {
	if !e.Stamp.Equal(o.Stamp) {
		return e.Stamp.Before(o.Stamp)
	}
	return e.Actor < o.Actor
}
