package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// textTable is a table drawn line by line, for long tables shown in a
// scroller: the header apart (it stays put), the rows' lines, and the first
// line of each row (to say which rows are in view). Columns are separated by
// │, the header underlined; cells are wrapped in their column.
type textTable struct {
	header  string
	body    string
	rowLine []int
}

// newTextTable lays rows out in width cells. widths gives each column's
// content width: 0 fits the widest cell (and the header), a positive number
// fits the widest cell up to that, -1 takes what is left (at least 12).
// Cells are clean text.
func newTextTable(st *styles, header []string, widths []int, rows [][]string, width int) textTable {
	n := len(header)
	w := make([]int, n)
	rest := -1
	used := 3 * (n - 1) // " │ " between columns
	for c := range n {
		if widths[c] < 0 {
			rest = c
			continue
		}
		w[c] = cellWidth(header[c])
		for _, r := range rows {
			w[c] = max(w[c], cellWidth(r[c]))
		}
		if widths[c] > 0 {
			w[c] = min(w[c], max(widths[c], cellWidth(header[c])))
		}
		used += w[c]
	}
	if rest >= 0 {
		w[rest] = max(width-used-2, 12)
	}
	sep := st.TableBorder.Render(" │ ")
	draw := func(cells []string, style func(string) string) []string {
		cols := make([][]string, n)
		h := 1
		for c := range n {
			cols[c] = strings.Split(wrap(cells[c], w[c]), "\n")
			h = max(h, len(cols[c]))
		}
		out := make([]string, h)
		for l := range h {
			var b strings.Builder
			b.WriteByte(' ')
			for c := range n {
				if c > 0 {
					b.WriteString(sep)
				}
				text := ""
				if l < len(cols[c]) {
					text = cols[c][l]
				}
				b.WriteString(style(pad(text, w[c])))
			}
			out[l] = b.String()
		}
		return out
	}
	var t textTable
	head := draw(header, func(s string) string { return st.TableHeader.UnsetPadding().Render(s) })
	rule := make([]string, n)
	for c := range n {
		rule[c] = strings.Repeat("─", w[c]+2)
	}
	head = append(head, st.TableBorder.Render(strings.Join(rule, "┼")))
	t.header = strings.Join(head, "\n")
	var body []string
	for _, r := range rows {
		t.rowLine = append(t.rowLine, len(body))
		body = append(body, draw(r, func(s string) string { return st.TableCell.UnsetPadding().Render(s) })...)
	}
	t.body = strings.Join(body, "\n")
	return t
}

func cellWidth(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, ansi.StringWidth(l))
	}
	return w
}
