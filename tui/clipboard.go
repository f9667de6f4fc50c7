package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/atotto/clipboard"

	"github.com/gpso/codal/fact"
)

// nativeClipboard writes to the system clipboard (xclip, wl-copy, pbcopy…).
func nativeClipboard(s string) error { return clipboard.WriteAll(s) }

// copyToClipboard copies text two ways at once: an OSC 52 sequence, which
// the terminal turns into a clipboard write (it works over SSH, when the
// terminal allows it), and the system clipboard when there is one. The
// status bar says which one is known to have worked. The text is cleaned
// first: a pasted snippet must not carry escape sequences or bidirectional
// overrides.
func copyToClipboard(e *env, text string) tea.Cmd {
	text = fact.CleanCode(text)
	lines := strings.Count(strings.TrimRight(text, "\n"), "\n") + 1
	n := fmt.Sprintf("%d %s", lines, plural(e.lang, lines, e.t("ligne", "line"), e.t("lignes", "lines")))
	return copyText(e, text,
		fmt.Sprintf(e.t("Code copié dans le presse-papiers (%s).", "Code copied to the clipboard (%s)."), n),
		fmt.Sprintf(e.t("Code copié via le terminal (OSC 52, %s).", "Code copied through the terminal (OSC 52, %s)."), n))
}

// copyText copies clean text both ways (see copyToClipboard) and says
// viaSystem when the system clipboard took it, viaTerminal otherwise.
func copyText(e *env, text, viaSystem, viaTerminal string) tea.Cmd {
	write := e.clipboard
	native := func() tea.Msg {
		if err := write(text); err != nil {
			return statusMsg{text: viaTerminal}
		}
		return statusMsg{text: viaSystem}
	}
	return tea.Batch(tea.SetClipboard(text), native)
}
