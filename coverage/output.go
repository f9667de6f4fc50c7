package coverage

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

func itoa(n int) string { return strconv.Itoa(n) }

var colActor = i18n.T("acteur", "actor")

// Text writes the matrix as an aligned table: one row per actor, one
// column per schema. Every string is made terminal-safe (fact.CleanLine).
func (m *Matrix) Text(w io.Writer, l i18n.Lang) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, row := range m.rows(l) {
		io.WriteString(tw, strings.Join(row, "\t")+"\n")
	}
	return tw.Flush()
}

// Markdown writes the matrix as a Markdown table; pipes in cells are
// escaped and every string made terminal-safe.
func (m *Matrix) Markdown(w io.Writer, l i18n.Lang) error {
	rows := m.rows(l)
	var b strings.Builder
	for i, row := range rows {
		b.WriteString("|")
		for _, c := range row {
			b.WriteString(" " + strings.ReplaceAll(c, "|", `\|`) + " |")
		}
		b.WriteString("\n")
		if i == 0 {
			b.WriteString("|" + strings.Repeat("---|", len(row)) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// CSV writes one line per cell: actor, schema, state, dataset, url,
// error_count, checked_at (RFC 3339, UTC; empty when never checked).
func (m *Matrix) CSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"actor", "schema", "state", "dataset", "url", "error_count", "checked_at"})
	for _, c := range m.Cells {
		at := ""
		if !c.CheckedAt.IsZero() {
			at = c.CheckedAt.UTC().Format("2006-01-02T15:04:05Z")
		}
		_ = cw.Write([]string{fact.CleanLine(c.Actor), fact.CleanLine(c.Schema), string(c.State), fact.CleanLine(c.Dataset),
			fact.CleanLine(c.URL), itoa(c.ErrorCount), at})
	}
	cw.Flush()
	return cw.Error()
}

// JSON writes the cells as a list of {actor, schema, state, dataset, url,
// error_count, checked_at}, escaped by fact.WriteJSON.
func (m *Matrix) JSON(w io.Writer) error {
	cells := m.Cells
	if cells == nil {
		cells = []Cell{}
	}
	return fact.WriteJSON(w, cells)
}

func (m *Matrix) rows(l i18n.Lang) [][]string {
	head := []string{colActor.In(l)}
	for _, t := range m.Schemas {
		head = append(head, fact.CleanLine(t.ID))
	}
	rows := [][]string{head}
	for i, a := range m.Actors {
		row := []string{fact.CleanLine(a.ID)}
		for j := range m.Schemas {
			row = append(row, m.At(i, j).Label())
		}
		rows = append(rows, row)
	}
	return rows
}
