package requests

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Author is who records a vote or a status change: a name (preferably a role,
// such as "Service données – Ville de Meudon") and an e-mail.
type Author struct {
	Name  string
	Email string
}

// Draft is what someone fills in to file a request.
type Draft struct {
	Title       string
	Description string
	RequestedBy string
	AddressedTo string
	Themes      []string
	WantedBy    fact.Date
	Usage       string
}

// Answer is a status change as someone asks for it.
type Answer struct {
	Status      Status
	Note        string
	PlannedFor  fact.Date
	Dataset     string
	DuplicateOf string
	Reason      string
}

// MaxTitleLen is the longest title accepted, in characters.
const MaxTitleLen = 200

// Paths of a request's files, relative to the registry root.

// RequestPath is requests/<id>/request.yaml.
func RequestPath(id string) string { return "requests/" + id + "/request.yaml" }

// VotePath is requests/<id>/votes/<actor>.yaml.
func VotePath(id, actor string) string { return "requests/" + id + "/votes/" + actor + ".yaml" }

// EventPath is requests/<id>/events/<stamp>-<actor>.yaml.
func EventPath(id string, e *Event) string {
	return "requests/" + id + "/events/" + EventFileName(e.Stamp, e.Actor)
}

// NewID derives a request id from its title (fact.Slug; "demande" when the
// title has no letter or digit) and makes it unique with fact.FreeID: when
// taken reports the id is used, -2, -3… is appended, the base cut so that
// the id stays within fact.MaxIDLen.
func NewID(title string, taken func(id string) bool) (string, error) {
	base := fact.Slug(title)
	if base == "" {
		base = "demande"
	}
	return fact.FreeID(base, func(id string) (bool, error) { return taken(id), nil })
}

// NewRequest builds the request id as drafted, filed on the day of at. It
// checks what one request can check alone: a title, two valid and different
// actor ids, a wanted-by date not before the filing date, texts without
// control characters, a file within the registry's size limit. Texts are tidied: line ends made \n, blanks trimmed.
// That the actors exist is the registry's check.
func NewRequest(id string, d Draft, at time.Time) (*Request, *i18n.Error) {
	if err := fact.CheckID(id); err != nil {
		return nil, err
	}
	r := &Request{
		ID:          id,
		Title:       oneLine(d.Title),
		Description: block(d.Description),
		RequestedBy: strings.TrimSpace(d.RequestedBy),
		AddressedTo: strings.TrimSpace(d.AddressedTo),
		Created:     fact.DateOf(at),
		WantedBy:    d.WantedBy,
		Usage:       block(d.Usage),
	}
	seen := map[string]bool{}
	for _, t := range d.Themes {
		t = oneLine(t)
		if t != "" && !seen[fact.Fold(t)] {
			seen[fact.Fold(t)] = true
			r.Themes = append(r.Themes, t)
		}
	}
	switch {
	case r.Title == "":
		return nil, i18n.Errorf(i18n.T("le titre de la demande est vide : dites en quelques mots quelles données vous demandez", "the request's title is empty: say in a few words which data you ask for"))
	case utf8.RuneCountInString(r.Title) > MaxTitleLen:
		return nil, i18n.Errorf(i18n.T("le titre fait %d caractères, %d au plus : mettez le détail dans la description", "the title is %d characters long, at most %d: put the details in the description"), utf8.RuneCountInString(r.Title), MaxTitleLen)
	}
	if err := checkActorID("requested_by", r.RequestedBy); err != nil {
		return nil, err
	}
	if err := checkActorID("addressed_to", r.AddressedTo); err != nil {
		return nil, err
	}
	if r.RequestedBy == r.AddressedTo {
		return nil, i18n.Errorf(i18n.T("une organisation ne peut pas s'adresser une demande à elle-même (%s)", "an organisation cannot address a request to itself (%s)"), r.AddressedTo)
	}
	if !r.WantedBy.IsZero() && r.WantedBy.Before(r.Created.Time) {
		return nil, i18n.Errorf(i18n.T("la date souhaitée (%s) est passée : choisissez une date à partir d'aujourd'hui (%s)", "the wanted-by date (%s) is in the past: choose a date from today (%s)"), r.WantedBy, r.Created)
	}
	for _, f := range []struct {
		name, v string
	}{{"title", r.Title}, {"description", r.Description}, {"usage", r.Usage}} {
		if err := checkText(f.name, f.v); err != nil {
			return nil, err
		}
	}
	for _, t := range r.Themes {
		if err := checkText("themes", t); err != nil {
			return nil, err
		}
	}
	if n := len(r.YAML()); n > fact.MaxFileSize {
		return nil, i18n.Errorf(i18n.T("la demande ferait un fichier de %d octets, au-delà de la limite du registre (%d Mio) : raccourcissez la description",
			"the request would make a file of %d bytes, over the registry's limit (%d MiB): shorten the description"), n, fact.MaxFileSize>>20)
	}
	return r, nil
}

// NewVote builds actor's vote for r, cast on the day of at. Votes freeze once
// a request is closed, and the addressed organisation cannot support a
// request made to it. Voting again replaces the organisation's vote: the file
// is named after the organisation.
func NewVote(r *Request, actor string, who Author, need Need, comment string, at time.Time) (*Vote, *i18n.Error) {
	if err := checkActorID("--as", actor); err != nil {
		return nil, err
	}
	if err := votesOpen(r); err != nil {
		return nil, err
	}
	if actor == r.AddressedTo {
		return nil, i18n.Errorf(i18n.T("%s ne peut pas soutenir une demande qui lui est adressée", "%s cannot support a request addressed to it"), actor)
	}
	if !need.Valid() {
		return nil, i18n.Errorf(i18n.T("niveau de besoin inconnu %q : essential, useful ou interested", "unknown need %q: essential, useful or interested"), string(need))
	}
	v := &Vote{Actor: actor, Name: oneLine(who.Name), Email: strings.TrimSpace(who.Email), Date: fact.DateOf(at), Need: need, Comment: block(comment)}
	if err := checkAuthor(v.Name, v.Email); err != nil {
		return nil, err
	}
	if err := checkText("comment", v.Comment); err != nil {
		return nil, err
	}
	return v, nil
}

// CheckUnvote says whether actor may withdraw its vote on r: it must have
// voted, and votes freeze once the request is closed.
func CheckUnvote(r *Request, actor string) *i18n.Error {
	if err := votesOpen(r); err != nil {
		return err
	}
	if r.Vote(actor) == nil {
		if actor == r.RequestedBy {
			return i18n.Errorf(i18n.T("%s a déposé la demande %s : elle la soutient d'office ; pour l'abandonner, passez-la au statut withdrawn", "%s filed the request %s: it supports it by definition; to drop it, set its status to withdrawn"), actor, r.ID)
		}
		return i18n.Errorf(i18n.T("%s ne soutient pas la demande %s : aucun vote à retirer", "%s does not support the request %s: no vote to withdraw"), actor, r.ID)
	}
	return nil
}

func votesOpen(r *Request) *i18n.Error {
	if st := r.Status(); !st.Open() {
		return i18n.Errorf(i18n.T("la demande %s est close (%s) : ses soutiens sont figés", "the request %s is closed (%s): its supports are frozen"), r.ID, statusLabels[st])
	}
	return nil
}

// NewEvent builds the status change actor makes on r at time at (its file
// name carries at in UTC, to the second). It refuses what makes no sense: an
// unknown status, a status missing what it calls for (a reason to decline, a
// dataset URL to publish, the original to mark a duplicate), a field the
// status does not take, a planned date in the past, a request marked as its
// own duplicate, or the current status again with nothing new. Who may make
// the change, and whether the original exists, are the registry's checks.
func NewEvent(r *Request, actor string, who Author, a Answer, at time.Time) (*Event, *i18n.Error) {
	if err := checkActorID("--as", actor); err != nil {
		return nil, err
	}
	if !a.Status.Valid() {
		return nil, i18n.Errorf(i18n.T("statut inconnu %q (attendu : %s)", "unknown status %q (expected: %s)"), string(a.Status), StatusNames())
	}
	e := &Event{
		Stamp: at.UTC().Truncate(time.Second), Actor: actor, Status: a.Status,
		Name: oneLine(who.Name), Email: strings.TrimSpace(who.Email), Date: fact.DateOf(at),
		Note: block(a.Note), PlannedFor: a.PlannedFor, Dataset: strings.TrimSpace(a.Dataset),
		DuplicateOf: strings.TrimSpace(a.DuplicateOf), Reason: block(a.Reason),
	}
	if err := checkAuthor(e.Name, e.Email); err != nil {
		return nil, err
	}
	if err := e.Complete(); err != nil {
		return nil, err
	}
	misplaced := func(field string, allowed ...Status) *i18n.Error {
		names := make([]string, len(allowed))
		for i, s := range allowed {
			names[i] = string(s)
		}
		return i18n.Errorf(i18n.T("%s ne va qu'avec le statut %s, pas %s", "%s only goes with the status %s, not %s"), field, strings.Join(names, "/"), string(e.Status))
	}
	switch {
	case e.Dataset != "" && e.Status != Published && e.Status != AlreadyAvailable:
		return nil, misplaced("dataset", Published, AlreadyAvailable)
	case !e.PlannedFor.IsZero() && e.Status != Planned && e.Status != InProgress:
		return nil, misplaced("planned_for", Planned, InProgress)
	case e.DuplicateOf != "" && e.Status != Duplicate:
		return nil, misplaced("duplicate_of", Duplicate)
	case e.Reason != "" && e.Status != Declined && e.Status != Withdrawn:
		return nil, misplaced("reason", Declined, Withdrawn)
	}
	if e.Dataset != "" && !fact.ValidURL(e.Dataset) {
		return nil, i18n.Errorf(i18n.T("l'adresse du jeu de données doit être une URL http(s) complète, pas %q", "the dataset address must be a full http(s) URL, not %q"), e.Dataset)
	}
	if e.DuplicateOf != "" {
		if err := fact.CheckID(e.DuplicateOf); err != nil {
			return nil, err
		}
		if e.DuplicateOf == r.ID {
			return nil, i18n.Errorf(i18n.T("une demande ne peut pas être son propre doublon", "a request cannot duplicate itself"))
		}
	}
	if !e.PlannedFor.IsZero() && e.PlannedFor.Before(e.Date.Time) {
		return nil, i18n.Errorf(i18n.T("la date prévue (%s) est passée", "the planned date (%s) is in the past"), e.PlannedFor)
	}
	if e.Status == r.Status() && e.Note == "" && e.PlannedFor.IsZero() && e.Dataset == "" && e.Reason == "" && e.DuplicateOf == "" {
		return nil, i18n.Errorf(i18n.T("la demande %s est déjà au statut %s : rien de nouveau à enregistrer (ajoutez --note pour commenter)", "the request %s already has the status %s: nothing new to record (add --note to comment)"), r.ID, string(e.Status))
	}
	for _, f := range []struct{ name, v string }{{"note", e.Note}, {"reason", e.Reason}} {
		if err := checkText(f.name, f.v); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func checkActorID(field, id string) *i18n.Error {
	if id == "" {
		return i18n.Errorf(i18n.T("organisation manquante (%s) : donnez l'identifiant d'un acteur de l'annuaire", "missing organisation (%s): give the id of an actor of the directory"), field)
	}
	if !fact.ValidID(id) {
		return i18n.Errorf(i18n.T("identifiant d'organisation invalide %q (%s)", "invalid organisation id %q (%s)"), id, field)
	}
	return nil
}

func checkAuthor(name, email string) *i18n.Error {
	if name == "" {
		return i18n.Errorf(i18n.T("votre nom manque (CODAL_NAME ou git config user.name)", "your name is missing (CODAL_NAME or git config user.name)"))
	}
	if !fact.ValidEmail(email) {
		return i18n.Errorf(i18n.T("adresse e-mail invalide %q (CODAL_EMAIL ou git config user.email)", "invalid e-mail address %q (CODAL_EMAIL or git config user.email)"), email)
	}
	return checkText("name", name)
}

// checkText refuses invalid UTF-8 and control characters other than newline
// and tab: registry text is shown on terminals. Lint applies the same check
// to the files it reads.
func checkText(field, s string) *i18n.Error { return fact.CheckText(field, s) }

// oneLine tidies a one-line text: blanks and line breaks become single
// spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// block tidies a text that may span lines: \r\n becomes \n, blanks at line
// ends and blank lines at both ends go; a text of several lines ends with a
// newline, a one-line text without.
func block(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	s = strings.Trim(strings.Join(lines, "\n"), "\n")
	if strings.TrimSpace(s) == "" {
		return ""
	}
	if strings.Contains(s, "\n") {
		return s + "\n"
	}
	return strings.TrimSpace(s)
}
