package tui

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/gpso/codal/registry/store"
)

// Background sync: with a registry on disk that has a remote, the app syncs
// (fetch, replay of local changes, push) when it opens, then every
// syncEvery — every syncPendingEvery while changes wait to be shared. The
// sync runs as a command; Update only reads its outcome.

// bgSyncMsg is the outcome of a background sync.
type bgSyncMsg struct {
	res store.SyncResult
	err error
}

// syncTickMsg starts the next background sync.
type syncTickMsg struct{}

const (
	syncEvery        = 5 * time.Minute
	syncPendingEvery = time.Minute
	syncTimeout      = 2 * time.Minute
)

// startSync starts a background sync unless one runs or there is no
// registry to sync.
func (m *Model) startSync() tea.Cmd {
	reg := m.env.src
	if !m.env.writable() || m.syncing {
		return nil
	}
	m.syncing = true
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), syncTimeout)
		defer cancel()
		res, err := reg.Sync(ctx, false)
		return bgSyncMsg{res: res, err: err}
	}
}

// synced takes a background sync's outcome: the status bar's state, a reload
// when others' changes arrived, a word when changes were shared or on a
// conflict, and the next sync. A remote out of reach is not an error here:
// the status bar keeps counting the changes not shared yet.
func (m *Model) synced(msg bgSyncMsg) tea.Cmd {
	m.syncing = false
	if msg.err != nil {
		return tea.Batch(m.setStatus(statusMsg{text: errorText(m.env.lang, msg.err), err: true}),
			m.tick(syncPendingEvery, func(time.Time) tea.Msg { return syncTickMsg{} }))
	}
	res := msg.res
	if !res.HasRemote {
		m.sync = &syncMsg{state: res.State}
		return nil
	}
	m.sync = &syncMsg{state: res.State}
	var cmds []tea.Cmd
	if res.Pulled > 0 || res.Replayed > 0 || res.Dropped > 0 {
		cmds = append(cmds, m.loadCmd())
	}
	e := m.env
	switch {
	case res.Conflict != nil:
		cmds = append(cmds, m.setStatus(statusMsg{text: line(res.Conflict.Error().In(e.lang)), err: true}))
	case res.Pushed > 0:
		cmds = append(cmds, m.setStatus(statusMsg{text: fmt.Sprintf(e.t("%d modification(s) partagée(s).", "%d change(s) shared."), res.Pushed)}))
	case res.Pulled > 0:
		cmds = append(cmds, m.setStatus(statusMsg{text: fmt.Sprintf(e.t("%d changement(s) reçu(s) du registre partagé.", "%d change(s) received from the shared registry."), res.Pulled)}))
	}
	every := syncEvery
	if res.State.Ahead > 0 {
		every = syncPendingEvery
	}
	cmds = append(cmds, m.tick(every, func(time.Time) tea.Msg { return syncTickMsg{} }))
	return tea.Batch(cmds...)
}

// pendingText is "2 modifications pas encore partagées", or "".
func (m *Model) pendingText() string {
	if m.sync == nil || m.sync.err != nil || m.sync.state.Ahead == 0 {
		return ""
	}
	n := m.sync.state.Ahead
	if n == 1 {
		return m.env.t("1 modification pas encore partagée", "1 change not shared yet")
	}
	return fmt.Sprintf(m.env.t("%d modifications pas encore partagées", "%d changes not shared yet"), n)
}
