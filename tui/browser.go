package tui

import (
	"fmt"
	"strings"
	"sync/atomic"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/gpso/codal/registry/catalogue"
)

// content is what a tab gives its browser: how to draw one row and one
// detail page. Both get registry text raw and must clean it (doc does).
type content interface {
	// row draws the entry's list row in width cells.
	row(item, width int) string
	// detail draws the entry's page at width cells. The browser caches it
	// per entry and width: it is rendered once, not per frame.
	detail(item, width int) string
}

// pager is a content whose pages may be too long to draw at once: the
// browser shows the page detailPage gives, drawn as it comes into view,
// instead of detail's (which is that page drawn whole).
type pager interface {
	detailPage(item, width int) *page
}

// selectedMsg says that a browser's selection changed: the entry now under
// its cursor (id "" when none). The browser emits it and knows nothing of
// who listens; the share action (p, share.go) reacts to it.
type selectedMsg struct {
	kind catalogue.Kind
	id   string
}

// selectHook is implemented by tabs that need to act when the selection
// changes (the snippets tab reads the code files).
type selectHook interface {
	selected(item int) tea.Cmd
}

type focus int

const (
	focusList focus = iota
	focusDetail
)

// splitWidth is the narrowest terminal where the detail sits beside the
// list; below it goes under the list.
const splitWidth = 100

// browser is the list, filter and detail shared by the four tabs: cursor and
// scrolling, "/" filtering, the detail pane and its cache, and the layout
// (side by side, or stacked when narrow).
type browser struct {
	env  *env
	kind catalogue.Kind
	src  content

	ids  []string
	list listModel
	// items counts the setItems calls: a packedMsg for an older list is
	// dropped. packed is set by the first command that packs this list's
	// haystacks (packCmd, when a filter starts; backgroundPackCmd, after
	// the news walk): whichever runs first packs, the other gives nothing.
	items  int
	packed *atomic.Bool

	input  textinput.Model
	typing bool
	focus  focus

	detail scroller
	shown  string           // id whose page the scroller holds
	cache  map[string]*page // rendered pages at cacheWidth, by id
	cacheW int

	// listShare is the list's share of the width, in percent, when side by
	// side.
	listShare int

	width, height int
	split         bool
	listW, listH  int
	detW, detH    int
}

func newBrowser(e *env, kind catalogue.Kind, src content) *browser {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = e.t("filtrer…", "filter…")
	b := &browser{env: e, kind: kind, src: src, input: in, cache: map[string]*page{}, listShare: 45}
	b.styleInput()
	return b
}

func (b *browser) styleInput() {
	st := b.env.st
	s := textinput.DefaultStyles(st.dark)
	s.Focused.Prompt = st.FilterPrompt
	s.Blurred.Prompt = st.FilterPrompt
	s.Focused.Text = st.FilterText
	s.Blurred.Text = st.FilterText
	s.Focused.Placeholder = st.Muted
	s.Blurred.Placeholder = st.Muted
	s.Cursor.Blink = false
	b.input.SetStyles(s)
}

// setItems installs the tab's entries (ids and folded haystacks), keeping
// the filter and, when it still exists, the selected entry.
func (b *browser) setItems(ids, hay []string) tea.Cmd {
	return b.setItemsFunc(ids, func(i int) string { return hay[i] })
}

// setItemsFunc is setItems with the i-th haystack computed by hay, asked
// for once each, in order, and copied at once (filterIndex.resetFunc): the
// haystacks are never all held at once beside the filter's copy.
func (b *browser) setItemsFunc(ids []string, hay func(i int) string) tea.Cmd {
	return b.setItemsWith(ids, func() { b.list.resetFunc(len(ids), hay) })
}

// setItemsLazy is setItemsFunc with the i-th haystack appended by app, and
// the haystacks packed only when a query needs them: at once for a few
// thousand, else by a command (packCmd) that "/" starts, the filter
// applying when they are there. first are the list's first matches when
// the load command made them (nil else: made now).
func (b *browser) setItemsLazy(ids []string, app func(dst []byte, i int) []byte, first []int) tea.Cmd {
	cmd := b.setItemsWith(ids, func() { b.list.resetLazy(len(ids), app, first) })
	return tea.Batch(cmd, b.packCmd())
}

// setItemsWith sets the items, their haystacks installed by reset, and
// keeps the selection.
func (b *browser) setItemsWith(ids []string, reset func()) tea.Cmd {
	prev := b.selectedID()
	b.ids = ids
	b.items++
	b.packed = new(atomic.Bool)
	reset()
	b.list.setQuery(b.input.Value())
	for i, id := range ids {
		if id == prev && prev != "" {
			b.list.selectItem(i)
			break
		}
	}
	b.invalidate()
	return b.selectionChanged()
}

// invalidate forgets rendered pages (new catalogue, new theme).
func (b *browser) invalidate() {
	clear(b.cache)
	b.shown = ""
	b.styleInput()
	b.refresh()
}

// invalidateID forgets one entry's page (its files were read).
func (b *browser) invalidateID(id string) {
	delete(b.cache, id)
	if b.shown == id {
		b.shown = ""
		b.refresh()
	}
}

func (b *browser) selectedItem() int { return b.list.selected() }

func (b *browser) selectedID() string {
	if i := b.list.selected(); i >= 0 && i < len(b.ids) {
		return b.ids[i]
	}
	return ""
}

// Selected is the entry under the cursor (see Tab).
func (b *browser) Selected() (catalogue.Kind, string, bool) {
	id := b.selectedID()
	return b.kind, id, id != ""
}

// selectID puts the cursor on the entry with that id, clearing the filter
// if it hides it.
func (b *browser) selectID(id string) (tea.Cmd, bool) {
	for i, v := range b.ids {
		if v != id {
			continue
		}
		if !b.list.selectItem(i) {
			b.clearFilter()
			b.list.selectItem(i)
		}
		return b.selectionChanged(), true
	}
	return nil, false
}

// contentWidth is the width detail pages are rendered at.
func (b *browser) contentWidth() int {
	return max(b.detW-2, 10)
}

// refresh puts the selected entry's page in the detail scroller, rendering
// it only when it is not cached at the current width.
func (b *browser) refresh() {
	id := b.selectedID()
	w := b.contentWidth()
	if w != b.cacheW {
		clear(b.cache)
		b.cacheW = w
		b.shown = ""
	}
	if id == "" {
		b.shown = ""
		msg := b.env.t("Aucune entrée.", "No entries.")
		if b.list.filter.active() {
			msg = b.env.t("Aucun résultat pour ce filtre.", "Nothing matches this filter.")
		}
		b.detail.setContent(b.env.st.Empty.Render(msg))
		return
	}
	if id == b.shown {
		return
	}
	pg, ok := b.cache[id]
	if !ok {
		// built when first viewed: a hidden tab's is not
		item := b.selectedItem()
		if p, lazy := b.src.(pager); lazy {
			pg = deferPage(func() *page { return p.detailPage(item, w) })
		} else {
			pg = deferPage(func() *page { return textPage(b.src.detail(item, w)) })
		}
		b.cache[id] = pg
	}
	b.shown = id
	b.detail.setPage(pg)
}

// selectionChanged refreshes the detail, says which entry is selected now
// (selectedMsg), and lets the tab react.
func (b *browser) selectionChanged() tea.Cmd {
	b.refresh()
	sel := selectedMsg{kind: b.kind, id: b.selectedID()}
	announce := func() tea.Msg { return sel }
	if h, ok := b.src.(selectHook); ok && b.selectedItem() >= 0 {
		return tea.Batch(announce, h.selected(b.selectedItem()))
	}
	return announce
}

// SetSize lays the panes out: side by side from splitWidth columns, the
// detail under the list below.
func (b *browser) SetSize(width, height int) {
	b.width, b.height = width, height
	b.split = width >= splitWidth
	if b.split {
		b.listW = min(max(width*b.listShare/100, 30), 80)
		b.detW = width - b.listW
		b.listH, b.detH = height, height
	} else {
		b.listW, b.detW = width, width
		b.listH = min(max(height/3+1, 4), 12)
		if height < 10 {
			b.listH = max(height/2, 2)
		}
		b.detH = max(height-b.listH-1, 1)
		if b.focus == focusDetail {
			b.detH = height - 1
		}
	}
	b.list.setHeight(b.listH - 1)
	b.input.SetWidth(max(b.listW-16, 4))
	b.detail.setSize(b.contentWidth(), b.detH)
	b.refresh()
}

// Typing reports whether the filter field has the keyboard.
func (b *browser) Typing() bool { return b.typing }

// Back goes back one level: leaves the filter field (clearing it), the
// detail, or an applied filter.
func (b *browser) Back() bool {
	switch {
	case b.typing:
		b.clearFilter()
	case b.focus == focusDetail:
		b.setFocus(focusList)
	case b.list.filter.active():
		b.clearFilter()
	default:
		return false
	}
	return true
}

// ShortHelp lists the moves that make sense here, for the help line.
func (b *browser) ShortHelp() []key.Binding {
	k := b.env.keys
	if b.focus == focusDetail {
		return []key.Binding{upDown(b.env, b.env.t("défiler", "scroll")), k.Back}
	}
	keys := []key.Binding{upDown(b.env, b.env.t("choisir", "move")), k.Open, k.Filter}
	if b.list.filter.active() {
		keys = append(keys, k.Back)
	}
	return keys
}

func (b *browser) setFocus(f focus) {
	b.focus = f
	b.SetSize(b.width, b.height)
}

func (b *browser) startFilter() tea.Cmd {
	b.typing = true
	if b.focus == focusDetail {
		b.setFocus(focusList)
	}
	return tea.Batch(b.input.Focus(), b.packCmd())
}

// filtering reports whether a query is typed or applied.
func (b *browser) filtering() bool { return len(catalogue.Terms(b.input.Value())) > 0 }

// packedMsg carries a browser's haystacks, packed by packCmd for its
// items-th list.
type packedMsg struct {
	kind  catalogue.Kind
	items int
	p     *packedHaystacks
}

// packCmd packs the list's haystacks off the event loop when a filter is
// started, or applied, on a list too long to pack at once
// (filterPackNow); nil when there is nothing to pack.
func (b *browser) packCmd() tea.Cmd {
	if !b.typing && b.input.Value() == "" {
		return nil
	}
	return b.backgroundPackCmd()
}

// backgroundPackCmd packs the haystacks of a list too long to pack at once,
// filtering or not: the app runs it once the news walk is done (Model.
// setCatalogue), so that a filter finds them packed, without their 20 MB
// and their folding on top of the load and the walk at 100,000 entries.
// The command gives nothing when another already packs them.
func (b *browser) backgroundPackCmd() tea.Cmd {
	f := &b.list.filter
	if !f.unpacked() || f.lazyN <= filterPackNow || b.packed == nil || b.packed.Load() {
		return nil
	}
	kind, items, n, app, once := b.kind, b.items, f.lazyN, f.lazy, b.packed
	return func() tea.Msg {
		if !once.CompareAndSwap(false, true) {
			return nil
		}
		return packedMsg{kind: kind, items: items, p: packAppended(n, app)}
	}
}

// takePacked installs the haystacks packCmd packed for this list, and
// applies the query typed meanwhile.
func (b *browser) takePacked(msg packedMsg) tea.Cmd {
	if msg.kind != b.kind || msg.items != b.items || !b.list.filter.unpacked() {
		return nil
	}
	before := b.selectedItem()
	b.list.filter.install(msg.p)
	b.list.setQuery(b.input.Value())
	return b.changedFrom(before)
}

func (b *browser) clearFilter() {
	b.typing = false
	b.input.Blur()
	b.input.SetValue("")
	b.list.setQuery("")
	b.refresh()
}

// update handles a key for the browser. It reports whether the key was
// used.
func (b *browser) update(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := b.env.keys
	if b.typing {
		return b.updateTyping(msg), true
	}
	if key.Matches(msg, k.Filter) {
		return b.startFilter(), true
	}
	if b.focus == focusDetail {
		switch {
		case key.Matches(msg, k.Up):
			b.detail.scroll(-1)
		case key.Matches(msg, k.Down):
			b.detail.scroll(1)
		case key.Matches(msg, k.Top):
			b.detail.top()
		case key.Matches(msg, k.Bottom):
			b.detail.bottom()
		case key.Matches(msg, k.PageUp):
			b.detail.page(-1)
		case key.Matches(msg, k.PageDown):
			b.detail.page(1)
		default:
			return nil, false
		}
		return nil, true
	}
	before := b.selectedItem()
	switch {
	case key.Matches(msg, k.Up):
		b.list.move(-1)
	case key.Matches(msg, k.Down):
		b.list.move(1)
	case key.Matches(msg, k.Top):
		b.list.top()
	case key.Matches(msg, k.Bottom):
		b.list.bottom()
	case key.Matches(msg, k.PageUp):
		b.list.move(-max(b.list.height-1, 1))
	case key.Matches(msg, k.PageDown):
		b.list.move(max(b.list.height-1, 1))
	case key.Matches(msg, k.Open):
		if b.selectedItem() >= 0 {
			b.setFocus(focusDetail)
		}
		return nil, true
	default:
		return nil, false
	}
	if b.selectedItem() != before {
		return b.selectionChanged(), true
	}
	return nil, true
}

// updateTyping handles a key while the filter field has the keyboard: every
// key is text except esc (clear), enter (keep) and the arrows (move).
func (b *browser) updateTyping(msg tea.KeyPressMsg) tea.Cmd {
	k := b.env.keys
	before := b.selectedItem()
	switch {
	case key.Matches(msg, k.FilterClear):
		b.clearFilter()
		return b.changedFrom(before)
	case key.Matches(msg, k.FilterApply):
		b.typing = false
		b.input.Blur()
		if b.input.Value() == "" {
			b.list.setQuery("")
		}
		return nil
	case key.Matches(msg, k.FilterUp):
		b.list.move(-1)
		return b.changedFrom(before)
	case key.Matches(msg, k.FilterDown):
		b.list.move(1)
		return b.changedFrom(before)
	}
	if msg.Mod.Contains(tea.ModAlt) || msg.Mod.Contains(tea.ModCtrl) {
		// Only the field's own editing keys (ctrl+w, alt+b…): an alt+2 that
		// a terminal made of esc then 2 must not type a 2.
		km := b.input.KeyMap
		if !key.Matches(msg, km.WordBackward, km.WordForward, km.DeleteWordBackward, km.DeleteWordForward,
			km.DeleteAfterCursor, km.DeleteBeforeCursor, km.LineStart, km.LineEnd, km.CharacterBackward,
			km.CharacterForward, km.DeleteCharacterBackward, km.DeleteCharacterForward, km.Paste) {
			return nil
		}
	}
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	b.list.setQuery(b.input.Value())
	return tea.Batch(cmd, b.changedFrom(before))
}

// paste puts pasted text into the filter field while typing.
func (b *browser) paste(msg tea.PasteMsg) tea.Cmd {
	if !b.typing {
		return nil
	}
	before := b.selectedItem()
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	b.list.setQuery(b.input.Value())
	return tea.Batch(cmd, b.changedFrom(before))
}

func (b *browser) changedFrom(before int) tea.Cmd {
	if b.selectedItem() != before || b.shown != b.selectedID() {
		return b.selectionChanged()
	}
	return nil
}

// Position is "3/14", or "3/5 · 14" with a filter.
func (b *browser) Position() string {
	n := b.list.len()
	if n == 0 {
		return fmt.Sprintf("0/%d", b.list.total())
	}
	if b.list.filter.active() {
		return fmt.Sprintf("%d/%d · %d", b.list.cursor+1, n, b.list.total())
	}
	return fmt.Sprintf("%d/%d", b.list.cursor+1, n)
}

// View draws the list and the detail.
func (b *browser) View() string {
	if b.width <= 0 || b.height <= 0 {
		return ""
	}
	if b.split {
		list := b.listView()
		sep := b.env.st.Rule
		if b.focus == focusDetail {
			sep = b.env.st.PaneTitleFocused
		}
		bar := strings.TrimSuffix(strings.Repeat(sep.Render("│")+"\n", b.height), "\n")
		det := lipgloss.JoinHorizontal(lipgloss.Top, " ", b.detailView())
		return lipgloss.JoinHorizontal(lipgloss.Top, list, bar, det)
	}
	if b.focus == focusDetail {
		return b.detailHeader() + "\n" + b.indent(b.detailView())
	}
	rule := b.env.st.Rule.Render(strings.Repeat("─", b.width))
	return b.listView() + "\n" + rule + "\n" + b.indent(b.detailView())
}

// detailView is the detail's window, its last line saying when there is
// more below and how to read it.
func (b *browser) detailView() string {
	v := b.detail.view()
	below, _ := b.detail.more()
	if !below || b.detail.height < 3 {
		return v
	}
	hint := "↓ " + b.env.t("suite : entrée pour lire", "more: enter to read")
	if b.focus == focusDetail {
		hint = "↓ " + b.env.t("suite : j/↓ pour défiler", "more: j/↓ to scroll")
	}
	lines := strings.Split(v, "\n")
	lines[len(lines)-1] = pad(b.env.st.Muted.Render(hint), b.detail.width)
	return strings.Join(lines, "\n")
}

func (b *browser) indent(block string) string {
	lines := strings.Split(block, "\n")
	for i, l := range lines {
		lines[i] = " " + l + " "
	}
	return strings.Join(lines, "\n")
}

// detailHeader is the line above a full-height detail: where we are and how
// to go back.
func (b *browser) detailHeader() string {
	st := b.env.st
	h := b.env.keys.Back.Help()
	back := st.Muted.Render(" " + h.Key + " " + h.Desc)
	title := st.PaneTitleFocused.Render(" " + b.kind.Label(b.env.lang) + " › " + b.selectedID())
	gap := b.width - lipgloss.Width(title) - lipgloss.Width(back)
	if gap < 1 {
		return pad(title, b.width)
	}
	return title + strings.Repeat(" ", gap) + back
}

// listView draws the header line and the visible rows, listW × listH.
func (b *browser) listView() string {
	st := b.env.st
	var out strings.Builder
	out.WriteString(b.listHeader())
	from, to := b.list.window()
	rowW := b.listW - 3
	for p := from; p < to; p++ {
		item := b.list.filter.match[p]
		out.WriteByte('\n')
		if p == b.list.cursor {
			text := ansi.Strip(b.src.row(item, rowW))
			style := st.RowCurrent
			if b.focus == focusList {
				style = st.RowSelected
			}
			out.WriteString(style.Render("▌ " + pad(text, rowW) + " "))
			continue
		}
		out.WriteString("  " + b.src.row(item, rowW))
	}
	if b.list.len() == 0 {
		msg := b.env.t("Aucune entrée.", "No entries.")
		if b.list.filter.active() {
			msg = b.env.t("Aucun résultat.", "No match.")
		}
		out.WriteString("\n  " + st.Empty.Render(msg))
	}
	return fit(out.String(), b.listW, b.listH)
}

func (b *browser) listHeader() string {
	st := b.env.st
	count := st.FilterCount.Render(fmt.Sprintf("%d/%d", b.list.len(), b.list.total()))
	if b.typing || b.list.filter.active() {
		in := b.input.View()
		gap := b.listW - lipgloss.Width(in) - lipgloss.Width(count) - 1
		return pad(in+strings.Repeat(" ", max(gap, 1))+count, b.listW)
	}
	title := st.PaneTitle
	if b.focus == focusList {
		title = st.PaneTitleFocused
	}
	head := title.Render(b.kind.Label(b.env.lang))
	hint := st.Muted.Render("/ " + b.env.t("filtrer", "filter"))
	gap := b.listW - lipgloss.Width(head) - lipgloss.Width(hint) - 1
	if gap < 1 {
		return pad(head, b.listW)
	}
	return head + strings.Repeat(" ", gap) + hint + " "
}
