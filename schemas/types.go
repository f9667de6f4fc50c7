package schemas

import (
	"encoding/base64"
	"errors"
	"strings"
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
		case group == "" && strings.ContainsAny(t, " \u00a0\u202f"):
			return lit(" (pas d'espace entre les chiffres)", " (no space between digits)")
		case strings.ContainsAny(t, "€$%"):
			return lit(" (sans symbole d'unité ni de monnaie)", " (without unit or currency sign)")
		}
		return i18n.Text{}
	}
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
