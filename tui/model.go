package tui

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// Options configure the app.
type Options struct {
	Lang i18n.Lang
	// Store is the registry's store: where the catalogue is read and, when
	// it is Git (Store.IsGit), where actions write; the app then also syncs
	// with the registry's remote in the background.
	Store store.Store
	// Identity is who writes (registry.ResolveIdentity); IdentityErr why it
	// is unknown. Resolved before the app starts: Update does no I/O.
	Identity    catalogue.Identity
	IdentityErr error
	// GitHubAPI is the configured GitHub API address (github_api in the
	// configuration; CODAL_GITHUB_API wins), for p.
	GitHubAPI string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Clipboard writes to the system clipboard (the native one when nil).
	Clipboard func(string) error
	// Theme forces a light or dark palette; ThemeAuto asks the terminal.
	Theme Theme
	// Registries are the names of the configured registries R switches
	// between; Registry is the open one's name ("" when it has none), shown
	// in the status bar.
	Registries []string
	Registry   string
	// Keys rebinds actions (`keys:` in the configuration: action → keys),
	// checked beforehand with CheckKeys.
	Keys map[string][]string
	// NoMouse leaves the mouse to the terminal (`mouse: false` in the
	// configuration, for people who select text); by default clicks and
	// the wheel work in the app.
	NoMouse bool
	// Open opens an http(s) URL outside the terminal (o: a training's
	// video, a tip's first link); the system's opener (xdg-open, open,
	// rundll32) when nil.
	Open func(string) error
}

// Theme picks the palette.
type Theme int

const (
	// ThemeAuto follows the terminal's background colour.
	ThemeAuto Theme = iota
	// ThemeDark is for dark backgrounds.
	ThemeDark
	// ThemeLight is for light backgrounds.
	ThemeLight
)

// overlay is a full-body page shown over the tabs.
type overlay int

const (
	noOverlay overlay = iota
	helpOverlay
	problemsOverlay
	newsOverlay
	coverageOverlay
)

// Model is the app: the tab bar, the active tab's body, the status bar and
// the help line, with the help page, the problems page or a modal over the
// body when open.
type Model struct {
	env    *env
	src    store.Store
	theme  Theme
	tabs   []Tab
	active int

	width, height int

	overlay  overlay
	page     scroller // the help or problems page
	modal    Modal
	helpLine help.Model

	loadErr error
	sync    *syncMsg // nil until known
	// news is the news since the last commit marked read (news.go).
	news *newsState
	// cov is the coverage view's state (coverage.go), nil until opened.
	cov *coverageState

	status    statusMsg
	statusSeq int
	// syncing is true while a background sync runs.
	syncing bool
	// checking is true while the first whole load runs after the preview
	// (preview.go): the status bar says "vérification…".
	checking bool
	// tick schedules a message (tea.Tick; replaced in tests).
	tick func(time.Duration, func(time.Time) tea.Msg) tea.Cmd

	// registries and current are Options.Registries and .Registry; next
	// is the registry chosen with R.
	registries    []string
	current, next string
	// mouseOn is !Options.NoMouse.
	mouseOn bool
}

// New builds the app. Nothing is read until the program runs Init.
func New(o Options) *Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Clipboard == nil {
		o.Clipboard = nativeClipboard
	}
	if o.Open == nil {
		o.Open = systemOpener
	}
	keys := newKeyMap(o.Lang)
	_ = keys.ApplyKeys(o.Keys, o.Lang) // checked by the caller (CheckKeys)
	st := newStyles(o.Theme != ThemeLight)
	e := &env{lang: o.Lang, keys: &keys, st: st, render: newRenderer(st), src: o.Store, now: o.Now, clipboard: o.Clipboard, open: o.Open,
		who: o.Identity, whoErr: o.IdentityErr, githubAPI: o.GitHubAPI}
	m := &Model{env: e, src: o.Store, theme: o.Theme, helpLine: help.New(), tick: tea.Tick, registries: o.Registries, current: o.Registry, mouseOn: !o.NoMouse}
	m.tabs = []Tab{newActorsTab(e), newSnippetsTab(e), newSchemasTab(e), newRequestsTab(e), newTrainingsTab(e), newTipsTab(e)}
	m.helpLine.Styles = st.Help
	return m
}

// Init reads the catalogue (after the store's preview, when it has one:
// preview.go) and the sync state, and asks the terminal for its background
// colour.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.firstLoad(), syncCmd(m.src), m.startSync()}
	if m.theme == ThemeAuto {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

// setTheme rebuilds the styles for a dark or light background and forgets
// every rendered page.
func (m *Model) setTheme(dark bool) {
	if m.env.st.dark == dark {
		return
	}
	m.env.st = newStyles(dark)
	m.env.render = newRenderer(m.env.st)
	m.helpLine.Styles = m.env.st.Help
	for _, t := range m.tabs {
		t.Invalidate()
	}
	m.refreshPage()
}

// bodySize is the area between the tab bar and the status and help lines.
func (m *Model) bodySize() (int, int) {
	return m.width, max(m.height-3, 1)
}

func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	bw, bh := m.bodySize()
	for _, t := range m.tabs {
		t.SetSize(bw, bh)
	}
	m.helpLine.SetWidth(w - 1)
	m.page.setSize(max(bw-2, 1), bh)
	m.refreshPage()
}

func (m *Model) tab() Tab { return m.tabs[m.active] }

// loaded reports whether a catalogue is there.
func (m *Model) loaded() bool { return m.env.cat != nil }
