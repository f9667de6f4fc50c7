package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/toolbox"
)

// tipsTab is Astuces: the tips and tricks, by title; the body is rendered
// with glamour; o opens its first link outside the terminal.
type tipsTab struct {
	*toolboxTab
	tips []*toolbox.Tip
}

func newTipsTab(e *env) *tipsTab {
	t := &tipsTab{toolboxTab: &toolboxTab{}}
	t.browser = newBrowser(e, catalogue.Tips, t)
	t.add = t.addTip
	t.link = func(i int) tea.Cmd {
		first := ""
		if links := t.tips[i].Links(); len(links) > 0 {
			first = links[0]
		}
		return openURL(t.env, first, i18n.T("lien", "link"))
	}
	return t
}

func (t *tipsTab) Kind() catalogue.Kind { return catalogue.Tips }
func (t *tipsTab) Count() int           { return len(t.tips) }

func (t *tipsTab) Load() tea.Cmd {
	c := t.env.cat
	t.tips = c.Tips
	ids := t.env.kindIDs(catalogue.Tips)
	return t.load(ids)
}

func (t *tipsTab) row(i, width int) string {
	x := t.tips[i]
	return spread(line(firstNonEmpty(x.Title, x.ID)), t.env.st.RowMuted.Render(line(strings.Join(x.Tags, ", "))), width)
}

func (t *tipsTab) detail(i, width int) string {
	e, x := t.env, t.tips[i]
	d := newDoc(e.st, e.lang, width)
	d.title(firstNonEmpty(x.Title, x.ID))
	d.blank()
	d.field("ID", x.ID)
	if x.Author != "" {
		d.field(e.t("Auteur", "Author"), e.actorName(x.Author))
	}
	d.field("Date", x.Date.String())
	d.field(e.t("Mots-clés", "Tags"), strings.Join(x.Tags, ", "))
	d.field(e.t("Voir aussi", "See also"), strings.Join(x.Related, ", "))
	if strings.TrimSpace(x.Body) != "" {
		d.blank()
		d.block(e.render.markdown(x.Body, width))
	}
	if links := x.Links(); len(links) > 0 {
		d.blank()
		d.muted(e.t("o ouvre le premier lien dans le navigateur : ", "o opens the first link in the browser: ") + line(links[0]))
	}
	return d.String()
}
