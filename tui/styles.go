package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"

	"github.com/gpso/codal/requests"
)

// styles is the one place where the app's look is decided. Colours are given
// for a dark and a light background; Bubble Tea downsamples them to what the
// terminal supports and drops them under NO_COLOR, so every state that
// matters is also told without colour (a marker, bold, reverse).
type styles struct {
	dark bool

	TabActive   lipgloss.Style
	TabInactive lipgloss.Style
	TabCount    lipgloss.Style
	TabSep      lipgloss.Style

	PaneTitle        lipgloss.Style
	PaneTitleFocused lipgloss.Style
	Rule             lipgloss.Style

	Row         lipgloss.Style
	RowSelected lipgloss.Style // selected row of the focused list
	RowCurrent  lipgloss.Style // selected row of an unfocused list
	RowMuted    lipgloss.Style
	Empty       lipgloss.Style

	FilterPrompt lipgloss.Style
	FilterText   lipgloss.Style
	FilterCount  lipgloss.Style

	Title   lipgloss.Style
	Section lipgloss.Style
	Label   lipgloss.Style
	Value   lipgloss.Style
	Muted   lipgloss.Style
	Accent  lipgloss.Style
	Warn    lipgloss.Style
	Error   lipgloss.Style
	Good    lipgloss.Style

	TableHeader lipgloss.Style
	TableCell   lipgloss.Style
	TableBorder lipgloss.Style

	StatusBar   lipgloss.Style
	StatusName  lipgloss.Style
	StatusSync  lipgloss.Style
	StatusProbs lipgloss.Style
	StatusOK    lipgloss.Style
	StatusMsg   lipgloss.Style
	StatusErr   lipgloss.Style

	Help help.Styles
}

// The palette, as light/dark pairs.
type palette struct {
	fg, muted, faint, accent, accentFg, selBg, barBg, barFg, warn, err, good color.Color
}

func newPalette(dark bool) palette {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return palette{
		fg:       ld(c("#1F2328"), c("#E6E6E6")),
		muted:    ld(c("#5A6270"), c("#9AA3AF")),
		faint:    ld(c("#A0A7B0"), c("#4B5260")),
		accent:   ld(c("#0B5CAD"), c("#6CB4FF")),
		accentFg: ld(c("#FFFFFF"), c("#0B1B2B")),
		selBg:    ld(c("#D6E8FA"), c("#23415E")),
		barBg:    ld(c("#E8ECF1"), c("#262B33")),
		barFg:    ld(c("#2B3138"), c("#C9D1D9")),
		warn:     ld(c("#9A6700"), c("#E3B341")),
		err:      ld(c("#CF222E"), c("#FF7B72")),
		good:     ld(c("#1A7F37"), c("#56D364")),
	}
}

func newStyles(dark bool) *styles {
	p := newPalette(dark)
	s := lipgloss.NewStyle
	st := &styles{dark: dark}

	st.TabActive = s().Bold(true).Foreground(p.accentFg).Background(p.accent).Padding(0, 1)
	st.TabInactive = s().Foreground(p.muted).Padding(0, 1)
	st.TabCount = s().Foreground(p.faint)
	st.TabSep = s().Foreground(p.faint)

	st.PaneTitle = s().Foreground(p.muted)
	st.PaneTitleFocused = s().Foreground(p.accent).Bold(true)
	st.Rule = s().Foreground(p.faint)

	st.Row = s().Foreground(p.fg)
	st.RowSelected = s().Foreground(p.fg).Background(p.selBg).Bold(true)
	st.RowCurrent = s().Foreground(p.fg).Bold(true)
	st.RowMuted = s().Foreground(p.muted)
	st.Empty = s().Foreground(p.muted).Italic(true)

	st.FilterPrompt = s().Foreground(p.accent).Bold(true)
	st.FilterText = s().Foreground(p.fg)
	st.FilterCount = s().Foreground(p.muted)

	st.Title = s().Bold(true).Foreground(p.accent)
	st.Section = s().Bold(true).Foreground(p.accent)
	st.Label = s().Foreground(p.muted)
	st.Value = s().Foreground(p.fg)
	st.Muted = s().Foreground(p.muted)
	st.Accent = s().Foreground(p.accent)
	st.Warn = s().Foreground(p.warn)
	st.Error = s().Foreground(p.err)
	st.Good = s().Foreground(p.good)

	st.TableHeader = s().Bold(true).Foreground(p.fg).Padding(0, 1)
	st.TableCell = s().Foreground(p.fg).Padding(0, 1)
	st.TableBorder = s().Foreground(p.faint)

	st.StatusBar = s().Foreground(p.barFg).Background(p.barBg)
	st.StatusName = s().Foreground(p.accentFg).Background(p.accent).Bold(true).Padding(0, 1)
	st.StatusSync = s().Foreground(p.barFg).Background(p.barBg).Padding(0, 1)
	st.StatusProbs = s().Foreground(p.warn).Background(p.barBg).Bold(true).Padding(0, 1)
	st.StatusOK = s().Foreground(p.good).Background(p.barBg).Padding(0, 1)
	st.StatusMsg = s().Foreground(p.accent).Background(p.barBg).Bold(true).Padding(0, 1)
	st.StatusErr = s().Foreground(p.err).Background(p.barBg).Bold(true).Padding(0, 1)

	st.Help = help.Styles{
		ShortKey:       s().Foreground(p.accent),
		ShortDesc:      s().Foreground(p.muted),
		ShortSeparator: s().Foreground(p.faint),
		Ellipsis:       s().Foreground(p.faint),
		FullKey:        s().Foreground(p.accent).Bold(true),
		FullDesc:       s().Foreground(p.fg),
		FullSeparator:  s().Foreground(p.faint),
	}
	return st
}

// status colours a request status: open ones stand out, closed ones fade,
// a publication is good news.
func (st *styles) status(s requests.Status) lipgloss.Style {
	switch {
	case s == requests.Published || s == requests.AlreadyAvailable:
		return st.Good
	case s == requests.Declined:
		return st.Error
	case s.Open():
		return st.Accent
	}
	return st.Muted
}

// glamourStyle and chromaStyle name the Markdown and code themes that suit
// the background.
func (st *styles) glamourStyle() string {
	if st.dark {
		return "dark"
	}
	return "light"
}

func (st *styles) chromaStyle() string {
	if st.dark {
		return "github-dark"
	}
	return "github"
}
