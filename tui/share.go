package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/share"
)

// p, on every tab, proposes the selected entry to the shared registry, as
// codal share KIND/ID does (share.Run: a branch with the entry's files, a
// pull request on GitHub). It is offered on an entry the user added or
// changed: its files differ from the remote's as of the last fetch, or it
// has a local share branch (Store.Unshared). The steps:
//
//  1. a command checks the entry (sharePlanCmd): nothing to propose, lint
//     errors, no GitHub home, no token — each said at once;
//  2. a dialog shows what will be proposed (the files, the repository, the
//     branch) and asks to confirm;
//  3. share.Run in a command, its steps shown as they come; esc hides the
//     dialog, the work goes on;
//  4. the pull request's URL in the status bar, and in the dialog where y
//     copies it — or the error, in one sentence.

// shareMsg is implemented by the messages of p; Update hands them all to
// Model.shareUpdate.
type shareMsg interface{ isShareMsg() }

type (
	// unsharedMsg says whether an entry has something to propose, for the
	// help line.
	unsharedMsg struct {
		cat *catalogue.Catalogue
		ref string
		any bool
	}
	// sharePlanMsg is the outcome of the check before proposing.
	sharePlanMsg struct {
		plan *sharePlan
		// nothing is set when there is nothing to propose.
		nothing bool
		err     error
	}
	// shareProgressMsg is one step of share.Run.
	shareProgressMsg struct {
		job  int64
		text string
		ch   <-chan string
	}
	// shareDoneMsg is share.Run's outcome.
	shareDoneMsg struct {
		job  int64
		plan *sharePlan
		res  *share.Result
		err  error
	}
)

func (unsharedMsg) isShareMsg()      {}
func (sharePlanMsg) isShareMsg()     {}
func (shareProgressMsg) isShareMsg() {}
func (shareDoneMsg) isShareMsg()     {}

// unsharedState caches, per catalogue, which entries have something to
// propose.
type unsharedState struct {
	cat   *catalogue.Catalogue
	known map[string]bool
	asked map[string]bool
	// running is the entry being proposed, "" when none.
	running string
}

func (s *unsharedState) reset(c *catalogue.Catalogue) {
	if s.cat != c {
		s.cat, s.known, s.asked = c, map[string]bool{}, map[string]bool{}
	}
}

func entryRef(k catalogue.Kind, id string) string { return string(k) + "/" + id }

// unsharedCmd asks, once per catalogue, whether an entry has something to
// propose.
func (e *env) unsharedCmd(k catalogue.Kind, id string) tea.Cmd {
	if !e.writable() || e.cat == nil || id == "" {
		return nil
	}
	e.unshared.reset(e.cat)
	ref := entryRef(k, id)
	if e.unshared.asked[ref] {
		return nil
	}
	e.unshared.asked[ref] = true
	reg, cat := e.src, e.cat
	return func() tea.Msg {
		u, err := reg.Unshared(k, id)
		return unsharedMsg{cat: cat, ref: ref, any: err == nil && u.Any()}
	}
}

// selectionChanged reacts to a tab's new selection (selectedMsg): it asks,
// once per catalogue, whether the entry has something to propose. Only the
// shown tab's selection is asked about (the help line offers p for it
// alone); another tab's is asked when that tab is shown (switchTab). A load
// selects an entry in every tab: asking for the six at once, beside the
// news walk, read the big trees six times over (docs/scale.md, round 19).
func (m *Model) selectionChanged(msg selectedMsg) tea.Cmd {
	if msg.kind != m.tab().Kind() {
		return nil
	}
	return m.env.unsharedCmd(msg.kind, msg.id)
}

// shownSelectionChecked asks whether the shown tab's selection has
// something to propose (once per catalogue: nil when it was asked).
func (m *Model) shownSelectionChecked() tea.Cmd {
	k, id := m.selection()
	return m.env.unsharedCmd(k, id)
}

// selection is the active tab's kind and selected entry ("" when none).
func (m *Model) selection() (catalogue.Kind, string) {
	k, id, _ := m.tab().Selected()
	return k, id
}

// proposable reports whether the selected entry is known to have something
// to propose: the help line then offers p.
func (m *Model) proposable() bool {
	k, id := m.selection()
	s := &m.env.unshared
	return id != "" && s.cat == m.env.cat && s.known[entryRef(k, id)]
}

// propose (p) checks the selected entry in a command.
func (m *Model) propose() tea.Cmd {
	e := m.env
	k, id := m.selection()
	if cmd := e.writeGuard(); cmd != nil {
		return cmd
	}
	switch {
	case id == "":
		return StatusError(e.t("Aucune entrée sélectionnée.", "No entry selected."))
	case e.unshared.running == entryRef(k, id):
		return Status(fmt.Sprintf(e.t("Envoi de %s en cours…", "Sending %s…"), entryRef(k, id)))
	}
	// In sequence: the plan's own message must not be overwritten by this
	// one.
	return tea.Sequence(Status(e.t("Vérification…", "Checking…")), sharePlanCmd(e.src, e.cat, e.githubAPI, k, id))
}

// sharePlan is what p will do: the entry, its changes, where it goes.
type sharePlan struct {
	kind     catalogue.Kind
	id       string
	title    string
	unshared store.Unshared
	problems []fact.Problem // the entry's lint errors
	repo     share.Repo
	api      share.API
	token    share.Token
}

func (p *sharePlan) ref() string { return entryRef(p.kind, p.id) }

// sharePlanCmd checks what codal share would refuse before reaching GitHub:
// nothing to propose, lint errors, no GitHub repository, no token.
func sharePlanCmd(reg store.Store, cat *catalogue.Catalogue, githubAPI string, k catalogue.Kind, id string) tea.Cmd {
	return func() tea.Msg {
		p := &sharePlan{kind: k, id: id, title: entryName(cat, k, id)}
		u, err := reg.Unshared(k, id)
		if err != nil {
			return sharePlanMsg{plan: p, err: err}
		}
		p.unshared = u
		if !u.Any() {
			return sharePlanMsg{plan: p, nothing: true}
		}
		for _, pb := range cat.ProblemsUnder(catalogue.EntryRoot(k, id)) {
			if pb.Severity == fact.Error {
				p.problems = append(p.problems, pb)
			}
		}
		if len(p.problems) > 0 {
			return sharePlanMsg{plan: p}
		}
		if p.api, err = share.ParseAPI(share.APIURL(githubAPI)); err != nil {
			return sharePlanMsg{plan: p, err: err}
		}
		if p.repo, err = share.Target(cat, reg.OriginURL(), p.api); err != nil {
			return sharePlanMsg{plan: p, err: err}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if p.token, err = share.FindToken(ctx, p.api.GitHost); err != nil {
			return sharePlanMsg{plan: p, err: err}
		}
		return sharePlanMsg{plan: p}
	}
}

// entryName is an entry's title or name (raw), its id when it has none.
func entryName(c *catalogue.Catalogue, k catalogue.Kind, id string) string {
	switch k {
	case catalogue.Actors:
		if a := c.Actor(id); a != nil {
			return firstNonEmpty(a.Name, id)
		}
	case catalogue.Snippets:
		if s := c.Snippet(id); s != nil {
			return firstNonEmpty(s.Title, id)
		}
	case catalogue.Schemas:
		if s := c.Schema(id); s != nil {
			return firstNonEmpty(s.Title, s.Name, id)
		}
	case catalogue.Requests:
		if r := c.Request(id); r != nil {
			return firstNonEmpty(r.Title, id)
		}
	case catalogue.Trainings:
		if x := c.Training(id); x != nil {
			return firstNonEmpty(x.Title, id)
		}
	case catalogue.Tips:
		if x := c.Tip(id); x != nil {
			return firstNonEmpty(x.Title, id)
		}
	}
	return id
}

var shareJobs atomic.Int64

// shareUpdate handles the messages of p.
func (m *Model) shareUpdate(msg shareMsg) tea.Cmd {
	e := m.env
	switch msg := msg.(type) {
	case unsharedMsg:
		if msg.cat == e.cat {
			e.unshared.reset(e.cat)
			e.unshared.known[msg.ref] = msg.any
		}
		return nil
	case sharePlanMsg:
		p := msg.plan
		switch {
		case msg.err != nil:
			text := errorText(e.lang, msg.err)
			return tea.Batch(StatusError(text), OpenModal(&shareModal{env: e, plan: p, state: shareFailed, err: text}))
		case msg.nothing:
			if e.cat != nil {
				e.unshared.reset(e.cat)
				e.unshared.known[p.ref()] = false
			}
			return Status(fmt.Sprintf(e.t("Rien à proposer : %s n'a été ni ajouté ni modifié ici.", "Nothing to propose: %s was not added or changed here."), p.ref()))
		case len(p.problems) > 0:
			return tea.Batch(StatusError(fmt.Sprintf(e.t("%s ne passe pas la vérification : corrigez-la avant de la proposer.", "%s fails the check: fix it before proposing it."), p.ref())),
				OpenModal(&shareModal{env: e, plan: p, state: shareLint, problems: p.problems}))
		}
		return tea.Batch(Status(""), OpenModal(&shareModal{env: e, plan: p, state: shareConfirm}))
	case shareDoneMsg:
		e.unshared.running = ""
		return tea.Batch(m.shareDone(msg), m.toModal(msg))
	case shareProgressMsg:
		return m.toModal(msg)
	}
	return nil
}

// shareDone says the outcome in the status bar, whether the dialog is
// still open or not.
func (m *Model) shareDone(msg shareDoneMsg) tea.Cmd {
	e := m.env
	if msg.err != nil {
		var le *share.LintError
		if errors.As(msg.err, &le) {
			return StatusError(le.In(e.lang))
		}
		return StatusError(errorText(e.lang, msg.err))
	}
	return Status(shareResultText(e, msg.res))
}

func shareResultText(e *env, r *share.Result) string {
	switch {
	case r.Existing && r.Pushed:
		return e.t("Demande de fusion déjà ouverte, mise à jour : ", "Pull request already open, updated: ") + r.URL
	case r.Existing:
		return e.t("Demande de fusion déjà ouverte, à jour : ", "Pull request already open, up to date: ") + r.URL
	}
	return fmt.Sprintf(e.t("Demande de fusion n°%d ouverte : ", "Pull request #%d opened: "), r.Number) + r.URL
}

// shareState is where the dialog stands.
type shareState int

const (
	shareConfirm shareState = iota
	shareLint
	shareRunning
	shareDoneState
	shareFailed
)

// shareModal is p's dialog.
type shareModal struct {
	env      *env
	plan     *sharePlan
	state    shareState
	job      int64
	step     string // the last step of share.Run
	res      *share.Result
	err      string
	problems []fact.Problem
	scroll   scroller
}

func (m *shareModal) Init() tea.Cmd { return nil }

func (m *shareModal) Keys() []key.Binding {
	k, e := m.env.keys, m.env
	switch m.state {
	case shareConfirm:
		ok := k.Confirm
		ok.SetHelp(e.t("entrée", "enter"), e.t("proposer", "propose"))
		return []key.Binding{ok, k.Cancel}
	case shareRunning:
		hide := k.Close
		hide.SetHelp("esc", e.t("continuer en arrière-plan", "go on in the background"))
		return []key.Binding{hide}
	case shareDoneState:
		cp := k.Copy
		cp.SetHelp("y", e.t("copier l'adresse", "copy the address"))
		return []key.Binding{cp, k.Close}
	}
	return []key.Binding{upDown(e, e.t("défiler", "scroll")), k.Close}
}

func (m *shareModal) Update(msg tea.Msg) (Modal, tea.Cmd) {
	k, e := m.env.keys, m.env
	switch msg := msg.(type) {
	case shareProgressMsg:
		if msg.job == m.job && m.state == shareRunning {
			m.step = msg.text
			return m, listenShareProgress(msg.job, msg.ch)
		}
	case shareDoneMsg:
		if msg.job != m.job || m.state != shareRunning {
			return m, nil
		}
		var le *share.LintError
		switch {
		case errors.As(msg.err, &le):
			m.state, m.problems = shareLint, errorsOnly(le.Problems)
		case msg.err != nil:
			m.state, m.err = shareFailed, errorText(e.lang, msg.err)
		default:
			m.state, m.res = shareDoneState, msg.res
		}
	case tea.KeyPressMsg:
		switch m.state {
		case shareConfirm:
			switch {
			case key.Matches(msg, k.Confirm):
				return m, m.start()
			case key.Matches(msg, k.Cancel):
				return m, CloseModal
			}
		case shareRunning:
			if key.Matches(msg, k.Close) {
				return m, tea.Batch(CloseModal, Status(e.t("L'envoi continue ; son résultat s'affichera ici.", "Sending goes on; its outcome will show here.")))
			}
		case shareDoneState:
			switch {
			case key.Matches(msg, k.Copy):
				return m, copyText(e, m.res.URL,
					e.t("Adresse copiée dans le presse-papiers.", "Address copied to the clipboard."),
					e.t("Adresse copiée via le terminal (OSC 52).", "Address copied through the terminal (OSC 52)."))
			case key.Matches(msg, k.Close, k.Confirm):
				return m, CloseModal
			}
		default:
			switch {
			case key.Matches(msg, k.Close):
				return m, CloseModal
			case key.Matches(msg, k.Up):
				m.scroll.scroll(-1)
			case key.Matches(msg, k.Down):
				m.scroll.scroll(1)
			case key.Matches(msg, k.PageUp):
				m.scroll.page(-1)
			case key.Matches(msg, k.PageDown):
				m.scroll.page(1)
			}
		}
	}
	return m, nil
}

func errorsOnly(ps []fact.Problem) []fact.Problem {
	var out []fact.Problem
	for _, p := range ps {
		if p.Severity == fact.Error {
			out = append(out, p)
		}
	}
	return out
}

// start runs share.Run in a command; its steps come back as
// shareProgressMsg until shareDoneMsg.
func (m *shareModal) start() tea.Cmd {
	e, p := m.env, m.plan
	m.state = shareRunning
	m.job = shareJobs.Add(1)
	m.step = e.t("Envoi…", "Sending…")
	e.unshared.running = p.ref()
	ch := make(chan string, 8)
	job, reg, lang, who, now := m.job, e.src, e.lang, e.who, e.now
	run := func() tea.Msg {
		defer close(ch)
		res, err := share.Run(context.Background(), share.Options{
			Store: reg, Kind: p.kind, ID: p.id, API: p.api, Token: p.token,
			Identity: who, Now: now,
			Progress: func(t i18n.Text, args ...any) {
				select {
				case ch <- t.In(lang, args...):
				default:
				}
			},
		})
		return shareDoneMsg{job: job, plan: p, res: res, err: err}
	}
	return tea.Batch(tea.Sequence(Status(fmt.Sprintf(e.t("Envoi de %s…", "Sending %s…"), p.ref())), run), listenShareProgress(job, ch))
}

// listenShareProgress waits for the next step of share.Run.
func listenShareProgress(job int64, ch <-chan string) tea.Cmd {
	return func() tea.Msg {
		text, ok := <-ch
		if !ok {
			return nil
		}
		return shareProgressMsg{job: job, text: text, ch: ch}
	}
}

// View draws the dialog in width × height cells at most.
func (m *shareModal) View(width, height int) string {
	e, st, p := m.env, m.env.st, m.plan
	width = min(width, shareWidth)
	var b strings.Builder
	b.WriteString(st.Title.Render(truncate(e.t("Proposer au registre partagé", "Propose to the shared registry"), width)))
	b.WriteString("\n" + st.Value.Render(truncate(p.kind.Label(e.lang)+" › "+line(p.title), width)))
	b.WriteString("\n" + st.Muted.Render(truncate(p.ref(), width)))
	switch m.state {
	case shareConfirm:
		b.WriteString("\n\n" + m.field(e.t("Dépôt", "Repository"), p.repo.String()+" (GitHub)", width))
		b.WriteString("\n" + m.field(e.t("Branche", "Branch"), catalogue.ShareBranch(p.kind, p.id), width))
		b.WriteString("\n\n" + st.Section.Render(e.t("Fichiers proposés", "Files proposed")))
		d := p.unshared.Diff
		if d.Empty() {
			b.WriteString("\n" + st.Muted.Render(wrap(fmt.Sprintf(e.t(
				"Identiques au registre partagé lors de la dernière synchro ; la branche %s attend d'être proposée.",
				"The same as the shared registry's at the last sync; the branch %s waits to be proposed."), p.unshared.Branch), width)))
		}
		rows := 0
		limit := max(height-13, 3)
		files := len(d.Added) + len(d.Modified) + len(d.Removed)
		for _, g := range []struct {
			mark, what string
			paths      []string
		}{{"+", e.t("ajouté", "added"), d.Added}, {"~", e.t("modifié", "modified"), d.Modified}, {"-", e.t("supprimé", "removed"), d.Removed}} {
			for _, path := range g.paths {
				if rows == limit-1 && files > limit {
					b.WriteString("\n" + st.Muted.Render(fmt.Sprintf(e.t("… et %d autres", "… and %d more"), files-rows)))
					rows = files
				}
				if rows >= limit {
					continue
				}
				rows++
				b.WriteString("\n" + st.Accent.Render(g.mark) + " " + truncateLeft(line(path), width-len(g.what)-5) + st.Muted.Render(" ("+g.what+")"))
			}
		}
		b.WriteString("\n\n" + st.Muted.Render(wrap(e.t(
			"codal récupère le registre partagé, prépare une branche avec ces fichiers seulement et ouvre une demande de fusion (ou met à jour celle qui est ouverte).",
			"codal fetches the shared registry, prepares a branch with these files only and opens a pull request (or updates the open one)."), width)))
	case shareRunning:
		b.WriteString("\n\n" + st.Accent.Render(truncate(line(m.step), width)))
		b.WriteString("\n\n" + st.Muted.Render(wrap(e.t("esc ferme cette fenêtre : l'envoi continue et son résultat s'affichera dans la barre d'état.",
			"esc closes this window: sending goes on and its outcome will show in the status bar."), width)))
	case shareDoneState:
		r := m.res
		head := fmt.Sprintf(e.t("Demande de fusion n°%d ouverte.", "Pull request #%d opened."), r.Number)
		if r.Existing {
			head = e.t("Demande de fusion déjà ouverte : ", "Pull request already open: ") + map[bool]string{true: e.t("mise à jour.", "updated."), false: e.t("à jour.", "up to date.")}[r.Pushed]
		}
		b.WriteString("\n\n" + st.Good.Render("✓ "+head))
		b.WriteString("\n\n" + st.Accent.Render(wrap(line(r.URL), width)))
		if r.Fork != "" {
			b.WriteString("\n\n" + st.Muted.Render(wrap(fmt.Sprintf(e.t("Branche %s envoyée sur votre copie %s.", "Branch %s pushed to your fork %s."), r.Branch, line(r.Fork)), width)))
		} else {
			b.WriteString("\n\n" + st.Muted.Render(wrap(fmt.Sprintf(e.t("Branche %s envoyée sur %s.", "Branch %s pushed to %s."), r.Branch, p.repo.String()), width)))
		}
	case shareFailed:
		b.WriteString("\n\n" + st.Error.Render(wrap("✗ "+e.typography(m.err), width)))
	case shareLint:
		b.WriteString("\n\n" + st.Error.Render(wrap(fmt.Sprintf(e.t(
			"✗ %s ne passe pas la vérification (%d erreur(s)) : corrigez-la avant de la proposer.",
			"✗ %s fails the check (%d error(s)): fix it before proposing it."), p.ref(), len(m.problems)), width)))
		var lines []string
		for _, pb := range m.problems {
			where, msg := problemLine(e, pb)
			lines = append(lines, st.Accent.Render(truncateLeft(where, width)), "  "+strings.ReplaceAll(wrap(msg, max(width-2, 10)), "\n", "\n  "))
		}
		head := b.String()
		m.scroll.setContent(strings.Join(lines, "\n"))
		m.scroll.setSize(width, min(len(m.scroll.lines), max(height-strings.Count(head, "\n")-3, 3)))
		return head + "\n\n" + m.scroll.view()
	}
	// Every state at the same width: the dialog does not jump.
	return fit(b.String(), width, strings.Count(b.String(), "\n")+1)
}

// shareWidth is the widest the dialog gets.
const shareWidth = 76

// field is "Label  value" on one line.
func (m *shareModal) field(label, value string, width int) string {
	st := m.env.st
	l := st.Label.Render(pad(label, 10))
	return l + st.Value.Render(truncate(line(value), max(width-10, 10)))
}
