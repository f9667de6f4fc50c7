package fact

import (
	"encoding"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unique"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/gpso/codal/i18n"
)

// Doc is a parsed YAML file that remembers where each value sits, so that
// problems found after decoding can still point at a line and column.
type Doc struct {
	Path string
	body ast.Node
	keys map[string]*ast.MappingValueNode
	flat flatDoc // set instead of body and keys by decodeFlat
}

// DecodeYAML decodes the YAML mapping in data into v, a pointer to a struct
// whose fields carry yaml tags. It never stops at the first problem: a syntax
// error (yaml-syntax) or a document that is not a mapping (yaml-shape) stops
// decoding, but each field is decoded on its own, so a wrongly typed field
// (field-type) leaves the others filled in, and unknown keys are warnings
// (unknown-field). Scalars decoded into string fields keep their text as
// written: `insee: 01004` gives "01004", not the number 516. Text holding a
// control character (see CheckText) is a control-character problem at its
// value, and is still decoded. A file whose collections nest more than
// MaxDepth levels is refused before it is parsed (too-deep).
func DecodeYAML(path string, data []byte, v any) (*Doc, []Problem) {
	if d, probs, ok := decodeFlat(path, data, v); ok {
		return d, probs
	}
	return decodeYAML(path, data, v)
}

// decodeYAML is DecodeYAML through the YAML parser, for every file.
func decodeYAML(path string, data []byte, v any) (*Doc, []Problem) {
	d := &Doc{Path: path, keys: map[string]*ast.MappingValueNode{}}
	if pos, ok := YAMLDepth(data, MaxDepth); !ok {
		return d, []Problem{Errorf(path, pos, "too-deep",
			i18n.T("YAML imbriqué trop profondément (plus de %d niveaux) : le fichier n'est pas lu", "YAML nested too deeply (more than %d levels): the file is not read"), MaxDepth)}
	}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return d, []Problem{Errorf(path, errPos(err), "yaml-syntax",
			i18n.T("YAML illisible : %s", "unreadable YAML: %s"), errMessage(err))}
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return d, []Problem{Errorf(path, Pos{1, 1}, "yaml-shape",
			i18n.T("le fichier est vide", "the file is empty"))}
	}
	if len(f.Docs) > 1 {
		return d, []Problem{Errorf(path, docPos(f.Docs[1]), "yaml-shape",
			i18n.T("le fichier contient plusieurs documents YAML ; un seul est attendu", "the file holds several YAML documents; one is expected"))}
	}
	d.body = f.Docs[0].Body
	if pos, ok := checkDepth(d.body, MaxDepth); !ok {
		d.body = nil
		return d, []Problem{Errorf(path, pos, "too-deep",
			i18n.T("YAML imbriqué trop profondément (plus de %d niveaux) : le fichier n'est pas lu", "YAML nested too deeply (more than %d levels): the file is not read"), MaxDepth)}
	}
	m, ok := d.body.(*ast.MappingNode)
	if !ok {
		return d, []Problem{Errorf(path, tokPos(d.body.GetToken()), "yaml-shape",
			i18n.T("le fichier doit être une table de clés (clé: valeur)", "the file must be a mapping (key: value)"))}
	}
	rv := reflect.ValueOf(v).Elem()
	fields := fieldIndex(rv.Type())
	var probs []Problem
	for _, mv := range m.Values {
		key := mv.Key.String()
		if _, dup := d.keys[key]; dup {
			probs = append(probs, Errorf(path, tokPos(mv.Key.GetToken()), "yaml-syntax",
				i18n.T("la clé %q apparaît deux fois", "the key %q appears twice"), key))
			continue
		}
		d.keys[key] = mv
		idx, known := fields[key]
		if !known {
			probs = append(probs, Warnf(path, tokPos(mv.Key.GetToken()), "unknown-field",
				i18n.T("champ inconnu %q (ignoré)", "unknown field %q (ignored)"), key))
			continue
		}
		if p, bad := decodeField(path, key, mv.Value, rv.Field(idx)); bad {
			probs = append(probs, p)
		}
		probs = checkNodeText(path, key, mv.Value, probs)
	}
	return d, probs
}

// SafeDecodeYAML is DecodeYAML that turns a panic of the YAML library on
// hostile input into a yaml-syntax problem, so one file can never stop a
// load.
func SafeDecodeYAML(path string, data []byte, v any) (doc *Doc, probs []Problem) {
	defer func() {
		if r := recover(); r != nil {
			doc = &Doc{Path: path, keys: map[string]*ast.MappingValueNode{}}
			probs = []Problem{Errorf(path, Pos{1, 1}, "yaml-syntax",
				i18n.T("YAML illisible : le fichier ne peut pas être analysé", "unreadable YAML: the file cannot be parsed"))}
		}
	}()
	return DecodeYAML(path, data, v)
}

// Has reports whether the top-level key is present with a non-null value.
func (d *Doc) Has(key string) bool {
	if d.flat != nil {
		_, ok := d.flat.find(key)
		return ok
	}
	mv, ok := d.keys[key]
	return ok && mv.Value != nil && mv.Value.Type() != ast.NullType
}

// Pos returns where a value is: a top-level key ("siren") or a path in
// goccy/go-yaml's syntax ("$.contacts[1].email"). It falls back to the
// enclosing key, then to line 1.
func (d *Doc) Pos(p string) Pos {
	if d != nil && d.flat != nil {
		return d.flat.pos(p)
	}
	if d == nil || d.body == nil {
		return Pos{1, 1}
	}
	if !strings.HasPrefix(p, "$") {
		if mv, ok := d.keys[p]; ok {
			return valuePos(mv)
		}
		return Pos{1, 1}
	}
	if yp, err := yaml.PathString(p); err == nil {
		if n, err := yp.FilterNode(d.body); err == nil && n != nil {
			return tokPos(n.GetToken())
		}
	}
	top := strings.TrimPrefix(p, "$.")
	if i := strings.IndexAny(top, ".["); i >= 0 {
		top = top[:i]
	}
	return d.Pos(top)
}

func valuePos(mv *ast.MappingValueNode) Pos {
	if mv.Value != nil && mv.Value.Type() != ast.NullType {
		return tokPos(mv.Value.GetToken())
	}
	return tokPos(mv.Key.GetToken())
}

func decodeField(path, key string, n ast.Node, fv reflect.Value) (Problem, bool) {
	if n == nil || n.Type() == ast.NullType {
		return Problem{}, false
	}
	if fv.Kind() == reflect.String {
		if s, ok := scalarText(n); ok {
			fv.SetString(s)
			return Problem{}, false
		}
		return Errorf(path, tokPos(n.GetToken()), "field-type",
			i18n.T("le champ %q doit être un texte", "the field %q must be a text"), key), true
	}
	if fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String {
		seq, ok := n.(*ast.SequenceNode)
		if !ok {
			return Errorf(path, tokPos(n.GetToken()), "field-type",
				i18n.T("le champ %q doit être une liste de textes", "the field %q must be a list of texts"), key), true
		}
		out := reflect.MakeSlice(fv.Type(), 0, len(seq.Values))
		for _, item := range seq.Values {
			s, ok := scalarText(item)
			if !ok {
				return Errorf(path, tokPos(item.GetToken()), "field-type",
					i18n.T("le champ %q doit être une liste de textes", "the field %q must be a list of texts"), key), true
			}
			out = reflect.Append(out, reflect.ValueOf(s).Convert(fv.Type().Elem()))
		}
		fv.Set(out)
		return Problem{}, false
	}
	if ok, bad := decodeScalar(n, fv); ok {
		if bad {
			return Errorf(path, tokPos(n.GetToken()), "field-type",
				i18n.T("le champ %q doit être %s", "the field %q must be %s"), key, describe(fv.Type())), true
		}
		return Problem{}, false
	}
	if pos, bad := misplacedTag(n, fv.Type(), map[string]ast.Node{}); bad {
		return Errorf(path, pos, "field-type",
			i18n.T("le champ %q doit être %s", "the field %q must be %s"), key, describe(fv.Type())), true
	}
	if err := yaml.NodeToValue(n, fv.Addr().Interface()); err != nil {
		pos := tokPos(n.GetToken())
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil {
			pos = tokPos(ye.GetToken())
		}
		return Errorf(path, pos, "field-type",
			i18n.T("le champ %q doit être %s", "the field %q must be %s"), key, describe(fv.Type())), true
	}
	return Problem{}, false
}

var textUnmarshaler = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()

// decodeScalar decodes the common scalar fields (whole numbers, booleans,
// text-unmarshalable types such as Date) without the reflection-heavy
// generic decoder. ok is false when the field is of another kind; bad is true
// when the node does not fit the field.
func decodeScalar(n ast.Node, fv reflect.Value) (ok, bad bool) {
	switch {
	case fv.Addr().Type().Implements(textUnmarshaler):
		s, isScalar := scalarText(n)
		if !isScalar {
			return true, true
		}
		return true, fv.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)) != nil
	case fv.Kind() == reflect.Int:
		if n.Type() != ast.IntegerType {
			return true, true
		}
		v, err := strconv.ParseInt(strings.ReplaceAll(n.GetToken().Value, "_", ""), 10, 64)
		if err != nil {
			return true, true
		}
		fv.SetInt(v)
		return true, false
	case fv.Kind() == reflect.Bool:
		if n.Type() != ast.BoolType {
			return true, true
		}
		fv.SetBool(n.(*ast.BoolNode).Value)
		return true, false
	}
	return false, false
}

// scalarText returns the text of a scalar node as written, quotes removed.
func scalarText(n ast.Node) (string, bool) {
	switch n.Type() {
	case ast.StringType, ast.IntegerType, ast.FloatType, ast.BoolType, ast.InfinityType, ast.NanType:
		if s, ok := n.(*ast.StringNode); ok {
			return s.Value, true
		}
		return n.GetToken().Value, true
	case ast.LiteralType:
		return n.(*ast.LiteralNode).Value.Value, true
	case ast.TagType:
		return scalarText(n.(*ast.TagNode).Value)
	}
	return "", false
}

// describe names what a field of type t must hold, for messages.
func describe(t reflect.Type) i18n.Text {
	if t == reflect.TypeOf(Date{}) {
		return i18n.T("une date AAAA-MM-JJ", "a date YYYY-MM-DD")
	}
	switch t.Kind() {
	case reflect.Bool:
		return i18n.T("true ou false", "true or false")
	case reflect.Int, reflect.Int64, reflect.Int32:
		return i18n.T("un nombre entier", "a whole number")
	case reflect.Float64, reflect.Float32:
		return i18n.T("un nombre", "a number")
	case reflect.Slice:
		return i18n.T("une liste", "a list")
	case reflect.Struct, reflect.Map:
		return i18n.T("une table de clés", "a mapping")
	}
	return i18n.T("un texte", "a text")
}

// fieldIndexes caches fieldIndex per struct type: every file of a kind
// decodes into the same type.
var fieldIndexes sync.Map // reflect.Type → map[string]int

// fieldIndex maps yaml keys to struct field indexes. The map is shared:
// callers must not change it.
func fieldIndex(t reflect.Type) map[string]int {
	if m, ok := fieldIndexes.Load(t); ok {
		return m.(map[string]int)
	}
	m := buildFieldIndex(t)
	fieldIndexes.Store(t, m)
	return m
}

func buildFieldIndex(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		m[name] = i
	}
	return m
}

// docPos is where a document starts: its "---" marker, else its first node.
func docPos(d *ast.DocumentNode) Pos {
	switch {
	case d == nil:
		return Pos{1, 1}
	case d.Start != nil:
		return tokPos(d.Start)
	case d.Body != nil:
		return tokPos(d.Body.GetToken())
	}
	return Pos{1, 1}
}

func tokPos(t *token.Token) Pos {
	if t == nil || t.Position == nil {
		return Pos{1, 1}
	}
	return Pos{Line: max(t.Position.Line, 1), Col: max(t.Position.Column, 1)}
}

func errPos(err error) Pos {
	var ye yaml.Error
	if errors.As(err, &ye) {
		return tokPos(ye.GetToken())
	}
	return Pos{1, 1}
}

func errMessage(err error) string {
	var ye yaml.Error
	if errors.As(err, &ye) {
		return ye.GetMessage()
	}
	return err.Error()
}

// Where maps the top-level keys of a file to where their values are, so that
// checks made after parsing (references between entries) can still point at
// a line and column. The items of a top-level list are under "key[i]".
type Where map[string]Pos

// Of returns the position of key's value, or line 1 column 1.
func (w Where) Of(key string) Pos {
	if p, ok := w[key]; ok {
		return p
	}
	return Pos{1, 1}
}

// Item returns the position of item i of the list under key, or of the key's
// value when the item is unknown.
func (w Where) Item(key string, i int) Pos {
	if p, ok := w[key+"["+strconv.Itoa(i)+"]"]; ok {
		return p
	}
	return w.Of(key)
}

// Where returns the positions of the document's top-level values. Its keys
// are interned: the same few field names come back in every file of a
// registry, and a loaded catalogue keeps one Where per entry and event.
func (d *Doc) Where() Where {
	if d.flat != nil {
		w := make(Where, len(d.flat))
		for _, v := range d.flat {
			w[unique.Make(v.key).Value()] = v.val
			for i, at := range v.items {
				w[unique.Make(v.key+"["+strconv.Itoa(i)+"]").Value()] = at
			}
		}
		return w
	}
	w := make(Where, len(d.keys))
	for k, mv := range d.keys {
		w[unique.Make(k).Value()] = valuePos(mv)
		if seq, ok := mv.Value.(*ast.SequenceNode); ok {
			for i, item := range seq.Values {
				w[unique.Make(k+"["+strconv.Itoa(i)+"]").Value()] = tokPos(item.GetToken())
			}
		}
	}
	return w
}

// ListPos returns the position of item i of the top-level list key.
func (d *Doc) ListPos(key string, i int) Pos {
	return d.Pos("$." + key + "[" + strconv.Itoa(i) + "]")
}
