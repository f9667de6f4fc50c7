package requests

import (
	"path"
	"strings"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// MaxCommentSize is the longest comment body accepted, in bytes (64 KiB):
// a comment is a message in a discussion, not a document.
const MaxCommentSize = 64 << 10

// Comment is one message in a request's discussion, read from
// requests/<id>/comments/<YYYYMMDDTHHMMSSZ>-<actor-id>.yaml. Comments make a
// registry format 2.
type Comment struct {
	// Stamp is the UTC time in the file name; comments are ordered by it.
	Stamp time.Time `yaml:"-" json:"stamp"`
	// Actor is the organisation the author speaks for (from the file name).
	Actor string    `yaml:"-" json:"actor"`
	Name  string    `yaml:"name" json:"name"`
	Email string    `yaml:"email" json:"email"`
	Date  fact.Date `yaml:"date" json:"date"`
	// Body is the message, in Markdown.
	Body string `yaml:"body" json:"body"`
	// ReplyTo is the file name, without .yaml, of the comment answered.
	ReplyTo string `yaml:"reply_to,omitempty" json:"reply_to,omitempty"`

	// Where locates the file's values, for problems found later.
	Where fact.Where `yaml:"-" json:"-"`
}

// Ref is the comment's file name without .yaml, the value a reply's
// reply_to names: 20260302T101500Z-meudon.
func (c *Comment) Ref() string { return c.Stamp.UTC().Format(StampLayout) + "-" + c.Actor }

// Less orders comments by time stamp, then actor id.
func (c *Comment) Less(o *Comment) bool {
	if !c.Stamp.Equal(o.Stamp) {
		return c.Stamp.Before(o.Stamp)
	}
	return c.Actor < o.Actor
}

// CommentPath is requests/<id>/comments/<stamp>-<actor>.yaml.
func CommentPath(id string, c *Comment) string {
	return "requests/" + id + "/comments/" + c.Ref() + ".yaml"
}

// Comment returns the request's comment whose file name (without .yaml) is
// ref, or nil.
func (r *Request) Comment(ref string) *Comment {
	for _, c := range r.Comments {
		if c.Ref() == ref {
			return c
		}
	}
	return nil
}

// ParseComment reads one comment file.
func ParseComment(file string, data []byte) (*Comment, []fact.Problem) {
	c := &Comment{}
	var probs []fact.Problem
	stamp, actor, ok := SplitEventName(path.Base(file))
	if !ok {
		probs = append(probs, fact.Errorf(file, fact.Pos{Line: 1, Col: 1}, "bad-filename",
			i18n.T("nom de fichier de commentaire invalide : AAAAMMJJTHHMMSSZ-<acteur>.yaml attendu", "invalid comment file name: YYYYMMDDTHHMMSSZ-<actor>.yaml expected")))
	}
	c.Stamp, c.Actor = stamp, actor
	doc, ps := fact.SafeDecodeYAML(file, data, c)
	c.Actor, c.Name, c.Email = intern(c.Actor), intern(c.Name), intern(c.Email)
	c.Where = doc.Where()
	probs = append(probs, ps...)
	if fact.Unread(ps) {
		return c, probs
	}
	probs = append(probs, checkWho(doc, c.Name, c.Email)...)
	if c.Date.IsZero() && !doc.Has("date") {
		probs = append(probs, fact.Errorf(file, doc.Pos("date"), "missing-field", fact.MsgMissing, "date"))
	}
	switch {
	case strings.TrimSpace(c.Body) == "":
		probs = append(probs, fact.Errorf(file, doc.Pos("body"), "missing-field", fact.MsgMissing, "body"))
	case len(c.Body) > MaxCommentSize:
		probs = append(probs, fact.Errorf(file, doc.Pos("body"), "too-large",
			i18n.T("commentaire trop long (%d octets, %d au plus)", "comment too long (%d bytes, at most %d)"), len(c.Body), MaxCommentSize))
	}
	if c.ReplyTo != "" {
		if _, _, ok := SplitEventName(c.ReplyTo + ".yaml"); !ok {
			probs = append(probs, fact.Errorf(file, doc.Pos("reply_to"), "invalid-value",
				i18n.T("reply_to doit nommer un commentaire : AAAAMMJJTHHMMSSZ-<acteur>, pas %q", "reply_to must name a comment: YYYYMMDDTHHMMSSZ-<actor>, not %q"), c.ReplyTo))
		}
	}
	return c, probs
}

// NewComment builds the comment actor makes on r at time at (its file name
// carries at in UTC, to the second), answering the comment named replyTo
// when not empty. It refuses an empty body, one over MaxCommentSize bytes,
// control characters, and a reply_to naming no comment of r. That the actor
// exists is the registry's check. The body is tidied as other texts are:
// line ends made \n, blanks at line ends and blank lines at both ends gone.
func NewComment(r *Request, actor string, who Author, body, replyTo string, at time.Time) (*Comment, *i18n.Error) {
	if err := checkActorID("--as", actor); err != nil {
		return nil, err
	}
	c := &Comment{
		Stamp: at.UTC().Truncate(time.Second), Actor: actor,
		Name: oneLine(who.Name), Email: strings.TrimSpace(who.Email), Date: fact.DateOf(at),
		Body: block(body), ReplyTo: strings.TrimSuffix(strings.TrimSpace(replyTo), ".yaml"),
	}
	if err := checkAuthor(c.Name, c.Email); err != nil {
		return nil, err
	}
	switch {
	case c.Body == "":
		return nil, i18n.Errorf(i18n.T("le commentaire est vide : écrivez votre message", "the comment is empty: write your message"))
	case len(c.Body) > MaxCommentSize:
		return nil, i18n.Errorf(i18n.T("le commentaire fait %d octets, %d au plus", "the comment is %d bytes long, at most %d"), len(c.Body), MaxCommentSize)
	}
	if err := checkText("body", c.Body); err != nil {
		return nil, err
	}
	if c.ReplyTo != "" && r.Comment(c.ReplyTo) == nil {
		return nil, i18n.Errorf(i18n.T("la demande %s n'a pas de commentaire %q auquel répondre", "the request %s has no comment %q to reply to"), r.ID, c.ReplyTo)
	}
	return c, nil
}

// YAML renders the comment as requests/<id>/comments/<stamp>-<actor>.yaml:
// name, email, date, reply_to, body.
func (c *Comment) YAML() []byte {
	var w yamlWriter
	w.text("name", c.Name, true)
	w.text("email", c.Email, true)
	w.date("date", c.Date)
	w.text("reply_to", c.ReplyTo, false)
	w.text("body", c.Body, true)
	return w.bytes()
}
