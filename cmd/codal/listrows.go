package main

import (
	"bufio"
	"io"
	"runtime/debug"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
)

// requestHeader is the header of the table of requests.
func (a *app) requestHeader() []string {
	return []string{a.tt("RANG", "RANK"), "ID", a.tt("TITRE", "TITLE"), "COMMUNES", a.tt("STATUT", "STATUS"), a.tt("COMMUNES EN SOUTIEN", "SUPPORTING COMMUNES")}
}

// communesOnly returns the communes' names by id, all a request's row
// shows (a standing's Communes are actors that are communes), and how many
// communes the directory has: only the actors whose haystack holds the
// commune facet, a superset of the communes, are decoded, not the whole
// directory.
func communesOnly(l catalogue.Lister) (map[string]string, int, error) {
	actors, err := l.ListActors([]string{catalogue.KindFacet(string(directory.Commune))})
	if err != nil {
		return nil, 0, err
	}
	name := make(map[string]string, len(actors))
	for _, x := range actors {
		if x.IsCommune() {
			name[x.ID] = x.Name
		}
	}
	return name, len(name), nil
}

// requestTable prints the table of the requests matching terms straight
// from the lister's rows (catalogue.RequestRowLister), without a Standing,
// a JSON object or a slice of cells for each: the same bytes listing and
// printListing print from ListRequests (TestRequestTableIsTheListing).
// Nothing is printed before every row was read: the table is written at
// the end, once its columns' widths are known.
func (a *app) requestTable(rl catalogue.RequestRowLister, terms []string) error {
	// The table is most of what this short process allocates, and all of
	// it is live until printed: a collection finds nothing to free (at
	// 100,000 entries one cycle cost a third of the list's processor time).
	// The limit bounds the heap should a registry make it large.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(tableHeapLimit))
	name, total, err := communesOnly(rl)
	if err != nil {
		return err
	}
	t := newCellTable(a.requestHeader()...)
	tail := "/" + strconv.Itoa(total) + " communes" // as communeCount
	var scratch []byte                              // the numbers and the names, built in place
	err = rl.EachRequestRow(terms, func(r *catalogue.RequestRow) error {
		if t.rows() == 1 {
			t.grow(r.Of)
		}
		scratch = strconv.AppendInt(scratch[:0], int64(r.Rank), 10)
		t.cell(unsafe.String(unsafe.SliceData(scratch), len(scratch)))
		t.cell(r.ID)
		t.cell(truncate(r.Title, 56))
		scratch = append(strconv.AppendInt(scratch[:0], int64(len(r.Communes)), 10), tail...)
		t.cell(unsafe.String(unsafe.SliceData(scratch), len(scratch)))
		t.cell(r.Status.Label(a.lang))
		scratch = scratch[:0]
		for i, id := range r.Communes {
			if i > 0 {
				scratch = append(scratch, ", "...)
			}
			if n := name[id]; n != "" {
				scratch = append(scratch, n...)
			} else {
				scratch = append(scratch, id...)
			}
		}
		t.cell(unsafe.String(unsafe.SliceData(scratch), len(scratch)))
		return nil
	})
	if err != nil {
		return err
	}
	if t.rows() == 1 {
		say(a.stderr, a.tt("Aucune entrée ne correspond.", "No entry matches."))
		return nil
	}
	return t.write(a.stdout)
}

// tableHeapLimit is the heap past which requestTable lets the collector
// run again (15,000 rows take about 3 MB).
const tableHeapLimit = 256 << 20

// truncate is fact.Truncate without its copy of s as runes when s is
// short enough to be kept whole (most titles).
func truncate(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	return fact.Truncate(s, n)
}

// cellTable is table (text/tabwriter with no minimal width, a padding of
// 2 and spaces) for rows of the same number of cells, kept in one buffer:
// the same bytes, without a line and a cell allocated per cell. Every cell
// is cleaned with fact.CleanLine as table.row cleans it; the result holds
// no tab, line break, vertical tab, form feed or byte 0xff, the only bytes
// text/tabwriter reads as anything but text, so each cell is one column's
// text and its width is its count of runes, as tabwriter counts it.
type cellTable struct {
	ncol   int
	text   []byte
	cells  []int32 // each cell's end in text
	runes  []int32 // each cell's width in runes
	widths []int   // each column's widest cell
}

// newCellTable starts a table with its header row.
func newCellTable(header ...string) *cellTable {
	t := &cellTable{ncol: len(header), widths: make([]int, len(header))}
	for _, h := range header {
		t.cell(h)
	}
	return t
}

// cell adds the next cell, cleaned; a row is ncol cells in turn. The text
// is copied: c may be reused after.
func (t *cellTable) cell(c string) {
	c = fact.CleanLine(c)
	w := utf8.RuneCountInString(c)
	if col := len(t.cells) % t.ncol; w > t.widths[col] {
		t.widths[col] = w
	}
	t.text = append(t.text, c...)
	t.cells = append(t.cells, int32(len(t.text)))
	t.runes = append(t.runes, int32(w))
}

// grow makes room for n more rows: a table of 15,000 rows grown by
// append copied its text some forty times, each into memory fresh from
// the system.
func (t *cellTable) grow(n int) {
	t.text = grown(t.text, n*rowBytes)
	t.cells = grown(t.cells, n*t.ncol)
	t.runes = grown(t.runes, n*t.ncol)
}

// grown is slices.Grow without clearing the new capacity first (it
// appends zeros, one more pass over memory fresh from the system, which
// the rows then write anyway).
func grown[E any](s []E, n int) []E {
	if cap(s)-len(s) >= n {
		return s
	}
	out := make([]E, len(s), len(s)+n)
	copy(out, s)
	return out
}

// rowBytes is about what a row of requests takes, padding left out.
const rowBytes = 128

// rows counts the rows, the header's included.
func (t *cellTable) rows() int { return len(t.cells) / t.ncol }

// write prints the table: each cell but a row's last padded with spaces
// to its column's widest cell plus two, as text/tabwriter pads it.
func (t *cellTable) write(w io.Writer) error {
	out := bufio.NewWriterSize(w, 64<<10)
	pad := make([]byte, 0, 64)
	from := int32(0)
	for i, end := range t.cells {
		out.Write(t.text[from:end])
		from = end
		col := i % t.ncol
		if col == t.ncol-1 {
			out.WriteByte('\n')
			continue
		}
		n := t.widths[col] + 2 - int(t.runes[i])
		for len(pad) < n {
			pad = append(pad, ' ')
		}
		out.Write(pad[:n])
	}
	return out.Flush()
}
