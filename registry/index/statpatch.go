package index

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// encodedTable is a stat table already encoded, in pieces: the rows back to
// back (rows, rowsLen bytes in all) and one u32 offset per row (offs).
// Written from a mapped index (Mapped.refresh), most pieces are runs of the
// old file's rows, never decoded nor copied into memory.
type encodedTable struct {
	rows    [][]byte
	rowsLen int
	offs    []byte
	n       int
}

// minRun is the shortest run of old rows kept as a piece of its own;
// shorter runs (between two changed roots) are copied, so that the pieces,
// one write each, stay few.
var minRun = 64 << 10

// appendRow appends the encoding of s (the stat table's row format).
func appendRow(b []byte, s Stat) []byte {
	b = appendString(b, s.Path)
	b = binary.AppendVarint(b, s.Size)
	b = binary.AppendVarint(b, s.MTime)
	b = binary.AppendUvarint(b, s.Inode)
	b = binary.AppendUvarint(b, uint64(s.Mode))
	return append(b, s.flags())
}

// tableWriter writes an encodedTable: rows encoded now go to a buffer of
// its own, runs of old rows are borrowed (a piece of their own when long).
type tableWriter struct {
	t   encodedTable
	buf []byte
}

// cut ends the buffer as a piece.
func (w *tableWriter) cut() {
	if len(w.buf) > 0 {
		w.t.rows = append(w.t.rows, w.buf)
		w.buf = make([]byte, 0, 1<<16)
	}
}

// row appends one row encoded now.
func (w *tableWriter) row(s Stat) {
	w.t.offs = binary.LittleEndian.AppendUint32(w.t.offs, uint32(w.t.rowsLen))
	n := len(w.buf)
	w.buf = appendRow(w.buf, s)
	w.t.rowsLen += len(w.buf) - n
	w.t.n++
	w.full()
}

// full ends the buffer once it holds a megabyte: it never grows by
// copying itself past that.
func (w *tableWriter) full() {
	if len(w.buf) >= 1<<20 {
		w.cut()
	}
}

// run appends old rows [a, b) of src as they lie: their bytes, and their
// offsets moved to where they land.
func (w *tableWriter) run(src inPlace, a, b int) {
	if a >= b {
		return
	}
	lo, hi := src.off(a), src.off(b)
	shift := w.t.rowsLen - lo
	for i := a; i < b; i++ {
		w.t.offs = binary.LittleEndian.AppendUint32(w.t.offs, uint32(src.off(i)+shift))
	}
	if hi-lo < minRun {
		w.buf = append(w.buf, src.rows[lo:hi]...)
		w.full()
	} else {
		w.cut()
		w.t.rows = append(w.t.rows, src.rows[lo:hi])
	}
	w.t.rowsLen += hi - lo
	w.t.n += b - a
}

func (w *tableWriter) finish() *encodedTable {
	w.cut()
	return &w.t
}

// off is the offset of row i in p.rows (p.n: the end of the rows); p's
// offsets are checked in order beforehand (ordered).
func (p inPlace) off(i int) int {
	if i == p.n {
		return len(p.rows) + p.base
	}
	return int(binary.LittleEndian.Uint32(p.offs[4*i:])) - p.base
}

// ordered checks that the offsets of p never go back nor past its rows:
// the runs copied as they lie are then slices of p.rows.
func (p inPlace) ordered() error {
	prev := 0
	for i := range p.n + 1 {
		o := p.off(i)
		if o < prev || o > len(p.rows) {
			return fmt.Errorf("%w: stat row %d out of its table", ErrBad, i)
		}
		prev = o
	}
	return nil
}

// refresh is Table.Refresh(fresh, roots, folders) of m's stat table,
// encoded, without decoding it: the rows of the given entry roots, of the
// folders and of any path fresh or folders give again are found by binary
// search and left out, fresh and folders encoded in their place, and every
// run of rows in between copied as it lies in the mapped file (its offsets
// moved). The result, written, is byte for byte what File.Marshal writes
// of the refreshed table. The table's blocks are checked against their
// checksums first; runs copied keep whatever order they had (a table out of
// order, which no codal writes, stays so, and the next check refuses it).
func (m *Mapped) refresh(fresh Table, roots []string, folders Table) (*encodedTable, error) {
	b, err := m.read(0, m.rowsLen+4*m.nrows)
	if err != nil {
		return nil, err
	}
	src := inPlace{rows: b[:m.rowsLen], offs: b[m.rowsLen:], n: m.nrows}
	if err := src.ordered(); err != nil {
		return nil, err
	}
	return patchTable(src, fresh, roots, folders)
}

// patchTable is refresh over the rows of src.
func patchTable(src inPlace, fresh Table, roots []string, folders Table) (*encodedTable, error) {
	// what comes in: fresh then folders, sorted stably, the last of each
	// path kept (as Refresh does)
	ins := make(Table, 0, len(fresh)+len(folders))
	ins = append(ins, fresh...)
	ins = append(ins, folders...)
	sort.SliceStable(ins, func(i, j int) bool { return ins[i].Path < ins[j].Path })
	ins = compact2(ins)

	// what goes: spans of old rows, by binary search
	var gone []span
	var ferr error
	find := func(key string) int {
		i, err := search(src, true, key)
		if err != nil && ferr == nil {
			ferr = err
		}
		return i
	}
	exact := func(p string) {
		if i := find(p); i < src.n {
			if s, err := src.at(i); err == nil && s.Path == p {
				gone = append(gone, span{i, i + 1})
			} else if err != nil && ferr == nil {
				ferr = err
			}
		}
	}
	for _, r := range roots {
		exact(r)
		if strings.Count(r, "/") == 1 {
			// the rows whose entry is r (entryOf): r's, and those under
			// r+"/" up to r+"0" ('0' follows '/')
			gone = append(gone, span{find(r + "/"), find(r + "0")})
		}
	}
	// where each row that comes in goes: before the first old row that
	// sorts at or after it (that row is gone when it has its path)
	at := make([]int, len(ins))
	for k, s := range ins {
		exact(s.Path)
		at[k] = find(s.Path)
	}
	if ferr != nil {
		return nil, ferr
	}
	slices.SortFunc(gone, func(a, b span) int { return a.lo - b.lo })

	// the table now: old runs, rows that come in placed before the first
	// old row that sorts at or after them
	w := tableWriter{t: encodedTable{offs: make([]byte, 0, 4*(src.n+len(ins)))}, buf: make([]byte, 0, 1<<16)}
	i, g, k := 0, 0, 0 // the next old row, span of gone, row in
	for i < src.n || k < len(ins) {
		// the next old row not gone
		for g < len(gone) && gone[g].hi <= i {
			g++
		}
		if g < len(gone) && gone[g].lo <= i {
			i = gone[g].hi
			continue
		}
		end := src.n // the run goes up to the next span gone
		if g < len(gone) {
			end = gone[g].lo
		}
		if k < len(ins) {
			// rows that come in before old row i, then the run up to
			// the place of the next row in
			if at[k] <= i {
				w.row(ins[k])
				k++
				continue
			}
			end = min(end, at[k])
		}
		w.run(src, i, end)
		i = end
	}
	return w.finish(), nil
}
