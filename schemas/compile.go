package schemas

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/gpso/codal/i18n"
)

// Validator is a schema compiled for CSV validation: one checker per field
// with its reader, precompiled pattern, enum set and bounds. It is immutable
// and safe for concurrent use by several Validate calls.
type Validator struct {
	schema *Schema
	fields []*fieldCheck
	byName map[string]int
	pk     []int // field indexes of the primary key
	// missing values at the schema level, for blank rows
	missing missingSet
	// custom holds the schema's custom_checks (custom.go), nil when none
	custom *customSet
}

// missingSet tells whether a cell is a missing value.
type missingSet struct {
	onlyEmpty bool // the default [""]
	none      bool // an empty list: nothing is missing
	values    []string
}

func newMissingSet(vals []string) missingSet {
	if vals == nil || len(vals) == 1 && vals[0] == "" {
		return missingSet{onlyEmpty: true}
	}
	if len(vals) == 0 {
		return missingSet{none: true}
	}
	return missingSet{values: vals}
}

func (m *missingSet) has(s string) bool {
	if m.onlyEmpty {
		return s == ""
	}
	for _, v := range m.values {
		if s == v {
			return true
		}
	}
	return false
}

// fieldCheck checks the cells of one field.
type fieldCheck struct {
	index    int
	name     string
	rd       *reader
	missing  missingSet
	required bool
	unique   bool
	minLen   int // -1 when absent
	maxLen   int
	pat      *pattern
	// enum
	hasEnum   bool
	enumStr   map[string]struct{}
	enumInt   map[int64]struct{}
	enumFloat map[float64]struct{}
	enumShow  []string // the enum as written, for messages
	enumJSON  bool     // compare canonical JSON (array, object, geojson)
	// bounds
	min, max         *val
	minExcl, maxExcl bool
	minText, maxText string
	// itemCheck validates array items against arrayItem
	itemCheck *fieldCheck
	// needVal says whether constraints need the parsed value
	needVal bool
}

// Compile prepares a schema for validation. It fails (with an *i18n.Error)
// when a field cannot be checked: unknown type, malformed format or pattern.
// Problems that lint reports as warnings do not stop it.
func Compile(s *Schema) (*Validator, error) {
	if len(s.Fields) == 0 {
		return nil, i18n.Errorf(i18n.T("le schéma %s ne décrit aucune colonne : ce n'est pas un Table Schema utilisable (voir codal lint)",
			"schema %s describes no column: it is not a usable Table Schema (see codal lint)"), s.ID)
	}
	v := &Validator{schema: s, byName: map[string]int{}, missing: newMissingSet(s.MissingValues)}
	for i := range s.Fields {
		f := &s.Fields[i]
		fc, err := compileField(f, i, v.missing)
		if err != nil {
			return nil, err
		}
		v.fields = append(v.fields, fc)
		if _, dup := v.byName[f.Name]; !dup {
			v.byName[f.Name] = i
		}
	}
	for _, name := range s.PrimaryKey {
		i, ok := v.byName[name]
		if !ok {
			return nil, i18n.Errorf(i18n.T("le schéma %s a une clé primaire « %s » qui ne nomme aucun champ",
				"schema %s has a primary key %q that names no field"), s.ID, name)
		}
		v.pk = append(v.pk, i)
	}
	v.custom = compileCustom(v)
	return v, nil
}

func compileField(f *Field, index int, schemaMissing missingSet) (*fieldCheck, error) {
	fieldErr := func(t i18n.Text) error {
		return i18n.Errorf(cat(lit("champ « ", `field "`), lit(f.Name, f.Name), lit(" » : ", `": `), t))
	}
	rd, err := newReader(f)
	if err != nil {
		if fe, ok := err.(*formatError); ok {
			return nil, fieldErr(fe.text)
		}
		return nil, err
	}
	c := f.Constraints
	fc := &fieldCheck{index: index, name: f.Name, rd: rd, missing: schemaMissing, minLen: -1, maxLen: -1,
		required: c.Required, unique: c.Unique}
	if f.MissingValues != nil {
		fc.missing = newMissingSet(f.MissingValues)
	}
	if c.MinLength != nil {
		fc.minLen = *c.MinLength
	}
	if c.MaxLength != nil {
		fc.maxLen = *c.MaxLength
	}
	if c.Pattern != "" && rd.typ == "string" {
		p, err := compilePattern(c.Pattern)
		if err != nil {
			return nil, fieldErr(lit("motif impossible à compiler : "+err.Error(), "the pattern cannot be compiled: "+err.Error()))
		}
		fc.pat = p
	}
	if c.EnumSet || len(c.Enum) > 0 {
		fc.hasEnum = true
		fc.enumJSON = rd.typ == "array" || rd.typ == "object" || rd.typ == "geojson"
		addStr := func(x string) {
			if fc.enumStr == nil {
				fc.enumStr = map[string]struct{}{}
			}
			fc.enumStr[x] = struct{}{}
		}
		for _, e := range c.Enum {
			fc.enumShow = append(fc.enumShow, jsonText(e))
			switch rd.typ {
			case "string":
				if x, ok := e.(string); ok {
					addStr(x)
				}
				continue
			case "any":
				addStr(jsonText(e))
				continue
			}
			pv, ok := constraintValue(rd, e)
			if !ok {
				continue // reported by lint; never matches, as in frictionless
			}
			switch rd.ord {
			case ordInt:
				if fc.enumInt == nil {
					fc.enumInt = map[int64]struct{}{}
				}
				fc.enumInt[pv.i] = struct{}{}
			case ordFloat:
				if fc.enumFloat == nil {
					fc.enumFloat = map[float64]struct{}{}
				}
				fc.enumFloat[pv.f] = struct{}{}
			default:
				addStr(pv.s)
			}
		}
	}
	bound := func(raw any) (*val, string, error) {
		if raw == nil {
			return nil, "", nil
		}
		pv, ok := constraintValue(rd, raw)
		if !ok {
			return nil, "", fieldErr(cat(lit("borne ", "bound "), quoted(jsonText(raw)), lit(" invalide : ", " is invalid: "), rd.expect))
		}
		return &pv, jsonText(raw), nil
	}
	if isOrdered(rd.typ) {
		var err error
		if c.ExclusiveMinimum != nil {
			fc.min, fc.minText, err = bound(c.ExclusiveMinimum)
			fc.minExcl = true
		} else {
			fc.min, fc.minText, err = bound(c.Minimum)
		}
		if err != nil {
			return nil, err
		}
		if c.ExclusiveMaximum != nil {
			fc.max, fc.maxText, err = bound(c.ExclusiveMaximum)
			fc.maxExcl = true
		} else {
			fc.max, fc.maxText, err = bound(c.Maximum)
		}
		if err != nil {
			return nil, err
		}
	}
	if f.ArrayItem != nil && rd.typ == "array" {
		item := *f.ArrayItem
		item.Name = f.Name
		ic, err := compileField(&item, index, missingSet{none: true})
		if err != nil {
			return nil, err
		}
		fc.itemCheck = ic
	}
	fc.needVal = fc.hasEnum || fc.min != nil || fc.max != nil || fc.unique
	return fc, nil
}

// Schema returns the schema the validator was compiled from.
func (v *Validator) Schema() *Schema { return v.schema }

// failure is a constraint or type failure on one cell; next chains the
// other failures of the same cell.
type failure struct {
	code string
	text i18n.Text
	next *failure
}

// then appends g to the chain f (which may be nil) and returns the head.
func (f *failure) then(g *failure) *failure {
	if f == nil {
		return g
	}
	last := f
	for last.next != nil {
		last = last.next
	}
	last.next = g
	return f
}

// check validates one non-missing cell. It returns the parsed value (for
// unique and primary keys) and nil, or the failures: a type error, or one
// failure per unmet constraint (as frictionless reports them). It does not
// allocate on the valid path.
func (fc *fieldCheck) check(s string) (val, *failure) {
	var v val
	if fc.rd.parse != nil {
		var ok bool
		v, ok = fc.rd.parse(s)
		if !ok {
			return v, fc.typeFailure(s)
		}
	} else {
		v.s = s
	}
	var fail *failure
	if fc.minLen >= 0 || fc.maxLen >= 0 {
		// A character is one to four bytes: the byte length often decides
		// without counting.
		n := -1
		if fc.minLen > 0 && (fc.rd.typ != "string" || len(s) < 4*fc.minLen) {
			n = fc.rd.length(s)
			if n < fc.minLen {
				fail = fail.then(&failure{code: "constraint-error", text: cat(
					lit("au moins "+strconv.Itoa(fc.minLen)+" caractères attendus, trouvé "+strconv.Itoa(n)+" : ",
						"at least "+strconv.Itoa(fc.minLen)+" characters expected, found "+strconv.Itoa(n)+": "), quoted(s))})
			}
		}
		if fc.maxLen >= 0 && (fc.rd.typ != "string" || len(s) > fc.maxLen) {
			if n < 0 {
				n = fc.rd.length(s)
			}
			if n > fc.maxLen {
				fail = fail.then(&failure{code: "constraint-error", text: cat(
					lit("au plus "+strconv.Itoa(fc.maxLen)+" caractères attendus, trouvé "+strconv.Itoa(n)+" : ",
						"at most "+strconv.Itoa(fc.maxLen)+" characters expected, found "+strconv.Itoa(n)+": "), quoted(s))})
			}
		}
	}
	if fc.pat != nil {
		if ok, timedOut := fc.pat.match(s); timedOut {
			fail = fail.then(&failure{code: "pattern-timeout", text: cat(
				lit("motif "+fc.pat.source+" non vérifiable : sa recherche a dépassé "+patternTimeoutText+" sur ",
					"the pattern "+fc.pat.source+" could not be checked: matching took longer than "+patternTimeoutText+" on "), quoted(s))})
		} else if !ok {
			fail = fail.then(&failure{code: "constraint-error", text: cat(
				lit("valeur non conforme au motif "+fc.pat.source+" : ", "value does not match the pattern "+fc.pat.source+": "), quoted(s))})
		}
	}
	if fc.min != nil {
		c := compareVal(fc.rd.ord, v, *fc.min)
		if c == 2 || c < 0 || fc.minExcl && c == 0 {
			op := "≥ "
			if fc.minExcl {
				op = "> "
			}
			fail = fail.then(&failure{code: "constraint-error", text: cat(
				lit("valeur "+op+fc.minText+" attendue, trouvé ", "value "+op+fc.minText+" expected, found "), quoted(s))})
		}
	}
	if fc.max != nil {
		c := compareVal(fc.rd.ord, v, *fc.max)
		if c == 2 || c > 0 || fc.maxExcl && c == 0 {
			op := "≤ "
			if fc.maxExcl {
				op = "< "
			}
			fail = fail.then(&failure{code: "constraint-error", text: cat(
				lit("valeur "+op+fc.maxText+" attendue, trouvé ", "value "+op+fc.maxText+" expected, found "), quoted(s))})
		}
	}
	if fc.hasEnum && !fc.inEnum(s, v) {
		fail = fail.then(fc.enumFailure(s))
	}
	if fc.itemCheck != nil {
		if f := fc.checkItems(s); f != nil {
			fail = fail.then(f)
		}
	}
	return v, fail
}

func (fc *fieldCheck) inEnum(s string, v val) bool {
	switch {
	case fc.enumJSON:
		_, ok := fc.enumStr[canonicalJSON(s)]
		return ok
	case fc.rd.typ == "string" || fc.rd.typ == "any":
		_, ok := fc.enumStr[s]
		return ok
	case fc.rd.ord == ordInt:
		_, ok := fc.enumInt[v.i]
		return ok
	case fc.rd.ord == ordFloat:
		_, ok := fc.enumFloat[v.f]
		return ok
	}
	_, ok := fc.enumStr[v.s]
	return ok
}

func (fc *fieldCheck) typeFailure(s string) *failure {
	t := cat(lit("attendu : ", "expected "), fc.rd.expect, lit(" ; trouvé : ", "; found "), quoted(s))
	if fc.rd.hint != nil {
		t = cat(t, fc.rd.hint(s))
	}
	return &failure{code: "type-error", text: t}
}

func (fc *fieldCheck) enumFailure(s string) *failure {
	t := cat(lit("valeur attendue parmi ", "value expected among "), quotedList(fc.enumShow, 8), lit(" ; trouvé : ", "; found "), quoted(s))
	fs := foldKey(s)
	for _, e := range fc.enumShow {
		if foldKey(e) == fs {
			t = cat(t, lit(" (vouliez-vous dire « "+e+" » ?)", ` (did you mean "`+e+`"?)`))
			break
		}
	}
	return &failure{code: "constraint-error", text: t}
}

// checkItems applies arrayItem to each item of a JSON array.
func (fc *fieldCheck) checkItems(s string) *failure {
	var items []any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if d.Decode(&items) != nil {
		return nil
	}
	for i, it := range items {
		var cell string
		switch x := it.(type) {
		case string:
			cell = x
		case json.Number:
			cell = x.String()
		case bool:
			cell = strconv.FormatBool(x)
		case nil:
			if fc.itemCheck.required {
				return &failure{code: "constraint-error", text: lit("élément n° "+strconv.Itoa(i+1)+" de la liste : valeur obligatoire manquante",
					"list item #"+strconv.Itoa(i+1)+": required value is missing")}
			}
			continue
		default:
			b, _ := json.Marshal(x)
			cell = string(b)
		}
		if _, f := fc.itemCheck.check(cell); f != nil {
			return &failure{code: f.code, text: cat(lit("élément n° "+strconv.Itoa(i+1)+" de la liste : ", "list item #"+strconv.Itoa(i+1)+": "), f.text)}
		}
	}
	return nil
}

// uniqueKey is a 128-bit digest of a cell or primary key value.
type uniqueKey [2]uint64

// floatBits normalises -0 and NaN for uniqueness.
func floatBits(f float64) uint64 {
	if f == 0 {
		return 0
	}
	if f != f {
		return 0x7ff8000000000001
	}
	return math.Float64bits(f)
}
