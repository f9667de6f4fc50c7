package catalogue

import (
	"fmt"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/requests"
)

// walkComments queues the comment files of a request's comments/ folder.
func (w *walker) walkComments(dir string) {
	for _, v := range w.readDir(dir) {
		if hidden(v.Name()) {
			continue
		}
		if v.IsDir() {
			w.problem(dir+"/"+v.Name(), "bad-filename", i18n.T("un commentaire est un fichier AAAAMMJJTHHMMSSZ-<acteur>.yaml", "a comment is a YYYYMMDDTHHMMSSZ-<actor>.yaml file"))
			continue
		}
		w.emit(job{dir + "/" + v.Name(), jobComment})
	}
}

// checkComments checks a request's comments against the rest of the
// registry: a comment made in a registry whose registry.yaml still says
// format 1 (format-too-old), an author organisation that is not in the
// directory (unknown-actor), a reply_to naming no comment of the request
// (unknown-comment) or the comment itself (invalid-value).
func checkComments(c *Catalogue, r *requests.Request) []fact.Problem {
	var ps []fact.Problem
	for _, cm := range r.Comments {
		if cm.Stamp.IsZero() {
			continue // bad file name, already reported
		}
		cf := requests.CommentPath(r.ID, cm)
		if c.Meta.Format < 2 {
			ps = append(ps, fact.Errorf(cf, fact.Pos{Line: 1, Col: 1}, "format-too-old",
				i18n.T("un commentaire demande un registre au format 2 ou plus, mais registry.yaml dit format %d : mettez format: 2 dans registry.yaml",
					"a comment needs a registry of format 2 or more, but registry.yaml says format %d: set format: 2 in registry.yaml"), c.Meta.Format))
		}
		if c.actors[cm.Actor] == nil {
			ps = append(ps, fact.Errorf(cf, fact.Pos{Line: 1, Col: 1}, "unknown-actor", msgUnknownActor, cm.Actor, "comments"))
		}
		if cm.ReplyTo != "" && cm.ReplyTo == cm.Ref() {
			ps = append(ps, fact.Errorf(cf, cm.Where.Of("reply_to"), "invalid-value",
				i18n.T("un commentaire ne peut pas se répondre à lui-même", "a comment cannot answer itself")))
		} else if cm.ReplyTo != "" && r.Comment(cm.ReplyTo) == nil {
			if _, _, ok := requests.SplitEventName(cm.ReplyTo + ".yaml"); ok {
				ps = append(ps, fact.Errorf(cf, cm.Where.Of("reply_to"), "unknown-comment",
					i18n.T("reply_to nomme le commentaire %q, que la demande %s n'a pas", "reply_to names the comment %q, which the request %s does not have"), cm.ReplyTo, r.ID))
			}
		}
	}
	return ps
}

// Comment is Prepare(c).Comment.
func (c *Catalogue) Comment(id, actor, body, replyTo string, who Identity, at time.Time) (Prepared, error) {
	return Prepare(c).Comment(id, actor, body, replyTo, who, at)
}

// Comment prepares actor's comment on request id, signed by who, answering
// the comment named replyTo when not empty (its file name, without .yaml).
// Comments stay open on a closed request: the discussion may go on. The
// file name is made unique (a second later when one already exists for that
// second and organisation). The change needs format 2 (MinFormat): the store
// raises registry.yaml's format line in the same commit when it says less.
func (c Preparer) Comment(id, actor, body, replyTo string, who Identity, at time.Time) (Prepared, error) {
	r, err := c.needRequest(id)
	if err != nil {
		return Prepared{}, err
	}
	if err := c.needActor(actor, "--as"); err != nil {
		return Prepared{}, err
	}
	cm, ierr := requests.NewComment(r, actor, author(who), body, replyTo, at)
	if ierr != nil {
		return Prepared{}, ierr
	}
	for c.Exists(requests.CommentPath(id, cm)) || r.Comment(cm.Ref()) != nil {
		cm.Stamp = cm.Stamp.Add(time.Second)
	}
	p := requests.CommentPath(id, cm)
	return Prepared{
		Change:  Change{Message: fmt.Sprintf("Commentaire de %s sur %s", actor, id), Files: map[string][]byte{p: cm.YAML()}, MinFormat: 2},
		Path:    p,
		Request: r,
		Comment: cm,
	}, nil
}
