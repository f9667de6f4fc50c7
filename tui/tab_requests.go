package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/requests"
)

// requestsTab is Demandes: the priority board, rank 1 first.
type requestsTab struct {
	*browser
	board []requests.Standing
	// pendingSelect is the id of a request just filed, selected once the
	// catalogue that holds it is loaded.
	pendingSelect string
}

func newRequestsTab(e *env) *requestsTab {
	t := &requestsTab{}
	t.browser = newBrowser(e, catalogue.Requests, t)
	t.listShare = 55 // rows carry rank, title, communes and status
	return t
}

func (t *requestsTab) Kind() catalogue.Kind { return catalogue.Requests }
func (t *requestsTab) Count() int           { return len(t.board) }
func (t *requestsTab) Keys() []key.Binding  { return t.actionKeys() }
func (t *requestsTab) Invalidate()          { t.invalidate() }

func (t *requestsTab) Load() tea.Cmd {
	c := t.env.cat
	t.board = c.Board
	ids := t.env.kindIDs(catalogue.Requests)
	// the ids and first matches made by the command that loaded the
	// catalogue; the folded texts packed when a query first needs them,
	// or after the news walk (setKindItems)
	cmd := t.env.setKindItems(t.browser, catalogue.Requests, ids)
	if id := t.pendingSelect; id != "" && c.Request(id) != nil {
		t.pendingSelect = ""
		if sel, ok := t.selectID(id); ok {
			cmd = tea.Batch(cmd, sel)
		}
	}
	return cmd
}

func (t *requestsTab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if !t.typing {
			if cmd, ok := t.action(msg); ok {
				return cmd
			}
		}
		cmd, _ := t.update(msg)
		return cmd
	case tea.PasteMsg:
		return t.paste(msg)
	}
	return nil
}

// row is "  3 Title…  3/8 communes  status"; the status column goes when
// the list is too narrow for it. An overdue request's rank is followed by
// "!" (overdueMark) instead of a space.
func (t *requestsTab) row(i, width int) string {
	s, st := t.board[i], t.env.st
	rank := fmt.Sprintf("%3d ", s.Rank) // for the widths
	head := st.Accent.Render(rank)
	if _, late := t.overdue(s.Request); late {
		head = st.Accent.Render(rank[:len(rank)-1]) + st.Warn.Bold(true).Render(overdueMark)
	}
	communes := t.env.communeCount(len(s.Communes))
	right := st.RowMuted.Render(communes)
	rw := lipgloss.Width(communes)
	if sw := t.statusWidth(); width-len(rank)-rw-sw-2 >= 12 {
		right += " " + st.status(s.Status).Render(pad(s.Status.Label(t.env.lang), sw))
		rw += sw + 1
	}
	title := line(firstNonEmpty(s.Request.Title, s.Request.ID))
	titleW := width - len(rank) - rw - 1
	if titleW < 8 {
		return head + pad(title, width-len(rank))
	}
	return head + pad(title, titleW) + " " + right
}

// overdue says whether r is overdue on the app's today (env.now), as
// `codal request overdue` does. It is asked for the rows drawn and the
// detail shown only: a table of every overdue request, built at each load,
// held 8 MB at 100,000 entries (docs/scale.md, round 19).
func (t *requestsTab) overdue(r *requests.Request) (requests.Late, bool) {
	c := t.env.cat
	if c == nil {
		return requests.Late{}, false
	}
	return r.Overdue(c.Meta.ResponseClock(), c.IsTriager, t.env.now())
}

// overdueMark follows an overdue request's rank in the list.
const overdueMark = "!"

// statusWidth is the width of the longest status label.
func (t *requestsTab) statusWidth() int {
	w := 0
	for _, s := range requests.Statuses {
		w = max(w, lipgloss.Width(s.Label(t.env.lang)))
	}
	return w
}

func (t *requestsTab) detail(i, width int) string { return t.detailPage(i, width).whole() }

// detailPage is the request's page: its record, its supporters, its
// history and comments. The supporters are drawn as they come into view:
// the most supported requests have thousands at 100,000 entries.
func (t *requestsTab) detailPage(i, width int) *page {
	e, s := t.env, t.board[i]
	r := s.Request
	d := newDoc(e.st, e.lang, width)
	d.title(firstNonEmpty(r.Title, r.ID))
	d.subtitle(fmt.Sprintf("#%d · %s · %s", s.Rank, s.Status.Label(e.lang), e.communeCount(len(s.Communes))))
	d.blank()
	d.field("ID", r.ID)
	d.field(e.t("Demandée par", "Requested by"), e.actorName(r.RequestedBy))
	d.field(e.t("Adressée à", "Addressed to"), e.actorName(r.AddressedTo))
	if cur := r.CurrentAddressee(); cur != r.AddressedTo {
		d.field(e.t("Transférée à", "Transferred to"), e.actorName(cur))
	}
	if l, ok := t.overdue(r); ok {
		d.field(e.t("En retard", "Overdue"), fmt.Sprintf(e.t("%d jour(s) — %s depuis le %s", "%d day(s) — %s since %s"), l.Days, l.Reason.Label(e.lang), l.Due))
	}
	d.field(e.t("Déposée le", "Created"), r.Created.String())
	d.field(e.t("Souhaitée pour", "Wanted by"), r.WantedBy.String())
	d.field(e.t("Thèmes", "Themes"), strings.Join(r.Themes, ", "))
	d.field(e.t("Soutien", "Support"), fmt.Sprintf("%s, %d %s, %s %s", e.communeCount(len(s.Communes)),
		len(s.Supporters), plural(e.lang, len(s.Supporters), "organisation", "organisations"),
		i18n.Number(e.lang, s.Population), e.t("habitants", "inhabitants")))
	if r.Description != "" {
		d.section(e.t("Description", "Description"))
		d.block(e.render.markdown(r.Description, width))
	}
	if r.Usage != "" {
		d.section(e.t("Usage prévu", "Intended use"))
		d.text(r.Usage)
	}
	p := t.supporters(d, s, width)
	p.lazy(1, func(int) []string {
		// a new section: its blank line, as doc.section writes it
		d := newDoc(e.st, e.lang, width)
		t.history(d, r)
		t.discussion(d, r)
		return append([]string{""}, strings.Split(d.String(), "\n")...)
	})
	return p
}

// supporters ends the page d holds with the supporting communes, then the
// other organisations, each with its level of need and comment: the
// sections' bullets are drawn as they come into view.
func (t *requestsTab) supporters(d *doc, s requests.Standing, width int) *page {
	e := t.env
	var communes, others []string
	for _, id := range s.Supporters {
		if a := e.cat.Actor(id); a != nil && a.Kind == directory.Commune {
			communes = append(communes, id)
		} else {
			others = append(others, id)
		}
	}
	d.section(fmt.Sprintf("%s (%s)", e.t("Communes en soutien", "Supporting communes"), e.communeCount(len(communes))))
	if len(communes) == 0 {
		d.muted(e.t("Aucune commune pour l'instant.", "No commune yet."))
	}
	p := textPage(d.String())
	bullet := func(id string) []string {
		d := newDoc(e.st, e.lang, width)
		d.bullet(t.supporterLine(s.Request, id))
		return strings.Split(d.String(), "\n")
	}
	p.lazy(len(communes), func(i int) []string { return bullet(communes[i]) })
	if len(others) > 0 {
		p.lazy(1, func(int) []string {
			d := newDoc(e.st, e.lang, width)
			d.section(fmt.Sprintf("%s (%d)", e.t("Autres organisations", "Other organisations"), len(others)))
			return []string{"", d.String()}
		})
		p.lazy(len(others), func(i int) []string { return bullet(others[i]) })
	}
	return p
}

// supporterLine is "Name — need — « comment »"; the requester is marked,
// and a support carried over from a duplicate says so.
func (t *requestsTab) supporterLine(r *requests.Request, id string) string {
	e, st := t.env, t.env.st
	parts := []string{st.Value.Bold(true).Render(line(e.actorName(id)))}
	if id == r.RequestedBy {
		parts = append(parts, st.Accent.Render(e.t("à l'origine de la demande", "filed the request")))
	}
	v, via := r.Vote(id), ""
	if v == nil {
		v, via = t.voteViaDuplicate(r, id)
	}
	if v != nil {
		parts = append(parts, needStyle(st, v.Need).Render(v.Need.Label(e.lang)))
		if via != "" {
			parts = append(parts, st.Muted.Render(e.t("via le doublon ", "through the duplicate ")+line(via)))
		}
		if c := line(v.Comment); c != "" {
			parts = append(parts, st.Muted.Render(e.t("« "+c+" »", "“"+c+"”")))
		}
	}
	return strings.Join(parts, st.Muted.Render(" — "))
}

// voteViaDuplicate finds the vote of actor on a request closed as a
// duplicate of r (the first by id).
func (t *requestsTab) voteViaDuplicate(r *requests.Request, actor string) (*requests.Vote, string) {
	for _, o := range t.env.duplicatesOf(r.ID) {
		if v := o.Vote(actor); v != nil {
			return v, o.ID
		}
	}
	return nil, ""
}

func needStyle(st *styles, n requests.Need) lipgloss.Style {
	switch n {
	case requests.Essential:
		return st.Warn.Bold(true)
	case requests.Useful:
		return st.Accent
	}
	return st.Muted
}

// history lists the status changes and transfers, oldest first, from the
// filing on.
func (t *requestsTab) history(d *doc, r *requests.Request) {
	e, st := t.env, t.env.st
	d.section(e.t("Historique", "History"))
	if !r.Created.IsZero() {
		d.bullet(st.Muted.Render(r.Created.String()) + " " + st.status(requests.Submitted).Render(requests.Submitted.Label(e.lang)) +
			st.Muted.Render(" — "+line(e.actorName(r.RequestedBy))))
	}
	for _, ev := range r.Events {
		date := ev.Date.String()
		if date == "" {
			date = ev.Stamp.Format("2006-01-02")
		}
		if ev.IsTransfer() {
			text := st.Muted.Render(date) + " " + st.Accent.Render(e.t("transférée à ", "transferred to ")+line(e.actorName(ev.TransferTo))) +
				st.Muted.Render(" — "+line(e.actorName(ev.Actor)))
			if ev.Note != "" {
				text += "\n" + line(ev.Note)
			}
			d.bullet(text)
			continue
		}
		text := st.Muted.Render(date) + " " + st.status(ev.Status).Render(ev.Status.Label(e.lang)) +
			st.Muted.Render(" — "+line(e.actorName(ev.Actor)))
		var extra []string
		if ev.Note != "" {
			extra = append(extra, line(ev.Note))
		}
		if ev.Reason != "" {
			extra = append(extra, e.t("raison : ", "reason: ")+line(ev.Reason))
		}
		if !ev.PlannedFor.IsZero() {
			extra = append(extra, e.t("prévue pour le ", "planned for ")+ev.PlannedFor.String())
		}
		if ev.Dataset != "" {
			extra = append(extra, e.t("jeu de données : ", "dataset: ")+line(ev.Dataset))
		}
		if ev.DuplicateOf != "" {
			extra = append(extra, e.t("doublon de ", "duplicate of ")+line(ev.DuplicateOf))
		}
		if len(extra) > 0 {
			text += "\n" + strings.Join(extra, "\n")
		}
		d.bullet(text)
	}
	if r.Created.IsZero() && len(r.Events) == 0 {
		d.muted(e.t("Aucun événement.", "No events."))
	}
}
