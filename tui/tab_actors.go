package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/requests"
)

// actorsTab is the Annuaire: communes first, then the other actors by kind.
type actorsTab struct {
	*browser
	actors []*directory.Actor
}

func newActorsTab(e *env) *actorsTab {
	t := &actorsTab{}
	t.browser = newBrowser(e, catalogue.Actors, t)
	return t
}

func (t *actorsTab) Kind() catalogue.Kind { return catalogue.Actors }
func (t *actorsTab) Count() int           { return len(t.actors) }
func (t *actorsTab) Keys() []key.Binding  { return nil }
func (t *actorsTab) Invalidate()          { t.invalidate() }

func (t *actorsTab) Load() tea.Cmd {
	c := t.env.cat
	t.actors = c.Actors
	ids := t.env.kindIDs(catalogue.Actors)
	return t.env.setKindItems(t.browser, catalogue.Actors, ids)
}

// loadPreview shows the directory from the app's preview (preview.go)
// until Load has the catalogue; it reports false, leaving the tab empty,
// when the preview cannot be read.
func (t *actorsTab) loadPreview(p Preview) bool {
	actors, err := p.Actors()
	if err != nil {
		return false
	}
	hay, err := p.Haystacks(catalogue.Actors)
	if err != nil || len(hay) != len(actors) {
		return false
	}
	ids := make([]string, len(actors))
	for i, a := range actors {
		ids[i] = a.ID
	}
	t.actors = actors
	t.setItems(ids, hay) // its command only announces the selection, which needs the catalogue
	return true
}

func (t *actorsTab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		cmd, _ := t.update(msg)
		return cmd
	case tea.PasteMsg:
		return t.paste(msg)
	}
	return nil
}

func (t *actorsTab) row(i, width int) string {
	a := t.actors[i]
	kind := a.Kind.Label(t.env.lang)
	switch {
	case a.IsCommune() && a.INSEE != "":
		kind = line(a.INSEE)
	case len(kind) > 14:
		kind = strings.ToUpper(string(a.Kind))
	}
	return spread(line(firstNonEmpty(a.Name, a.ID)), t.env.st.RowMuted.Render(kind), width)
}

func (t *actorsTab) detail(i, width int) string { return t.detailPage(i, width).whole() }

// detailPage is the actor's page: its record, then the requests it filed
// and those it supports, in board order, found in the board's index by
// actor (env.requestsOf) and drawn as they come into view: a commune's
// page lists thousands at 100,000 entries.
func (t *actorsTab) detailPage(i, width int) *page {
	e, a := t.env, t.actors[i]
	d := newDoc(e.st, e.lang, width)
	d.title(firstNonEmpty(a.Name, a.ID))
	sub := a.Kind.Label(e.lang)
	if a.CODAL {
		sub += " · " + e.t("membre de CODAL", "CODAL member")
	}
	d.subtitle(sub)
	d.blank()
	d.field("ID", a.ID)
	d.field("INSEE", a.INSEE)
	d.field("SIREN", a.SIREN)
	if a.Population > 0 {
		d.field("Population", i18n.Number(e.lang, a.Population)+" "+e.t("habitants", "inhabitants"))
	}
	if a.Parent != "" {
		d.field(e.t("Rattachement", "Part of"), e.actorName(a.Parent))
	}
	d.field(e.t("Portail", "Portal"), a.Portal)
	d.field("data.gouv.fr", a.DataGouv)
	d.field(e.t("Adresse", "Address"), a.Address.String())
	if len(a.Competences) > 0 {
		d.field(e.t("Compétences", "Competences"), strings.Join(a.Competences, ", "))
	}
	if len(a.Contacts) > 0 {
		d.section(e.t("Contacts", "Contacts"))
		for _, c := range a.Contacts {
			parts := []string{e.st.Value.Bold(true).Render(line(c.Role))}
			for _, p := range []string{c.Name, c.Email, c.Phone} {
				if p != "" {
					parts = append(parts, line(p))
				}
			}
			d.bullet(strings.Join(parts, " · "))
		}
	}
	if e.cat == nil {
		// the preview: the requests come with the catalogue, under the
		// same two headings
		for _, h := range []string{e.t("Demandes déposées", "Requests filed"), e.t("Demandes soutenues", "Requests supported")} {
			d.section(h + " (…)")
			d.muted(e.t("Vérification…", "Checking…"))
		}
		return textPage(d.String())
	}
	filed, supported := e.requestsOf(a.ID)
	d.section(fmt.Sprintf("%s (%d)", e.t("Demandes déposées", "Requests filed"), len(filed)))
	if len(filed) == 0 {
		d.muted(e.t("Aucune.", "None."))
	}
	p := textPage(d.String())
	p.lazy(len(filed), func(i int) []string { return t.standingBullet(filed[i], width) })
	p.lazy(1, func(int) []string {
		// the section's blank line and heading, as doc.section writes them
		d := newDoc(e.st, e.lang, width)
		d.section(fmt.Sprintf("%s (%d)", e.t("Demandes soutenues", "Requests supported"), len(supported)))
		if len(supported) == 0 {
			d.muted(e.t("Aucune.", "None."))
		}
		return append([]string{""}, strings.Split(d.String(), "\n")...)
	})
	p.lazy(len(supported), func(i int) []string { return t.standingBullet(supported[i], width) })
	return p
}

// standingBullet is the lines of a bullet of the board's at-th standing
// (standingLine), as doc.bullet wraps it at width.
func (t *actorsTab) standingBullet(at int32, width int) []string {
	d := newDoc(t.env.st, t.env.lang, width)
	d.bullet(t.standingLine(t.env.cat.Board[at]))
	return strings.Split(d.String(), "\n")
}

// standingLine is "#1 Title · 3/8 communes · status".
func (t *actorsTab) standingLine(s requests.Standing) string {
	st := t.env.st
	return fmt.Sprintf("%s %s %s %s", st.Accent.Render(fmt.Sprintf("#%d", s.Rank)),
		line(firstNonEmpty(s.Request.Title, s.Request.ID)),
		st.Muted.Render("· "+t.env.communeCount(len(s.Communes))+" ·"),
		st.status(s.Status).Render(s.Status.Label(t.env.lang)))
}
