package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Registry text is written by anyone who can propose a change to the shared
// repository, so none of it reaches the terminal raw: every string read from
// the catalogue goes through line (one-line fields) or para (multi-line
// text) before it is styled. Styling comes after cleaning, never before.

// line cleans one-line registry text: control characters, escape sequences
// and bidirectional overrides removed, newlines folded into spaces.
func line(s string) string { return fact.CleanLine(s) }

// para cleans multi-line registry text, keeping its newlines.
func para(s string) string { return strings.TrimSpace(fact.Clean(s)) }

// truncate cuts s to width cells, ending with "…" when it was cut.
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// wrap word-wraps s to width cells, cutting words longer than a line.
func wrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	return ansi.Wrap(s, width, "")
}

// pad right-pads s with spaces to exactly width cells (truncating if longer).
func pad(s string, width int) string {
	w := lipgloss.Width(s)
	switch {
	case w > width:
		return truncate(s, width)
	case w < width:
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// fit makes a block exactly width × height: lines cut or padded, missing
// lines added, extra lines dropped. Panes are assembled from fitted blocks,
// so a long line in one never shifts another.
func fit(s string, width, height int) string {
	if height <= 0 || width <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	var b strings.Builder
	for i := range height {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(lines) {
			l := pad(lines[i], width)
			b.WriteString(l)
			if strings.Contains(l, "\x1b[") {
				b.WriteString("\x1b[m") // no style leaks into the next pane
			}
		} else {
			b.WriteString(strings.Repeat(" ", width))
		}
	}
	return b.String()
}

// plural picks the singular or plural form: French takes the singular for 0
// and 1, English for 1 only.
func plural(l i18n.Lang, n int, one, many string) string {
	if n == 1 || n == 0 && l == i18n.FR {
		return one
	}
	return many
}

// firstNonEmpty returns the first string that is not blank.
func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// spread puts left and right on one line of width cells, right aligned to
// the end; when right would take more than half the line, only left shows.
func spread(left, right string, width int) string {
	rw := lipgloss.Width(right)
	if right == "" || rw+2 > width/2 {
		return pad(left, width)
	}
	return pad(left, width-rw-1) + " " + right
}

// reflow joins the lines of each paragraph, as Markdown does, so that text
// written wrapped in YAML is wrapped again at the pane's width. Blank lines
// and list items ("- ", "* ") keep their line breaks.
func reflow(s string) string {
	lines := strings.Split(s, "\n")
	var b strings.Builder
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if i > 0 {
			prev := strings.TrimSpace(lines[i-1])
			if t == "" || prev == "" || strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(t)
	}
	return b.String()
}
