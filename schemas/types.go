package schemas

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gpso/codal/i18n"
)

// Field types of Table Schema v1 (and list from v2).
var knownTypes = []string{"string", "number", "integer", "boolean", "object", "array", "date", "time",
	"datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any", "list"}

func isKnownType(t string) bool {
	for _, k := range knownTypes {
		if k == t {
			return true
		}
	}
	return false
}

// typeSynonyms suggests the right type for common mistakes.
var typeSynonyms = map[string]string{
	"text": "string", "str": "string", "varchar": "string", "char": "string", "texte": "string", "chaine": "string",
	"int": "integer", "entier": "integer", "long": "integer", "float": "number", "decimal": "number",
	"double": "number", "numeric": "number", "nombre": "number", "bool": "boolean", "booleen": "boolean",
	"timestamp": "datetime", "date-time": "datetime", "dateTime": "datetime", "json": "object",
	"list": "list", "geometry": "geojson", "point": "geopoint",
}

// Constraints each type supports, as frictionless defines them ("unique" and
// "required" apply to every type).
func supportsConstraint(typ, name string) bool {
	switch name {
	case "required", "unique", "enum":
		return true
	case "minLength", "maxLength":
		return typ == "string" || typ == "array" || typ == "object" || typ == "list"
	case "pattern":
		return typ == "string"
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
		return isOrdered(typ)
	case "jsonSchema":
		return typ == "object" || typ == "array"
	}
	return false
}

func isOrdered(typ string) bool {
	switch typ {
	case "integer", "number", "date", "time", "datetime", "year", "yearmonth":
		return true
	}
	return false
}

// order says how a type's values compare.
type order uint8

const (
	ordStr   order = iota // compare the canonical string
	ordInt                // compare val.i
	ordFloat              // compare val.f
)

// val is a parsed cell: i or f for ordered types, s for the others.
type val struct {
	i int64
	f float64
	s string
}

// reader checks and parses the cells of one type and format.
type reader struct {
	typ, format string
	ord         order
	// parse returns the value and whether the cell is valid; nil means every
	// cell is valid (v.s is the cell).
	parse func(s string) (val, bool)
	// length counts characters, items or keys for minLength / maxLength.
	length func(s string) int
	// expect describes a valid cell, for messages.
	expect i18n.Text
	// hint explains a type error further, on the error path.
	hint func(s string) i18n.Text
}

var errFormat = errors.New("format")

// formatError is an unsupported or malformed format.
type formatError struct {
	text i18n.Text
}

func (e *formatError) Error() string { return e.text.EN }

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// newReader builds the reader for a field (type, format and the type's
// options). The error is a *formatError.
func newReader(f *Field) (*reader, error) {
	typ := f.FieldType()
	format := strings.TrimPrefix(f.Format, "fmt:")
	r := &reader{typ: typ, format: format, length: runeLen}
	switch typ {
	case "string":
		r.expect = lit("du texte", "text")
		switch format {
		case "", "default", "wkt":
		case "email":
			r.parse = stringCheck(validEmail)
			r.expect = lit("une adresse e-mail (ex. prenom.nom@exemple.fr)", "an e-mail address (e.g. jane.doe@example.org)")
		case "uri":
			r.parse = stringCheck(validURI)
			r.expect = lit("une URI complète avec son schéma (ex. https://exemple.fr/page)", "a full URI with its scheme (e.g. https://example.org/page)")
			r.hint = func(s string) i18n.Text {
				if strings.ContainsAny(s, " \t") {
					return lit(" (une URI ne contient pas d'espace : écrivez %20)", " (a URI contains no space: write %20)")
				}
				if !strings.Contains(s, ":") {
					return lit(" (il manque le schéma, par exemple https://)", " (the scheme is missing, e.g. https://)")
				}
				return i18n.Text{}
			}
		case "uuid":
			r.parse = stringCheck(validUUID)
			r.expect = lit("un UUID (ex. 123e4567-e89b-12d3-a456-426614174000)", "a UUID (e.g. 123e4567-e89b-12d3-a456-426614174000)")
		case "binary":
			r.parse = stringCheck(func(s string) bool { _, err := base64.StdEncoding.DecodeString(s); return err == nil })
			r.expect = lit("des données en base64", "base64 data")
		default:
			return nil, &formatError{cat(lit("format inconnu pour le type string : ", "unknown format for type string: "), quoted(format),
				lit(" (formats possibles : default, email, uri, uuid, binary)", " (possible formats: default, email, uri, uuid, binary)"))}
		}
	case "integer":
		if err := onlyDefault(typ, format); err != nil {
			return nil, err
		}
		bare := f.BareNumber == nil || *f.BareNumber
		group := f.GroupChar
		r.ord = ordInt
		r.parse = func(s string) (val, bool) { return parseInteger(s, bare, group) }
		r.expect = lit("un nombre entier (ex. 42)", "an integer (e.g. 42)")
		r.hint = numberHint(".", group, true)
	case "number":
		if err := onlyDefault(typ, format); err != nil {
			return nil, err
		}
		bare := f.BareNumber == nil || *f.BareNumber
		dec := f.DecimalChar
		if dec == "" {
			dec = "."
		}
		group := f.GroupChar
		custom := f.BareNumber != nil || f.DecimalChar != "" || f.GroupChar != ""
		r.ord = ordFloat
		r.parse = func(s string) (val, bool) { return parseNumber(s, bare, dec, group, custom) }
		if dec == "," {
			r.expect = lit("un nombre (virgule décimale, ex. 1234,56)", "a number (decimal comma, e.g. 1234,56)")
		} else {
			r.expect = lit("un nombre (point décimal, ex. 1234.56)", "a number (decimal point, e.g. 1234.56)")
		}
		r.hint = numberHint(dec, group, false)
	case "boolean":
		if err := onlyDefault(typ, format); err != nil {
			return nil, err
		}
		tv, fv := f.TrueValues, f.FalseValues
		if tv == nil {
			tv = []string{"true", "True", "TRUE", "1"}
		}
		if fv == nil {
			fv = []string{"false", "False", "FALSE", "0"}
		}
		r.parse = boolParser(tv, fv)
		all := append(append([]string{}, tv...), fv...)
		r.expect = cat(lit("une des valeurs ", "one of "), quotedList(all, 0))
		r.hint = func(s string) i18n.Text {
			for _, v := range all {
				if strings.EqualFold(strings.TrimSpace(s), v) {
					return lit(" (vouliez-vous dire « "+v+" » ?)", ` (did you mean "`+v+`"?)`)
				}
			}
			return i18n.Text{}
		}
	case "date", "datetime", "time":
		if err := temporalReader(r, typ, format); err != nil {
			return nil, err
		}
	case "year":
		if err := onlyDefault(typ, format); err != nil {
			return nil, err
		}
		r.ord = ordInt
		r.parse = parseYear
		r.expect = lit("une année sur 4 chiffres (AAAA)", "a 4-digit year (YYYY)")
	case "yearmonth":
		if err := onlyDefault(typ, format); err != nil {
			return nil, err
		}
		r.ord = ordInt
		r.parse = parseYearMonth
		r.expect = lit("une année et un mois (AAAA-MM)", "a year and month (YYYY-MM)")
	case "duration":
		if err := onlyDefault(typ, format); err != nil {
			return nil, err
		}
		r.parse = stringCheck(validDuration)
		r.expect = lit("une durée ISO 8601 (ex. P1DT2H30M)", "an ISO 8601 duration (e.g. P1DT2H30M)")
	case "geopoint":
		switch format {
		case "", "default":
			r.parse = func(s string) (val, bool) { return parseGeopoint(s, 0) }
			r.expect = lit("un point « longitude, latitude » (ex. 2.2412, 48.8241)", `a point "longitude, latitude" (e.g. 2.2412, 48.8241)`)
		case "array":
			r.parse = func(s string) (val, bool) { return parseGeopoint(s, 1) }
			r.expect = lit("un point [longitude, latitude] (ex. [2.2412, 48.8241])", "a point [longitude, latitude] (e.g. [2.2412, 48.8241])")
		case "object":
			r.parse = func(s string) (val, bool) { return parseGeopoint(s, 2) }
			r.expect = lit(`un point {"lon": …, "lat": …}`, `a point {"lon": …, "lat": …}`)
		default:
			return nil, &formatError{cat(lit("format inconnu pour le type geopoint : ", "unknown format for type geopoint: "), quoted(format),
				lit(" (formats possibles : default, array, object)", " (possible formats: default, array, object)"))}
		}
	case "geojson":
		switch format {
		case "", "default":
			r.parse = stringCheck(validGeoJSON)
			r.expect = lit("un objet GeoJSON (ex. {\"type\": \"Point\", \"coordinates\": [2.24, 48.82]})", "a GeoJSON object (e.g. {\"type\": \"Point\", \"coordinates\": [2.24, 48.82]})")
		case "topojson":
			r.parse = stringCheck(validTopoJSON)
			r.expect = lit("un objet TopoJSON", "a TopoJSON object")
		default:
			return nil, &formatError{cat(lit("format inconnu pour le type geojson : ", "unknown format for type geojson: "), quoted(format),
				lit(" (formats possibles : default, topojson)", " (possible formats: default, topojson)"))}
		}
	case "array":
		if err := onlyDefault(typ, format); err != nil {
			return nil, err
		}
		r.parse = stringCheck(func(s string) bool { return jsonKind(s) == '[' })
		r.length = jsonLen
		r.expect = lit(`une liste JSON (ex. ["a", "b"])`, `a JSON list (e.g. ["a", "b"])`)
	case "object":
		if err := onlyDefault(typ, format); err != nil {
			return nil, err
		}
		r.parse = stringCheck(func(s string) bool { return jsonKind(s) == '{' })
		r.length = jsonLen
		r.expect = lit(`un objet JSON (ex. {"clé": "valeur"})`, `a JSON object (e.g. {"key": "value"})`)
	case "list":
		if err := onlyDefault(typ, format); err != nil {
			return nil, err
		}
		delim := f.Delimiter
		if delim == "" {
			delim = ","
		}
		itemType := f.ItemType
		if itemType == "" {
			itemType = "string"
		}
		item, err := newReader(&Field{Type: itemType})
		if err != nil {
			return nil, err
		}
		r.parse = func(s string) (val, bool) {
			for _, part := range strings.Split(s, delim) {
				if item.parse != nil {
					if _, ok := item.parse(part); !ok {
						return val{}, false
					}
				}
			}
			return val{s: s}, true
		}
		r.length = func(s string) int { return strings.Count(s, delim) + 1 }
		r.expect = cat(lit("une liste de valeurs séparées par ", "a list of values separated by "), quoted(delim))
	case "any":
		r.expect = lit("une valeur quelconque", "any value")
	default:
		return nil, &formatError{cat(lit("type inconnu ", "unknown type "), quoted(typ))}
	}
	return r, nil
}

func onlyDefault(typ, format string) error {
	if format == "" || format == "default" {
		return nil
	}
	return &formatError{cat(lit("le type "+typ+" n'a pas de format ", "type "+typ+" has no format "), quoted(format),
		lit(" (seul « default » existe)", ` (only "default" exists)`))}
}

func stringCheck(ok func(string) bool) func(string) (val, bool) {
	return func(s string) (val, bool) { return val{s: s}, ok(s) }
}

// temporalReader sets up date, datetime and time readers.
func temporalReader(r *reader, typ, format string) error {
	r.ord = ordInt
	var key func(t tstamp) int64
	switch typ {
	case "date":
		key = tstamp.dayNumber
	case "datetime":
		key = tstamp.instant
	default:
		key = tstamp.clock
	}
	switch format {
	case "", "default":
		switch typ {
		case "date":
			f, _ := compileStrptime("%Y-%m-%d")
			r.parse = strptimeParser(f, key)
			r.expect = lit("une date au format AAAA-MM-JJ (ex. 2024-03-31)", "a date in the format YYYY-MM-DD (e.g. 2024-03-31)")
			r.hint = dateHint(f)
		case "datetime":
			r.parse = func(s string) (val, bool) {
				t, ok := parseISODatetime(s)
				return val{i: key(t)}, ok
			}
			r.expect = lit("une date et heure ISO 8601 (ex. 2024-03-31T14:30:00Z)", "an ISO 8601 date and time (e.g. 2024-03-31T14:30:00Z)")
		default:
			r.parse = func(s string) (val, bool) {
				t, ok := parseISOTime(s)
				return val{i: key(t)}, ok
			}
			r.expect = lit("une heure hh:mm:ss (ex. 14:30:00)", "a time hh:mm:ss (e.g. 14:30:00)")
		}
	case "any":
		r.parse = func(s string) (val, bool) {
			t, ok := parseAnyDate(s, typ)
			return val{i: key(t)}, ok
		}
		switch typ {
		case "date":
			r.expect = lit("une date", "a date")
		case "datetime":
			r.expect = lit("une date et heure", "a date and time")
		default:
			r.expect = lit("une heure", "a time")
		}
	default:
		if !strings.Contains(format, "%") {
			return &formatError{cat(lit("format de date inconnu ", "unknown date format "), quoted(format),
				lit(" : écrivez un format strptime comme %d/%m/%Y, ou default, ou any",
					": write a strptime format such as %d/%m/%Y, or default, or any"))}
		}
		f, err := compileStrptime(format)
		if err != nil {
			return &formatError{cat(lit("format de date invalide ", "invalid date format "), quoted(format),
				lit(" : directive inconnue ou répétée (voir strptime)", ": unknown or repeated directive (see strptime)"))}
		}
		r.parse = strptimeParser(f, key)
		what := map[string][2]string{"date": {"une date", "a date"}, "datetime": {"une date et heure", "a date and time"}, "time": {"une heure", "a time"}}[typ]
		h := humanFormat(format, false)
		he := humanFormat(format, true)
		r.expect = i18n.T(what[0]+" au format "+h, what[1]+" in the format "+he)
		r.hint = dateHint(f)
	}
	return nil
}

func strptimeParser(f *strptimeFmt, key func(tstamp) int64) func(string) (val, bool) {
	return func(s string) (val, bool) {
		t, ok, _ := f.parse(s)
		if !ok {
			return val{}, false
		}
		return val{i: key(t)}, true
	}
}

func dateHint(f *strptimeFmt) func(string) i18n.Text {
	return func(s string) i18n.Text {
		if _, ok, matched := f.parse(s); matched && !ok {
			return lit(" (cette date n'existe pas)", " (no such date)")
		}
		return i18n.Text{}
	}
}

func numberHint(dec, group string, integer bool) func(string) i18n.Text {
	return func(s string) i18n.Text {
		t := trimPySpace(s)
		switch {
		case integer && strings.ContainsAny(t, ".,") && !strings.Contains(group, "."):
			return lit(" (un entier n'a pas de partie décimale)", " (an integer has no decimal part)")
		case dec == "." && strings.Contains(t, ",") && !strings.Contains(t, "."):
			return lit(" (le séparateur décimal est le point, pas la virgule)", " (the decimal separator is a point, not a comma)")
		case dec == "," && strings.Contains(t, "."):
			return lit(" (le séparateur décimal est la virgule, pas le point)", " (the decimal separator is a comma, not a point)")
		case len(t) > 1 && t[0] == '0' && isDigit(t[1]):
			return lit(" (pas de zéro en tête)", " (no leading zero)")
		case group == "" && strings.ContainsAny(t, " \u00a0\u202f"):
			return lit(" (pas d'espace entre les chiffres)", " (no space between digits)")
		case strings.ContainsAny(t, "€$%"):
			return lit(" (sans symbole d'unité ni de monnaie)", " (without unit or currency sign)")
		}
		return i18n.Text{}
	}
}

// isPyWhite reports Python's str.isspace for a rune.
func isPyWhite(r rune) bool {
	return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f
}

// trimPySpace is Python's str.strip(): surrounding Unicode whitespace.
func trimPySpace(s string) string {
	if s == "" {
		return s
	}
	if c, d := s[0], s[len(s)-1]; c > ' ' && c < 0x80 && d > ' ' && d < 0x80 {
		return s
	}
	return strings.TrimFunc(s, isPyWhite)
}

// stripNonDigits removes leading and trailing non-digits (bareNumber false).
func stripNonDigits(s string) string {
	isD := func(r rune) bool { return unicode.IsDigit(r) }
	return strings.TrimRightFunc(strings.TrimLeftFunc(s, func(r rune) bool { return !isD(r) }), func(r rune) bool { return !isD(r) })
}

// hasLeadingZero is frictionless' bare-number rule: "007" and "00" are not
// numbers, "0", "0.5" and "-07" are.
func hasLeadingZero(t string) bool {
	return len(t) > 1 && t[0] == '0' && t[1] != '.'
}

// parseInteger reads an integer as Python's int() does after frictionless'
// bare-number rules: surrounding spaces, a sign, single underscores between
// digits.
func parseInteger(s string, bare bool, group string) (val, bool) {
	// Fast path: optional minus and up to 18 ASCII digits.
	if n := len(s); n > 0 && n <= 19 {
		i := 0
		neg := false
		if s[0] == '-' {
			neg, i = true, 1
		}
		if n-i <= 18 && i < n && (s[i] != '0' || i == n-1) {
			var v int64
			j := i
			for ; j < n; j++ {
				c := s[j]
				if c < '0' || c > '9' {
					break
				}
				v = v*10 + int64(c-'0')
			}
			if j == n && j > i {
				if neg {
					v = -v
				}
				return val{i: v, f: float64(v)}, true
			}
		}
	}
	t := s
	if !bare {
		t = stripNonDigits(t)
	}
	if group != "" {
		t = strings.ReplaceAll(t, group, "")
	}
	t = trimPySpace(t)
	if bare && hasLeadingZero(t) {
		return val{}, false
	}
	clean, ok := pyDigits(t, true, false)
	if !ok {
		return val{}, false
	}
	v, err := strconv.ParseInt(clean, 10, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			f, _ := strconv.ParseFloat(clean, 64)
			if f > 0 {
				return val{i: math.MaxInt64, f: f}, true
			}
			return val{i: math.MinInt64, f: f}, true
		}
		return val{}, false
	}
	return val{i: v, f: float64(v)}, true
}

// pyDigits validates a Python numeric literal body and returns it without
// underscores: an optional sign, digits with single underscores between
// them and, for decimals, a fraction and exponent.
func pyDigits(t string, integer, decimal bool) (string, bool) {
	if t == "" {
		return "", false
	}
	hasUnderscore := false
	i := 0
	if t[0] == '+' || t[0] == '-' {
		i = 1
	}
	digitsAt := func(j int) (int, bool) {
		start := j
		for j < len(t) {
			c := t[j]
			if c >= '0' && c <= '9' {
				j++
				continue
			}
			if c == '_' && j > start && j+1 < len(t) && isDigit(t[j+1]) && isDigit(t[j-1]) {
				hasUnderscore = true
				j++
				continue
			}
			break
		}
		return j, j > start
	}
	j, intPart := digitsAt(i)
	if integer {
		if !intPart || j != len(t) {
			return "", false
		}
	} else {
		frac := false
		if j < len(t) && t[j] == '.' {
			j, frac = digitsAt(j + 1)
		}
		if !intPart && !frac {
			return "", false
		}
		if j < len(t) && (t[j] == 'e' || t[j] == 'E') {
			k := j + 1
			if k < len(t) && (t[k] == '+' || t[k] == '-') {
				k++
			}
			var ok bool
			j, ok = digitsAt(k)
			if !ok {
				return "", false
			}
		}
		if j != len(t) {
			return "", false
		}
	}
	if hasUnderscore {
		return strings.ReplaceAll(t, "_", ""), true
	}
	return t, true
}

// parseNumber reads a number as Python's Decimal() does after frictionless'
// processing (bare numbers, decimal and group characters).
func parseNumber(s string, bare bool, dec, group string, custom bool) (val, bool) {
	// Fast path: plain decimal notation, converted exactly when the digits
	// fit a float64 mantissa (as strconv does), else by strconv.
	if !custom && len(s) > 0 && len(s) < 40 {
		i := 0
		if s[0] == '-' {
			i = 1
		}
		plain := i < len(s) && (s[i] != '0' || i+1 == len(s) || s[i+1] == '.')
		dot := -1
		digits := 0
		var mant uint64
		for j := i; j < len(s) && plain; j++ {
			c := s[j]
			switch {
			case c >= '0' && c <= '9':
				digits++
				mant = mant*10 + uint64(c-'0')
			case c == '.' && dot < 0:
				dot = j
			default:
				plain = false
			}
		}
		if plain && digits > 0 {
			frac := 0
			if dot >= 0 {
				frac = len(s) - dot - 1
			}
			if digits <= 15 && frac < len(pow10) {
				f := float64(mant) / pow10[frac]
				if i == 1 {
					f = -f
				}
				return val{f: f}, true
			}
			f, err := strconv.ParseFloat(s, 64)
			if err == nil {
				return val{f: f}, true
			}
		}
	}
	t := s
	if custom {
		if !bare {
			t = stripNonDigits(t)
		}
		if group != "" {
			t = strings.ReplaceAll(t, group, "")
		}
		if dec != "." {
			if strings.Contains(t, ".") {
				return val{}, false
			}
			t = strings.ReplaceAll(t, dec, ".")
		}
	}
	t = trimPySpace(t)
	if bare && hasLeadingZero(t) {
		return val{}, false
	}
	body := strings.TrimLeft(t, "+-")
	if len(t)-len(body) <= 1 {
		switch strings.ToLower(body) {
		case "inf", "infinity":
			if strings.HasPrefix(t, "-") {
				return val{f: math.Inf(-1)}, true
			}
			return val{f: math.Inf(1)}, true
		case "nan", "snan":
			return val{f: math.NaN()}, true
		}
	}
	clean, ok := pyDigits(t, false, true)
	if !ok {
		return val{}, false
	}
	f, err := strconv.ParseFloat(clean, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return val{}, false
	}
	return val{f: f}, true
}

func boolParser(tv, fv []string) func(string) (val, bool) {
	// Small lists: a linear scan beats a map.
	return func(s string) (val, bool) {
		for _, v := range tv {
			if s == v {
				return val{s: "true", i: 1}, true
			}
		}
		for _, v := range fv {
			if s == v {
				return val{s: "false"}, true
			}
		}
		return val{}, false
	}
}

func parseYear(s string) (val, bool) {
	if utf8.RuneCountInString(s) != 4 {
		return val{}, false
	}
	t := trimPySpace(s)
	clean, ok := pyDigits(t, true, false)
	if !ok {
		return val{}, false
	}
	n, err := strconv.Atoi(clean)
	if err != nil || n < 0 || n > 9999 {
		return val{}, false
	}
	return val{i: int64(n)}, true
}

func parseYearMonth(s string) (val, bool) {
	y, m, ok := strings.Cut(s, "-")
	if !ok || strings.Contains(m, "-") {
		return val{}, false
	}
	yc, ok1 := pyDigits(trimPySpace(y), true, false)
	mc, ok2 := pyDigits(trimPySpace(m), true, false)
	if !ok1 || !ok2 {
		return val{}, false
	}
	yn, err1 := strconv.Atoi(yc)
	mn, err2 := strconv.Atoi(mc)
	if err1 != nil || err2 != nil || mn < 1 || mn > 12 {
		return val{}, false
	}
	return val{i: int64(yn)*12 + int64(mn-1)}, true
}

// parseISODatetime reads what frictionless accepts by default: at least
// "YYYY-MM-DDThh:mm:ss" (any one separator character), optional fraction
// and offset (Z, ±hh, ±hhmm, ±hh:mm).
func parseISODatetime(s string) (tstamp, bool) {
	var t tstamp
	if len(s) < 19 || s[16] != ':' {
		return t, false
	}
	var ok bool
	if t.year, ok = digitsN(s[0:4]); !ok || s[4] != '-' || s[7] != '-' {
		return t, false
	}
	if t.month, ok = digitsN(s[5:7]); !ok {
		return t, false
	}
	if t.day, ok = digitsN(s[8:10]); !ok {
		return t, false
	}
	if s[10] >= 0x80 {
		return t, false
	}
	rest, ok := parseClock(s[11:], &t)
	if !ok || rest != "" {
		return t, false
	}
	return t, t.valid()
}

// parseISOTime reads "hh:mm:ss" with optional fraction and offset.
func parseISOTime(s string) (tstamp, bool) {
	t := tstamp{year: 2000, month: 1, day: 1}
	if len(s) < 8 || s[5] != ':' {
		return t, false
	}
	rest, ok := parseClock(s, &t)
	if !ok || rest != "" {
		return t, false
	}
	return t, t.valid()
}

// parseClock reads hh:mm:ss[.f][offset] at the start of s.
func parseClock(s string, t *tstamp) (string, bool) {
	if len(s) < 8 || s[2] != ':' || s[5] != ':' {
		return s, false
	}
	var ok bool
	if t.hour, ok = digitsN(s[0:2]); !ok {
		return s, false
	}
	if t.minute, ok = digitsN(s[3:5]); !ok {
		return s, false
	}
	if t.second, ok = digitsN(s[6:8]); !ok {
		return s, false
	}
	s = s[8:]
	if len(s) > 0 && (s[0] == '.' || s[0] == ',') {
		j := 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == 1 {
			return s, false
		}
		frac := s[1:j]
		if len(frac) > 9 {
			frac = frac[:9]
		}
		n, _ := strconv.Atoi(frac + strings.Repeat("0", 9-len(frac)))
		t.nsec = n
		s = s[j:]
	}
	if s == "" {
		return s, true
	}
	if s == "Z" || s == "z" {
		t.hasTZ = true
		return "", true
	}
	if s[0] == '+' || s[0] == '-' {
		body := s[1:]
		if len(body) == 2 || len(body) == 4 || len(body) == 5 && body[2] == ':' {
			off, ok := parseTZOffset(s)
			if ok {
				t.offset, t.hasTZ = off, true
				return "", true
			}
		}
	}
	return s, false
}

func digitsN(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// parseAnyDate approximates dateutil's parser for format "any": ISO dates
// and datetimes, and day-first numeric dates (31/12/2024, 31-12-2024,
// 31.12.2024) with an optional time.
func parseAnyDate(s, typ string) (tstamp, bool) {
	s = strings.TrimSpace(s)
	if typ == "time" {
		if t, ok := parseISOTime(s); ok {
			return t, true
		}
		for _, f := range anyTimeFormats {
			if t, ok, _ := f.parse(s); ok {
				return t, true
			}
		}
		return tstamp{}, false
	}
	if t, ok := parseISODatetime(s); ok {
		return t, true
	}
	for _, f := range anyDateFormats {
		if t, ok, _ := f.parse(s); ok {
			return t, true
		}
	}
	return tstamp{}, false
}

var anyDateFormats, anyTimeFormats []*strptimeFmt

func init() {
	for _, f := range []string{"%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y",
		"%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d %B %Y", "%d %b %Y", "%B %d %Y"} {
		c, err := compileStrptime(f)
		if err != nil {
			panic(err)
		}
		anyDateFormats = append(anyDateFormats, c)
	}
	for _, f := range []string{"%H:%M", "%Hh%M", "%I:%M %p", "%H:%M:%S"} {
		c, err := compileStrptime(f)
		if err != nil {
			panic(err)
		}
		anyTimeFormats = append(anyTimeFormats, c)
	}
}

// validDuration reads ISO 8601 durations as the isodate library does:
// [sign]P[nY][nM][nW][nD][T[nH][nM][nS]], numbers may have a fraction.
func validDuration(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if len(s) < 2 || s[0] != 'P' {
		return false
	}
	s = s[1:]
	num := func(s string) (string, bool) {
		j := 0
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == 0 {
			return s, false
		}
		if j < len(s) && (s[j] == '.' || s[j] == ',') {
			k := j + 1
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			if k == j+1 {
				return s, false
			}
			j = k
		}
		return s[j:], true
	}
	units := "YMWD"
	for s != "" && s[0] != 'T' {
		rest, ok := num(s)
		if !ok || rest == "" {
			return false
		}
		u := strings.IndexByte(units, rest[0])
		if u < 0 {
			return false
		}
		units = units[u+1:]
		s = rest[1:]
	}
	if s == "" {
		return true
	}
	s = s[1:] // T
	units = "HMS"
	for s != "" {
		rest, ok := num(s)
		if !ok || rest == "" {
			return false
		}
		u := strings.IndexByte(units, rest[0])
		if u < 0 {
			return false
		}
		units = units[u+1:]
		s = rest[1:]
	}
	return true
}

// parseGeopoint reads "lon, lat" (form 0), [lon, lat] (1) or
// {"lon": …, "lat": …} (2), longitude within ±180 and latitude within ±90.
func parseGeopoint(s string, form int) (val, bool) {
	var lon, lat float64
	switch form {
	case 0:
		a, b, ok := strings.Cut(s, ",")
		if !ok || strings.Contains(b, ",") {
			return val{}, false
		}
		x, ok1 := parseNumber(strings.TrimSpace(a), false, ".", "", false)
		y, ok2 := parseNumber(strings.TrimSpace(b), false, ".", "", false)
		if !ok1 || !ok2 {
			return val{}, false
		}
		lon, lat = x.f, y.f
	case 1:
		var arr []json.Number
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		if err := d.Decode(&arr); err != nil || len(arr) != 2 || d.More() {
			return val{}, false
		}
		x, err1 := arr[0].Float64()
		y, err2 := arr[1].Float64()
		if err1 != nil || err2 != nil {
			return val{}, false
		}
		lon, lat = x, y
	default:
		var obj map[string]json.Number
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		if err := d.Decode(&obj); err != nil || len(obj) != 2 {
			return val{}, false
		}
		x, err1 := obj["lon"].Float64()
		y, err2 := obj["lat"].Float64()
		if err1 != nil || err2 != nil {
			return val{}, false
		}
		lon, lat = x, y
	}
	if math.IsNaN(lon) || math.IsNaN(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		return val{}, false
	}
	return val{s: strconv.FormatFloat(lon, 'g', -1, 64) + "," + strconv.FormatFloat(lat, 'g', -1, 64)}, true
}

// jsonKind returns '[' or '{' when s is a valid JSON array or object, 0
// otherwise.
func jsonKind(s string) byte {
	t := strings.TrimLeft(s, " \t\r\n")
	if t == "" || (t[0] != '[' && t[0] != '{') || !json.Valid([]byte(s)) {
		return 0
	}
	return t[0]
}

// jsonLen counts the items of a JSON array or the keys of an object.
func jsonLen(s string) int {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return 0
	}
	switch x := v.(type) {
	case []any:
		return len(x)
	case map[string]any:
		return len(x)
	}
	return 0
}

// canonicalJSON re-encodes a JSON value with sorted keys, to compare values.
func canonicalJSON(s string) string {
	var v any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return s
	}
	return string(b)
}

func validUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// validURI requires a scheme (as frictionless does, through rfc3986) and,
// stricter than frictionless, no whitespace or control character.
func validURI(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 1 {
		return false
	}
	for j := 0; j < i; j++ {
		c := s[j]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	if i+1 == len(s) {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// validEmail checks local@domain: a dot-atom (or quoted) local part of at
// most 64 characters and a domain name with a top-level domain of two
// letters or more (Unicode letters allowed, as in internationalised names).
func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at == len(s)-1 || len(s) > 320 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if utf8.RuneCountInString(local) > 64 {
		return false
	}
	if len(local) >= 2 && local[0] == '"' && local[len(local)-1] == '"' {
		for _, r := range local[1 : len(local)-1] {
			if r < ' ' || r == '"' || r == '\\' {
				return false
			}
		}
	} else {
		if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
			return false
		}
		for _, r := range local {
			if r < 0x80 {
				if !(isAlnum(byte(r)) || strings.ContainsRune("!#$%&'*+/=?^_`{|}~-.", r)) {
					return false
				}
			} else if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	if len(domain) > 253 {
		return false
	}
	if domain[0] == '[' && domain[len(domain)-1] == ']' {
		return len(domain) > 2
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || utf8.RuneCountInString(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r < 0x80 && (isAlnum(byte(r)) || r == '-') || r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))) {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	if strings.HasPrefix(tld, "xn--") {
		return len(tld) > 4
	}
	if utf8.RuneCountInString(tld) < 2 {
		return false
	}
	for _, r := range tld {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// validGeoJSON checks the structure of a GeoJSON geometry, feature or
// feature collection (RFC 7946).
func validGeoJSON(s string) bool {
	var v any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if d.Decode(&v) != nil || d.More() {
		return false
	}
	return geoObject(v, 0)
}

func geoObject(v any, depth int) bool {
	o, ok := v.(map[string]any)
	if !ok || depth > 32 {
		return false
	}
	switch o["type"] {
	case "Feature":
		g, has := o["geometry"]
		if !has {
			return false
		}
		if g != nil && !geoGeometry(g, depth+1) {
			return false
		}
		if p, has := o["properties"]; has && p != nil {
			if _, ok := p.(map[string]any); !ok {
				return false
			}
		}
		return true
	case "FeatureCollection":
		fs, ok := o["features"].([]any)
		if !ok {
			return false
		}
		for _, f := range fs {
			if fo, ok := f.(map[string]any); !ok || fo["type"] != "Feature" || !geoObject(f, depth+1) {
				return false
			}
		}
		return true
	}
	return geoGeometry(v, depth)
}

func geoGeometry(v any, depth int) bool {
	o, ok := v.(map[string]any)
	if !ok || depth > 32 {
		return false
	}
	if o["type"] == "GeometryCollection" {
		gs, ok := o["geometries"].([]any)
		if !ok {
			return false
		}
		for _, g := range gs {
			if !geoGeometry(g, depth+1) {
				return false
			}
		}
		return true
	}
	levels := map[any]int{"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
	lvl, ok := levels[o["type"]]
	if !ok {
		return false
	}
	return geoCoords(o["coordinates"], lvl)
}

func geoCoords(v any, lvl int) bool {
	a, ok := v.([]any)
	if !ok {
		return false
	}
	if lvl == 0 {
		if len(a) < 2 {
			return false
		}
		for _, n := range a {
			if _, ok := n.(json.Number); !ok {
				return false
			}
		}
		return true
	}
	for _, x := range a {
		if !geoCoords(x, lvl-1) {
			return false
		}
	}
	return true
}

func validTopoJSON(s string) bool {
	var v map[string]any
	if json.Unmarshal([]byte(s), &v) != nil {
		return false
	}
	_, ok := v["objects"].(map[string]any)
	return v["type"] == "Topology" && ok
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}
