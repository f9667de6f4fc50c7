package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Markdown writes the pack as Markdown: a title, the period, then one
// heading per section in agenda order with a table, or a sentence when the
// section is empty. Every registry string is cleaned of control characters
// and escaped, so a title cannot open HTML, a link or a table cell in a
// Markdown viewer. Nothing is written when w fails midway but what was
// already accepted: the pack is built in memory first.
func Markdown(w io.Writer, p Pack) error {
	d := build(p)
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n%s\n", mdEscape(d.Title), mdEscape(d.Period))
	for _, s := range d.Sections {
		fmt.Fprintf(&b, "\n## %s\n\n", mdEscape(s.Heading))
		if len(s.Rows) == 0 {
			fmt.Fprintf(&b, "_%s_\n", mdEscape(s.Empty))
			continue
		}
		mdRow(&b, s.Head)
		b.WriteString("|" + strings.Repeat(" --- |", len(s.Head)) + "\n")
		for _, r := range s.Rows {
			mdRow(&b, r)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// mdRow writes one table row; an empty cell stays empty.
func mdRow(b *bytes.Buffer, cells []string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" " + mdEscape(c) + " |")
	}
	b.WriteString("\n")
}

// mdEscaper makes text literal in Markdown (CommonMark and GitHub's
// tables): HTML's <, > and & become entities, and every character that can
// start emphasis, a link, an image, code, a heading, a list or a table cell
// is backslash-escaped.
var mdEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;",
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"|", `\|`, "#", `\#`, "!", `\!`, "~", `\~`,
)

// mdEscape escapes s for Markdown; s is one line already (fact.CleanLine).
func mdEscape(s string) string {
	s = mdEscaper.Replace(s)
	// A line starting with "-", "+" or "1." would be a list item.
	if s != "" && strings.ContainsRune("-+", rune(s[0])) {
		s = `\` + s
	}
	return s
}
