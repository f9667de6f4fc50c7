package tui

import (
	"strconv"
	"strings"

	"charm.land/glamour/v2"
	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/formatters"
	"github.com/alecthomas/chroma/v2/lexers"
	chromastyles "github.com/alecthomas/chroma/v2/styles"
	"github.com/charmbracelet/x/ansi"

	"github.com/gpso/codal/fact"
)

// renderer turns registry Markdown and code into styled text. It is called
// only when a detail is not in a tab's cache (once per entry and width), and
// keeps one Markdown renderer per width since building one is costly.
type renderer struct {
	st *styles
	md map[int]*glamour.TermRenderer
}

func newRenderer(st *styles) *renderer {
	return &renderer{st: st, md: map[int]*glamour.TermRenderer{}}
}

// markdown renders cleaned Markdown to width cells. On failure the text is
// returned wrapped, unstyled.
func (r *renderer) markdown(src string, width int) string {
	src = para(src)
	if src == "" {
		return ""
	}
	tr, ok := r.md[width]
	if !ok {
		var err error
		tr, err = glamour.NewTermRenderer(
			glamour.WithStandardStyle(r.st.glamourStyle()),
			glamour.WithWordWrap(max(width, 10)),
		)
		if err != nil {
			return wrap(src, width)
		}
		r.md[width] = tr
	}
	out, err := tr.Render(src)
	if err != nil {
		return wrap(src, width)
	}
	return trimBlankLines(stripOSC(out))
}

// code highlights cleaned source with chroma and adds line numbers. lang is
// the snippet's language (a chroma lexer name); file helps guess otherwise.
func (r *renderer) code(src, lang, file string, width int) string {
	src = strings.TrimRight(strings.ReplaceAll(fact.Clean(src), "\r", ""), "\n")
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Match(file)
	}
	if lexer == nil {
		lexer = lexers.Analyse(src)
	}
	if lexer == nil {
		lexer = lexers.Fallback
	}
	style := chromastyles.Get(r.st.chromaStyle())
	var b strings.Builder
	highlighted := src
	if it, err := chroma.Coalesce(lexer).Tokenise(nil, src); err == nil {
		if err := formatters.TTY16m.Format(&b, style, it); err == nil {
			highlighted = b.String()
		}
	}
	lines := strings.Split(highlighted, "\n")
	gw := len(strconv.Itoa(len(lines)))
	body := max(width-gw-3, 8)
	var out strings.Builder
	for i, l := range lines {
		num := r.st.Muted.Render(pad(strconv.Itoa(i+1), gw)) + r.st.Rule.Render(" │ ")
		for j, part := range strings.Split(ansi.Hardwrap(l, body, true), "\n") {
			if i > 0 || j > 0 {
				out.WriteByte('\n')
			}
			if j == 0 {
				out.WriteString(num)
			} else {
				out.WriteString(strings.Repeat(" ", gw) + r.st.Rule.Render(" ┆ "))
			}
			out.WriteString(part)
			out.WriteString("\x1b[m")
		}
	}
	return out.String()
}

// stripOSC removes operating system commands (OSC 8 hyperlinks, OSC 52
// clipboard writes, titles…) from rendered text, keeping the SGR styling.
// Glamour turns Markdown links into OSC 8 hyperlinks whose target comes from
// the registry; the link's text is shown anyway.
func stripOSC(s string) string {
	if !strings.Contains(s, "\x1b]") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.Index(s, "\x1b]")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		rest := s[i+2:]
		end, skip := len(rest), 0
		if j := strings.IndexByte(rest, '\a'); j >= 0 {
			end, skip = j, 1
		}
		if j := strings.Index(rest, "\x1b\\"); j >= 0 && j < end {
			end, skip = j, 2
		}
		s = rest[min(end+skip, len(rest)):]
	}
}

// trimBlankLines drops blank lines (spaces and styling only) at both ends.
func trimBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	blank := func(l string) bool { return strings.TrimSpace(ansi.Strip(l)) == "" }
	for len(lines) > 0 && blank(lines[0]) {
		lines = lines[1:]
	}
	for len(lines) > 0 && blank(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}
