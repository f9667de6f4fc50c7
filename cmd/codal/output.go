package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/gpso/codal/fact"
)

// Output cleaning happens here, at the edge, once per format: registry text
// comes from anyone who can open a pull request, so nothing read from it
// reaches a terminal raw.
//
//   - JSON (writeJSON): strings keep their exact value; encoding/json escapes
//     C0 controls and fact.WriteJSON escapes DEL, C1 and bidirectional
//     controls as \uXXXX.
//   - tables (table.row): every cell goes through fact.CleanLine.
//   - messages and errors (say, report): one line through fact.CleanLine.
//   - text blocks of show (descriptions, code): fact.Clean, keeping newlines.
//   - the board's md and csv (requests.WriteBoard) and lint's github
//     annotations (ghEscapeData, ghEscapeProp) clean each cell or value too.

// writeJSON prints v as indented JSON, with no raw control character.
func writeJSON(w io.Writer, v any) error { return fact.WriteJSON(w, v) }

// say prints a message on one line, cleaned of control characters: messages
// quote registry data (titles, names, paths, remote URLs, server replies).
func say(w io.Writer, msg string) { fmt.Fprintln(w, fact.CleanLine(msg)) }

// table prints aligned columns; every cell is cleaned of control characters.
type table struct {
	tw  *tabwriter.Writer
	buf *bufio.Writer // tabwriter writes each cell and padding apart
}

func newTable(w io.Writer, header ...string) *table {
	buf := bufio.NewWriterSize(w, 64<<10)
	t := &table{tw: tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0), buf: buf}
	t.row(header...)
	return t
}

func (t *table) row(cells ...string) {
	for i, c := range cells {
		cells[i] = fact.CleanLine(c)
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

func (t *table) flush() error {
	if err := t.tw.Flush(); err != nil {
		return err
	}
	return t.buf.Flush()
}
