package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// View draws the whole screen: tab bar, body, status bar, help line. The
// body is the active tab, or the help or problems page, or a modal.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	if m.mouseOn {
		v.MouseMode = tea.MouseModeCellMotion
	}
	v.WindowTitle = "codal"
	if m.env.cat != nil && m.env.cat.Meta.Name != "" {
		v.WindowTitle = "codal · " + line(m.env.cat.Meta.Name)
	}
	return v
}

// render is the screen as a string: exactly width × height cells.
func (m *Model) render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	bw, bh := m.bodySize()
	parts := []string{m.tabBar(), m.body(bw, bh), m.statusBar(), m.shortHelp()}
	if m.height < 4 {
		parts = parts[1:2]
	}
	return fit(strings.Join(parts, "\n"), m.width, m.height)
}

func (m *Model) body(w, h int) string {
	switch {
	case m.modal != nil:
		return m.modalView(w, h)
	case m.overlay != noOverlay:
		return m.pageView(w, h)
	case m.loadErr != nil && !m.loaded():
		msg := m.env.st.Error.Render(m.env.t("Le registre n'a pas pu être lu :", "The registry could not be read:")) + "\n\n" +
			wrap(errorText(m.env.lang, m.loadErr), w-4) + "\n\n" +
			m.env.st.Muted.Render(m.env.t("ctrl+r pour réessayer, q pour quitter.", "ctrl+r to retry, q to quit."))
		return fit(lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, msg), w, h)
	case !m.loaded() && !m.previewShown():
		msg := m.env.st.Muted.Render(m.env.t("Lecture du registre…", "Reading the registry…"))
		return fit(lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, msg), w, h)
	}
	return fit(m.tab().View(), w, h)
}

func (m *Model) modalView(w, h int) string {
	inner := m.modal.View(max(w-4, 10), max(h-2, 3))
	box := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(m.env.st.Accent.GetForeground()).Padding(0, 1).Render(inner)
	return fit(lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box), w, h)
}

// tabBar shows the tabs with their key and count (tabLabels).
func (m *Model) tabBar() string {
	st := m.env.st
	brand := st.Muted.Render("codal · CODAL GPSO ")
	bar := strings.Join(m.tabLabels(), "")
	if gap := m.width - lipgloss.Width(bar) - lipgloss.Width(brand); gap > 0 {
		return bar + strings.Repeat(" ", gap) + brand
	}
	return pad(bar, m.width)
}

// tabLabels are the tab bar's labels, styled, left to right (a click finds
// its tab by their widths: tabAt). When they are wider than the screen
// together, they shrink until they fit: short names, then no counts, then
// the keys alone (the active tab keeps its name).
func (m *Model) tabLabels() []string {
	st := m.env.st
	out := make([]string, len(m.tabs))
	for level := range 4 {
		width := 0
		for i, t := range m.tabs {
			label := strconv.Itoa(i + 1)
			if level < 3 || i == m.active {
				label += " " + tabLabel(t.Kind(), m.env.lang, level >= 1)
			}
			switch {
			case level >= 2:
			case m.loaded():
				label += " " + strconv.Itoa(t.Count())
			case m.previewing():
				label += " " + strconv.Itoa(m.env.preview.Len(t.Kind()))
			}
			if i == m.active {
				out[i] = st.TabActive.Render(label)
			} else {
				out[i] = st.TabInactive.Render(label)
			}
			width += lipgloss.Width(out[i])
		}
		if width <= m.width {
			break
		}
	}
	return out
}

// tabLabel is a tab's name; short, the one word a narrow bar shows.
func tabLabel(k catalogue.Kind, l i18n.Lang, short bool) string {
	if short && k == catalogue.Snippets {
		return i18n.T("Extraits", "Snippets").In(l)
	}
	return k.Label(l)
}

// shortHelp is the help line: the keys that matter where the user is.
func (m *Model) shortHelp() string {
	k := m.env.keys
	var keys []key.Binding
	switch {
	case m.modal != nil:
		keys = m.modal.Keys()
	case m.overlay == helpOverlay:
		keys = []key.Binding{k.Back, k.Up, k.Down, k.Quit}
	case m.overlay == problemsOverlay:
		keys = []key.Binding{k.Back, k.Up, k.Down, k.Help, k.Quit}
	case m.overlay == newsOverlay:
		keys = []key.Binding{k.Back, k.Up, k.Down, k.PageDown, k.Quit}
	case m.overlay == coverageOverlay:
		as := func(b key.Binding, fr, en string) key.Binding {
			return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(b.Help().Key, m.env.t(fr, en)))
		}
		keys = []key.Binding{k.Back, k.Open, k.CellLeft, k.CellRight, as(k.Reload, "relire les portails", "read the portals"),
			as(k.Validate, "vérifier les exports", "check the exports"), as(k.NewRequest, "demander", "request"), k.Quit}
	case m.tab().Typing():
		keys = []key.Binding{k.FilterApply, k.FilterClear, upDown(m.env, m.env.t("parcourir", "move"))}
	case !m.loaded():
		keys = []key.Binding{k.Reload, k.Quit}
	default:
		keys = m.tab().ShortHelp()
		if m.proposable() {
			keys = append(keys, k.Propose) // the next step after a change: first
		}
		keys = append(keys, m.tab().Keys()...)
		keys = append(keys, k.Help, k.Quit)
	}
	return " " + m.helpLine.ShortHelpView(keys)
}

// upDown is one help entry for the two arrow bindings.
func upDown(e *env, desc string) key.Binding {
	k := e.keys
	return key.NewBinding(key.WithKeys(append(k.Up.Keys(), k.Down.Keys()...)...), key.WithHelp("↑↓", desc))
}
