package tui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
)

// Update routes messages: the app's own typed messages first, then keys
// (modal, overlay, filter field, global bindings, active tab, in that
// order). It never does I/O; commands do.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, m.toModal(m.modalSize())
	case tea.BackgroundColorMsg:
		if m.theme == ThemeAuto {
			m.setTheme(msg.IsDark())
		}
		return m, m.toModal(msg)
	case previewMsg:
		return m, m.setPreview(msg)
	case catalogueMsg:
		return m, m.setCatalogue(msg)
	case syncMsg:
		m.sync = &msg
		return m, nil
	case newsMsg:
		return m, m.setNews(msg)
	case coverageMsg:
		return m, m.setCoverage(msg)
	case statusMsg:
		return m, m.setStatus(msg)
	case statusExpiredMsg:
		if msg.seq == m.statusSeq {
			m.status = statusMsg{}
		}
		return m, nil
	case resultMsg:
		return m, m.result(msg)
	case shareMsg:
		return m, m.shareUpdate(msg)
	case selectedMsg:
		return m, m.selectionChanged(msg)
	case collectedMsg:
		return m, nil
	case packedMsg:
		cmds := make([]tea.Cmd, 0, len(m.tabs))
		for _, t := range m.tabs {
			if b, ok := t.(interface{ takePacked(packedMsg) tea.Cmd }); ok {
				cmds = append(cmds, b.takePacked(msg))
			}
		}
		return m, tea.Batch(cmds...)
	case bgSyncMsg:
		return m, m.synced(msg)
	case syncTickMsg:
		return m, m.startSync()
	case openModalMsg:
		m.modal = msg.modal
		return m, tea.Batch(m.modal.Init(), m.toModal(m.modalSize()))
	case closeModalMsg:
		m.modal = nil
		return m, nil
	case tea.KeyPressMsg:
		return m, m.key(msg)
	case tea.MouseClickMsg, tea.MouseWheelMsg:
		return m, m.mouse(msg.(tea.MouseMsg))
	case tea.PasteMsg:
		if m.modal != nil {
			return m, m.toModal(msg)
		}
		return m, m.tab().Update(msg)
	}
	// Anything else (a tab's own messages, a form's inner messages) goes to
	// the modal and to every tab; each ignores what is not its own.
	cmds := []tea.Cmd{m.toModal(msg)}
	for _, t := range m.tabs {
		cmds = append(cmds, t.Update(msg))
	}
	return m, tea.Batch(cmds...)
}

func (m *Model) toModal(msg tea.Msg) tea.Cmd {
	if m.modal == nil {
		return nil
	}
	var cmd tea.Cmd
	m.modal, cmd = m.modal.Update(msg)
	return cmd
}

func (m *Model) modalSize() tea.WindowSizeMsg {
	w, h := m.bodySize()
	return tea.WindowSizeMsg{Width: w, Height: h}
}

// setCatalogue installs a loaded catalogue in every tab.
func (m *Model) setCatalogue(msg catalogueMsg) tea.Cmd {
	m.checking = false
	m.env.preview = nil
	if msg.err != nil {
		m.loadErr = msg.err
		return m.setStatus(statusMsg{text: errorText(m.env.lang, msg.err), err: true})
	}
	m.loadErr = nil
	m.env.setCatalogue(msg.cat)
	m.env.packed, m.env.lists = msg.packed, msg.lists
	m.env.byActor, m.env.dups = msg.byActor, msg.dups
	cmds := make([]tea.Cmd, 0, len(m.tabs))
	for _, t := range m.tabs {
		cmds = append(cmds, t.Load())
	}
	m.refreshPage()
	// The news walk starts once the shown entry's share check is answered:
	// each reads trees of the whole registry, and at 100,000 entries the
	// two at once, on top of the load's garbage, took the app's memory
	// past its peak with the news read (docs/scale.md, round 19). The
	// check waits for the load's garbage to be collected (collectCmd).
	seq := []tea.Cmd{collectCmd, m.shownSelectionChecked(), m.loadNews()}
	// then the long lists' haystacks, for their filters (browser.
	// backgroundPackCmd), one list at a time
	for _, t := range m.tabs {
		if b, ok := t.(interface{ backgroundPackCmd() tea.Cmd }); ok {
			seq = append(seq, b.backgroundPackCmd())
		}
	}
	cmds = append(cmds, tea.Sequence(seq...))
	return tea.Batch(cmds...)
}

// setStatus shows a message and schedules its removal.
func (m *Model) setStatus(s statusMsg) tea.Cmd {
	m.statusSeq++
	m.status = s
	seq := m.statusSeq
	return m.tick(statusDuration, func(_ time.Time) tea.Msg { return statusExpiredMsg{seq: seq} })
}

// result reports an action's outcome and reloads after a write.
func (m *Model) result(r resultMsg) tea.Cmd {
	var cmds []tea.Cmd
	switch {
	case r.Err != nil:
		cmds = append(cmds, m.setStatus(statusMsg{text: errorText(m.env.lang, r.Err), err: true}))
	case r.Text != "":
		cmds = append(cmds, m.setStatus(statusMsg{text: r.Text}))
	}
	if r.Reload {
		cmds = append(cmds, m.loadCmd(), syncCmd(m.src))
	}
	return tea.Batch(cmds...)
}

// key handles a key press.
func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.env.keys
	if key.Matches(msg, k.Interrupt) {
		return tea.Quit
	}
	if m.modal != nil {
		return m.toModal(msg)
	}
	if m.overlay != noOverlay {
		return m.overlayKey(msg)
	}
	if m.tab().Typing() {
		return m.tab().Update(msg)
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.openOverlay(helpOverlay)
	case key.Matches(msg, k.Problems):
		m.openOverlay(problemsOverlay)
	case key.Matches(msg, k.News):
		return m.openNews()
	case key.Matches(msg, k.Coverage):
		return m.openCoverage()
	case key.Matches(msg, k.NextTab):
		return m.switchTab(m.active + 1)
	case key.Matches(msg, k.PrevTab):
		return m.switchTab(m.active - 1)
	case key.Matches(msg, k.GoTab):
		if i, ok := k.tabIndex(msg); ok {
			return m.switchTab(i)
		}
	case key.Matches(msg, k.Reload):
		return tea.Batch(m.loadCmd(), syncCmd(m.src), Status(m.env.t("Registre relu.", "Registry reloaded.")))
	case key.Matches(msg, k.Back):
		m.tab().Back()
	case key.Matches(msg, k.SwitchRegistry):
		return m.switchRegistry()
	case key.Matches(msg, k.Propose):
		if m.loaded() {
			return m.propose()
		}
	default:
		if m.loaded() || m.previewShown() {
			return m.tab().Update(msg)
		}
	}
	return nil
}

// overlayKey handles keys on the help and problems pages.
func (m *Model) overlayKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.env.keys
	if m.overlay == coverageOverlay {
		if cmd, ok := m.coverageKey(msg); ok {
			return cmd
		}
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Back),
		m.overlay == helpOverlay && key.Matches(msg, k.Help),
		m.overlay == problemsOverlay && key.Matches(msg, k.Problems),
		m.overlay == newsOverlay && key.Matches(msg, k.News):
		m.overlay = noOverlay
	case key.Matches(msg, k.News):
		return m.openNews()
	case key.Matches(msg, k.Coverage):
		return m.openCoverage()
	case key.Matches(msg, k.Help):
		m.openOverlay(helpOverlay)
	case key.Matches(msg, k.Problems):
		m.openOverlay(problemsOverlay)
	case key.Matches(msg, k.Up):
		m.page.scroll(-1)
	case key.Matches(msg, k.Down):
		m.page.scroll(1)
	case key.Matches(msg, k.Top):
		m.page.top()
	case key.Matches(msg, k.Bottom):
		m.page.bottom()
	case key.Matches(msg, k.PageUp):
		m.page.page(-1)
	case key.Matches(msg, k.PageDown):
		m.page.page(1)
	case key.Matches(msg, k.NextTab, k.PrevTab, k.GoTab):
		m.overlay = noOverlay
		return m.key(msg)
	}
	return nil
}

// switchTab shows the i-th tab (modulo their number) and asks whether its
// selection has something to propose (selectionChanged).
func (m *Model) switchTab(i int) tea.Cmd {
	n := len(m.tabs)
	m.active = ((i % n) + n) % n
	return m.shownSelectionChecked()
}

func (m *Model) openOverlay(o overlay) {
	m.overlay = o
	m.refreshPage()
	m.page.top()
}

// errorText is an error's sentence in the interface language.
func errorText(l i18n.Lang, err error) string { return line(i18n.Message(err, l)) }
