package tui

import (
	"strings"

	"github.com/gpso/codal/i18n"
)

// doc builds a detail page line by line at a given width. Its methods take
// registry text raw and clean it, so a detail cannot forget to.
type doc struct {
	st    *styles
	lang  i18n.Lang
	width int
	b     strings.Builder
	// labelWidth aligns the values of field lines.
	labelWidth int
}

func newDoc(st *styles, l i18n.Lang, width int) *doc {
	return &doc{st: st, lang: l, width: max(width, 10), labelWidth: 16}
}

func (d *doc) t(fr, en string) string { return i18n.T(fr, en).In(d.lang) }

func (d *doc) nl() {
	if d.b.Len() > 0 {
		d.b.WriteByte('\n')
	}
}

// title writes the entry's name, wrapped.
func (d *doc) title(s string) {
	d.nl()
	d.b.WriteString(d.st.Title.Render(wrap(line(s), d.width)))
}

// subtitle writes a muted line under the title.
func (d *doc) subtitle(s string) {
	d.nl()
	d.b.WriteString(d.st.Muted.Render(wrap(line(s), d.width)))
}

// field writes "Label   value", the value wrapped under itself. Nothing is
// written for an empty value.
func (d *doc) field(label, value string) { d.fieldStyled(label, line(value), false) }

// fieldStyled writes a field whose value is already clean and styled.
func (d *doc) fieldStyled(label, value string, styled bool) {
	if strings.TrimSpace(value) == "" {
		return
	}
	lw := d.labelWidth
	if d.width < 40 {
		lw = 0
	}
	vw := max(d.width-lw, 10)
	if !styled {
		value = d.st.Value.Render(wrap(value, vw))
	}
	lines := strings.Split(value, "\n")
	for i, l := range lines {
		d.nl()
		if lw == 0 {
			if i == 0 {
				d.b.WriteString(d.st.Label.Render(label+" : ") + "\n")
			}
			d.b.WriteString(l)
			continue
		}
		if i == 0 {
			d.b.WriteString(d.st.Label.Render(pad(label, lw)))
		} else {
			d.b.WriteString(strings.Repeat(" ", lw))
		}
		d.b.WriteString(l)
	}
}

// section starts a new part of the page with a blank line and a heading.
func (d *doc) section(title string) {
	d.nl()
	d.nl()
	d.b.WriteString(d.st.Section.Render(truncate(title, d.width)))
}

// text writes cleaned, wrapped paragraphs (lines of a paragraph are joined,
// as in Markdown).
func (d *doc) text(s string) {
	s = reflow(para(s))
	if s == "" {
		return
	}
	d.nl()
	d.b.WriteString(d.st.Value.Render(wrap(s, d.width)))
}

// blank writes an empty line.
func (d *doc) blank() {
	d.nl()
}

// muted writes a cleaned, wrapped muted line.
func (d *doc) muted(s string) {
	d.nl()
	d.b.WriteString(d.st.Muted.Render(wrap(line(s), d.width)))
}

// bullet writes "• text" with continuation lines indented. text must be
// clean already (it may be styled).
func (d *doc) bullet(text string) {
	lines := strings.Split(wrap(text, max(d.width-2, 8)), "\n")
	for i, l := range lines {
		d.nl()
		if i == 0 {
			d.b.WriteString(d.st.Accent.Render("•") + " ")
		} else {
			d.b.WriteString("  ")
		}
		d.b.WriteString(l)
	}
}

// indented writes clean (possibly styled) text wrapped under a bullet.
func (d *doc) indented(text string) {
	for _, l := range strings.Split(wrap(text, max(d.width-2, 8)), "\n") {
		d.nl()
		d.b.WriteString("  " + l)
	}
}

// block writes a pre-rendered block (Markdown, code, a table).
func (d *doc) block(s string) {
	if s == "" {
		return
	}
	d.nl()
	d.b.WriteString(s)
}

func (d *doc) String() string { return d.b.String() }
