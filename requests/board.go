package requests

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// BoardFormats are the formats WriteBoard knows.
var BoardFormats = []string{"table", "md", "csv", "json"}

// BoardOptions say how to write the board.
type BoardOptions struct {
	Lang i18n.Lang
	// Communes is the number of communes in the directory (the 8 of "3/8
	// communes").
	Communes int
	// Now gives the requests' age.
	Now time.Time
	// Overdue, when set, says whether a request is overdue (a closure over
	// Request.Overdue with the registry's clock and triagers): the board
	// then has an overdue column (days late, empty when on time).
	Overdue func(r *Request) (Late, bool)
}

// BoardRow is one line of the priority board, as the json format writes it.
type BoardRow struct {
	Rank          int      `json:"rank"`
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Communes      []string `json:"communes"`
	CommunesTotal int      `json:"communes_total"`
	Organisations int      `json:"organisations"`
	Supporters    []string `json:"supporters"`
	Population    int      `json:"population"`
	AgeDays       int      `json:"age_days"`
	Status        Status   `json:"status"`
	Open          bool     `json:"open"`
	// OverdueDays is how many days late the request is (0: on time, or
	// no clock given); OverdueReason why (requests.LateReason).
	OverdueDays   int        `json:"overdue_days"`
	OverdueReason LateReason `json:"overdue_reason,omitempty"`
}

// Rows turns standings into board rows.
func Rows(board []Standing, o BoardOptions) []BoardRow {
	rows := make([]BoardRow, 0, len(board))
	for _, s := range board {
		row := BoardRow{
			Rank: s.Rank, ID: s.Request.ID, Title: s.Request.Title,
			Communes: s.Communes, CommunesTotal: o.Communes, Organisations: len(s.Supporters),
			Supporters: s.Supporters, Population: s.Population,
			AgeDays: s.Request.Created.Days(o.Now), Status: s.Status, Open: s.Status.Open(),
		}
		if o.Overdue != nil {
			if l, ok := o.Overdue(s.Request); ok {
				row.OverdueDays, row.OverdueReason = l.Days, l.Reason
			}
		}
		if row.Communes == nil {
			row.Communes = []string{}
		}
		if row.Supporters == nil {
			row.Supporters = []string{}
		}
		rows = append(rows, row)
	}
	return rows
}

// WriteBoard writes GPSO's priority board — rank, id, title, "3/8 communes",
// supporting organisations, population covered, age in days, status, and
// days overdue when o.Overdue is set — as an
// aligned table, a Markdown table, CSV or JSON. Table and Markdown are for
// people (headers and statuses in o.Lang); CSV and JSON are for scripts
// (stable English keys, status codes; a CSV cell that a spreadsheet would
// take for a formula is prefixed with '). No format writes a raw control
// character, since a board is often cat-ed in a terminal: table, Markdown
// and CSV cells are cleaned to one line (fact.CleanLine), JSON strings keep
// their value with control characters escaped (fact.WriteJSON).
func WriteBoard(w io.Writer, board []Standing, format string, o BoardOptions) error {
	rows := Rows(board, o)
	switch format {
	case "json":
		return fact.WriteJSON(w, rows)
	case "csv":
		cw := csv.NewWriter(w)
		head := []string{"rank", "id", "title", "communes", "communes_total", "organisations", "population", "age_days", "status"}
		if o.Overdue != nil {
			head = append(head, "overdue_days")
		}
		cw.Write(head)
		for _, r := range rows {
			cells := []string{strconv.Itoa(r.Rank), csvCell(r.ID), csvCell(r.Title), strconv.Itoa(len(r.Communes)), strconv.Itoa(r.CommunesTotal),
				strconv.Itoa(r.Organisations), strconv.Itoa(r.Population), strconv.Itoa(r.AgeDays), csvCell(string(r.Status))}
			if o.Overdue != nil {
				cells = append(cells, strconv.Itoa(r.OverdueDays))
			}
			cw.Write(cells)
		}
		cw.Flush()
		return cw.Error()
	case "md":
		h := boardHeaders(o)
		fmt.Fprintf(w, "| %s |\n", strings.Join(h, " | "))
		fmt.Fprintf(w, "|%s\n", strings.Repeat(" --- |", len(h)))
		for _, r := range rows {
			cells := humanCells(r, o)
			for i, c := range cells {
				cells[i] = mdEscape(c)
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
		return nil
	case "table", "":
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(boardHeaders(o), "\t"))
		for _, r := range rows {
			cells := humanCells(r, o)
			cells[2] = fact.Truncate(cells[2], 56)
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		}
		return tw.Flush()
	}
	return i18n.Errorf(i18n.T("format inconnu %q : %s", "unknown format %q: %s"), format, strings.Join(BoardFormats, ", "))
}

func boardHeaders(o BoardOptions) []string {
	h := []string{"RANG", "ID", "TITRE", "COMMUNES", "ORGANISATIONS", "POPULATION", "ÂGE (JOURS)", "STATUT", "RETARD (JOURS)"}
	if o.Lang == i18n.EN {
		h = []string{"RANK", "ID", "TITLE", "COMMUNES", "ORGANISATIONS", "POPULATION", "AGE (DAYS)", "STATUS", "OVERDUE (DAYS)"}
	}
	if o.Overdue == nil {
		h = h[:len(h)-1]
	}
	return h
}

func humanCells(r BoardRow, o BoardOptions) []string {
	cells := []string{
		strconv.Itoa(r.Rank), r.ID, r.Title,
		fmt.Sprintf("%d/%d communes", len(r.Communes), r.CommunesTotal),
		strconv.Itoa(r.Organisations), i18n.Number(o.Lang, r.Population),
		strconv.Itoa(r.AgeDays), r.Status.Label(o.Lang),
	}
	if o.Overdue != nil {
		late := "-"
		if r.OverdueDays > 0 {
			late = "! " + strconv.Itoa(r.OverdueDays)
		}
		cells = append(cells, late)
	}
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(fact.CleanLine(c), "\t", " ")
	}
	return cells
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(s)
}

// csvCell is a CSV cell: one clean line (a quoted newline is valid CSV, but
// many tools split on it), kept from being read as a formula.
func csvCell(s string) string { return csvSafe(fact.CleanLine(s)) }

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
