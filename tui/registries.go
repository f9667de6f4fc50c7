package tui

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// Result is how the app ended: SwitchTo names the registry the user chose
// with R (the caller opens it and runs the app again), "" when they quit.
type Result struct {
	SwitchTo string
}

// switchRegistry opens the registry picker (R): the configured registries,
// the current one first selected. Choosing another ends the app with
// Result.SwitchTo set; the caller, which does the I/O, opens it.
func (m *Model) switchRegistry() tea.Cmd {
	e := m.env
	if len(m.registries) < 2 {
		return Status(e.t("Un seul registre : nommez-en plusieurs sous registries: dans la configuration.",
			"One registry only: name several under registries: in the configuration."))
	}
	choice := m.current
	opts := make([]huh.Option[string], len(m.registries))
	for i, n := range m.registries {
		label := line(n)
		if n == m.current {
			label += e.t(" (ouvert)", " (open)")
		}
		opts[i] = huh.NewOption(label, n)
	}
	form := huh.NewForm(huh.NewGroup(huh.NewSelect[string]().Title(e.t("Registre", "Registry")).
		Options(opts...).Height(min(len(opts)+2, 12)).Value(&choice)))
	return OpenModal(NewFormModal(e, e.t("Changer de registre", "Switch registry"), form, func(*huh.Form) tea.Cmd {
		if choice == "" || choice == m.current {
			return nil
		}
		m.next = choice
		return tea.Quit
	}))
}

// Next is the registry the user chose to switch to, "" when none.
func (m *Model) Next() string { return m.next }
