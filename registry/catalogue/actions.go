package catalogue

import (
	"fmt"
	"strings"
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/snippets"
)

// Prepared is a write checked against the catalogue and ready to go: the
// change to commit (with Write) and what it records. Preparing reads nothing
// from disk, so a UI can prepare in its update loop and write in the
// background.
type Prepared struct {
	Change Change
	// Path is the file written (or removed, for a withdrawn vote).
	Path string
	// Request is the request concerned; for FileRequest, the new one.
	Request *requests.Request
	// Vote is the vote cast, or withdrawn.
	Vote *requests.Vote
	// Event is the status change, or the transfer.
	Event *requests.Event
	// Comment is the new comment, for Comment.
	Comment *requests.Comment
	// Snippet is the new snippet, for PrepareSnippet.
	Snippet *snippets.Snippet
}

// author turns an identity into the author of a vote or an event.
func author(who Identity) requests.Author { return requests.Author{Name: who.Name, Email: who.Email} }

// Preparer prepares writes against what a View says of the registry:
// Prepare(v).CastVote(…). The View is a loaded Catalogue today; an index
// can stand in for it without the preparing code changing. Preparing reads
// nothing from disk.
type Preparer struct{ View }

// Prepare returns the preparer of writes against v.
func Prepare(v View) Preparer { return Preparer{v} }

// FileRequest is Prepare(c).FileRequest.
func (c *Catalogue) FileRequest(d requests.Draft, at time.Time) (Prepared, error) {
	return Prepare(c).FileRequest(d, at)
}

// CastVote is Prepare(c).CastVote.
func (c *Catalogue) CastVote(id, actor string, need requests.Need, comment string, who Identity, at time.Time) (Prepared, error) {
	return Prepare(c).CastVote(id, actor, need, comment, who, at)
}

// WithdrawVote is Prepare(c).WithdrawVote.
func (c *Catalogue) WithdrawVote(id, actor string) (Prepared, error) {
	return Prepare(c).WithdrawVote(id, actor)
}

// Transfer is Prepare(c).Transfer.
func (c *Catalogue) Transfer(id, actor, to, note string, who Identity, at time.Time) (Prepared, error) {
	return Prepare(c).Transfer(id, actor, to, note, who, at)
}

// ChangeStatus is Prepare(c).ChangeStatus.
func (c *Catalogue) ChangeStatus(id, actor string, a requests.Answer, who Identity, at time.Time) (Prepared, error) {
	return Prepare(c).ChangeStatus(id, actor, a, who, at)
}

func (c Preparer) needActor(id, flag string) error {
	if id == "" {
		return i18n.Errorf(i18n.T("dites pour quelle organisation vous agissez : %s ACTEUR, ou CODAL_ACTOR, ou actor dans la configuration de codal",
			"say which organisation you act for: %s ACTOR, or CODAL_ACTOR, or actor in codal's configuration"), flag)
	}
	if c.Actor(id) == nil {
		return i18n.Errorf(i18n.T("l'organisation %q n'existe pas dans l'annuaire (voir codal list actors)", "the organisation %q is not in the directory (see codal list actors)"), id)
	}
	return nil
}

func (c Preparer) needRequest(id string) (*requests.Request, error) {
	r := c.Request(id)
	if r == nil {
		return nil, i18n.Errorf(i18n.T("la demande %q n'existe pas (voir codal list requests)", "the request %q does not exist (see codal list requests)"), id)
	}
	return r, nil
}

// FileRequest prepares a new request: both organisations must be in the
// directory, and the id, derived from the title, is made unique among the
// registry's requests (and folders).
func (c Preparer) FileRequest(d requests.Draft, at time.Time) (Prepared, error) {
	if err := c.needActor(d.RequestedBy, "--by"); err != nil {
		return Prepared{}, err
	}
	if d.AddressedTo == "" {
		return Prepared{}, i18n.Errorf(i18n.T("dites à quelle organisation la demande s'adresse : --to ACTEUR", "say which organisation the request is addressed to: --to ACTOR"))
	}
	if err := c.needActor(d.AddressedTo, "--to"); err != nil {
		return Prepared{}, err
	}
	id, err := requests.NewID(d.Title, func(id string) bool { return c.Request(id) != nil || c.Exists("requests/"+id) })
	if err != nil {
		return Prepared{}, err
	}
	r, ierr := requests.NewRequest(id, d, at)
	if ierr != nil {
		return Prepared{}, ierr
	}
	p := requests.RequestPath(id)
	return Prepared{
		Change:  Change{Message: fmt.Sprintf("Demande %s : %s (%s → %s)", id, r.Title, r.RequestedBy, r.AddressedTo), Files: map[string][]byte{p: r.YAML()}},
		Path:    p,
		Request: r,
	}, nil
}

// CastVote prepares actor's vote for request id, signed by who. Voting again
// rewrites the organisation's vote file (one vote per organisation).
func (c Preparer) CastVote(id, actor string, need requests.Need, comment string, who Identity, at time.Time) (Prepared, error) {
	r, err := c.needRequest(id)
	if err != nil {
		return Prepared{}, err
	}
	if err := c.needActor(actor, "--as"); err != nil {
		return Prepared{}, err
	}
	v, ierr := requests.NewVote(r, actor, author(who), need, comment, at)
	if ierr != nil {
		return Prepared{}, ierr
	}
	p := requests.VotePath(id, actor)
	verb := "Vote"
	if r.Vote(actor) != nil {
		verb = "Vote mis à jour"
	}
	return Prepared{
		Change:  Change{Message: fmt.Sprintf("%s de %s pour %s (%s)", verb, actor, id, need), Files: map[string][]byte{p: v.YAML()}},
		Path:    p,
		Request: r,
		Vote:    v,
	}, nil
}

// WithdrawVote prepares the removal of actor's vote on request id.
func (c Preparer) WithdrawVote(id, actor string) (Prepared, error) {
	r, err := c.needRequest(id)
	if err != nil {
		return Prepared{}, err
	}
	if err := c.needActor(actor, "--as"); err != nil {
		return Prepared{}, err
	}
	if err := requests.CheckUnvote(r, actor); err != nil {
		return Prepared{}, err
	}
	p := requests.VotePath(id, actor)
	return Prepared{
		Change:  Change{Message: fmt.Sprintf("Retrait du vote de %s pour %s", actor, id), Files: map[string][]byte{p: nil}},
		Path:    p,
		Request: r,
		Vote:    r.Vote(actor),
	}, nil
}

// ChangeStatus prepares a status change of request id made by actor: the
// registry's triagers and the current addressee (the addressed
// organisation, or the last one the request was transferred to) may set
// any status, the
// requesting organisation may only withdraw its request; the original of a
// duplicate must exist. The event's file name is made unique (a second later
// when one already exists for that second and organisation).
func (c Preparer) ChangeStatus(id, actor string, a requests.Answer, who Identity, at time.Time) (Prepared, error) {
	r, err := c.needRequest(id)
	if err != nil {
		return Prepared{}, err
	}
	if err := c.needActor(actor, "--as"); err != nil {
		return Prepared{}, err
	}
	e, ierr := requests.NewEvent(r, actor, author(who), a, at)
	if ierr != nil {
		return Prepared{}, ierr
	}
	if !mayChangeStatus(c.View, r, actor, e.Status, r.CurrentAddressee()) {
		return Prepared{}, i18n.Errorf(i18n.T(
			"%s ne peut pas changer le statut de %s : seuls les trieurs du registre et le destinataire actuel (%s) le peuvent, et le demandeur peut la retirer (withdrawn)",
			"%s may not change the status of %s: only the registry's triagers and the current addressee (%s) may, and the requester may withdraw it (withdrawn)"),
			actor, id, c.allowed(r))
	}
	if e.DuplicateOf != "" {
		orig := c.Request(e.DuplicateOf)
		if orig == nil {
			return Prepared{}, i18n.Errorf(i18n.T("la demande d'origine %q n'existe pas (voir codal list requests)", "the original request %q does not exist (see codal list requests)"), e.DuplicateOf)
		}
		if l := orig.Latest(); l != nil && l.Status == requests.Duplicate && l.DuplicateOf == id {
			return Prepared{}, i18n.Errorf(i18n.T("%s est déjà marquée comme doublon de %s : deux demandes ne peuvent pas être doublons l'une de l'autre", "%s is already marked as a duplicate of %s: two requests cannot duplicate each other"), e.DuplicateOf, id)
		}
	}
	for c.Exists(requests.EventPath(id, e)) {
		e.Stamp = e.Stamp.Add(time.Second)
	}
	p := requests.EventPath(id, e)
	return Prepared{
		Change:  Change{Message: fmt.Sprintf("Statut de %s : %s (%s)", id, e.Status, actor), Files: map[string][]byte{p: e.YAML()}},
		Path:    p,
		Request: r,
		Event:   e,
	}, nil
}

// allowed lists who may answer r now: the triagers, then the current
// addressee when it is not one of them.
func (c Preparer) allowed(r *requests.Request) string {
	allowed := append([]string{}, c.Triagers()...)
	if cur := r.CurrentAddressee(); !c.IsTriager(cur) {
		allowed = append(allowed, cur)
	}
	return strings.Join(allowed, ", ")
}

// Transfer prepares the transfer of request id, made by actor, to the
// organisation to (with an optional note): the registry's triagers and the
// current addressee may send a request on to whoever holds the data, which
// then answers it in the addressee's place. The new addressee must be in
// the directory, and neither the current addressee nor the requester. The
// change needs registry format 2 (Change.MinFormat). The event's file name
// is made unique as ChangeStatus's is.
func (c Preparer) Transfer(id, actor, to, note string, who Identity, at time.Time) (Prepared, error) {
	r, err := c.needRequest(id)
	if err != nil {
		return Prepared{}, err
	}
	if err := c.needActor(actor, "--as"); err != nil {
		return Prepared{}, err
	}
	e, ierr := requests.NewTransfer(r, actor, to, author(who), note, at)
	if ierr != nil {
		return Prepared{}, ierr
	}
	if !mayTransfer(c.View, actor, r.CurrentAddressee()) {
		return Prepared{}, i18n.Errorf(i18n.T(
			"%s ne peut pas transférer %s : seuls les trieurs du registre et le destinataire actuel (%s) le peuvent",
			"%s may not transfer %s: only the registry's triagers and the current addressee (%s) may"),
			actor, id, c.allowed(r))
	}
	if c.Actor(e.TransferTo) == nil {
		return Prepared{}, i18n.Errorf(i18n.T("l'organisation %q n'existe pas dans l'annuaire (voir codal list actors)", "the organisation %q is not in the directory (see codal list actors)"), e.TransferTo)
	}
	for c.Exists(requests.EventPath(id, e)) {
		e.Stamp = e.Stamp.Add(time.Second)
	}
	p := requests.EventPath(id, e)
	return Prepared{
		Change: Change{Message: fmt.Sprintf("Transfert de %s : %s → %s (%s)", id, r.CurrentAddressee(), e.TransferTo, actor),
			Files: map[string][]byte{p: e.YAML()}, MinFormat: TransferFormat},
		Path:    p,
		Request: r,
		Event:   e,
	}, nil
}
