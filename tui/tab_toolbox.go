package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// toolboxTab is what Formations and Astuces share: the browser, the entry
// just added (selected once the catalogue that holds it is loaded), and the
// keys a (add, through add) and o (open the selected item's link, through
// link).
type toolboxTab struct {
	*browser
	pendingSelect string
	add           func() tea.Cmd
	link          func(item int) tea.Cmd
}

func (t *toolboxTab) Keys() []key.Binding {
	return []key.Binding{t.env.keys.OpenLink, t.env.keys.AddEntry}
}
func (t *toolboxTab) Invalidate() { t.invalidate() }

// load installs the entries' ids (in kindHaystacks' order) and their
// haystacks, selecting an entry just added when it is there.
func (t *toolboxTab) load(ids []string) tea.Cmd {
	cmd := t.env.setKindItems(t.browser, t.kind, ids)
	if id := t.pendingSelect; id != "" && t.env.cat.Has(t.kind, id) {
		t.pendingSelect = ""
		if sel, ok := t.selectID(id); ok {
			cmd = tea.Batch(cmd, sel)
		}
	}
	return cmd
}

func (t *toolboxTab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case entryAddedMsg:
		if msg.kind == t.kind {
			return entryAdded(t.env, msg, &t.pendingSelect)
		}
	case tea.KeyPressMsg:
		if !t.typing && key.Matches(msg, t.env.keys.AddEntry) {
			return t.add()
		}
		if !t.typing && key.Matches(msg, t.env.keys.OpenLink) {
			if i := t.selectedItem(); i >= 0 {
				return t.link(i)
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
