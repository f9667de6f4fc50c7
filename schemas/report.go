package schemas

import (
	"sort"
	"strconv"
	"strings"

	"github.com/gpso/codal/i18n"
)

// CSVError is one error found in a CSV file. Codes are frictionless' names:
// blank-header, blank-label, duplicate-label, extra-label, missing-label,
// blank-row, extra-cell, missing-cell, type-error, constraint-error,
// unique-error, primary-key; and codal's own pattern-timeout (a cell the
// backtracking pattern engine gave up on).
type CSVError struct {
	Code string
	// Row counts the header as row 1 (and blank lines as rows).
	Row int
	// Column is 1-based; 0 when the error concerns no column of the file
	// (missing-label, blank-row).
	Column int
	// Field is the column's name (the schema field, or the label).
	Field string
	// Value is the cell as read.
	Value string
	// Text is the message in both languages, saying what was expected and
	// what was found; Args are its arguments.
	Text i18n.Text
	Args []any
}

// Message returns the error's sentence in the given language.
func (e CSVError) Message(l i18n.Lang) string { return e.Text.In(l, e.Args...) }

// Report is the result of a validation.
type Report struct {
	// Schema is the id of the schema.
	Schema string
	// Encoding is the encoding used (detected or forced).
	Encoding string
	// MixedEncoding is set when a UTF-8 file contained bytes that are not
	// UTF-8 (decoded as Windows-1252).
	MixedEncoding bool
	// Delimiter is the separator used: ",", ";" or "\t".
	Delimiter string
	// Rows is the number of data rows (the header excluded).
	Rows int
	// Errors are the first errors, in file order, at most Limit of them.
	Errors []CSVError
	// ErrorCount is the total number of errors, kept or not.
	ErrorCount int
	// Counts is the number of errors per code.
	Counts map[string]int
	// Limit is the cap on Errors; negative for none.
	Limit int
}

// Valid reports whether the file has no error.
func (r *Report) Valid() bool { return r.ErrorCount == 0 }

// Truncated reports whether errors were left out of Errors.
func (r *Report) Truncated() bool { return r.ErrorCount > len(r.Errors) }

func (r *Report) add(e CSVError) {
	r.ErrorCount++
	r.Counts[e.Code]++
	if r.Limit < 0 || len(r.Errors) < r.Limit {
		r.Errors = append(r.Errors, e)
	}
}

// TableHeader names the columns of Table.
func TableHeader(l i18n.Lang) []string {
	if l == i18n.EN {
		return []string{"Row", "Column", "Field", "Code", "Message"}
	}
	return []string{"Ligne", "Colonne", "Champ", "Code", "Message"}
}

// Bounds of the human report's cells. A column name comes from the file
// (or the schema) and may be megabytes long: aligned in a table, one such
// cell would pad every row to its width. The JSON report keeps full values.
const (
	// MaxFieldCell is how many characters of a field name Table shows.
	MaxFieldCell = maxShown
	// MaxMessageCell is how many characters of a message Table shows.
	MaxMessageCell = 1000
)

// Table returns the kept errors as rows of strings (row, column, field,
// code, message), for a terminal table; see TableHeader. Field names longer
// than MaxFieldCell characters and messages longer than MaxMessageCell are
// cut (ending with "…"), control characters in field names escaped.
func (r *Report) Table(l i18n.Lang) [][]string {
	out := make([][]string, 0, len(r.Errors))
	for _, e := range r.Errors {
		col := ""
		if e.Column > 0 {
			col = strconv.Itoa(e.Column)
		}
		out = append(out, []string{strconv.Itoa(e.Row), col, showValue(e.Field), e.Code, cutRunes(e.Message(l), MaxMessageCell)})
	}
	return out
}

// Summary is one line about the whole file: valid or how many errors of
// which kinds, rows read, encoding and delimiter.
func (r *Report) Summary(l i18n.Lang) string {
	en := l == i18n.EN
	var b strings.Builder
	rows := plural(r.Rows, "ligne", "lignes", "row", "rows", en)
	if r.Valid() {
		// One row matches, 0 and 2 rows match; une ligne conforme, 0 ligne
		// conforme, 2 lignes conformes.
		one := r.Rows == 1 || !en && r.Rows == 0
		switch {
		case en && one:
			b.WriteString("valid: " + rows + " matches the schema " + r.Schema)
		case en:
			b.WriteString("valid: " + rows + " match the schema " + r.Schema)
		case one:
			b.WriteString("valide : " + rows + " conforme au schéma " + r.Schema)
		default:
			b.WriteString("valide : " + rows + " conformes au schéma " + r.Schema)
		}
	} else {
		errs := plural(r.ErrorCount, "erreur", "erreurs", "error", "errors", en)
		if en {
			b.WriteString("invalid: " + errs + " in " + rows)
		} else {
			b.WriteString("non valide : " + errs + " sur " + rows)
		}
		codes := make([]string, 0, len(r.Counts))
		for c := range r.Counts {
			codes = append(codes, c)
		}
		sort.Slice(codes, func(i, j int) bool {
			if r.Counts[codes[i]] != r.Counts[codes[j]] {
				return r.Counts[codes[i]] > r.Counts[codes[j]]
			}
			return codes[i] < codes[j]
		})
		parts := make([]string, len(codes))
		for i, c := range codes {
			parts[i] = c + " " + strconv.Itoa(r.Counts[c])
		}
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
		if r.Truncated() {
			if en {
				b.WriteString("; first " + strconv.Itoa(len(r.Errors)) + " shown")
			} else {
				b.WriteString(" ; les " + strconv.Itoa(len(r.Errors)) + " premières affichées")
			}
		}
	}
	enc := r.Encoding
	if r.MixedEncoding {
		if en {
			enc += " with Windows-1252 bytes"
		} else {
			enc += " avec des octets Windows-1252"
		}
	}
	if en {
		b.WriteString("; encoding " + enc + ", delimiter \"" + r.Delimiter + "\"")
	} else {
		b.WriteString(" ; encodage " + enc + ", séparateur « " + r.Delimiter + " »")
	}
	return b.String()
}

func plural(n int, frOne, frMany, enOne, enMany string, en bool) string {
	switch {
	case en && n == 1:
		return "1 " + enOne
	case en:
		return strconv.Itoa(n) + " " + enMany
	case n <= 1:
		return strconv.Itoa(n) + " " + frOne
	}
	return strconv.Itoa(n) + " " + frMany
}

// JSONReport is the --json form of a report.
type JSONReport struct {
	Valid      bool        `json:"valid"`
	Rows       int         `json:"rows"`
	Errors     []JSONError `json:"errors"`
	ErrorCount int         `json:"error_count"`
	Truncated  bool        `json:"truncated"`
	Schema     string      `json:"schema"`
	Encoding   string      `json:"encoding"`
	Delimiter  string      `json:"delimiter"`
}

// JSONError is one error in a JSONReport.
type JSONError struct {
	Code    string `json:"code"`
	Row     int    `json:"row"`
	Column  int    `json:"column"`
	Field   string `json:"field"`
	Value   string `json:"value"`
	Message string `json:"message"`
}

// JSON returns the report for --json, messages in the given language.
func (r *Report) JSON(l i18n.Lang) JSONReport {
	out := JSONReport{Valid: r.Valid(), Rows: r.Rows, Errors: make([]JSONError, 0, len(r.Errors)),
		ErrorCount: r.ErrorCount, Truncated: r.Truncated(), Schema: r.Schema, Encoding: r.Encoding, Delimiter: r.Delimiter}
	if r.Delimiter == `\t` {
		out.Delimiter = "\t"
	}
	for _, e := range r.Errors {
		out.Errors = append(out.Errors, JSONError{Code: e.Code, Row: e.Row, Column: e.Column, Field: e.Field, Value: e.Value, Message: e.Message(l)})
	}
	return out
}
