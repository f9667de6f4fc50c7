package fact

import (
	"bytes"
	"encoding"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gpso/codal/i18n"
)

// flatValue is one top-level key of a flat file and where its value (and,
// for a list, each item) sits.
type flatValue struct {
	key   string
	val   Pos
	items []Pos
}

// flatDoc is the keys of a flat file in their order; there are a handful,
// so a scan is cheaper than a map.
type flatDoc []flatValue

func (f flatDoc) find(key string) (flatValue, bool) {
	for _, v := range f {
		if v.key == key {
			return v, true
		}
	}
	return flatValue{}, false
}

// pos is Doc.Pos for a flat file: a top-level key, "$.key", "$.key[i]";
// anything deeper falls back to the key, as the parser's path does.
func (f flatDoc) pos(p string) Pos {
	top, sub := p, ""
	if rest, ok := strings.CutPrefix(p, "$."); ok {
		top = rest
		if i := strings.IndexAny(top, ".["); i >= 0 {
			top, sub = top[:i], top[i:]
		}
	}
	v, ok := f.find(top)
	if !ok {
		return Pos{1, 1}
	}
	if inner, ok := strings.CutPrefix(sub, "["); ok {
		if n, ok := strings.CutSuffix(inner, "]"); ok {
			if i, err := strconv.Atoi(n); err == nil && i >= 0 && i < len(v.items) {
				return v.items[i]
			}
		}
	}
	return v.val
}

// maxFlatSize bounds the files decodeFlat reads; larger ones take the
// general path (votes, events, requests and comments are a few hundred bytes).
const maxFlatSize = 64 << 10

// maxFlatKeys bounds the keys decodeFlat takes (it looks for a key twice by
// scanning the ones before): real files have a dozen; a file of thousands
// of keys takes the parser, which indexes them.
const maxFlatKeys = 64

// flatKey is one top-level key read by decodeFlat: a text (a plain scalar or
// a literal block) or a list of texts (flow or block).
type flatKey struct {
	key    string
	text   string
	items  []string
	isList bool
	keyPos Pos
	valPos Pos
	itemAt []Pos
}

// decodeFlat decodes the common shapes of registry files — the files codal
// and its generators write: votes, events, comments, requests, actors,
// snippets — without the YAML parser, which was most of a cold load. It
// accepts only what it reads exactly as the parser does, and reports ok false,
// having touched nothing in v, on anything else, so that the caller falls
// back to the parser.
//
// The file must be valid UTF-8 of at most 64 KiB, without a BOM, a carriage
// return, a tab or another control character, made of empty lines and
// top-level keys (lower-case ASCII letters, digits, underscores, at column 1,
// each once), each followed by one of:
//   - ": " and a plain scalar of characters that mean nothing to YAML (no
//     quote, comment, flow indicator, anchor, tag, alias or ": " in it, not
//     starting with an indicator, no null, no trailing space);
//   - ": |" and a literal block whose lines are all indented by the same
//     first indentation or more (no whitespace-only line);
//   - ": [a, b]", a flow list of such plain scalars without commas;
//   - ":" and lines "  - item" of such plain scalars, all at one indentation.
//
// A known field must fit what it holds (a list into a list of texts, text into
// a string or a text-unmarshalable type such as Date). FuzzFlatYAML checks the
// result — values, problems and positions — against the parser on every
// input this accepts.
func decodeFlat(path string, data []byte, v any) (*Doc, []Problem, bool) {
	if len(data) == 0 || len(data) > maxFlatSize || !utf8.Valid(data) {
		return nil, nil, false
	}
	lines := bytes.Split(data, []byte{'\n'})
	var store [12]flatKey
	keys := store[:0]
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if len(l) == 0 {
			continue
		}
		n := i + 1
		k := 0
		for k < len(l) && (l[k] >= 'a' && l[k] <= 'z' || l[k] == '_' || k > 0 && l[k] >= '0' && l[k] <= '9') {
			k++
		}
		if k == 0 || k == len(l) || l[k] != ':' {
			return nil, nil, false
		}
		if len(keys) == maxFlatKeys {
			return nil, nil, false
		}
		fk := flatKey{key: string(l[:k]), keyPos: Pos{n, 1}}
		if k+1 == len(l) {
			// "key:" then a block list
			items, at, next, ok := blockList(lines, i+1)
			if !ok {
				return nil, nil, false
			}
			fk.isList, fk.items, fk.itemAt, fk.valPos = true, items, at, at[0]
			fk.valPos.Col -= 2
			i = next - 1
			keys = append(keys, fk)
			continue
		}
		if l[k+1] != ' ' {
			return nil, nil, false
		}
		vs := k + 2
		for vs < len(l) && l[vs] == ' ' {
			vs++
		}
		if vs == len(l) {
			return nil, nil, false
		}
		fk.valPos = Pos{n, vs + 1}
		rest := l[vs:]
		switch {
		case len(rest) == 1 && rest[0] == '|':
			text, next, ok := literal(lines, i+1)
			if !ok {
				return nil, nil, false
			}
			fk.text = text
			i = next - 1
		case rest[0] == '[':
			items, at, ok := flowList(rest, n, vs+1)
			if !ok {
				return nil, nil, false
			}
			fk.isList, fk.items, fk.itemAt = true, items, at
		default:
			if !plainSafe(rest) {
				return nil, nil, false
			}
			fk.text = string(rest)
		}
		keys = append(keys, fk)
	}
	if len(keys) == 0 {
		return nil, nil, false
	}
	rv := reflect.ValueOf(v).Elem()
	fields := fieldIndex(rv.Type())
	doc := make(flatDoc, 0, len(keys))
	for _, fk := range keys {
		if _, dup := doc.find(fk.key); dup {
			return nil, nil, false
		}
		doc = append(doc, flatValue{key: fk.key, val: fk.valPos, items: fk.itemAt})
		idx, known := fields[fk.key]
		if !known {
			continue
		}
		fv := rv.Field(idx)
		isTextList := fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String
		isText := fv.Kind() == reflect.String || fv.Addr().Type().Implements(textUnmarshaler)
		if fk.isList && !isTextList || !fk.isList && !isText {
			return nil, nil, false
		}
	}
	var probs []Problem
	for _, fk := range keys {
		idx, known := fields[fk.key]
		if !known {
			probs = append(probs, Warnf(path, fk.keyPos, "unknown-field",
				i18n.T("champ inconnu %q (ignoré)", "unknown field %q (ignored)"), fk.key))
			continue
		}
		fv := rv.Field(idx)
		switch {
		case fk.isList:
			out := reflect.MakeSlice(fv.Type(), 0, len(fk.items))
			for _, s := range fk.items {
				out = reflect.Append(out, reflect.ValueOf(s).Convert(fv.Type().Elem()))
			}
			fv.Set(out)
			for j, s := range fk.items {
				if err := CheckText(fk.key, s); err != nil {
					probs = append(probs, FromError(path, fk.itemAt[j], "control-character", err))
				}
			}
			continue
		case fv.Kind() == reflect.String:
			fv.SetString(fk.text)
		default:
			if fv.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(fk.text)) != nil {
				probs = append(probs, Errorf(path, fk.valPos, "field-type",
					i18n.T("le champ %q doit être %s", "the field %q must be %s"), fk.key, describe(fv.Type())))
			}
		}
		if err := CheckText(fk.key, fk.text); err != nil {
			probs = append(probs, FromError(path, fk.valPos, "control-character", err))
		}
	}
	return &Doc{Path: path, flat: doc}, probs, true
}

// literal reads the lines of a literal block ("|", clipped) from lines[from]:
// its text and the index of the first line after it.
func literal(lines [][]byte, from int) (string, int, bool) {
	indent, end, last := 0, from, -1
	for ; end < len(lines); end++ {
		l := lines[end]
		if len(l) == 0 {
			continue
		}
		sp := 0
		for sp < len(l) && l[sp] == ' ' {
			sp++
		}
		if sp == 0 {
			break
		}
		if sp == len(l) || !textSafe(l) {
			return "", 0, false
		}
		if indent == 0 {
			indent = sp
		}
		if sp < indent {
			return "", 0, false
		}
		last = end
	}
	if last < 0 || last == len(lines)-1 {
		// no text, or its last line has no line break: the parser's reading
		// of that end is not worth copying
		return "", 0, false
	}
	var b strings.Builder
	for j := from; j <= last; j++ {
		if len(lines[j]) > 0 {
			b.Write(lines[j][indent:])
		}
		b.WriteByte('\n')
	}
	return b.String(), end, true
}

// blockList reads the items "  - item" of a block list from lines[from]:
// the items, where each sits, and the index of the first line after them.
func blockList(lines [][]byte, from int) ([]string, []Pos, int, bool) {
	var items []string
	var at []Pos
	indent, end := -1, from
	for ; end < len(lines); end++ {
		l := lines[end]
		if len(l) == 0 || l[0] != ' ' {
			break
		}
		sp := 0
		for sp < len(l) && l[sp] == ' ' {
			sp++
		}
		if indent < 0 {
			indent = sp
		}
		if sp != indent || len(l) < sp+3 || l[sp] != '-' || l[sp+1] != ' ' || l[sp+2] == ' ' || !plainSafe(l[sp+2:]) {
			return nil, nil, 0, false
		}
		items = append(items, string(l[sp+2:]))
		at = append(at, Pos{end + 1, sp + 3})
	}
	if len(items) == 0 {
		return nil, nil, 0, false
	}
	return items, at, end, true
}

// flowList reads "[a, b]" (the whole rest of a line, at line n, column col)
// as a list of plain scalars.
func flowList(s []byte, n, col int) ([]string, []Pos, bool) {
	if len(s) < 2 || s[len(s)-1] != ']' {
		return nil, nil, false
	}
	inner := s[1 : len(s)-1]
	items, at := []string{}, []Pos{}
	if len(bytes.TrimLeft(inner, " ")) == 0 {
		return items, at, len(inner) == 0
	}
	off := 1
	for _, part := range bytes.Split(inner, []byte{','}) {
		lead := 0
		for lead < len(part) && part[lead] == ' ' {
			lead++
		}
		item := part[lead:]
		if len(item) == 0 || !plainSafe(item) {
			return nil, nil, false
		}
		items = append(items, string(item))
		at = append(at, Pos{n, col + off + lead})
		off += len(part) + 1
	}
	return items, at, true
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
		switch c {
		case ':', '#', '[', ']', '{', '}', '\\', '"':
			return false
		}
	}
	switch string(s) {
	case "null", "Null", "NULL":
		return false
	}
	return textSafe(s)
}

// textSafe reports whether s holds no ASCII control character (tab, CR and
// DEL included) and no trailing space.
func textSafe(s []byte) bool {
	if s[len(s)-1] == ' ' {
		return false
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}
