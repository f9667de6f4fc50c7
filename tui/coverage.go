package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/gpso/codal/coverage"
	"github.com/gpso/codal/coverage/cachefile"
	"github.com/gpso/codal/coverage/portal"
	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/schemas"
)

// show scrolls so that line i is in the window.
func (s *scroller) show(i int) {
	if i < s.offset {
		s.offset = i
	}
	if i >= s.offset+s.height {
		s.offset = i - s.height + 1
	}
	s.clamp()
}

// The coverage view (C, from every tab): the publication coverage board of
// docs/coverage.md, actors × schemas. Opening it reads the cache and the
// portals read more than a day ago, in a command (never in Update); ctrl+r
// reads every portal again, v checks the CSV exports found; enter opens the
// cell's report; n on a missing cell pre-fills a data request to that
// actor for that schema.

// coverageTimeout bounds one reading of the portals from the app.
const coverageTimeout = 10 * time.Minute

// newPortalClient is the portals' client; tests shorten its waits.
var newPortalClient = func() *portal.Client { return portal.New("app") }

// coverageMsg carries a matrix built by loadCoverage.
type coverageMsg struct {
	m       *coverage.Matrix
	savedAt time.Time
	// warn is a cache that could not be written.
	warn error
}

// coverageState is the view's state: nil until first opened.
type coverageState struct {
	m       *coverage.Matrix
	savedAt time.Time
	loading bool
	// row and col are the selected cell; detail shows its report.
	row, col int
	detail   bool
}

// coverageActors are the view's rows: the CODAL's members.
func coverageActors(e *env) []*directory.Actor {
	var out []*directory.Actor
	for _, a := range e.cat.Actors {
		if a.CODAL {
			out = append(out, a)
		}
	}
	return out
}

// loadCoverage is the command that builds the matrix from the cache, after
// reading the portals that need it (all when refresh), and checks the
// exports found when validate.
func (m *Model) loadCoverage(refresh, validate bool) tea.Cmd {
	e := m.env
	if e.cat == nil {
		return nil
	}
	dir, now, lang := m.src.Dir(), e.now().UTC(), e.lang
	rows, where := portal.Places(coverageActors(e))
	var targets []coverage.Target
	for _, s := range e.cat.Schemas {
		targets = append(targets, coverage.TargetOf(s))
	}
	bySchema := map[string]*schemas.Schema{}
	for _, s := range e.cat.Schemas {
		bySchema[s.ID] = s
	}
	never := e.t("jamais lu", "never read")
	m.cov.loading = true
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), coverageTimeout)
		defer cancel()
		path := cachefile.Path(dir)
		cache := cachefile.Load(path)
		client := newPortalClient()
		dirty := false
		if stale := cache.Stale(rows, now, coverage.MaxAge, refresh); len(stale) > 0 {
			cache.Put(client.Gather(ctx, portal.Pick(where, stale), portal.DataGouvAPI(), now, lang, nil))
			dirty = true
		}
		mx := coverage.Build(cache.Rows(rows, never), targets)
		cache.Apply(mx)
		if validate {
			client.ValidateFound(ctx, mx, bySchema, lang, nil)
			cache.Record(mx, now)
			dirty = true
		}
		var warn error
		if dirty {
			cache.SavedAt = now
			warn = cachefile.Save(path, cache)
		}
		return coverageMsg{m: mx, savedAt: cache.SavedAt, warn: warn}
	}
}

// setCoverage installs a matrix built by loadCoverage.
func (m *Model) setCoverage(msg coverageMsg) tea.Cmd {
	if m.cov == nil {
		m.cov = &coverageState{}
	}
	c := m.cov
	c.m, c.savedAt, c.loading = msg.m, msg.savedAt, false
	c.row = min(c.row, max(len(c.m.Actors)-1, 0))
	c.col = min(c.col, max(len(c.m.Schemas)-1, 0))
	if m.overlay == coverageOverlay {
		m.refreshPage()
	}
	if msg.warn != nil {
		return m.setStatus(statusMsg{text: errorText(m.env.lang, msg.warn), err: true})
	}
	return nil
}

// openCoverage opens the view, reading the cache (and stale portals) the
// first time.
func (m *Model) openCoverage() tea.Cmd {
	first := m.cov == nil
	if first {
		m.cov = &coverageState{}
	}
	m.cov.detail = false
	m.openOverlay(coverageOverlay)
	if first && m.loaded() {
		cmd := m.loadCoverage(false, false)
		m.refreshPage()
		return cmd
	}
	return nil
}

// coverageKey handles the view's own keys; ok is false for the others.
func (m *Model) coverageKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k, c := m.env.keys, m.cov
	if c == nil {
		return nil, false
	}
	moved := true
	switch {
	case key.Matches(msg, k.Back) && c.detail:
		c.detail = false
	case key.Matches(msg, k.Coverage), key.Matches(msg, k.Back):
		m.overlay = noOverlay
		return nil, true
	case c.loading && key.Matches(msg, k.Reload, k.Validate):
		return nil, true
	case key.Matches(msg, k.Reload):
		cmd := m.loadCoverage(true, false)
		m.refreshPage()
		return tea.Batch(cmd, Status(m.env.t("Lecture des portails…", "Reading the portals…"))), true
	case key.Matches(msg, k.Validate):
		cmd := m.loadCoverage(false, true)
		m.refreshPage()
		return tea.Batch(cmd, Status(m.env.t("Vérification des exports…", "Checking the exports…"))), true
	case c.m == nil:
		return nil, false
	case key.Matches(msg, k.NewRequest):
		return m.coverageRequest(), true
	case c.detail:
		return nil, false
	case key.Matches(msg, k.CellLeft):
		c.col = max(c.col-1, 0)
	case key.Matches(msg, k.CellRight):
		c.col = min(c.col+1, max(len(c.m.Schemas)-1, 0))
	case key.Matches(msg, k.Up):
		c.row = max(c.row-1, 0)
	case key.Matches(msg, k.Down):
		c.row = min(c.row+1, max(len(c.m.Actors)-1, 0))
	case key.Matches(msg, k.Open):
		if c.cell() != nil {
			c.detail = true
			m.refreshPage()
			m.page.top()
		}
		return nil, true
	default:
		moved = false
	}
	if moved {
		m.refreshPage()
		m.page.show(c.row + 4)
	}
	return nil, moved
}

// cell is the selected cell, nil when the matrix is empty.
func (c *coverageState) cell() *coverage.Cell {
	if c.m == nil || len(c.m.Actors) == 0 || len(c.m.Schemas) == 0 {
		return nil
	}
	return c.m.At(c.row, c.col)
}

// coverageRequest (n on a missing cell) opens the request form pre-filled:
// addressed to the cell's actor, asking for a dataset following the
// cell's schema.
func (m *Model) coverageRequest() tea.Cmd {
	e := m.env
	cl := m.cov.cell()
	if cl == nil || cl.State != coverage.Missing {
		return StatusError(e.t("Une demande se prépare sur une case « missing ».", "A request is prepared on a “missing” cell."))
	}
	for i, t := range m.tabs {
		rt, ok := t.(*requestsTab)
		if !ok {
			continue
		}
		title := cl.Schema
		if s := e.cat.Schema(cl.Schema); s != nil && s.Title != "" {
			title = s.Title
		}
		pre := requestPrefill{
			title: fact.Truncate(line(fmt.Sprintf(e.t("Publication : %s", "Publication: %s"), title)), 100),
			to:    cl.Actor,
			usage: e.t("Consolider les publications du territoire selon un même schéma.", "Consolidate the territory's publications following one schema."),
			desc: fmt.Sprintf(e.t("Publier ce jeu de données selon le schéma `%s` du registre (codal coverage : aucun jeu correspondant trouvé sur le portail).",
				"Publish this dataset following the registry's schema `%s` (codal coverage: no matching dataset found on the portal)."), cl.Schema),
		}
		m.overlay = noOverlay
		return tea.Batch(m.switchTab(i), rt.guard(false, func() tea.Cmd { return rt.newRequestWith(pre) }))
	}
	return nil
}

// coverageCellWidth is the width of one column of the matrix.
const coverageCellWidth = 16

// coveragePage renders the matrix (only the columns that fit, around the
// selected one), or the selected cell's report.
func (m *Model) coveragePage(width int) string {
	e, st, c := m.env, m.env.st, m.cov
	title := st.Title.Render(e.t("Couverture des publications", "Publication coverage"))
	if c == nil || (c.m == nil && c.loading) {
		return title + "\n\n" + st.Muted.Render(e.t("Lecture des portails…", "Reading the portals…"))
	}
	if c.m == nil {
		return title + "\n\n" + st.Muted.Render(e.t("Lecture du registre…", "Reading the registry…"))
	}
	if c.detail {
		return m.coverageReport(width)
	}
	var b strings.Builder
	b.WriteString(title)
	sub := e.t("ctrl+r relire les portails · v vérifier les exports · entrée le détail · n demander (case missing)",
		"ctrl+r read the portals again · v check the exports · enter details · n request (missing cell)")
	if !c.savedAt.IsZero() {
		sub = fmt.Sprintf(e.t("Résultats du %s · ", "Results of %s · "), c.savedAt.In(e.now().Location()).Format("2006-01-02 15:04")) + sub
	}
	if c.loading {
		sub = e.t("Lecture en cours… · ", "Reading… · ") + sub
	}
	b.WriteString("\n" + st.Muted.Render(wrap(sub, width)) + "\n\n")
	mx := c.m
	if len(mx.Actors) == 0 || len(mx.Schemas) == 0 {
		b.WriteString(st.Muted.Render(e.t("Aucun membre du CODAL ou aucun schéma dans ce registre.", "No CODAL member or no schema in this registry.")))
		return b.String()
	}
	actorW := 12
	for _, a := range mx.Actors {
		actorW = max(actorW, min(lipgloss.Width(line(a.ID)), 24))
	}
	fit := max((width-actorW-2)/coverageCellWidth, 1)
	first := max(min(c.col-fit/2, len(mx.Schemas)-fit), 0)
	last := min(first+fit, len(mx.Schemas))
	head := pad("", actorW) + "  "
	for j := first; j < last; j++ {
		head += pad(truncate(line(mx.Schemas[j].ID), coverageCellWidth-1), coverageCellWidth)
	}
	b.WriteString(st.TableHeader.Render(head))
	for i, a := range mx.Actors {
		b.WriteString("\n" + pad(truncate(line(a.ID), actorW), actorW) + "  ")
		for j := first; j < last; j++ {
			cl := mx.At(i, j)
			text := pad(truncate(cl.Label(), coverageCellWidth-1), coverageCellWidth-1)
			style := coverageStyle(st, cl.State)
			if i == c.row && j == c.col {
				style = st.RowSelected
			}
			b.WriteString(style.Render(text) + " ")
		}
	}
	if first > 0 || last < len(mx.Schemas) {
		b.WriteString("\n" + st.Muted.Render(fmt.Sprintf(e.t("colonnes %d–%d sur %d (←/→)", "columns %d–%d of %d (←/→)"), first+1, last, len(mx.Schemas))))
	}
	if cl := c.cell(); cl != nil {
		b.WriteString("\n\n" + st.Label.Render(truncate(line(cl.Actor+" × "+cl.Schema), width)))
		if cl.Title != "" {
			b.WriteString("\n" + truncate(line(cl.Title), width))
		}
	}
	n := mx.Counts()
	var counts []string
	for _, s := range coverage.States {
		counts = append(counts, string(s)+" "+strconv.Itoa(n[s]))
	}
	b.WriteString("\n\n" + st.Muted.Render(wrap(strings.Join(counts, " · "), width)))
	return b.String()
}

// coverageReport is the selected cell's report.
func (m *Model) coverageReport(width int) string {
	e, st, cl := m.env, m.env.st, m.cov.cell()
	var b strings.Builder
	b.WriteString(st.Title.Render(truncate(line(cl.Actor+" × "+cl.Schema), width)))
	field := func(label, value string) {
		if value == "" {
			return
		}
		b.WriteString("\n" + st.Label.Render(pad(label, 16)) + " " + strings.ReplaceAll(wrap(line(value), max(width-17, 10)), "\n", "\n"+strings.Repeat(" ", 17)))
	}
	b.WriteString("\n")
	field(e.t("État", "State"), cl.Label())
	field(e.t("Jeu de données", "Dataset"), cl.Title)
	field(e.t("Identifiant", "Id"), cl.Dataset)
	field(e.t("Page", "Page"), cl.URL)
	field(e.t("Export CSV", "CSV export"), cl.CSV)
	if cl.Dataset != "" {
		how := fmt.Sprintf(e.t("noms de champs (%d %%)", "field names (%d%%)"), int(cl.Score*100+0.5))
		if cl.Declared {
			how = e.t("schéma déclaré", "declared schema")
		}
		field(e.t("Rapprochement", "Matched by"), how)
	}
	if cl.State == coverage.Invalid || cl.State == coverage.Valid {
		field(e.t("Erreurs", "Errors"), i18n.Number(e.lang, cl.ErrorCount))
	}
	if !cl.CheckedAt.IsZero() {
		field(e.t("Portail lu le", "Portal read on"), cl.CheckedAt.In(e.now().Location()).Format("2006-01-02 15:04"))
	}
	field(e.t("Raison", "Reason"), cl.Reason)
	hint := e.t("esc revient à la matrice.", "esc goes back to the matrix.")
	switch cl.State {
	case coverage.Missing:
		hint = e.t("n prépare une demande de données à cet acteur pour ce schéma ; esc revient à la matrice.",
			"n prepares a data request to this actor for this schema; esc goes back to the matrix.")
	case coverage.Invalid:
		hint = e.t("codal schema validate sur l'export donne chaque erreur ; esc revient à la matrice.",
			"codal schema validate on the export gives every error; esc goes back to the matrix.")
	}
	b.WriteString("\n\n" + st.Muted.Render(wrap(hint, width)))
	return b.String()
}

func coverageStyle(st *styles, s coverage.State) lipgloss.Style {
	switch s {
	case coverage.Valid:
		return st.Good
	case coverage.Invalid:
		return st.Error
	case coverage.Found:
		return st.Accent
	case coverage.Unreachable:
		return st.Warn
	}
	return st.Muted
}
