package fact

import (
	"encoding"
	"reflect"
	"unicode/utf8"

	"github.com/gpso/codal/i18n"
)

// flatValue is one top-level key of a flat file and where its value sits.
type flatValue struct {
	key string
	val Pos
}

// flatDoc is the keys of a flat file in their order; there are a handful,
// so a scan is cheaper than a map.
type flatDoc []flatValue

func (f flatDoc) find(key string) (Pos, bool) {
	for _, v := range f {
		if v.key == key {
			return v.val, true
		}
	}
	return Pos{}, false
}

// maxFlatSize bounds the files decodeFlat reads; larger ones take the
// general path (votes, events and comments are a few hundred bytes).
const maxFlatSize = 64 << 10

// decodeFlat decodes the common case of a registry file — one "key: text"
// per line, as every vote and event codal writes — without the YAML parser,
// which was about 40 % of a cold load. It accepts only what it can read
// exactly as DecodeYAML does, and reports ok false, having touched nothing
// in v, on anything else, so the caller falls back to the general path:
// every line must be empty or a key of lower-case ASCII letters, digits and
// underscores at column 1, a colon, spaces and a plain scalar made of
// characters that mean nothing to YAML (no quote, comment, flow indicator,
// anchor, tag, alias, block scalar or "key: value" inside it, no null, no
// trailing space), in valid UTF-8 without a BOM, a carriage return or a tab;
// keys must be distinct, and each known field must hold text (a string or a
// text-unmarshalable type such as Date). FuzzFlatYAML checks the result —
// values, problems and positions — against the general path on every input
// it accepts.
func decodeFlat(path string, data []byte, v any) (*Doc, []Problem, bool) {
	if len(data) == 0 || len(data) > maxFlatSize || !utf8.Valid(data) {
		return nil, nil, false
	}
	type line struct {
		key, val  string
		n, valCol int
	}
	var lines [16]line
	parsed := lines[:0]
	for start, n := 0, 1; start < len(data); n++ {
		end := start
		for end < len(data) && data[end] != '\n' {
			end++
		}
		l := data[start:end]
		start = end + 1
		if len(l) == 0 {
			continue
		}
		k := 0
		for k < len(l) && (l[k] >= 'a' && l[k] <= 'z' || l[k] == '_' || k > 0 && l[k] >= '0' && l[k] <= '9') {
			k++
		}
		if k == 0 || k+2 > len(l) || l[k] != ':' || l[k+1] != ' ' {
			return nil, nil, false
		}
		vs := k + 2
		for vs < len(l) && l[vs] == ' ' {
			vs++
		}
		if vs == len(l) || !plainSafe(l[vs:]) {
			return nil, nil, false
		}
		parsed = append(parsed, line{key: string(l[:k]), val: string(l[vs:]), n: n, valCol: vs + 1})
	}
	if len(parsed) == 0 {
		return nil, nil, false
	}
	rv := reflect.ValueOf(v).Elem()
	fields := fieldIndex(rv.Type())
	seen := make(flatDoc, 0, len(parsed))
	for _, l := range parsed {
		if _, dup := seen.find(l.key); dup {
			return nil, nil, false
		}
		seen = append(seen, flatValue{key: l.key, val: Pos{l.n, l.valCol}})
		if idx, known := fields[l.key]; known {
			fv := rv.Field(idx)
			if fv.Kind() != reflect.String && !fv.Addr().Type().Implements(textUnmarshaler) {
				return nil, nil, false
			}
		}
	}
	d := &Doc{Path: path, flat: seen}
	var probs []Problem
	for _, l := range parsed {
		idx, known := fields[l.key]
		if !known {
			probs = append(probs, Warnf(path, Pos{l.n, 1}, "unknown-field",
				i18n.T("champ inconnu %q (ignoré)", "unknown field %q (ignored)"), l.key))
			continue
		}
		fv := rv.Field(idx)
		if fv.Kind() == reflect.String {
			fv.SetString(l.val)
		} else if fv.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(l.val)) != nil {
			probs = append(probs, Errorf(path, Pos{l.n, l.valCol}, "field-type",
				i18n.T("le champ %q doit être %s", "the field %q must be %s"), l.key, describe(fv.Type())))
		}
		if err := CheckText(l.key, l.val); err != nil {
			probs = append(probs, FromError(path, Pos{l.n, l.valCol}, "control-character", err))
		}
	}
	return d, probs, true
}

// plainSafe reports whether s, a value after "key: ", is a plain scalar the
// YAML parser reads as the text s itself, and not as null: it must not start
// with an indicator, and must hold no character that could end it, start a
// comment or a flow collection, nor a control character.
func plainSafe(s []byte) bool {
	switch s[0] {
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '~', '.':
		return false
	}
	if s[len(s)-1] == ' ' {
		return false
	}
	for _, c := range s {
		switch {
		case c < 0x20, c == 0x7f, c == ':', c == '#', c == '[', c == ']', c == '{', c == '}', c == '\\', c == '"':
			return false
		}
	}
	switch string(s) {
	case "null", "Null", "NULL":
		return false
	}
	return true
}
