package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/toolbox"
)

// tipsTab is Astuces: the tips and tricks, by title; the body is rendered
// with glamour; o opens its first link outside the terminal.
type tipsTab struct {
	*browser
	// pendingSelect is the id of an entry just added, selected once the
	// catalogue that holds it is loaded.
	pendingSelect string
	tips          []*toolbox.Tip
}

func newTipsTab(e *env) *tipsTab {
	t := &tipsTab{}
	t.browser = newBrowser(e, catalogue.Tips, t)
	return t
}

func (t *tipsTab) Kind() catalogue.Kind { return catalogue.Tips }
func (t *tipsTab) Count() int           { return len(t.tips) }
func (t *tipsTab) Keys() []key.Binding {
	return []key.Binding{t.env.keys.OpenLink, t.env.keys.AddEntry}
}
func (t *tipsTab) Invalidate() { t.invalidate() }

func (t *tipsTab) Load() tea.Cmd {
	c := t.env.cat
	t.tips = c.Tips
	ids := make([]string, len(c.Tips))
	hay := make([]string, len(c.Tips))
	for i, x := range c.Tips {
		ids[i], hay[i] = x.ID, c.TipHaystack(x)
	}
	cmd := t.setItems(ids, hay)
	if id := t.pendingSelect; id != "" && c.Has(t.Kind(), id) {
		t.pendingSelect = ""
		if sel, ok := t.selectID(id); ok {
			cmd = tea.Batch(cmd, sel)
		}
	}
	return cmd
}

func (t *tipsTab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case entryAddedMsg:
		if msg.kind == t.Kind() {
			return entryAdded(t.env, msg, &t.pendingSelect)
		}
	case tea.KeyPressMsg:
		if !t.typing && key.Matches(msg, t.env.keys.AddEntry) {
			return t.addTip()
		}
		if !t.typing && key.Matches(msg, t.env.keys.OpenLink) {
			if i := t.selectedItem(); i >= 0 {
				first := ""
				if links := t.tips[i].Links(); len(links) > 0 {
					first = links[0]
				}
				return openURL(t.env, first, i18n.T("lien", "link"))
			}
			return nil
		}
		cmd, _ := t.update(msg)
		return cmd
	case tea.PasteMsg:
		return t.paste(msg)
	}
	return nil
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
