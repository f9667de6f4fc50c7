package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/requests"
)

// newRequestCommentCmd is `codal request comment ID (--body T | --body-file F)`:
// a comment file written, committed, then shared like a vote.
func newRequestCommentCmd(a *app) *cobra.Command {
	var as, body, bodyFile, replyTo string
	var wf writeFlags
	cmd := &cobra.Command{
		Use:   "comment ID (--body TEXTE | --body-file FICHIER)",
		Short: a.tt("Commente une demande au nom d'une organisation (Markdown)", "Comment on a request for an organisation (Markdown)"),
		Long: a.tt(
			"Ajoute un message à la discussion d'une demande : requests/<id>/comments/<AAAAMMJJTHHMMSSZ>-<acteur>.yaml.\n"+
				"Le texte (Markdown, 64 Kio au plus) vient de --body ou de --body-file (- pour l'entrée standard), pas des deux.\n"+
				"--reply-to répond à un commentaire, nommé par son fichier sans .yaml (voir codal show requests/ID).\n"+
				"Un registre au format 1 passe au format 2 dans le même commit.",
			"Adds a message to a request's discussion: requests/<id>/comments/<YYYYMMDDTHHMMSSZ>-<actor>.yaml.\n"+
				"The text (Markdown, 64 KiB at most) comes from --body or --body-file (- for standard input), not both.\n"+
				"--reply-to answers a comment, named by its file without .yaml (see codal show requests/ID).\n"+
				"A format 1 registry becomes format 2 in the same commit."),
		Example: "  codal request comment budget-climat --as meudon --body \"Les lignes d'investissement suffiraient.\"\n" +
			"  codal request comment budget-climat --as gpso --reply-to 20260305T093000Z-meudon --body-file reponse.md",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case cmd.Flags().Changed("body") && cmd.Flags().Changed("body-file"):
				return i18n.Errorf(i18n.T("donnez le commentaire par --body ou par --body-file, pas les deux", "give the comment with --body or with --body-file, not both"))
			case !cmd.Flags().Changed("body") && !cmd.Flags().Changed("body-file"):
				return i18n.Errorf(i18n.T("le commentaire manque : --body TEXTE ou --body-file FICHIER (- pour l'entrée standard)", "the comment is missing: --body TEXT or --body-file FILE (- for standard input)"))
			}
			if bodyFile != "" {
				data, err := a.readInput(bodyFile)
				if err != nil {
					return err
				}
				body = string(data)
			}
			s, err := a.startWrite(args[0], as)
			if err != nil {
				return err
			}
			actor := s.actor(as)
			p, err := s.cat.Comment(args[0], actor, body, replyTo, s.who, a.now())
			if err != nil {
				return err
			}
			res, err := a.commit(s, p, wf.offline)
			if err != nil {
				return err
			}
			human := a.t(i18n.T("Commentaire de %s sur %s (%s).", "Comment of %s on %s (%s)."), a.actorName(s.cat, actor), p.Request.ID, p.Comment.Ref())
			return a.finishWrite("comment", p, p.Comment, human, res, wf.asJSON)
		},
	}
	f := cmd.Flags()
	f.StringVar(&as, "as", "", a.tt("organisation au nom de laquelle vous écrivez (sinon CODAL_ACTOR ou la configuration)", "organisation you write for (else CODAL_ACTOR or the configuration)"))
	f.StringVar(&body, "body", "", a.tt("le commentaire (Markdown)", "the comment (Markdown)"))
	f.StringVar(&bodyFile, "body-file", "", a.tt("fichier du commentaire (Markdown), - pour l'entrée standard", "comment file (Markdown), - for standard input"))
	f.StringVar(&replyTo, "reply-to", "", a.tt("commentaire auquel vous répondez (son fichier sans .yaml)", "comment you answer (its file without .yaml)"))
	wf.add(a, cmd)
	return cmd
}

// showComments prints a request's discussion, oldest first: per comment a
// line with its author, organisation, time, file name (what --reply-to
// takes) and the comment it answers, then its body indented. Every text
// is cleaned for the terminal.
func (a *app) showComments(w io.Writer, c catalogue.View, r *requests.Request) {
	if len(r.Comments) == 0 {
		return
	}
	a.section(w, a.t(i18n.T("Commentaires (%d)", "Comments (%d)"), len(r.Comments)))
	for i, cm := range r.Comments {
		if i > 0 {
			fmt.Fprintln(w)
		}
		head := fmt.Sprintf("- %s, %s — %s [%s]", cm.Name, a.actorName(c, cm.Actor), cm.Stamp.Format("2006-01-02 15:04 UTC"), cm.Ref())
		if cm.ReplyTo != "" {
			answered := cm.ReplyTo
			if o := r.Comment(cm.ReplyTo); o != nil {
				answered = fmt.Sprintf("%s, %s [%s]", o.Name, a.actorName(c, o.Actor), o.Ref())
			}
			head += "\n  " + a.t(i18n.T("↳ en réponse à %s", "↳ in reply to %s"), answered)
		}
		for _, l := range strings.Split(head, "\n") {
			fmt.Fprintln(w, fact.CleanLine(l))
		}
		for _, l := range strings.Split(strings.TrimRight(fact.Clean(cm.Body), "\n"), "\n") {
			fmt.Fprintln(w, strings.TrimRight("    "+l, " "))
		}
	}
}
