package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// Modal is a dialog over the body: a form to file a request, a confirmation.
// While one is open it gets every message (keys included, but ctrl+c, which
// always quits). It closes itself by returning CloseModal.
type Modal interface {
	// Init is called when the modal opens.
	Init() tea.Cmd
	// Update gets every message; a tea.WindowSizeMsg carries the size of
	// the area the modal may use.
	Update(msg tea.Msg) (Modal, tea.Cmd)
	// View draws the dialog in at most width × height cells; the app
	// centres it.
	View(width, height int) string
	// Keys are shown in the help line while the modal is open.
	Keys() []key.Binding
}

// formModal shows a huh form as a modal. On completion it closes and runs
// submit (which usually returns Do(...) to write to the registry); esc or
// the form's own quit key abandon it.
type formModal struct {
	env    *env
	title  string
	form   *huh.Form
	submit func(*huh.Form) tea.Cmd
	keys   []key.Binding
}

// NewFormModal wraps a huh form; open it with OpenModal (see docs/tui.md).
func NewFormModal(e *env, title string, form *huh.Form, submit func(*huh.Form) tea.Cmd) Modal {
	form.SubmitCmd = nil
	form.CancelCmd = nil
	form.WithShowHelp(true)
	return &formModal{
		env:    e,
		title:  title,
		form:   form,
		submit: submit,
		keys:   []key.Binding{e.keys.Cancel},
	}
}

func (m *formModal) Init() tea.Cmd { return m.form.Init() }

func (m *formModal) Update(msg tea.Msg) (Modal, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if key.Matches(msg, m.env.keys.Cancel) {
			return m, CloseModal
		}
	case tea.WindowSizeMsg:
		m.form = m.form.WithWidth(min(msg.Width-4, 72))
	}
	model, cmd := m.form.Update(msg)
	if f, ok := model.(*huh.Form); ok {
		m.form = f
	}
	switch m.form.State {
	case huh.StateCompleted:
		return m, tea.Batch(cmd, CloseModal, m.submit(m.form))
	case huh.StateAborted:
		return m, CloseModal
	}
	return m, cmd
}

func (m *formModal) View(width, height int) string {
	return lipgloss.JoinVertical(lipgloss.Left, m.env.st.Title.Render(m.title), "", m.form.View())
}

func (m *formModal) Keys() []key.Binding { return m.keys }
