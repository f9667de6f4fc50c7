package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"github.com/gpso/codal/fact"
)

// refreshPage renders the open page (help or problems) into the scroller.
// Pages are rendered when opened or resized, not per frame.
func (m *Model) refreshPage() {
	w := max(m.width-2, 10)
	switch m.overlay {
	case helpOverlay:
		m.page.setContent(m.helpPage(w))
	case problemsOverlay:
		m.page.setContent(m.problemsPage(w))
	case newsOverlay:
		m.page.setContent(m.newsPage(w))
	case coverageOverlay:
		m.page.setContent(m.coveragePage(w))
	}
}

// pageView draws the open page with a one-column margin.
func (m *Model) pageView(w, h int) string {
	lines := strings.Split(m.page.view(), "\n")
	for i, l := range lines {
		lines[i] = " " + l
	}
	below, _ := m.page.more()
	if below && len(lines) > 0 {
		lines[len(lines)-1] = " " + m.env.st.Muted.Render("↓ "+m.env.t("suite", "more"))
	}
	return fit(strings.Join(lines, "\n"), w, h)
}

// helpGroup is a titled column of the help page.
type helpGroup struct {
	title string
	keys  []key.Binding
}

// helpGroups lists every binding of the keymap, by theme; each tab's own
// actions under the tab's name.
func (m *Model) helpGroups() []helpGroup {
	e, k := m.env, m.env.keys
	groups := []helpGroup{
		{e.t("Se déplacer", "Move"), []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown, k.Open, k.Back}},
		{e.t("Onglets", "Tabs"), []key.Binding{k.NextTab, k.PrevTab, k.GoTab}},
		{e.t("Filtrer", "Filter"), []key.Binding{k.Filter, k.FilterApply, k.FilterClear}},
	}
	for _, t := range m.tabs {
		if keys := t.Keys(); len(keys) > 0 {
			groups = append(groups, helpGroup{t.Kind().Label(e.lang), keys})
		}
	}
	groups = append(groups, helpGroup{e.t("Général", "General"), []key.Binding{k.Propose, k.News, k.Coverage, k.Help, k.Problems, k.Reload, k.SwitchRegistry, k.Quit}})
	return groups
}

// helpPage lays the groups out in as many columns as fit.
func (m *Model) helpPage(width int) string {
	st := m.env.st
	var blocks []string
	colW := 0
	for _, g := range m.helpGroups() {
		kw := 0
		for _, b := range g.keys {
			kw = max(kw, lipgloss.Width(b.Help().Key))
		}
		var b strings.Builder
		b.WriteString(st.Section.Render(g.title))
		for _, kb := range g.keys {
			if !kb.Enabled() {
				continue
			}
			h := kb.Help()
			b.WriteString("\n" + st.Help.FullKey.Render(pad(h.Key, kw)) + "  " + st.Help.FullDesc.Render(h.Desc))
		}
		block := b.String()
		colW = max(colW, lipgloss.Width(block))
		blocks = append(blocks, block)
	}
	colW += 4
	cols := max(width/colW, 1)
	var rows []string
	for i := 0; i < len(blocks); i += cols {
		var cells []string
		for j := i; j < min(i+cols, len(blocks)); j++ {
			cells = append(cells, lipgloss.NewStyle().Width(colW).Render(blocks[j]))
		}
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, cells...))
	}
	title := st.Title.Render(m.env.t("Touches de codal", "codal keys"))
	intro := st.Muted.Render(wrap(m.env.t(
		"Pendant la saisie d'un filtre, les lettres et les chiffres s'écrivent dans le champ : seuls entrée, esc, les flèches et ctrl+c agissent.",
		"While typing a filter, letters and digits go into the field: only enter, esc, the arrows and ctrl+c act."), width))
	return title + "\n" + intro + "\n\n" + strings.Join(rows, "\n\n")
}

// problemsPage lists every problem of the registry as path:line and message.
func (m *Model) problemsPage(width int) string {
	e, st := m.env, m.env.st
	if !m.loaded() {
		return st.Muted.Render(e.t("Lecture du registre…", "Reading the registry…"))
	}
	ps := e.cat.Problems
	var b strings.Builder
	b.WriteString(st.Title.Render(fmt.Sprintf("%s (%d)", e.t("Problèmes du registre", "Registry problems"), len(ps))))
	if len(ps) == 0 {
		b.WriteString("\n\n" + st.Good.Render(e.t("Aucun problème : chaque fichier du registre se lit correctement.", "No problems: every file of the registry reads correctly.")))
		return b.String()
	}
	b.WriteString("\n" + st.Muted.Render(wrap(e.t(
		"Ces fichiers sont ignorés en tout ou partie ; le reste du registre est affiché. Corrigez-les, puis ctrl+r pour relire (ou codal lint).",
		"These files are skipped in whole or in part; the rest of the registry is shown. Fix them, then ctrl+r to reload (or codal lint)."), width)))
	for _, p := range ps {
		where, msg := problemLine(e, p)
		mark, style := "✗", st.Error
		if p.Severity == fact.Warning {
			mark, style = "!", st.Warn
		}
		b.WriteString("\n\n" + style.Render(mark) + " " + st.Accent.Render(where))
		b.WriteString("\n  " + strings.ReplaceAll(wrap(msg, max(width-2, 10)), "\n", "\n  "))
	}
	return b.String()
}
