package schemas

import (
	"sort"
	"strconv"
	"sync"

	"github.com/gpso/codal/i18n"
)

// CustomCheck is one entry of a schema's top-level custom_checks list, the
// checks Validata (schema.data.gouv.fr's validator) runs beyond Table
// Schema: {"name": "french-siret-value", "params": {"column": "idBeneficiaire"}}.
// Params keeps only the parameters the known checks read (strings and lists
// of strings), so a hostile descriptor's other keys cost nothing.
type CustomCheck struct {
	Name   string         `json:"name"`
	Params map[string]any `json:"params,omitempty"`
}

// Bounds on what a schema's custom_checks may ask: past them the check is a
// lint warning and is not run.
const (
	// maxCustomChecks is how many entries of custom_checks are read.
	maxCustomChecks = 500
	// maxCheckColumns is how many columns one check may name.
	maxCheckColumns = 100
	// maxCheckColumnName is the longest column name a check may give, in
	// bytes (a field name longer than this is not a real column).
	maxCheckColumnName = 1024
)

// rowCheck is one compiled custom check. It reads a few cells of one row
// and keeps no state across rows, so that rows may be checked in any order
// and by several workers at once.
type rowCheck interface {
	// header is called once with the header mapping; a check that reports
	// something about the header itself (one-of-required with both
	// columns missing) does it here. It returns false when the check is
	// skipped for the whole file.
	header(r *rowCtx, emit func(CSVError)) bool
	// row checks one data row.
	row(r rowCtx, emit func(CSVError))
}

// customKind is one custom check codal knows: its name, its deprecated
// name and how to build it from its params.
type customKind struct {
	name, old string
	build     func(p checkParams, v *Validator) (rowCheck, *paramError)
}

// paramError says why a custom check's params cannot be used.
type paramError struct{ text i18n.Text }

func badParam(fr, en string) *paramError { return &paramError{lit(fr, en)} }

// customKinds lists the known custom checks, Validata's and the French code
// lists (frcode), by name and deprecated name: built when first asked (by
// lint or a validation), not at every start of codal.
var customKinds = sync.OnceValue(func() map[string]*customKind {
	m := map[string]*customKind{}
	register := func(k *customKind) {
		m[k.name] = k
		if k.old != "" {
			m[k.old] = k
		}
	}
	for _, kinds := range []func(registerKind func(*customKind)){columnKinds, frcodeKinds, singleKinds} {
		kinds(register)
	}
	return m
})

// KnownCustomCheck reports whether name is a custom check codal runs (by its
// current or deprecated name) and returns its current name.
func KnownCustomCheck(name string) (current string, ok bool) {
	k, ok := customKinds()[name]
	if !ok {
		return "", false
	}
	return k.name, true
}

// CustomCheckNames lists the current names of the custom checks codal runs.
func CustomCheckNames() []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range customKinds() {
		if !seen[k.name] {
			seen[k.name] = true
			out = append(out, k.name)
		}
	}
	sort.Strings(out)
	return out
}

// buildCustom compiles one entry; the error is what lint reports (the
// validator skips the entry).
func buildCustom(cc CustomCheck, v *Validator) (rowCheck, *paramError) {
	k, ok := customKinds()[cc.Name]
	if !ok {
		return nil, &paramError{cat(lit("contrôle personnalisé ", "custom check "), quoted(cc.Name),
			lit(" inconnu : codal ne l'applique pas (contrôles connus : ", " is unknown: codal does not run it (known checks: "),
			lit(joinNames(CustomCheckNames()), joinNames(CustomCheckNames())), lit(")", ")"))}
	}
	return k.build(checkParams(cc.Params), v)
}

func joinNames(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s
}

// customSet is a schema's compiled custom checks.
type customSet struct {
	checks []rowCheck
}

// compileCustom compiles the schema's custom checks, skipping the unknown
// ones and those with bad params (lint reports them).
func compileCustom(v *Validator) *customSet {
	var cs customSet
	for i, cc := range v.schema.CustomChecks {
		if i >= maxCustomChecks {
			break
		}
		rc, perr := buildCustom(cc, v)
		if perr != nil {
			continue
		}
		cs.checks = append(cs.checks, rc)
	}
	if len(cs.checks) == 0 {
		return nil
	}
	return &cs
}

// customRun is the custom checks of one validation, bound to the file's
// header: the checks skipped for the whole file are left out. It holds no
// per-row state: run may be called for rows in any order, from several
// goroutines if emit allows it.
type customRun struct {
	v        *Validator
	fieldCol []int
	emit     func(CSVError)
	checks   []rowCheck
}

// bindCustom binds the validator's custom checks to a header mapping
// (field index → column, -1 when absent) and to emit, which receives their
// errors; header-level errors (row is the header's) are emitted now. It
// returns nil when no check applies to the file.
func (v *Validator) bindCustom(fieldCol []int, row int, emit func(CSVError)) *customRun {
	if v.custom == nil {
		return nil
	}
	ctx := &rowCtx{v: v, fieldCol: fieldCol, row: row}
	cr := &customRun{v: v, fieldCol: fieldCol, emit: emit}
	for _, c := range v.custom.checks {
		if c.header(ctx, emit) {
			cr.checks = append(cr.checks, c)
		}
	}
	if len(cr.checks) == 0 {
		return nil
	}
	return cr
}

// run runs the bound custom checks on one data row, after its cell checks:
// rec is the row's cells by column, row its number.
func (cr *customRun) run(rec []string, row int) {
	if cr == nil {
		return
	}
	ctx := rowCtx{v: cr.v, rec: rec, fieldCol: cr.fieldCol, row: row}
	for _, c := range cr.checks {
		c.row(ctx, cr.emit)
	}
}

// rowCtx is one row as the custom checks see it (passed by value: it
// stays on the stack).
type rowCtx struct {
	v        *Validator
	rec      []string
	fieldCol []int
	row      int
}

// present reports whether field fi has a column in the file.
func (r *rowCtx) present(fi int) bool { return fi >= 0 && r.fieldCol[fi] >= 0 }

// column is field fi's 1-based column, 0 when absent.
func (r *rowCtx) column(fi int) int {
	if !r.present(fi) {
		return 0
	}
	return r.fieldCol[fi] + 1
}

// raw is field fi's cell as read ("" when the column or the cell is absent).
func (r *rowCtx) raw(fi int) string {
	if !r.present(fi) {
		return ""
	}
	c := r.fieldCol[fi]
	if c >= len(r.rec) {
		return ""
	}
	return r.rec[c]
}

// value reads field fi's cell as frictionless hands it to a check: absent
// (ok false) when the column or the cell is missing, when the cell is a
// missing value, or when it does not parse as the field's type (a type
// error, already reported). A present value may be the empty string when
// "" is not a missing value.
func (r *rowCtx) value(fi int) (s string, v val, ok bool) {
	if !r.present(fi) {
		return "", val{}, false
	}
	c := r.fieldCol[fi]
	if c >= len(r.rec) {
		return "", val{}, false
	}
	s = r.rec[c]
	fc := r.v.fields[fi]
	if fc.missing.has(s) {
		return s, val{}, false
	}
	if fc.rd.parse != nil {
		pv, good := fc.rd.parse(s)
		if !good {
			return s, val{}, false
		}
		return s, pv, true
	}
	return s, val{s: s}, true
}

// valued is value's ok: the cell has a usable value.
func (r *rowCtx) valued(fi int) bool {
	_, _, ok := r.value(fi)
	return ok
}

// fieldName is the name of field fi, or the name as the check wrote it when
// the schema has no such field.
func fieldName(v *Validator, fi int, asWritten string) string {
	if fi >= 0 {
		return v.fields[fi].name
	}
	return asWritten
}

// cellError builds a custom check's error on field fi's cell.
func (r *rowCtx) cellError(code string, fi int, value string, t i18n.Text) CSVError {
	return CSVError{Code: code, Row: r.row, Column: r.column(fi), Field: r.v.fields[fi].name, Value: value, Text: t}
}

// itoa is strconv.Itoa, short.
func itoa(n int) string { return strconv.Itoa(n) }
