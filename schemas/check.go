package schemas

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// checker loads a descriptor tree into a Schema and collects problems.
type checker struct {
	file  string
	lines *lineIndex
	probs []fact.Problem
}

func (c *checker) at(off int) fact.Pos {
	l, col := c.lines.pos(off)
	return fact.Pos{Line: l, Col: col}
}

func (c *checker) errAt(off int, code string, t i18n.Text, args ...any) {
	c.probs = append(c.probs, fact.Errorf(c.file, c.at(off), code, t, args...))
}

func (c *checker) warnAt(off int, code string, t i18n.Text, args ...any) {
	c.probs = append(c.probs, fact.Warnf(c.file, c.at(off), code, t, args...))
}

// Keys of a field descriptor that the validator reads or that Table Schema
// and schema.data.gouv.fr define; near misses of the important ones are
// reported as probable misspellings.
var fieldKeys = []string{"name", "title", "description", "type", "format", "constraints", "trueValues",
	"falseValues", "missingValues", "bareNumber", "decimalChar", "groupChar", "floatNumber", "arrayItem",
	"delimiter", "itemType", "example", "examples", "rdfType", "categories", "categoriesOrdered", "unit"}

var fieldKeysChecked = []string{"constraints", "trueValues", "falseValues", "missingValues", "format",
	"type", "name", "bareNumber", "decimalChar", "groupChar", "arrayItem"}

var topKeysChecked = []string{"fields", "missingValues", "primaryKey", "foreignKeys"}

var constraintNames = []string{"required", "unique", "minLength", "maxLength", "minimum", "maximum",
	"exclusiveMinimum", "exclusiveMaximum", "pattern", "enum", "jsonSchema"}

func (c *checker) load(s *Schema, root *jnode) {
	if root.Kind != jObject {
		fr, en := root.Kind.name()
		c.errAt(root.Off, "not-table-schema", lit(
			"ce fichier contient "+fr+" et non un objet JSON : un Table Schema est un objet avec une liste `fields`",
			"this file holds "+en+", not a JSON object: a Table Schema is an object with a `fields` list"))
		return
	}
	fields := root.member("fields")
	if fields == nil {
		c.notTableSchema(root)
		return
	}
	for _, k := range []string{"homepage", "path"} {
		if m := root.member(k); m != nil && m.Val.Kind == jString {
			if k == "homepage" {
				s.Homepage = m.Val.Str
			} else {
				s.Path = m.Val.Str
			}
		}
	}
	for _, k := range []string{"name", "title", "description", "version"} {
		m := root.member(k)
		if m == nil {
			continue
		}
		var v string
		switch m.Val.Kind {
		case jString:
			v = m.Val.Str
		case jNumber:
			v = m.Val.Num
		default:
			fr, en := m.Val.Kind.name()
			c.warnAt(m.Val.Off, "bad-property", lit("« "+k+" » devrait être une chaîne, pas "+fr, `"`+k+`" should be a string, not `+en))
			continue
		}
		switch k {
		case "name":
			s.Name = v
		case "title":
			s.Title = v
		case "description":
			s.Description = v
		case "version":
			s.Version = v
		}
	}
	if m := root.member("missingValues"); m != nil {
		s.MissingValues = c.stringList(m, "missingValues")
	}
	for _, m := range root.Members {
		if m.Key == "fields" {
			continue
		}
		if near := nearKey(m.Key, topKeysChecked...); near != "" {
			c.warnAt(m.KeyOff, "unknown-field", lit(
				"propriété « "+m.Key+" » inconnue, ignorée : vouliez-vous écrire « "+near+" » ?",
				`unknown property "`+m.Key+`", ignored: did you mean "`+near+`"?`))
		}
	}
	if fields.Val.Kind != jArray {
		fr, en := fields.Val.Kind.name()
		c.errAt(fields.Val.Off, "bad-property", lit(
			"« fields » doit être la liste des colonnes, pas "+fr, `"fields" must be the list of columns, not `+en))
		return
	}
	if len(fields.Val.Items) == 0 {
		c.errAt(fields.Val.Off, "missing-field", lit("« fields » est vide : le schéma ne décrit aucune colonne",
			`"fields" is empty: the schema describes no column`))
	}
	seen := map[string]int{}
	for i, item := range fields.Val.Items {
		f, ok := c.field(item, i+1, "")
		if !ok {
			continue
		}
		if f.Name != "" {
			if first, dup := seen[f.Name]; dup {
				c.errAt(item.get("name").Off, "duplicate-field", lit(
					"la colonne « "+f.Name+" » est déjà définie (champ n° "+strconv.Itoa(first)+")",
					`the column "`+f.Name+`" is already defined (field #`+strconv.Itoa(first)+")"))
			} else {
				seen[f.Name] = i + 1
			}
		}
		s.Fields = append(s.Fields, f)
	}
	if m := root.member("primaryKey"); m != nil {
		s.PrimaryKey = c.primaryKey(m.Val, seen)
	}
	c.customChecks(s, root)
}

// notTableSchema says precisely what a descriptor without fields is.
func (c *checker) notTableSchema(root *jnode) {
	if m := root.member("$schema"); m != nil && m.Val.Kind == jString && strings.Contains(m.Val.Str, "json-schema.org") {
		c.errAt(m.KeyOff, "not-table-schema", lit(
			"ce fichier est un JSON Schema (`$schema` "+m.Val.Str+", `properties`), pas un Table Schema : il décrit des documents JSON, pas les colonnes d'un CSV",
			"this file is a JSON Schema (`$schema` "+m.Val.Str+", `properties`), not a Table Schema: it describes JSON documents, not the columns of a CSV"))
		return
	}
	if m := root.member("properties"); m != nil {
		c.errAt(m.KeyOff, "not-table-schema", lit(
			"ce fichier est un JSON Schema (`$schema`/`properties`), pas un Table Schema : il décrit des documents JSON, pas les colonnes d'un CSV",
			"this file is a JSON Schema (`$schema`/`properties`), not a Table Schema: it describes JSON documents, not the columns of a CSV"))
		return
	}
	if m := root.member("resources"); m != nil {
		var refs []string
		if m.Val.Kind == jArray {
			for _, r := range m.Val.Items {
				if sc := r.get("schema"); sc != nil && sc.Kind == jString {
					refs = append(refs, sc.Str)
				} else if sc != nil && sc.Kind == jObject {
					name := "?"
					if n := r.get("name"); n != nil && n.Kind == jString {
						name = n.Str
					}
					refs = append(refs, name+" (inline)")
				}
			}
		}
		fr := "ce fichier est un Data Package (il a `resources`), pas un Table Schema : placez le schéma de chaque ressource dans son propre dossier schemas/<id>/schema.json"
		en := "this file is a Data Package (it has `resources`), not a Table Schema: put each resource's schema in its own folder schemas/<id>/schema.json"
		if len(refs) > 0 {
			fr += " (schémas des ressources : " + strings.Join(refs, ", ") + ")"
			en += " (resource schemas: " + strings.Join(refs, ", ") + ")"
		}
		c.errAt(m.KeyOff, "not-table-schema", lit(fr, en))
		return
	}
	c.errAt(root.Off, "not-table-schema", lit(
		"pas de `fields` : un Table Schema décrit ses colonnes dans une liste `fields`",
		"no `fields`: a Table Schema describes its columns in a `fields` list"))
}

// stringList reads a list of strings; nil (with a problem) otherwise.
func (c *checker) stringList(m *jmember, key string) []string {
	bad := func(off int) []string {
		c.errAt(off, "bad-property", lit("« "+key+" » doit être une liste de chaînes, par exemple [\"\", \"NA\"]",
			`"`+key+`" must be a list of strings, e.g. ["", "NA"]`))
		return nil
	}
	if m.Val.Kind != jArray {
		return bad(m.Val.Off)
	}
	out := make([]string, 0, len(m.Val.Items))
	for _, it := range m.Val.Items {
		if it.Kind != jString {
			return bad(it.Off)
		}
		out = append(out, it.Str)
	}
	return out
}

// field reads one field descriptor; parent is set for an arrayItem (which
// has no name) to the name of its array field.
func (c *checker) field(n *jnode, num int, parent string) (Field, bool) {
	item := parent != ""
	var f Field
	if n.Kind != jObject {
		fr, en := n.Kind.name()
		c.errAt(n.Off, "bad-property", lit("le champ n° "+strconv.Itoa(num)+" doit être un objet, pas "+fr,
			"field #"+strconv.Itoa(num)+" must be an object, not "+en))
		return f, false
	}
	if !item {
		nm := n.member("name")
		switch {
		case nm == nil:
			c.errAt(n.Off, "missing-field", lit("le champ n° "+strconv.Itoa(num)+" n'a pas de « name » : chaque colonne doit être nommée",
				"field #"+strconv.Itoa(num)+` has no "name": every column must be named`))
		case nm.Val.Kind != jString:
			fr, en := nm.Val.Kind.name()
			c.errAt(nm.Val.Off, "missing-field", lit("le « name » du champ n° "+strconv.Itoa(num)+" doit être une chaîne, pas "+fr,
				`the "name" of field #`+strconv.Itoa(num)+" must be a string, not "+en))
		case strings.TrimSpace(nm.Val.Str) == "":
			c.errAt(nm.Val.Off, "missing-field", lit("le « name » du champ n° "+strconv.Itoa(num)+" est vide",
				`the "name" of field #`+strconv.Itoa(num)+" is empty"))
		default:
			f.Name = nm.Val.Str
		}
	}
	label := f.Name
	switch {
	case item:
		label = parent + ".arrayItem"
	case label == "":
		label = "n° " + strconv.Itoa(num)
	}
	str := func(key string) (string, *jnode) {
		v := n.get(key)
		if v == nil {
			return "", nil
		}
		if v.Kind != jString {
			fr, en := v.Kind.name()
			c.warnAt(v.Off, "bad-property", lit("« "+key+" » du champ « "+label+" » devrait être une chaîne, pas "+fr,
				`"`+key+`" of field "`+label+`" should be a string, not `+en))
			return "", nil
		}
		return v.Str, v
	}
	f.Title, _ = str("title")
	f.Description, _ = str("description")
	f.DecimalChar, _ = str("decimalChar")
	f.GroupChar, _ = str("groupChar")
	f.Delimiter, _ = str("delimiter")
	f.ItemType, _ = str("itemType")
	// type
	if tv := n.get("type"); tv != nil {
		if tv.Kind != jString {
			c.errAt(tv.Off, "unknown-field-type", lit("le type du champ « "+label+" » doit être une chaîne",
				`the type of field "`+label+`" must be a string`))
		} else {
			f.Type = tv.Str
			if !isKnownType(tv.Str) {
				hint, hintEN := "", ""
				sugg := typeSynonyms[strings.ToLower(tv.Str)]
				if sugg == "" {
					sugg = nearKey(tv.Str, knownTypes...)
				}
				if sugg != "" {
					hint, hintEN = " (vouliez-vous écrire « "+sugg+" » ?)", ` (did you mean "`+sugg+`"?)`
				}
				c.errAt(tv.Off, "unknown-field-type", lit(
					"type inconnu « "+tv.Str+" » pour le champ « "+label+" »"+hint+" ; types possibles : "+strings.Join(knownTypes, ", "),
					`unknown type "`+tv.Str+`" for field "`+label+`"`+hintEN+"; possible types: "+strings.Join(knownTypes, ", ")))
			}
		}
	}
	typ := f.FieldType()
	known := isKnownType(typ)
	var formatNode *jnode
	f.Format, formatNode = str("format")
	if v := n.get("bareNumber"); v != nil {
		if v.Kind == jBool {
			b := v.Bool
			f.BareNumber = &b
		} else {
			c.errAt(v.Off, "bad-property", lit("« bareNumber » doit être true ou false", `"bareNumber" must be true or false`))
		}
	}
	for _, key := range []string{"trueValues", "falseValues", "missingValues"} {
		if m := n.member(key); m != nil {
			l := c.stringList(m, key)
			switch key {
			case "trueValues":
				f.TrueValues = l
			case "falseValues":
				f.FalseValues = l
			default:
				f.MissingValues = l
			}
		}
	}
	if typ == "array" {
		if v := n.get("arrayItem"); v != nil {
			ai, ok := c.field(v, num, label)
			if ok {
				f.ArrayItem = &ai
			}
		}
	}
	// The reader checks the format (and strptime formats).
	var rd *reader
	if known {
		r, err := newReader(&f)
		if fe, ok := err.(*formatError); ok {
			off := n.Off
			if formatNode != nil {
				off = formatNode.Off
			}
			c.errAt(off, "bad-format", cat(lit("champ « "+label+" » : ", `field "`+label+`": `), fe.text))
		} else {
			rd = r
		}
	}
	// constraints, and their misspellings and misplacements
	for _, m := range n.Members {
		switch {
		case m.Key == "constraints":
			c.constraints(&f, m.Val, label, known, rd)
		case containsStr(constraintNames, m.Key) && m.Key != "jsonSchema":
			c.warnAt(m.KeyOff, "bad-constraint", lit(
				"« "+m.Key+" » est ignoré à cet endroit : placez-le dans « constraints » du champ « "+label+" »",
				`"`+m.Key+`" is ignored here: put it inside the "constraints" of field "`+label+`"`))
		case containsStr(fieldKeys, m.Key):
		default:
			near := nearKey(m.Key, fieldKeysChecked...)
			if near == "" && strings.HasPrefix(strings.ToLower(m.Key), "contrainte") {
				near = "constraints"
			}
			switch {
			case near == "constraints":
				inner := ""
				if m.Val.Kind == jObject {
					var names []string
					for _, im := range m.Val.Members {
						names = append(names, im.Key)
					}
					inner = strings.Join(names, ", ")
				}
				fr := "« " + m.Key + " » est une faute de frappe pour « constraints » : ces contraintes sont ignorées par les validateurs"
				en := `"` + m.Key + `" is a misspelling of "constraints": validators ignore these constraints`
				if inner != "" {
					fr += " (" + inner + ")"
					en += " (" + inner + ")"
				}
				c.warnAt(m.KeyOff, "bad-constraint", lit(fr+" ; renommez la clé", en+"; rename the key"))
			case near != "":
				c.warnAt(m.KeyOff, "unknown-field", lit(
					"propriété « "+m.Key+" » inconnue dans le champ « "+label+" », ignorée : vouliez-vous écrire « "+near+" » ?",
					`unknown property "`+m.Key+`" in field "`+label+`", ignored: did you mean "`+near+`"?`))
			}
		}
	}
	return f, true
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// typeName describes a field type in messages.
func typeName(typ string) (fr, en string) {
	return "de type " + typ, "of type " + typ
}

// constraints reads and checks a constraints object.
func (c *checker) constraints(f *Field, n *jnode, label string, known bool, rd *reader) {
	if n.Kind != jObject {
		fr, en := n.Kind.name()
		c.errAt(n.Off, "bad-constraint", lit("« constraints » du champ « "+label+" » doit être un objet, pas "+fr,
			`"constraints" of field "`+label+`" must be an object, not `+en))
		return
	}
	typ := f.FieldType()
	cs := &f.Constraints
	pre := func(fr, en string) i18n.Text {
		return lit("champ « "+label+" » : "+fr, `field "`+label+`": `+en)
	}
	var minV, maxV *val
	var minNode *jnode
	for _, m := range n.Members {
		v := m.Val
		name := m.Key
		if !containsStr(constraintNames, name) {
			hint, hintEN := "", ""
			if near := nearKey(name, constraintNames...); near != "" {
				hint, hintEN = " (vouliez-vous écrire « "+near+" » ?)", ` (did you mean "`+near+`"?)`
			}
			c.warnAt(m.KeyOff, "bad-constraint", pre("contrainte inconnue « "+name+" », ignorée"+hint,
				`unknown constraint "`+name+`", ignored`+hintEN))
			continue
		}
		if known && !supportsConstraint(typ, name) {
			fr, en := typeName(typ)
			why, whyEN := "", ""
			switch name {
			case "minLength", "maxLength":
				why, whyEN = " (elle compte les caractères d'un texte ou les éléments d'une liste)", " (it counts the characters of a text or the items of a list)"
			case "pattern":
				why, whyEN = " (un motif ne s'applique qu'au type string)", " (a pattern only applies to type string)"
			case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
				why, whyEN = " (elle s'applique aux nombres, dates et heures)", " (it applies to numbers, dates and times)"
			}
			c.errAt(m.KeyOff, "bad-constraint", pre("la contrainte « "+name+" » ne s'applique pas à un champ "+fr+why,
				`constraint "`+name+`" does not apply to a field `+en+whyEN))
			continue
		}
		switch name {
		case "required", "unique":
			if v.Kind != jBool {
				c.errAt(v.Off, "bad-constraint", pre("« "+name+" » doit valoir true ou false", `"`+name+`" must be true or false`))
				continue
			}
			if name == "required" {
				cs.Required = v.Bool
			} else {
				cs.Unique = v.Bool
			}
		case "minLength", "maxLength":
			x, ok := intValue(v)
			if !ok || x < 0 {
				c.errAt(v.Off, "bad-constraint", pre("« "+name+" » doit être un entier positif ou nul", `"`+name+`" must be a non-negative integer`))
				continue
			}
			if name == "minLength" {
				cs.MinLength = &x
			} else {
				cs.MaxLength = &x
			}
		case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
			raw := jsonValue(v)
			if rd != nil {
				pv, ok := boundValue(rd, v)
				if !ok {
					c.errAt(v.Off, "bad-constraint", cat(pre("« "+name+" » vaut ", `"`+name+`" is `), quoted(jsonText(raw)),
						lit(", ce qui n'est pas ", ", which is not "), rd.expect))
					continue
				}
				if name == "minimum" || name == "exclusiveMinimum" {
					minV, minNode = &pv, v
				} else {
					maxV = &pv
				}
			}
			switch name {
			case "minimum":
				cs.Minimum = raw
			case "maximum":
				cs.Maximum = raw
			case "exclusiveMinimum":
				cs.ExclusiveMinimum = raw
			default:
				cs.ExclusiveMaximum = raw
			}
		case "pattern":
			if v.Kind != jString {
				c.errAt(v.Off, "bad-constraint", pre("« pattern » doit être une chaîne (une expression régulière)", `"pattern" must be a string (a regular expression)`))
				continue
			}
			// Kept even when it does not compile, so that Compile refuses the
			// schema rather than skip the check.
			cs.Pattern = v.Str
			if _, err := compilePattern(v.Str); err != nil {
				c.errAt(v.Off, "bad-pattern", pre("motif impossible à compiler : "+err.Error(), "the pattern cannot be compiled: "+err.Error()))
			}
		case "enum":
			if v.Kind != jArray {
				fr, en := v.Kind.name()
				c.errAt(v.Off, "bad-constraint", pre("« enum » doit être une liste de valeurs, pas "+fr, `"enum" must be a list of values, not `+en))
				continue
			}
			cs.EnumSet = true
			if len(v.Items) == 0 {
				c.errAt(v.Off, "bad-constraint", pre("« enum » est vide : aucune valeur ne serait acceptée", `"enum" is empty: no value would be accepted`))
			}
			cs.Enum = make([]any, 0, len(v.Items))
			for _, it := range v.Items {
				cs.Enum = append(cs.Enum, jsonValue(it))
				if rd != nil {
					if _, ok := enumValue(rd, it); !ok {
						c.errAt(it.Off, "bad-constraint", cat(pre("la valeur ", "the value "), quoted(jsonText(jsonValue(it))),
							lit(" de « enum » n'est pas ", ` in "enum" is not `), rd.expect))
					}
				}
			}
		case "jsonSchema":
		}
	}
	if cs.MinLength != nil && cs.MaxLength != nil && *cs.MinLength > *cs.MaxLength {
		c.errAt(n.member("minLength").KeyOff, "bad-constraint", pre(
			"minLength ("+strconv.Itoa(*cs.MinLength)+") est plus grand que maxLength ("+strconv.Itoa(*cs.MaxLength)+") : aucune valeur ne serait acceptée",
			"minLength ("+strconv.Itoa(*cs.MinLength)+") is greater than maxLength ("+strconv.Itoa(*cs.MaxLength)+"): no value would be accepted"))
	}
	if minV != nil && maxV != nil && rd != nil && compareVal(rd.ord, *minV, *maxV) > 0 {
		c.errAt(minNode.Off, "bad-constraint", pre("le minimum est plus grand que le maximum : aucune valeur ne serait acceptée",
			"the minimum is greater than the maximum: no value would be accepted"))
	}
}

// intValue reads a JSON number that is an integer (5 or 5.0).
func intValue(v *jnode) (int, bool) {
	if v.Kind != jNumber {
		return 0, false
	}
	f, err := json.Number(v.Num).Float64()
	if err != nil || f != math.Trunc(f) || f > math.MaxInt32 {
		return 0, false
	}
	return int(f), true
}

// jsonValue converts a node to a Go value: string, json.Number, bool, nil,
// []any or map[string]any.
func jsonValue(n *jnode) any {
	switch n.Kind {
	case jString:
		return n.Str
	case jNumber:
		return json.Number(n.Num)
	case jBool:
		return n.Bool
	case jArray:
		out := make([]any, len(n.Items))
		for i, it := range n.Items {
			out[i] = jsonValue(it)
		}
		return out
	case jObject:
		out := make(map[string]any, len(n.Members))
		for _, m := range n.Members {
			out[m.Key] = jsonValue(m.Val)
		}
		return out
	}
	return nil
}

// boundValue reads a minimum or maximum with the field's reader: a JSON
// number for numeric types, a string in the field's format otherwise.
func boundValue(rd *reader, n *jnode) (val, bool) {
	return constraintValue(rd, jsonValue(n))
}

// enumValue reads an enum item with the field's reader.
func enumValue(rd *reader, n *jnode) (val, bool) {
	return constraintValue(rd, jsonValue(n))
}

// constraintValue casts a constraint value as frictionless does (the field's
// value reader applied to the JSON value).
func constraintValue(rd *reader, v any) (val, bool) {
	switch x := v.(type) {
	case json.Number:
		switch rd.typ {
		case "number":
			f, err := x.Float64()
			return val{f: f}, err == nil
		case "integer", "year":
			f, err := x.Float64()
			if err != nil || f != math.Trunc(f) {
				return val{}, false
			}
			if rd.typ == "year" && (f < 0 || f > 9999) {
				return val{}, false
			}
			return val{i: int64(f), f: f}, true
		case "any":
			return val{s: x.String()}, true
		}
		return val{}, false
	case string:
		if rd.typ == "any" {
			return val{s: x}, true
		}
		if rd.parse == nil {
			return val{s: x}, true
		}
		pv, ok := rd.parse(x)
		if ok && (rd.typ == "array" || rd.typ == "object" || rd.typ == "geojson") {
			pv.s = canonicalJSON(x)
		}
		return pv, ok
	case bool:
		switch rd.typ {
		case "boolean":
			if x {
				return val{s: "true", i: 1}, true
			}
			return val{s: "false"}, true
		case "any":
			return val{s: jsonText(x)}, true
		}
		return val{}, false
	case []any, map[string]any:
		switch rd.typ {
		case "array", "object", "geojson", "any":
			b, _ := json.Marshal(x)
			s := string(b)
			if rd.parse != nil {
				if _, ok := rd.parse(s); !ok {
					return val{}, false
				}
			}
			return val{s: canonicalJSON(s)}, true
		}
		return val{}, false
	}
	return val{}, false
}

// compareVal orders two values of one reader: -1, 0 or 1. NaN compares as
// unordered (2).
func compareVal(o order, a, b val) int {
	switch o {
	case ordInt:
		switch {
		case a.i < b.i:
			return -1
		case a.i > b.i:
			return 1
		}
		return 0
	case ordFloat:
		switch {
		case a.f < b.f:
			return -1
		case a.f > b.f:
			return 1
		case a.f == b.f:
			return 0
		}
		return 2
	}
	return strings.Compare(a.s, b.s)
}

// primaryKey reads a primary key: a field name or a list of names.
func (c *checker) primaryKey(n *jnode, names map[string]int) []string {
	var out []string
	check := func(it *jnode) {
		if it.Kind != jString {
			c.errAt(it.Off, "bad-primary-key", lit("« primaryKey » doit nommer des champs (des chaînes)", `"primaryKey" must name fields (strings)`))
			return
		}
		if _, ok := names[it.Str]; !ok {
			hint, hintEN := "", ""
			cands := make([]string, 0, len(names))
			for k := range names {
				cands = append(cands, k)
			}
			if near := nearKey(it.Str, cands...); near != "" {
				hint, hintEN = " (vouliez-vous écrire « "+near+" » ?)", ` (did you mean "`+near+`"?)`
			}
			c.errAt(it.Off, "bad-primary-key", lit("« primaryKey » nomme le champ « "+it.Str+" », qui n'existe pas"+hint,
				`"primaryKey" names the field "`+it.Str+`", which does not exist`+hintEN))
			return
		}
		out = append(out, it.Str)
	}
	switch n.Kind {
	case jString:
		check(n)
	case jArray:
		if len(n.Items) == 0 {
			c.errAt(n.Off, "bad-primary-key", lit("« primaryKey » est vide", `"primaryKey" is empty`))
		}
		for _, it := range n.Items {
			check(it)
		}
	default:
		c.errAt(n.Off, "bad-primary-key", lit("« primaryKey » doit être un nom de champ ou une liste de noms",
			`"primaryKey" must be a field name or a list of names`))
	}
	return out
}
