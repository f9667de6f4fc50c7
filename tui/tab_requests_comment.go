package tui

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/requests"
)

// comment (c) asks for a message (Markdown) and, when the request already
// has comments, which one it answers, then comments on the selected request
// (catalogue.Preparer.Comment, prepared in Update; the write, which raises a
// format 1 registry to format 2, goes through Do like the other actions).
func (t *requestsTab) comment() tea.Cmd {
	e := t.env
	r := t.selected()
	in := &struct{ as, body, replyTo string }{as: e.who.Actor}
	var fields []huh.Field
	if in.as == "" || e.cat.Actor(in.as) == nil {
		fields = append(fields, huh.NewSelect[string]().Title(e.t("Au nom de", "On behalf of")).
			Options(t.actorOptions(nil)...).Height(8).Value(&in.as))
	}
	if len(r.Comments) > 0 {
		opts := []huh.Option[string]{huh.NewOption(e.t("(nouveau fil)", "(new thread)"), "")}
		for i := len(r.Comments) - 1; i >= 0; i-- { // the latest first: the one most often answered
			c := r.Comments[i]
			label := fmt.Sprintf("%s, %s — %s", line(c.Name), line(e.actorName(c.Actor)), c.Stamp.Format("2006-01-02 15:04"))
			opts = append(opts, huh.NewOption(label, c.Ref()))
		}
		fields = append(fields, huh.NewSelect[string]().Title(e.t("En réponse à", "In reply to")).Options(opts...).Height(6).Value(&in.replyTo))
	}
	fields = append(fields, huh.NewText().Title(e.t("Commentaire (Markdown)", "Comment (Markdown)")).Lines(6).
		CharLimit(requests.MaxCommentSize).Value(&in.body).Validate(func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(e.t("le commentaire est vide", "the comment is empty"))
		}
		return nil
	}))
	form := huh.NewForm(huh.NewGroup(fields...))
	title := fmt.Sprintf(e.t("Commenter « %s »", "Comment on “%s”"), line(r.Title))
	return OpenModal(NewFormModal(e, title, form, func(*huh.Form) tea.Cmd {
		p, err := e.cat.Comment(r.ID, in.as, in.body, in.replyTo, e.who, e.now())
		return t.prepared(p, err, func(p catalogue.Prepared) string {
			return fmt.Sprintf(e.t("Commentaire de %s enregistré.", "Comment of %s recorded."), line(e.actorName(p.Comment.Actor)))
		})
	}))
}

// discussion lists the comments, oldest first: author, organisation and
// time, the comment answered, then the body (cleaned, paragraphs
// reflowed). Nothing when there is none.
func (t *requestsTab) discussion(d *doc, r *requests.Request) {
	if len(r.Comments) == 0 {
		return
	}
	e, st := t.env, t.env.st
	d.section(fmt.Sprintf("%s (%d)", e.t("Commentaires", "Comments"), len(r.Comments)))
	for i, c := range r.Comments {
		if i > 0 {
			d.blank()
		}
		head := st.Muted.Render(c.Stamp.Format("2006-01-02 15:04")) + " " + st.Value.Bold(true).Render(line(c.Name)) + st.Muted.Render(" — "+line(e.actorName(c.Actor)))
		if c.ReplyTo != "" {
			answered := line(c.ReplyTo)
			if o := r.Comment(c.ReplyTo); o != nil {
				answered = line(o.Name) + " (" + o.Stamp.Format("2006-01-02 15:04") + ")"
			}
			head += "\n" + st.Accent.Render(e.t("↳ en réponse à ", "↳ in reply to ")+answered)
		}
		d.bullet(head)
		d.indented(reflow(para(c.Body)))
	}
}
