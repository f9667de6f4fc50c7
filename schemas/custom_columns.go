package schemas

import (
	"math"
	"strconv"
	"strings"

	"github.com/gpso/codal/i18n"
)

// The checks on several columns of a row (Validata's
// CustomCheckMultipleColumns and one-of-required).

// columnKinds registers the checks on several columns.
func columnKinds(registerKind func(*customKind)) {
	registerKind(&customKind{name: "one-of-required", build: buildOneOf})
	registerKind(&customKind{name: "compare-columns-value", build: buildCompare})
	registerKind(&customKind{name: "sum-columns-value", build: buildSum})
	registerKind(&customKind{name: "cohesive-columns-value", build: buildCohesive})
}

// oneOfRequired: on each row, at least one of two columns has a value. A
// missing column counts as empty; both missing is one error on the header.
type oneOfRequired struct {
	n1, n2   string
	fi1, fi2 int
}

func buildOneOf(p checkParams, v *Validator) (rowCheck, *paramError) {
	c1, bad := p.column("column1", "column")
	if bad != nil {
		return nil, bad
	}
	c2, bad := p.column("column2")
	if bad != nil {
		return nil, bad
	}
	return &oneOfRequired{n1: c1, n2: c2, fi1: fieldIndex(v, c1), fi2: fieldIndex(v, c2)}, nil
}

func (c *oneOfRequired) header(r *rowCtx, emit func(CSVError)) bool {
	if r.present(c.fi1) || r.present(c.fi2) {
		return true
	}
	emit(CSVError{Code: "one-of-required", Row: r.row, Field: c.n1 + ", " + c.n2,
		Text: cat(lit("les deux colonnes ", "both columns "), quoted(c.n1), lit(" et ", " and "), quoted(c.n2),
			lit(" manquent : l'une au moins est attendue (contrôle one-of-required)", " are missing: at least one is expected (one-of-required check)"))})
	return false
}

func (c *oneOfRequired) row(r rowCtx, emit func(CSVError)) {
	if nonEmpty(&r, c.fi1) || nonEmpty(&r, c.fi2) {
		return
	}
	fi := c.fi1
	if !r.present(fi) {
		fi = c.fi2
	}
	emit(r.cellError("one-of-required", fi, r.raw(fi), cat(lit("au moins l'une des colonnes ", "at least one of the columns "),
		quoted(c.n1), lit(" ou ", " or "), quoted(c.n2), lit(" doit avoir une valeur ; les deux sont vides", " must have a value; both are empty"))))
}

// nonEmpty is Validata's valued(row[col]): a value that is not empty.
func nonEmpty(r *rowCtx, fi int) bool {
	s, _, ok := r.value(fi)
	return ok && s != ""
}

// compareColumns: when both cells have a value, the first compares to the
// second with op: numbers as numbers, texts as texts, dates as dates; a
// number against a text is an error.
type compareColumns struct {
	n1, n2, op string
	fi1, fi2   int
}

var compareOps = map[string][2]string{
	">":  {"supérieure à", "greater than"},
	">=": {"supérieure ou égale à", "greater than or equal to"},
	"==": {"égale à", "equal to"},
	"<=": {"inférieure ou égale à", "less than or equal to"},
	"<":  {"inférieure à", "less than"},
}

func buildCompare(p checkParams, v *Validator) (rowCheck, *paramError) {
	c1, bad := p.column("column")
	if bad != nil {
		return nil, bad
	}
	c2, bad := p.column("column2")
	if bad != nil {
		return nil, bad
	}
	op, _, set, bad := p.str("op")
	if bad != nil {
		return nil, bad
	}
	if !set {
		return nil, badParam("paramètre « op » manquant : >, >=, ==, <= ou < attendu", `missing param "op": expected >, >=, ==, <= or <`)
	}
	if _, ok := compareOps[op]; !ok {
		return nil, badParam("opérateur « "+showValue(op)+" » non géré : >, >=, ==, <= ou < attendu", `unsupported operator "`+showValue(op)+`": expected >, >=, ==, <= or <`)
	}
	return &compareColumns{n1: c1, n2: c2, op: op, fi1: fieldIndex(v, c1), fi2: fieldIndex(v, c2)}, nil
}

func (c *compareColumns) header(r *rowCtx, emit func(CSVError)) bool {
	return r.present(c.fi1) && r.present(c.fi2)
}

// cmpKind is how a cell compares: as a number, a text, or a value of its
// field's type (dates, times…).
type cmpKind uint8

const (
	cmpNum cmpKind = iota + 1
	cmpText
	cmpTyped
)

type cmpVal struct {
	kind cmpKind
	typ  string
	f    float64
	i    int64
	isI  bool
	s    string
}

// compareValue reads a cell as Validata's compare sees it: numbers for
// numeric types and for texts that read as a number, texts, or typed values.
func compareValue(r *rowCtx, fi int) (cmpVal, bool) {
	s, v, ok := r.value(fi)
	if !ok {
		return cmpVal{}, false
	}
	rd := r.v.fields[fi].rd
	switch rd.typ {
	case "integer", "number", "year":
		if rd.ord == ordInt {
			return cmpVal{kind: cmpNum, i: v.i, isI: true, f: float64(v.i)}, true
		}
		if rd.ord == ordFloat {
			return cmpVal{kind: cmpNum, f: v.f}, true
		}
	case "string", "any":
		t := strings.TrimSpace(s)
		if i, err := strconv.ParseInt(t, 10, 64); err == nil {
			return cmpVal{kind: cmpNum, i: i, isI: true, f: float64(i)}, true
		}
		if f, err := strconv.ParseFloat(t, 64); err == nil && !strings.ContainsAny(t, "xXpP_") && !math.IsNaN(f) {
			return cmpVal{kind: cmpNum, f: f}, true
		}
		return cmpVal{kind: cmpText, s: s}, true
	}
	cv := cmpVal{kind: cmpTyped, typ: rd.typ}
	if rd.ord == ordInt {
		cv.i, cv.isI = v.i, true
	} else if rd.ord == ordFloat {
		cv.f = v.f
	} else {
		cv.s = v.s
	}
	return cv, true
}

// cmp3 compares two values of the same kind: -1, 0 or 1.
func cmp3(a, b cmpVal) int {
	switch {
	case a.kind == cmpNum && a.isI && b.isI, a.kind == cmpTyped && a.isI:
		return cmpInt(a.i, b.i)
	case a.kind == cmpNum, a.kind == cmpTyped && a.s == "" && b.s == "":
		switch {
		case a.f < b.f:
			return -1
		case a.f > b.f:
			return 1
		}
		return 0
	}
	return strings.Compare(a.s, b.s)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (c *compareColumns) row(r rowCtx, emit func(CSVError)) {
	a, ok1 := compareValue(&r, c.fi1)
	b, ok2 := compareValue(&r, c.fi2)
	if !ok1 || !ok2 {
		return
	}
	s1, s2 := r.raw(c.fi1), r.raw(c.fi2)
	if a.kind != b.kind || a.kind == cmpTyped && a.typ != b.typ {
		emit(r.cellError("compare-columns-value", c.fi1, s1, cat(lit("la valeur de la colonne ", "the value of column "), quoted(c.n1), lit(" ", " "), quoted(s1),
			lit(" n'est pas comparable avec celle de la colonne ", " cannot be compared with that of column "), quoted(c.n2), lit(" ", " "), quoted(s2),
			lit(" (un nombre et un texte)", " (a number and a text)"))))
		return
	}
	d := cmp3(a, b)
	var good bool
	switch c.op {
	case ">":
		good = d > 0
	case ">=":
		good = d >= 0
	case "==":
		good = d == 0
	case "<=":
		good = d <= 0
	case "<":
		good = d < 0
	}
	if good {
		return
	}
	words := compareOps[c.op]
	emit(r.cellError("compare-columns-value", c.fi1, s1, cat(lit("la valeur de la colonne ", "the value of column "), quoted(c.n1), lit(" devrait être "+words[0]+" celle de la colonne ", " should be "+words[1]+" that of column "),
		quoted(c.n2), lit(" ("+c.op+") ; trouvé : ", " ("+c.op+"); found "), quoted(s1), lit(" et ", " and "), quoted(s2))))
}

// sumColumns: when every cell has a value, the first column holds the sum
// of the others, all integers.
type sumColumns struct {
	n      string
	fi     int
	others []string
	ofi    []int
}

func buildSum(p checkParams, v *Validator) (rowCheck, *paramError) {
	c, bad := p.column("column")
	if bad != nil {
		return nil, bad
	}
	others, bad := p.columns("columns", "othercolumns")
	if bad != nil {
		return nil, bad
	}
	if len(others) < 2 {
		return nil, badParam("le paramètre « columns » doit nommer au moins deux colonnes à additionner", `the param "columns" must name at least two columns to add`)
	}
	sc := &sumColumns{n: c, fi: fieldIndex(v, c), others: others}
	for _, o := range others {
		sc.ofi = append(sc.ofi, fieldIndex(v, o))
	}
	return sc, nil
}

func (c *sumColumns) header(r *rowCtx, emit func(CSVError)) bool {
	if !r.present(c.fi) {
		return false
	}
	for _, fi := range c.ofi {
		if !r.present(fi) {
			return false
		}
	}
	return true
}

// intValue reads a cell as an integer: an integer field's value, or a
// text of digits.
func sumInt(r *rowCtx, fi int) (int64, bool) {
	s, v, ok := r.value(fi)
	if !ok {
		return 0, false
	}
	rd := r.v.fields[fi].rd
	if rd.ord == ordInt && (rd.typ == "integer" || rd.typ == "year") {
		return v.i, true
	}
	if rd.ord == ordFloat {
		if v.f == math.Trunc(v.f) && math.Abs(v.f) < 1<<53 {
			return int64(v.f), true
		}
		return 0, false
	}
	if !allDigits(s) || s == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

func (c *sumColumns) row(r rowCtx, emit func(CSVError)) {
	if !r.valued(c.fi) {
		return
	}
	for _, fi := range c.ofi {
		if !r.valued(fi) {
			return
		}
	}
	all := append([]string{c.n}, c.others...)
	formula := c.n + " = " + strings.Join(c.others, " + ")
	total, ok := sumInt(&r, c.fi)
	var sum int64
	for _, fi := range c.ofi {
		x, good := sumInt(&r, fi)
		if !good || x > 0 && sum > math.MaxInt64-x {
			ok = false
			break
		}
		sum += x
	}
	s := r.raw(c.fi)
	if !ok {
		emit(r.cellError("sum-columns-value", c.fi, s, cat(lit("somme impossible à vérifier ("+showValue(formula)+") : les colonnes ", "cannot check the sum ("+showValue(formula)+"): the columns "),
			quotedAll(all), lit(" doivent contenir des nombres entiers", " must hold integers"))))
		return
	}
	if sum == total {
		return
	}
	var parts []string
	for i, fi := range c.ofi {
		parts = append(parts, c.others[i]+" ("+showValue(r.raw(fi))+")")
	}
	emit(r.cellError("sum-columns-value", c.fi, s, (cat(lit("la somme des colonnes ", "the sum of the columns "), lit(showValue(strings.Join(parts, " + ")), showValue(strings.Join(parts, " + "))),
		lit(" vaut "+strconv.FormatInt(sum, 10)+" ; la colonne ", " is "+strconv.FormatInt(sum, 10)+"; the column "), quoted(c.n), lit(" devrait la contenir ; trouvé : ", " should hold it; found "), quoted(s)))))
}

// cohesiveColumns: on each row, the columns all have a value or are all
// empty.
type cohesiveColumns struct {
	n      string
	fi     int
	names  []string
	others []int
}

func buildCohesive(p checkParams, v *Validator) (rowCheck, *paramError) {
	c, bad := p.column("column")
	if bad != nil {
		return nil, bad
	}
	others, bad := p.columns("othercolumns", "columns")
	if bad != nil {
		return nil, bad
	}
	cc := &cohesiveColumns{n: c, fi: fieldIndex(v, c), names: append([]string{c}, others...)}
	for _, o := range others {
		cc.others = append(cc.others, fieldIndex(v, o))
	}
	return cc, nil
}

func (c *cohesiveColumns) header(r *rowCtx, emit func(CSVError)) bool { return r.present(c.fi) }

func (c *cohesiveColumns) row(r rowCtx, emit func(CSVError)) {
	status := nonEmpty(&r, c.fi)
	for _, fi := range c.others {
		if nonEmpty(&r, fi) != status {
			emit(r.cellError("cohesive-columns-value", c.fi, r.raw(c.fi), cat(lit("les colonnes ", "the columns "), quotedAll(c.names),
				lit(" doivent toutes avoir une valeur ou toutes être vides", " must all have a value or all be empty"))))
			return
		}
	}
}

// quotedAll quotes column names and joins them with "et" / "and" (at most
// 10 shown).
func quotedAll(names []string) i18n.Text {
	shown := names
	if len(shown) > 10 {
		shown = shown[:10]
	}
	var fr, en strings.Builder
	for i, n := range shown {
		if i > 0 {
			if i == len(shown)-1 && len(shown) == len(names) {
				fr.WriteString(" et ")
				en.WriteString(" and ")
			} else {
				fr.WriteString(", ")
				en.WriteString(", ")
			}
		}
		q := quoted(n)
		fr.WriteString(q.FR)
		en.WriteString(q.EN)
	}
	if len(shown) < len(names) {
		fr.WriteString("… (" + itoa(len(names)-len(shown)) + " de plus)")
		en.WriteString("… (" + itoa(len(names)-len(shown)) + " more)")
	}
	return i18n.T(fr.String(), en.String())
}
