package schemas

import (
	"bufio"
	"io"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gpso/codal/i18n"
)

// DefaultMaxErrors is how many errors a report keeps when Options.MaxErrors
// is 0 (frictionless keeps 1000 too). Errors beyond are counted, not kept.
const DefaultMaxErrors = 1000

// Options tune a validation.
type Options struct {
	// Encoding forces the file's encoding (see EncodingNames); "" detects it.
	Encoding string
	// Delimiter forces the separator; 0 detects ",", ";" or tab.
	Delimiter rune
	// MaxErrors caps the errors kept in the report: 0 means
	// DefaultMaxErrors, a negative number means no cap.
	MaxErrors int
	// Workers is how many goroutines parse and check rows: 0 means
	// GOMAXPROCS, 1 reads and checks in the calling goroutine alone. The
	// report is the same whatever the number.
	Workers int
	// Progress, when not nil, is called from the validating goroutine with
	// the number of data rows read so far, every few thousand rows (the
	// caller decides how often to show it).
	Progress func(rows int)

	// chunkSize, when not 0, replaces defaultChunkSize (tests cut small
	// files into many chunks).
	chunkSize int
}

// Validate reads a CSV file and checks it against the schema, streaming:
// memory stays constant except for the sets that unique and primaryKey
// need. The error is for a check that could not run (unreadable input,
// unknown encoding, invalid delimiter): the file's own errors are in the
// report.
//
// Large inputs are parsed and checked on several cores (see pipeline.go):
// the report is identical to a sequential run's, errors in the same order.
func (v *Validator) Validate(r io.Reader, opts Options) (*Report, error) {
	limit := opts.MaxErrors
	if limit == 0 {
		limit = DefaultMaxErrors
	}
	rep := &Report{Schema: v.schema.ID, Counts: map[string]int{}, Limit: limit}
	dr, enc, mixed, err := decodeInput(r, opts.Encoding)
	if err != nil {
		return nil, err
	}
	rep.Encoding = enc
	br := bufio.NewReaderSize(newCRReader(dr), sniffSize)
	delim := opts.Delimiter
	if delim == 0 {
		head, perr := br.Peek(sniffSize)
		if perr != nil && perr != io.EOF && perr != bufio.ErrBufferFull {
			return nil, i18n.Wrap(perr, i18n.T("lecture impossible : %v", "cannot read: %v"), perr)
		}
		delim = sniffDelimiter(head)
	} else if delim == '"' || delim == '\r' || delim == '\n' || delim == utf8.RuneError || !utf8.ValidRune(delim) {
		return nil, i18n.Errorf(i18n.T("séparateur invalide %q : utilisez « , », « ; » ou « \\t »", "invalid delimiter %q: use \",\", \";\" or \"\\t\""), string(delim))
	}
	rep.Delimiter = delimiterName(delim)

	recs := newRecords(br, delim)

	header, err := recs.read()
	if err == io.EOF {
		rep.add(CSVError{Code: "blank-header", Row: 1, Text: msgEmptyFile})
		rep.MixedEncoding = *mixed
		return rep, nil
	}
	if err != nil {
		return nil, readErr(err, 1)
	}
	row := 1
	if line := recs.line(0); line > 1 {
		// Blank lines before the header: the reader skips them.
		rep.add(CSVError{Code: "blank-header", Row: 1, Text: msgBlankFirstLine})
		row = line
	}
	sh := newShape(v, rep, header, row)
	sq := newSequencer(v, sh, rep, row, delim)
	sq.progress = opts.Progress
	sq.chunkSize = defaultChunkSize
	if opts.chunkSize > 0 {
		sq.chunkSize = opts.chunkSize
	}
	workers := opts.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > 1 && !sh.skip && delim < utf8.RuneSelf {
		err = sq.parallel(br, byte(delim), recs.end, workers)
	} else {
		err = sq.sequentialFrom(recs, recs.end)
	}
	if err != nil {
		return nil, err
	}
	rep.Rows = sq.row - sq.headerRow
	rep.MixedEncoding = *mixed
	return rep, nil
}

// readErr is the error for input that could not be read near row.
func readErr(err error, row int) error {
	return i18n.Wrap(err, i18n.T("lecture impossible du fichier vers la ligne %d : %v", "cannot read the file near row %d: %v"), row, err)
}

// shape is what the header says: the columns and their fields. It is read
// once and shared, read only, by every checker.
type shape struct {
	labels   []string
	colField []int // column → field index, -1 when ignored, extraCol for an extra-label column
	fieldCol []int // field index → column, -1 when absent
	skip     bool  // header unusable: rows are counted, not checked
	pkNames  string
	custom   *customRun // the schema's custom checks bound to the header (each row checker takes a copy)
}

// extraCol marks, in shape.colField, a column whose label the schema does
// not have (extra-label): its cells are extra cells.
const extraCol = -2

// newShape maps the labels to fields, by name as Validata does (the
// columns may come in any order), and reports label errors.
func newShape(v *Validator, rep *Report, rec []string, row int) *shape {
	// The labels share the record's string: encoding/csv and readLong
	// make a new one for every record.
	sh := &shape{labels: make([]string, len(rec))}
	copy(sh.labels, rec)
	names := make([]string, len(v.pk))
	for k, fi := range v.pk {
		names[k] = v.fields[fi].name
	}
	sh.pkNames = strings.Join(names, ", ")
	allBlank := true
	for _, l := range sh.labels {
		if strings.TrimSpace(l) != "" {
			allBlank = false
			break
		}
	}
	if allBlank {
		rep.add(CSVError{Code: "blank-header", Row: row, Text: msgBlankHeader})
		sh.skip = true
		return sh
	}
	nf := len(v.fields)
	sh.colField = make([]int, len(sh.labels))
	sh.fieldCol = make([]int, nf)
	for i := range sh.fieldCol {
		sh.fieldCol[i] = -1
	}
	firstCol := map[string]int{}
	for i, l := range sh.labels {
		sh.colField[i] = -1
		col := i + 1
		if strings.TrimSpace(l) == "" {
			rep.add(CSVError{Code: "blank-label", Row: row, Column: col, Text: cat(msgBlankLabel, lit(strconv.Itoa(col), strconv.Itoa(col)))})
			continue
		}
		if first, dup := firstCol[l]; dup {
			rep.add(CSVError{Code: "duplicate-label", Row: row, Column: col, Field: l, Value: l,
				Text: cat(lit("colonne ", "column "), quoted(l), lit(" en double (déjà en colonne "+strconv.Itoa(first)+") : cette colonne est ignorée",
					" appears twice (already column "+strconv.Itoa(first)+"): this column is ignored"))})
			continue
		}
		firstCol[l] = col
		fi, ok := v.byName[l]
		if !ok {
			t := cat(lit("colonne ", "column "), quoted(l), lit(" inconnue du schéma", " is not in the schema"))
			if near := nearField(v, l); near != "" {
				t = cat(t, lit(" (vouliez-vous écrire « "+near+" » ?)", ` (did you mean "`+near+`"?)`))
			}
			rep.add(CSVError{Code: "extra-label", Row: row, Column: col, Field: l, Value: l, Text: t})
			sh.colField[i] = extraCol
			continue
		}
		sh.colField[i] = fi
		sh.fieldCol[fi] = i
	}
	for fi, fc := range v.fields {
		if sh.fieldCol[fi] >= 0 || fc.name == "" {
			continue
		}
		t := cat(lit("colonne ", "column "), quoted(fc.name), lit(" absente de l'en-tête", " missing from the header"))
		if fc.required {
			t = cat(t, lit(" (ses valeurs sont obligatoires)", " (its values are required)"))
		}
		rep.add(CSVError{Code: "missing-label", Row: row, Field: fc.name, Text: t})
	}
	sh.custom = v.bindCustom(sh.fieldCol, row, rep.add)
	return sh
}

// nearField suggests the field a label probably means: same name once case,
// accents and spaces are ignored, among fields missing from the header.
func nearField(v *Validator, label string) string {
	longest := 0
	for _, fc := range v.fields {
		longest = max(longest, len(foldKey(fc.name)))
	}
	k, ok := foldKeyUpTo(label, longest)
	if !ok {
		return ""
	}
	for _, fc := range v.fields {
		if foldKey(fc.name) == k {
			if _, present := v.byName[label]; !present {
				return fc.name
			}
		}
	}
	return ""
}

// Fixed messages.
var (
	msgEmptyFile      = lit("fichier vide : la première ligne doit être l'en-tête (les noms des colonnes)", "empty file: the first line must be the header (the column names)")
	msgBlankFirstLine = lit("la première ligne est vide : l'en-tête (les noms des colonnes) doit être sur la ligne 1", "the first line is empty: the header (the column names) must be on line 1")
	msgBlankHeader    = lit("l'en-tête est vide : la première ligne doit donner les noms des colonnes", "the header is blank: the first line must give the column names")
	msgBlankLabel     = lit("nom de colonne vide en colonne ", "blank column name in column ")
	msgBlankRow       = lit("ligne vide", "blank row")
	msgRequired       = lit("valeur obligatoire manquante", "required value is missing")
)
