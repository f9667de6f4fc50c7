package schemas

import (
	"bufio"
	"encoding/binary"
	"hash/maphash"
	"io"
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
}

// Validate reads a CSV file and checks it against the schema, streaming:
// memory stays constant except for the sets that unique and primaryKey
// need. The error is for a check that could not run (unreadable input,
// unknown encoding, invalid delimiter): the file's own errors are in the
// report.
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

	rn := newRun(v, rep)
	readErr := func(err error, row int) error {
		return i18n.Wrap(err, i18n.T("lecture impossible du fichier vers la ligne %d : %v", "cannot read the file near row %d: %v"), row, err)
	}
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
	prevEnd := recs.end
	rn.header(header, row)
	for {
		rec, err := recs.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, readErr(err, row+1)
		}
		line := recs.line(0)
		for gap := line - prevEnd - 1; gap > 0; gap-- {
			row++
			rep.Rows++
			rep.add(CSVError{Code: "blank-row", Row: row, Text: msgBlankRow})
		}
		prevEnd = recs.end
		row++
		rep.Rows++
		rn.record(rec, row)
	}
	rep.MixedEncoding = *mixed
	return rep, nil
}

// run is the state of one validation.
type run struct {
	v        *Validator
	rep      *Report
	labels   []string
	colField []int // column → field index, -1 when ignored
	fieldCol []int // field index → column, -1 when absent
	states   []fieldState
	skip     bool       // header unusable: rows are counted, not checked
	custom   *customRun // the schema's custom checks bound to the header
	// primary key
	pkSeen       map[uniqueKey]int32
	pkVals       []val
	pkOK         []bool
	pkH1, pkH2   maphash.Hash
	seed1, seed2 maphash.Seed
	buf          [8]byte
}

type fieldState struct {
	last    string
	lastVal val
	hasLast bool
	seen    map[uniqueKey]int32
	isPK    int // position in the primary key + 1, 0 when not part of it
}

func newRun(v *Validator, rep *Report) *run {
	rn := &run{v: v, rep: rep, states: make([]fieldState, len(v.fields)), seed1: maphash.MakeSeed(), seed2: maphash.MakeSeed()}
	for i, fc := range v.fields {
		if fc.unique {
			rn.states[i].seen = map[uniqueKey]int32{}
		}
	}
	if len(v.pk) > 0 {
		rn.pkSeen = map[uniqueKey]int32{}
		rn.pkVals = make([]val, len(v.pk))
		rn.pkOK = make([]bool, len(v.pk))
		rn.pkH1.SetSeed(rn.seed1)
		rn.pkH2.SetSeed(rn.seed2)
		for k, fi := range v.pk {
			rn.states[fi].isPK = k + 1
		}
	}
	return rn
}

// header maps the labels to fields, by name as Validata does (the columns
// may come in any order), and reports label errors.
func (rn *run) header(rec []string, row int) {
	// The labels share the record's string: encoding/csv and readLong
	// make a new one for every record.
	rn.labels = make([]string, len(rec))
	copy(rn.labels, rec)
	rep := rn.rep
	allBlank := true
	for _, l := range rn.labels {
		if strings.TrimSpace(l) != "" {
			allBlank = false
			break
		}
	}
	if allBlank {
		rep.add(CSVError{Code: "blank-header", Row: row, Text: msgBlankHeader})
		rn.skip = true
		return
	}
	nf := len(rn.v.fields)
	rn.colField = make([]int, len(rn.labels))
	rn.fieldCol = make([]int, nf)
	for i := range rn.fieldCol {
		rn.fieldCol[i] = -1
	}
	firstCol := map[string]int{}
	for i, l := range rn.labels {
		rn.colField[i] = -1
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
		fi, ok := rn.v.byName[l]
		if !ok {
			t := cat(lit("colonne ", "column "), quoted(l), lit(" inconnue du schéma", " is not in the schema"))
			if near := rn.nearField(l); near != "" {
				t = cat(t, lit(" (vouliez-vous écrire « "+near+" » ?)", ` (did you mean "`+near+`"?)`))
			}
			rep.add(CSVError{Code: "extra-label", Row: row, Column: col, Field: l, Value: l, Text: t})
			continue
		}
		rn.colField[i] = fi
		rn.fieldCol[fi] = i
	}
	for fi, fc := range rn.v.fields {
		if rn.fieldCol[fi] >= 0 || fc.name == "" {
			continue
		}
		t := cat(lit("colonne ", "column "), quoted(fc.name), lit(" absente de l'en-tête", " missing from the header"))
		if fc.required {
			t = cat(t, lit(" (ses valeurs sont obligatoires)", " (its values are required)"))
		}
		rep.add(CSVError{Code: "missing-label", Row: row, Field: fc.name, Text: t})
	}
	rn.custom = rn.v.bindCustom(rn.fieldCol, row, rep.add)
}

// nearField suggests the field a label probably means: same name once case,
// accents and spaces are ignored, among fields missing from the header.
func (rn *run) nearField(label string) string {
	longest := 0
	for _, fc := range rn.v.fields {
		longest = max(longest, len(foldKey(fc.name)))
	}
	k, ok := foldKeyUpTo(label, longest)
	if !ok {
		return ""
	}
	for _, fc := range rn.v.fields {
		if foldKey(fc.name) == k {
			if _, present := rn.v.byName[label]; !present {
				return fc.name
			}
		}
	}
	return ""
}

// record checks one data row.
func (rn *run) record(rec []string, row int) {
	if rn.skip {
		return
	}
	miss := &rn.v.missing
	blank := true
	for _, c := range rec {
		if !miss.has(c) {
			blank = false
			break
		}
	}
	if blank {
		rn.rep.add(CSVError{Code: "blank-row", Row: row, Text: msgBlankRow})
		return
	}
	ncols := len(rn.labels)
	n := len(rec)
	for i := 0; i < n; i++ {
		if i >= ncols {
			rn.rep.add(CSVError{Code: "extra-cell", Row: row, Column: i + 1, Value: rec[i],
				Text: cat(lit("cellule en trop : la ligne a "+strconv.Itoa(n)+" cellules, l'en-tête "+strconv.Itoa(ncols)+" colonnes ; trouvé : ",
					"extra cell: the row has "+strconv.Itoa(n)+" cells, the header "+strconv.Itoa(ncols)+" columns; found "), quoted(rec[i]))})
			continue
		}
		if fi := rn.colField[i]; fi >= 0 {
			rn.cell(fi, i, rec[i], row)
		}
	}
	for i := n; i < ncols; i++ {
		field := ""
		if fi := rn.colField[i]; fi >= 0 {
			field = rn.v.fields[fi].name
			if k := rn.states[fi].isPK; k > 0 {
				rn.pkOK[k-1] = false
			}
		}
		rn.rep.add(CSVError{Code: "missing-cell", Row: row, Column: i + 1, Field: field,
			Text: lit("cellule manquante : la ligne a "+strconv.Itoa(n)+" cellules, l'en-tête "+strconv.Itoa(ncols)+" colonnes",
				"missing cell: the row has "+strconv.Itoa(n)+" cells, the header "+strconv.Itoa(ncols)+" columns")})
	}
	rn.custom.run(rec, row)
	if rn.pkSeen != nil {
		rn.primaryKey(rec, row)
	}
}

// cell checks one cell of a known field.
func (rn *run) cell(fi, col int, s string, row int) {
	fc := rn.v.fields[fi]
	st := &rn.states[fi]
	if fc.missing.has(s) {
		if st.isPK > 0 {
			rn.pkOK[st.isPK-1] = false
		}
		if fc.required {
			t := msgRequired
			if s != "" {
				t = cat(t, lit(" (", " ("), quoted(s), lit(" compte comme valeur manquante)", " counts as a missing value)"))
			}
			rn.rep.add(CSVError{Code: "constraint-error", Row: row, Column: col + 1, Field: fc.name, Value: s, Text: t})
		}
		return
	}
	var v val
	if st.hasLast && s == st.last {
		v = st.lastVal
	} else {
		var f *failure
		v, f = fc.check(s)
		if f != nil {
			if st.isPK > 0 {
				rn.pkOK[st.isPK-1] = false
			}
			for ; f != nil; f = f.next {
				rn.rep.add(CSVError{Code: f.code, Row: row, Column: col + 1, Field: fc.name, Value: s, Text: f.text})
			}
			return
		}
		st.last, st.lastVal, st.hasLast = s, v, true
	}
	if st.isPK > 0 {
		rn.pkVals[st.isPK-1] = v
		rn.pkOK[st.isPK-1] = true
	}
	if st.seen != nil {
		k := rn.key(fc.rd.ord, v)
		if first, dup := st.seen[k]; dup {
			rn.rep.add(CSVError{Code: "unique-error", Row: row, Column: col + 1, Field: fc.name, Value: s,
				Text: cat(lit("valeur ", "value "), quoted(s), lit(" déjà présente à la ligne "+strconv.Itoa(int(first))+" : les valeurs de ce champ doivent être uniques",
					" already at row "+strconv.Itoa(int(first))+": the values of this field must be unique"))})
		} else {
			st.seen[k] = int32(row)
		}
	}
}

// key digests a value for unique checks: exact for numbers, a 128-bit hash
// for strings.
func (rn *run) key(o order, v val) uniqueKey {
	switch o {
	case ordInt:
		return uniqueKey{uint64(v.i), 1}
	case ordFloat:
		return uniqueKey{floatBits(v.f), 2}
	}
	return uniqueKey{maphash.String(rn.seed1, v.s), maphash.String(rn.seed2, v.s)}
}

// primaryKey checks the row's primary key. Cells that are missing or
// invalid count as null; a key made only of nulls is an error, as in
// frictionless.
func (rn *run) primaryKey(rec []string, row int) {
	pk := rn.v.pk
	allNull := true
	for k := range pk {
		if rn.fieldColOK(pk[k]) && rn.pkOK[k] {
			allNull = false
		}
	}
	names := func() string {
		out := make([]string, len(pk))
		for k, fi := range pk {
			out[k] = rn.v.fields[fi].name
		}
		return strings.Join(out, ", ")
	}
	values := func() string {
		out := make([]string, len(pk))
		for k, fi := range pk {
			if c := rn.fieldCol[fi]; c >= 0 && c < len(rec) {
				out[k] = rec[c]
			}
		}
		return strings.Join(out, ", ")
	}
	col := 0
	if c := rn.fieldCol[pk[0]]; c >= 0 {
		col = c + 1
	}
	if allNull {
		rn.rep.add(CSVError{Code: "primary-key", Row: row, Column: col, Field: names(),
			Text: lit("clé primaire ("+names()+") vide : au moins une de ses cellules doit être renseignée",
				"empty primary key ("+names()+"): at least one of its cells must have a value")})
		rn.resetPK()
		return
	}
	rn.pkH1.Reset()
	rn.pkH2.Reset()
	for k, fi := range pk {
		if !rn.fieldColOK(fi) || !rn.pkOK[k] {
			rn.pkWrite(0, nil, "")
			continue
		}
		v := rn.pkVals[k]
		switch rn.v.fields[fi].rd.ord {
		case ordInt:
			binary.LittleEndian.PutUint64(rn.buf[:], uint64(v.i))
			rn.pkWrite(1, rn.buf[:], "")
		case ordFloat:
			binary.LittleEndian.PutUint64(rn.buf[:], floatBits(v.f))
			rn.pkWrite(2, rn.buf[:], "")
		default:
			binary.LittleEndian.PutUint64(rn.buf[:], uint64(len(v.s)))
			rn.pkWrite(3, rn.buf[:], v.s)
		}
	}
	k := uniqueKey{rn.pkH1.Sum64(), rn.pkH2.Sum64()}
	if first, dup := rn.pkSeen[k]; dup {
		vals := values()
		rn.rep.add(CSVError{Code: "primary-key", Row: row, Column: col, Field: names(), Value: vals,
			Text: cat(lit("clé primaire ("+names()+") ", "primary key ("+names()+") "), quoted(vals),
				lit(" déjà présente à la ligne "+strconv.Itoa(int(first))+" : chaque ligne doit avoir sa propre clé",
					" already at row "+strconv.Itoa(int(first))+": each row must have its own key"))})
	} else {
		rn.pkSeen[k] = int32(row)
	}
	rn.resetPK()
}

func (rn *run) fieldColOK(fi int) bool { return rn.fieldCol[fi] >= 0 }

func (rn *run) resetPK() {
	for k := range rn.pkOK {
		rn.pkOK[k] = false
	}
}

func (rn *run) pkWrite(tag byte, b []byte, s string) {
	rn.pkH1.WriteByte(tag)
	rn.pkH2.WriteByte(tag)
	if b != nil {
		rn.pkH1.Write(b)
		rn.pkH2.Write(b)
	}
	if s != "" {
		rn.pkH1.WriteString(s)
		rn.pkH2.WriteString(s)
	}
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
