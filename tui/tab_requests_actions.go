package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/requests"
)

// The Demandes tab's actions: n files a request, + supports the selected
// one, - withdraws that support, s changes its status, t transfers it to
// another organisation. Each checks what it can at once (pure checks
// against the catalogue, no I/O), asks in a form, prepares the change
// (catalogue.Catalogue.FileRequest, CastVote, WithdrawVote, ChangeStatus,
// Transfer: pure too) and writes it in a command
// (Store.Write: commit, then push), whose outcome shows in the status bar.

// actionKeys are the tab's bindings, shown in the help where they apply.
func (t *requestsTab) actionKeys() []key.Binding {
	k := t.env.keys
	return []key.Binding{k.NewRequest, k.Support, k.Withdraw, k.SetStatus, k.Transfer, k.Comment}
}

// action handles the tab's action keys; ok is false for any other key.
func (t *requestsTab) action(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := t.env.keys
	switch {
	case key.Matches(msg, k.NewRequest):
		return t.guard(false, t.newRequest), true
	case key.Matches(msg, k.Support):
		return t.guard(true, t.support), true
	case key.Matches(msg, k.Withdraw):
		return t.guard(true, t.withdraw), true
	case key.Matches(msg, k.SetStatus):
		return t.guard(true, t.changeStatus), true
	case key.Matches(msg, k.Transfer):
		return t.guard(true, t.transfer), true
	case key.Matches(msg, k.Comment):
		return t.guard(true, t.comment), true
	}
	return nil, false
}

// guard runs an action only when the registry can be written, the writer is
// known and, when needed, a request is selected.
func (t *requestsTab) guard(needSelection bool, act func() tea.Cmd) tea.Cmd {
	e := t.env
	if cmd := e.writeGuard(); cmd != nil {
		return cmd
	}
	switch {
	case e.cat == nil:
		return nil
	case needSelection && t.selected() == nil:
		return StatusError(e.t("Aucune demande sélectionnée.", "No request selected."))
	}
	return act()
}

// selected is the request under the cursor, or nil.
func (t *requestsTab) selected() *requests.Request {
	if i := t.selectedItem(); i >= 0 && i < len(t.board) {
		return t.board[i].Request
	}
	return nil
}

// actorOptions lists the directory's actors for a select, keeping those keep
// accepts.
func (t *requestsTab) actorOptions(keep func(id string) bool) []huh.Option[string] {
	var out []huh.Option[string]
	for _, a := range t.env.cat.Actors {
		if keep == nil || keep(a.ID) {
			out = append(out, huh.NewOption(line(a.Name), a.ID))
		}
	}
	return out
}

// write commits and shares a prepared change in a command, then reports in
// the status bar and reloads the catalogue.
func (t *requestsTab) write(p catalogue.Prepared, done string) tea.Cmd {
	e := t.env
	reg, who, now, lang := e.src, e.who, e.now, e.lang
	return Do(true, func() (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), syncTimeout)
		defer cancel()
		res, err := reg.Write(ctx, p.Change, who, now(), store.WriteOptions{})
		if err != nil {
			return "", err
		}
		if res.Sync.Conflict != nil {
			return "", res.Sync.Conflict.Error()
		}
		return done + " " + outcome(lang, res), nil
	})
}

// outcome says whether a write was shared.
func outcome(l i18n.Lang, res store.WriteResult) string {
	t := func(fr, en string) string { return i18n.T(fr, en).In(l) }
	switch {
	case res.Unchanged:
		return t("(déjà enregistré)", "(already recorded)")
	case !res.Sync.HasRemote:
		return t("Enregistré.", "Saved.")
	case res.Sync.Shared:
		return t("Partagé.", "Shared.")
	case res.Sync.Reason != nil:
		return fmt.Sprintf(t("Enregistré ici, pas encore partagé : %s.", "Saved here, not shared yet: %s."), res.Sync.Reason.In(l))
	}
	return t("Enregistré ici, pas encore partagé.", "Saved here, not shared yet.")
}

// prepared turns a preparation into the write, or its error into the status
// bar (nothing is written).
func (t *requestsTab) prepared(p catalogue.Prepared, err error, done func(catalogue.Prepared) string) tea.Cmd {
	if err != nil {
		return StatusError(errorText(t.env.lang, err))
	}
	return t.write(p, done(p))
}

// newRequest (n) asks for a request and files it.
func (t *requestsTab) newRequest() tea.Cmd { return t.newRequestWith(requestPrefill{}) }

// requestPrefill is what the request form starts with (the coverage
// view's n on a missing cell).
type requestPrefill struct {
	title, to, themes, usage, desc string
}

// newRequestWith is newRequest with the form pre-filled.
func (t *requestsTab) newRequestWith(pre requestPrefill) tea.Cmd {
	e := t.env
	in := &struct {
		by, to, title, themes, wanted, usage, desc string
	}{by: e.who.Actor, to: pre.to, title: pre.title, themes: pre.themes, usage: pre.usage, desc: pre.desc}
	var fields []huh.Field
	if in.by == "" || e.cat.Actor(in.by) == nil {
		fields = append(fields, huh.NewSelect[string]().Title(e.t("Demandée par", "Requested by")).
			Options(t.actorOptions(nil)...).Height(8).Value(&in.by))
	}
	fields = append(fields,
		huh.NewInput().Title(e.t("Titre", "Title")).Description(e.t("quelles données, en quelques mots", "which data, in a few words")).
			Value(&in.title).CharLimit(requests.MaxTitleLen).Validate(func(s string) error {
			if strings.TrimSpace(s) == "" {
				return errors.New(e.t("le titre est obligatoire", "a title is required"))
			}
			return nil
		}),
		huh.NewSelect[string]().Title(e.t("Adressée à", "Addressed to")).
			Options(t.actorOptions(func(id string) bool { return id != in.by })...).Height(8).Value(&in.to),
		huh.NewInput().Title(e.t("Thèmes", "Themes")).Description(e.t("séparés par des virgules", "separated by commas")).Value(&in.themes),
		huh.NewInput().Title(e.t("Souhaitée pour", "Wanted by")).Placeholder(e.t("AAAA-MM-JJ (facultatif)", "YYYY-MM-DD (optional)")).
			Value(&in.wanted).Validate(func(s string) error {
			if _, err := fact.ParseDate(s); strings.TrimSpace(s) != "" && err != nil {
				return errors.New(e.t("date AAAA-MM-JJ attendue", "a date YYYY-MM-DD is expected"))
			}
			return nil
		}),
		huh.NewInput().Title(e.t("Usage prévu", "Intended use")).Value(&in.usage),
		huh.NewText().Title(e.t("Description (Markdown)", "Description (Markdown)")).Lines(4).Value(&in.desc),
	)
	form := huh.NewForm(huh.NewGroup(fields...))
	return OpenModal(NewFormModal(e, e.t("Nouvelle demande de données", "New data request"), form, func(*huh.Form) tea.Cmd {
		d := requests.Draft{Title: in.title, Description: in.desc, RequestedBy: in.by, AddressedTo: in.to, Usage: in.usage}
		for _, th := range strings.Split(in.themes, ",") {
			d.Themes = append(d.Themes, th)
		}
		if strings.TrimSpace(in.wanted) != "" {
			d.WantedBy, _ = fact.ParseDate(in.wanted)
		}
		p, err := e.cat.FileRequest(d, e.now())
		if err == nil {
			t.pendingSelect = p.Request.ID
		}
		return t.prepared(p, err, func(p catalogue.Prepared) string {
			return fmt.Sprintf(e.t("Demande déposée : %s.", "Request filed: %s."), p.Request.ID)
		})
	}))
}

// support (+) asks for the level of need and a comment, and votes for the
// selected request.
func (t *requestsTab) support() tea.Cmd {
	e := t.env
	r := t.selected()
	in := &struct{ as, need, comment string }{as: e.who.Actor, need: string(requests.Useful)}
	var fields []huh.Field
	if in.as == "" || e.cat.Actor(in.as) == nil {
		fields = append(fields, huh.NewSelect[string]().Title(e.t("Au nom de", "On behalf of")).
			Options(t.actorOptions(func(id string) bool { return id != r.AddressedTo })...).Height(8).Value(&in.as))
	} else if _, err := e.cat.CastVote(r.ID, in.as, requests.Useful, "", e.who, e.now()); err != nil {
		return StatusError(errorText(e.lang, err)) // closed, or addressed to us
	}
	if v := r.Vote(in.as); v != nil {
		in.need, in.comment = string(v.Need), v.Comment
	}
	needs := make([]huh.Option[string], len(requests.Needs))
	for i, n := range requests.Needs {
		needs[i] = huh.NewOption(n.Label(e.lang), string(n))
	}
	fields = append(fields,
		huh.NewSelect[string]().Title(e.t("Besoin", "Need")).Options(needs...).Value(&in.need),
		huh.NewInput().Title(e.t("Commentaire", "Comment")).Description(e.t("pourquoi, pour quel usage (facultatif)", "why, for what use (optional)")).Value(&in.comment),
	)
	form := huh.NewForm(huh.NewGroup(fields...))
	title := fmt.Sprintf(e.t("Soutenir « %s »", "Support “%s”"), line(r.Title))
	return OpenModal(NewFormModal(e, title, form, func(*huh.Form) tea.Cmd {
		p, err := e.cat.CastVote(r.ID, in.as, requests.Need(in.need), in.comment, e.who, e.now())
		return t.prepared(p, err, func(p catalogue.Prepared) string {
			return fmt.Sprintf(e.t("Soutien de %s enregistré.", "Support of %s recorded."), line(e.actorName(p.Vote.Actor)))
		})
	}))
}

// withdraw (-) confirms, then removes the organisation's vote on the
// selected request.
func (t *requestsTab) withdraw() tea.Cmd {
	e := t.env
	r := t.selected()
	as := e.who.Actor
	if as == "" || e.cat.Actor(as) == nil {
		// Without an organisation of one's own, offer those that voted.
		var voters []huh.Option[string]
		for _, v := range r.Votes {
			voters = append(voters, huh.NewOption(line(e.actorName(v.Actor)), v.Actor))
		}
		if len(voters) == 0 {
			return StatusError(e.t("Personne ne soutient cette demande par un vote.", "Nobody supports this request with a vote."))
		}
		in := &struct{ as string }{}
		form := huh.NewForm(huh.NewGroup(huh.NewSelect[string]().Title(e.t("Retirer le soutien de", "Withdraw the support of")).Options(voters...).Value(&in.as)))
		return OpenModal(NewFormModal(e, line(r.Title), form, func(*huh.Form) tea.Cmd { return t.unvote(r, in.as) }))
	}
	if _, err := e.cat.WithdrawVote(r.ID, as); err != nil {
		return StatusError(errorText(e.lang, err))
	}
	ok := true
	form := huh.NewForm(huh.NewGroup(huh.NewConfirm().
		Title(fmt.Sprintf(e.t("Retirer le soutien de %s à « %s » ?", "Withdraw the support of %s for “%s”?"), line(e.actorName(as)), line(r.Title))).
		Affirmative(e.t("Retirer", "Withdraw")).Negative(e.t("Annuler", "Cancel")).Value(&ok)))
	return OpenModal(NewFormModal(e, e.t("Retirer un soutien", "Withdraw a support"), form, func(*huh.Form) tea.Cmd {
		if !ok {
			return nil
		}
		return t.unvote(r, as)
	}))
}

func (t *requestsTab) unvote(r *requests.Request, as string) tea.Cmd {
	e := t.env
	p, err := e.cat.WithdrawVote(r.ID, as)
	return t.prepared(p, err, func(catalogue.Prepared) string {
		return fmt.Sprintf(e.t("Soutien de %s retiré.", "Support of %s withdrawn."), line(e.actorName(as)))
	})
}

// changeStatus (s) asks for the new status and what it calls for; only the
// registry's triagers and the current addressee may, and the requester may
// withdraw.
func (t *requestsTab) changeStatus() tea.Cmd {
	e, c := t.env, t.env.cat
	r := t.selected()
	in := &struct {
		as, status, note, dataset, planned, dup, reason string
	}{as: e.who.Actor}
	allowed := func(as string) []requests.Status {
		var out []requests.Status
		for _, s := range requests.Statuses {
			if c.MayChangeStatus(r, as, s) {
				out = append(out, s)
			}
		}
		return out
	}
	var first []huh.Field
	if in.as == "" || c.Actor(in.as) == nil {
		first = append(first, huh.NewSelect[string]().Title(e.t("Au nom de", "On behalf of")).
			Options(t.actorOptions(func(id string) bool { return len(allowed(id)) > 0 })...).Height(8).Value(&in.as))
	} else if len(allowed(in.as)) == 0 {
		return StatusError(fmt.Sprintf(e.t(
			"%s ne peut pas changer le statut de cette demande : seuls les trieurs du registre et son destinataire actuel le peuvent.",
			"%s may not change this request's status: only the registry's triagers and its current addressee may."), line(e.actorName(in.as))))
	}
	first = append(first, huh.NewSelect[string]().Title(e.t("Nouveau statut", "New status")).
		OptionsFunc(func() []huh.Option[string] {
			var out []huh.Option[string]
			for _, s := range allowed(in.as) {
				out = append(out, huh.NewOption(s.Label(e.lang), string(s)))
			}
			return out
		}, &in.as).Value(&in.status))
	is := func(ss ...requests.Status) func() bool {
		return func() bool {
			for _, s := range ss {
				if in.status == string(s) {
					return false
				}
			}
			return true
		}
	}
	var others []huh.Option[string]
	for _, o := range c.Requests {
		if o.ID != r.ID {
			others = append(others, huh.NewOption(line(o.Title), o.ID))
		}
	}
	form := huh.NewForm(
		huh.NewGroup(first...),
		huh.NewGroup(huh.NewInput().Title(e.t("Jeu de données (URL)", "Dataset (URL)")).Value(&in.dataset)).
			WithHideFunc(is(requests.Published, requests.AlreadyAvailable)),
		huh.NewGroup(huh.NewInput().Title(e.t("Prévue pour", "Planned for")).Placeholder(e.t("AAAA-MM-JJ (facultatif)", "YYYY-MM-DD (optional)")).
			Value(&in.planned).Validate(func(s string) error {
			if _, err := fact.ParseDate(s); strings.TrimSpace(s) != "" && err != nil {
				return errors.New(e.t("date AAAA-MM-JJ attendue", "a date YYYY-MM-DD is expected"))
			}
			return nil
		})).WithHideFunc(is(requests.Planned, requests.InProgress)),
		huh.NewGroup(huh.NewSelect[string]().Title(e.t("Doublon de", "Duplicate of")).Options(others...).Height(8).Value(&in.dup)).
			WithHideFunc(is(requests.Duplicate)),
		huh.NewGroup(huh.NewText().Title(e.t("Raison", "Reason")).Lines(3).Value(&in.reason)).
			WithHideFunc(is(requests.Declined, requests.Withdrawn)),
		huh.NewGroup(huh.NewText().Title(e.t("Note pour les demandeurs (facultatif)", "Note for the requesters (optional)")).Lines(3).Value(&in.note)),
	)
	title := fmt.Sprintf(e.t("Statut de « %s »", "Status of “%s”"), line(r.Title))
	return OpenModal(NewFormModal(e, title, form, func(*huh.Form) tea.Cmd {
		// Only what the chosen status takes: a field filled for another
		// status, then hidden, is left out.
		a := requests.Answer{Status: requests.Status(in.status), Note: in.note}
		switch a.Status {
		case requests.Published, requests.AlreadyAvailable:
			a.Dataset = in.dataset
		case requests.Planned, requests.InProgress:
			if strings.TrimSpace(in.planned) != "" {
				a.PlannedFor, _ = fact.ParseDate(in.planned)
			}
		case requests.Duplicate:
			a.DuplicateOf = in.dup
		case requests.Declined, requests.Withdrawn:
			a.Reason = in.reason
		}
		p, err := c.ChangeStatus(r.ID, in.as, a, e.who, e.now())
		return t.prepared(p, err, func(p catalogue.Prepared) string {
			return fmt.Sprintf(e.t("Statut : %s.", "Status: %s."), p.Event.Status.Label(e.lang))
		})
	}))
}

// transfer (t) asks to whom to send the selected request on, and why; only
// the registry's triagers and its current addressee may.
func (t *requestsTab) transfer() tea.Cmd {
	e, c := t.env, t.env.cat
	r := t.selected()
	in := &struct{ as, to, note string }{as: e.who.Actor}
	cur := r.CurrentAddressee()
	var fields []huh.Field
	if in.as == "" || c.Actor(in.as) == nil {
		fields = append(fields, huh.NewSelect[string]().Title(e.t("Au nom de", "On behalf of")).
			Options(t.actorOptions(func(id string) bool { return c.MayTransfer(r, id) })...).Height(8).Value(&in.as))
	} else if !c.MayTransfer(r, in.as) {
		return StatusError(fmt.Sprintf(e.t(
			"%s ne peut pas transférer cette demande : seuls les trieurs du registre et son destinataire actuel (%s) le peuvent.",
			"%s may not transfer this request: only the registry's triagers and its current addressee (%s) may."), line(e.actorName(in.as)), line(e.actorName(cur))))
	}
	if err := requests.CheckTransferable(r); err != nil {
		return StatusError(errorText(e.lang, err))
	}
	fields = append(fields,
		huh.NewSelect[string]().Title(e.t("Transférer à", "Transfer to")).
			Description(fmt.Sprintf(e.t("destinataire actuel : %s", "current addressee: %s"), line(e.actorName(cur)))).
			Options(t.actorOptions(func(id string) bool { return id != cur && id != r.RequestedBy })...).Height(8).Value(&in.to),
		huh.NewText().Title(e.t("Note (facultatif)", "Note (optional)")).Description(e.t("pourquoi cette organisation", "why this organisation")).Lines(3).Value(&in.note),
	)
	form := huh.NewForm(huh.NewGroup(fields...))
	title := fmt.Sprintf(e.t("Transférer « %s »", "Transfer “%s”"), line(r.Title))
	return OpenModal(NewFormModal(e, title, form, func(*huh.Form) tea.Cmd {
		p, err := c.Transfer(r.ID, in.as, in.to, in.note, e.who, e.now())
		return t.prepared(p, err, func(p catalogue.Prepared) string {
			return fmt.Sprintf(e.t("Transférée à %s.", "Transferred to %s."), line(e.actorName(p.Event.TransferTo)))
		})
	}))
}
