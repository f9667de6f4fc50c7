package schemas

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"io"
	"strconv"
	"strings"
)

// The per-row checks. A rowChecker reads records and checks each row on its
// own (types, constraints, cell counts): record is the single per-row
// function, where any check of one row belongs. What depends on the rows
// before (unique, primaryKey) and the report itself (error order, the
// --max-errors cut, the counts) is left to the sequencer: the checker
// emits findings, which the sequencer applies in row order. Sequential
// runs apply them every few rows; parallel runs (pipeline.go) check chunks
// of rows on several goroutines, each with its own checker, and apply the
// chunks' findings in file order, so the report is the same.

// finding is one thing a checker found in a row: an error, or a value the
// sequencer must look up in a unique or primary-key set.
type finding struct {
	kind findKind
	// fi is the field of a unique lookup.
	fi  int32
	key uniqueKey
	// err is the error (kind findError) or, for lookups, its position and
	// value, the message made only if the value was seen before. Row is
	// relative to the rows before the chunk in parallel runs.
	err CSVError
}

type findKind uint8

const (
	findError findKind = iota
	findUnique
	findPK
)

// rowChecker checks rows, one goroutine's worth: it caches the last value of
// each field and holds the primary key's scratch.
type rowChecker struct {
	v     *Validator
	sh    *shape
	comma rune
	// per field: the last valid cell and its value (columns often repeat
	// a value from row to row)
	last   []lastCell
	isPK   []int // position in the primary key + 1, 0 when not part of it
	pkVals []val
	pkOK   []bool
	pkH1   maphash.Hash
	pkH2   maphash.Hash
	seed1  maphash.Seed
	seed2  maphash.Seed
	buf    [8]byte
	out    []finding
	custom *customRun // the custom checks, emitting into out
	// a chunk's reader (pipeline.go)
	src bytes.Reader
	br  *bufio.Reader
}

type lastCell struct {
	s   string
	v   val
	set bool
}

func newChecker(sq *sequencer) *rowChecker {
	v, seed1, seed2 := sq.v, sq.seed1, sq.seed2
	c := &rowChecker{v: v, sh: sq.sh, comma: sq.comma, last: make([]lastCell, len(v.fields)), isPK: make([]int, len(v.fields)), seed1: seed1, seed2: seed2}
	if cr := sq.sh.custom; cr != nil {
		own := *cr
		own.emit = c.add
		c.custom = &own
	}
	if len(v.pk) > 0 {
		c.pkVals = make([]val, len(v.pk))
		c.pkOK = make([]bool, len(v.pk))
		c.pkH1.SetSeed(seed1)
		c.pkH2.SetSeed(seed2)
		for k, fi := range v.pk {
			c.isPK[fi] = k + 1
		}
	}
	return c
}

// add emits an error.
func (c *rowChecker) add(e CSVError) { c.out = append(c.out, finding{kind: findError, err: e}) }

// scan reads the records of recs and checks them. row is the row number
// before the first record, prevEnd the line on which the record before
// ended. flush, when not nil, is called every few rows and before a read
// error with the row reached, to apply c.out. It returns the row reached.
func (c *rowChecker) scan(recs *records, row, prevEnd int, flush func(row int)) (int, error) {
	n := 0
	for {
		rec, err := recs.read()
		if err == io.EOF {
			return row, nil
		}
		if err != nil {
			if flush != nil {
				flush(row)
			}
			return row, readErr(err, row+1)
		}
		line := recs.line(0)
		for gap := line - prevEnd - 1; gap > 0; gap-- {
			row++
			c.add(CSVError{Code: "blank-row", Row: row, Text: msgBlankRow})
			c.blankKey(row)
		}
		prevEnd = recs.end
		row++
		c.record(rec, row)
		if n++; flush != nil && (len(c.out) >= 256 || n&4095 == 0) {
			flush(row)
		}
	}
}

// record checks one data row: the one per-row function.
func (c *rowChecker) record(rec []string, row int) {
	sh := c.sh
	if sh.skip {
		return
	}
	miss := &c.v.missing
	blank := true
	for _, s := range rec {
		if !miss.has(s) {
			blank = false
			break
		}
	}
	if blank {
		c.add(CSVError{Code: "blank-row", Row: row, Text: msgBlankRow})
		c.blankKey(row)
		return
	}
	ncols := len(sh.labels)
	n := len(rec)
	for i := 0; i < n; i++ {
		if i >= ncols {
			c.add(CSVError{Code: "extra-cell", Row: row, Column: i + 1, Value: rec[i],
				Text: cat(lit("cellule en trop : la ligne a "+strconv.Itoa(n)+" cellules, l'en-tête "+strconv.Itoa(ncols)+" colonnes ; trouvé : ",
					"extra cell: the row has "+strconv.Itoa(n)+" cells, the header "+strconv.Itoa(ncols)+" columns; found "), quoted(rec[i]))})
			continue
		}
		if fi := sh.colField[i]; fi >= 0 {
			c.cell(fi, i, rec[i], row)
		} else if fi == extraCol {
			// As frictionless: a cell of a column the schema does not
			// have is an extra cell, on every row.
			c.add(CSVError{Code: "extra-cell", Row: row, Column: i + 1, Field: sh.labels[i], Value: rec[i],
				Text: cat(lit("cellule en trop : la colonne ", "extra cell: the column "), quoted(sh.labels[i]),
					lit(" n'est pas dans le schéma ; trouvé : ", " is not in the schema; found "), quoted(rec[i]))})
		}
	}
	for i := n; i < ncols; i++ {
		field := ""
		if fi := sh.colField[i]; fi >= 0 {
			field = c.v.fields[fi].name
			if k := c.isPK[fi]; k > 0 {
				c.pkOK[k-1] = false
			}
		}
		c.add(CSVError{Code: "missing-cell", Row: row, Column: i + 1, Field: field,
			Text: lit("cellule manquante : la ligne a "+strconv.Itoa(n)+" cellules, l'en-tête "+strconv.Itoa(ncols)+" colonnes",
				"missing cell: the row has "+strconv.Itoa(n)+" cells, the header "+strconv.Itoa(ncols)+" columns")})
	}
	c.custom.run(rec, row)
	if len(c.v.pk) > 0 {
		c.primaryKey(rec, row)
	}
}

// cell checks one cell of a known field.
func (c *rowChecker) cell(fi, col int, s string, row int) {
	fc := c.v.fields[fi]
	pk := c.isPK[fi]
	if fc.missing.has(s) {
		if pk > 0 {
			c.pkOK[pk-1] = false
		}
		if fc.required {
			t := msgRequired
			if s != "" {
				t = cat(t, lit(" (", " ("), quoted(s), lit(" compte comme valeur manquante)", " counts as a missing value)"))
			}
			c.add(CSVError{Code: "constraint-error", Row: row, Column: col + 1, Field: fc.name, Value: s, Text: t})
		}
		return
	}
	var v val
	if lc := &c.last[fi]; lc.set && s == lc.s {
		v = lc.v
	} else {
		var f *failure
		v, f = fc.check(s)
		if f != nil {
			if pk > 0 {
				c.pkOK[pk-1] = false
			}
			for ; f != nil; f = f.next {
				c.add(CSVError{Code: f.code, Row: row, Column: col + 1, Field: fc.name, Value: s, Text: f.text})
			}
			return
		}
		lc.s, lc.v, lc.set = s, v, true
	}
	if pk > 0 {
		c.pkVals[pk-1] = v
		c.pkOK[pk-1] = true
	}
	if fc.unique {
		c.out = append(c.out, finding{kind: findUnique, fi: int32(fi), key: c.key(fc.rd.ord, v),
			err: CSVError{Code: "unique-error", Row: row, Column: col + 1, Field: fc.name, Value: s}})
	}
}

// key digests a value for unique checks: exact for numbers, a 128-bit hash
// for strings.
func (c *rowChecker) key(o order, v val) uniqueKey {
	switch o {
	case ordInt:
		return uniqueKey{uint64(v.i), 1}
	case ordFloat:
		return uniqueKey{floatBits(v.f), 2}
	}
	return uniqueKey{maphash.String(c.seed1, v.s), maphash.String(c.seed2, v.s)}
}

// blankKey checks the primary key of a blank row (an empty line too): as
// frictionless, its key is all nulls.
func (c *rowChecker) blankKey(row int) {
	if len(c.v.pk) > 0 && !c.sh.skip {
		c.primaryKey(nil, row)
	}
}

// primaryKey digests the row's primary key for the sequencer. Cells that
// are missing or invalid count as null; a key made only of nulls is an
// error, as in frictionless.
func (c *rowChecker) primaryKey(rec []string, row int) {
	pk := c.v.pk
	sh := c.sh
	defer c.resetPK()
	for _, fi := range pk {
		if sh.fieldCol[fi] < 0 {
			// As frictionless: a key with a column missing from the
			// header is not checked (its missing-label says so).
			return
		}
	}
	allNull := true
	for k := range pk {
		if sh.fieldCol[pk[k]] >= 0 && c.pkOK[k] {
			allNull = false
		}
	}
	col := 0
	if cl := sh.fieldCol[pk[0]]; cl >= 0 {
		col = cl + 1
	}
	if allNull {
		c.add(CSVError{Code: "primary-key", Row: row, Column: col, Field: sh.pkNames,
			Text: lit("clé primaire ("+sh.pkNames+") vide : au moins une de ses cellules doit être renseignée",
				"empty primary key ("+sh.pkNames+"): at least one of its cells must have a value")})
		return
	}
	c.pkH1.Reset()
	c.pkH2.Reset()
	for k, fi := range pk {
		if sh.fieldCol[fi] < 0 || !c.pkOK[k] {
			c.pkWrite(0, nil, "")
			continue
		}
		v := c.pkVals[k]
		switch c.v.fields[fi].rd.ord {
		case ordInt:
			binary.LittleEndian.PutUint64(c.buf[:], uint64(v.i))
			c.pkWrite(1, c.buf[:], "")
		case ordFloat:
			binary.LittleEndian.PutUint64(c.buf[:], floatBits(v.f))
			c.pkWrite(2, c.buf[:], "")
		default:
			binary.LittleEndian.PutUint64(c.buf[:], uint64(len(v.s)))
			c.pkWrite(3, c.buf[:], v.s)
		}
	}
	c.out = append(c.out, finding{kind: findPK, key: uniqueKey{c.pkH1.Sum64(), c.pkH2.Sum64()},
		err: CSVError{Code: "primary-key", Row: row, Column: col, Field: sh.pkNames, Value: pkValues(sh, pk, rec)}})
}

// pkValues is the row's primary key as written, for a message.
func pkValues(sh *shape, pk []int, rec []string) string {
	cell := func(fi int) string {
		if cl := sh.fieldCol[fi]; cl >= 0 && cl < len(rec) {
			return rec[cl]
		}
		return ""
	}
	if len(pk) == 1 {
		return cell(pk[0])
	}
	out := make([]string, len(pk))
	for k, fi := range pk {
		out[k] = cell(fi)
	}
	return strings.Join(out, ", ")
}

func (c *rowChecker) resetPK() {
	for k := range c.pkOK {
		c.pkOK[k] = false
	}
}

func (c *rowChecker) pkWrite(tag byte, b []byte, s string) {
	c.pkH1.WriteByte(tag)
	c.pkH2.WriteByte(tag)
	if b != nil {
		c.pkH1.Write(b)
		c.pkH2.Write(b)
	}
	if s != "" {
		c.pkH1.WriteString(s)
		c.pkH2.WriteString(s)
	}
}

// sequencer applies findings in row order and keeps the report: the
// unique and primary-key sets live here.
type sequencer struct {
	v            *Validator
	sh           *shape
	rep          *Report
	seen         []map[uniqueKey]int32 // per field, nil unless unique
	pkSeen       map[uniqueKey]int32
	seed1, seed2 maphash.Seed
	// headerRow is the header's row, row the last row applied.
	headerRow, row int
	comma          rune
	chunkSize      int
	progress       func(rows int)
}

func newSequencer(v *Validator, sh *shape, rep *Report, headerRow int, comma rune) *sequencer {
	sq := &sequencer{v: v, sh: sh, rep: rep, comma: comma, seen: make([]map[uniqueKey]int32, len(v.fields)),
		seed1: maphash.MakeSeed(), seed2: maphash.MakeSeed(), headerRow: headerRow, row: headerRow}
	for i, fc := range v.fields {
		if fc.unique {
			sq.seen[i] = map[uniqueKey]int32{}
		}
	}
	if len(v.pk) > 0 {
		sq.pkSeen = map[uniqueKey]int32{}
	}
	return sq
}

// apply adds the findings of rows after base (0 when their rows are
// absolute) to the report, in order.
func (sq *sequencer) apply(out []finding, base int) {
	rep := sq.rep
	for i := range out {
		f := &out[i]
		e := f.err
		e.Row += base
		switch f.kind {
		case findError:
			rep.add(e)
		case findUnique:
			set := sq.seen[f.fi]
			if first, dup := set[f.key]; dup {
				e.Text = cat(lit("valeur ", "value "), quoted(e.Value), lit(" déjà présente à la ligne "+strconv.Itoa(int(first))+" : les valeurs de ce champ doivent être uniques",
					" already at row "+strconv.Itoa(int(first))+": the values of this field must be unique"))
				rep.add(e)
			} else {
				set[f.key] = int32(e.Row)
			}
		case findPK:
			if first, dup := sq.pkSeen[f.key]; dup {
				names := sq.sh.pkNames
				e.Text = cat(lit("clé primaire ("+names+") ", "primary key ("+names+") "), quoted(e.Value),
					lit(" déjà présente à la ligne "+strconv.Itoa(int(first))+" : chaque ligne doit avoir sa propre clé",
						" already at row "+strconv.Itoa(int(first))+": each row must have its own key"))
				rep.add(e)
			} else {
				sq.pkSeen[f.key] = int32(e.Row)
			}
		}
	}
}

// sequentialFrom reads and checks the rows of recs in the calling
// goroutine. prevEnd is the line on which the record before ended (the
// header, or the last chunk's).
func (sq *sequencer) sequentialFrom(recs *records, prevEnd int) error {
	c := newChecker(sq)
	row, err := c.scan(recs, sq.row, prevEnd, func(row int) {
		sq.apply(c.out, 0)
		c.out = c.out[:0]
		sq.row = row
		if sq.progress != nil {
			sq.progress(row - sq.headerRow)
		}
	})
	sq.apply(c.out, 0)
	sq.row = row
	return err
}
