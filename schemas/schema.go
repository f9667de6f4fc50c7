// Package schemas holds the dataset schemas: Frictionless Table Schemas as
// published on schema.data.gouv.fr (schemas/<id>/schema.json). It loads and
// checks descriptors, recognises files that are not Table Schemas (Data
// Packages, JSON Schemas), and validates CSV files against a schema the way
// frictionless and Validata do, streaming and fast.
package schemas

import (
	"encoding/json"
	"path"
	"strconv"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Schema is a Table Schema descriptor.
type Schema struct {
	ID          string `json:"id"`
	Name        string `json:"name,omitempty"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Version     string `json:"version,omitempty"`
	// Homepage and Path are the descriptor's "homepage" (its repository)
	// and "path" (its published address), when strings; coverage derives
	// the schema's schema.data.gouv.fr id from them.
	Homepage string  `json:"homepage,omitempty"`
	Path     string  `json:"path,omitempty"`
	Fields   []Field `json:"fields"`
	// MissingValues are the cell values read as "no value"; nil means the
	// default [""]. An empty non-nil list means no value is missing.
	MissingValues []string `json:"missingValues,omitempty"`
	// PrimaryKey names the fields whose values identify a row.
	PrimaryKey []string `json:"primaryKey,omitempty"`
	// CustomChecks are the schema's Validata custom checks (custom.go).
	CustomChecks []CustomCheck `json:"custom_checks,omitempty"`
	// Examples are the example CSV files beside schema.json, relative to the
	// schema's folder (examples/…); filled in by the registry.
	Examples []string `json:"examples,omitempty"`
	// HasReadme is set by the registry when README.md sits beside schema.json.
	HasReadme bool `json:"has_readme,omitempty"`
}

// Field is one column of a Table Schema.
type Field struct {
	Name        string      `json:"name"`
	Title       string      `json:"title,omitempty"`
	Description string      `json:"description,omitempty"`
	Type        string      `json:"type,omitempty"`
	Format      string      `json:"format,omitempty"`
	Constraints Constraints `json:"constraints,omitzero"`
	// TrueValues and FalseValues spell booleans; nil means the defaults
	// (true/True/TRUE/1 and false/False/FALSE/0).
	TrueValues  []string `json:"trueValues,omitempty"`
	FalseValues []string `json:"falseValues,omitempty"`
	// MissingValues overrides the schema's list for this field when non-nil.
	MissingValues []string `json:"missingValues,omitempty"`
	// BareNumber false lets numbers carry leading and trailing non-digits
	// (currency signs, %); nil means true.
	BareNumber  *bool  `json:"bareNumber,omitempty"`
	DecimalChar string `json:"decimalChar,omitempty"`
	GroupChar   string `json:"groupChar,omitempty"`
	// ArrayItem describes each item of an array field.
	ArrayItem *Field `json:"arrayItem,omitempty"`
	// Delimiter and ItemType describe a list field (Table Schema v2).
	Delimiter string `json:"delimiter,omitempty"`
	ItemType  string `json:"itemType,omitempty"`
}

// Constraints restrict a field's values. Minimum, Maximum and the exclusive
// bounds keep the JSON value as written: a json.Number for numbers, a string
// for dates and times. Enum holds JSON values (string, json.Number, bool…).
type Constraints struct {
	Required         bool   `json:"required,omitempty"`
	Unique           bool   `json:"unique,omitempty"`
	MinLength        *int   `json:"minLength,omitempty"`
	MaxLength        *int   `json:"maxLength,omitempty"`
	Minimum          any    `json:"minimum,omitempty"`
	Maximum          any    `json:"maximum,omitempty"`
	ExclusiveMinimum any    `json:"exclusiveMinimum,omitempty"`
	ExclusiveMaximum any    `json:"exclusiveMaximum,omitempty"`
	Pattern          string `json:"pattern,omitempty"`
	Enum             []any  `json:"enum,omitempty"`
	// EnumSet is true when the descriptor has an enum, even an empty one.
	EnumSet bool `json:"-"`
}

// IsZero reports whether no constraint is set.
func (c Constraints) IsZero() bool {
	return !c.Required && !c.Unique && c.MinLength == nil && c.MaxLength == nil && c.Minimum == nil &&
		c.Maximum == nil && c.ExclusiveMinimum == nil && c.ExclusiveMaximum == nil && c.Pattern == "" && !c.EnumSet
}

// FieldType returns the field's type, "string" when the descriptor has none
// (Table Schema v1 default).
func (f Field) FieldType() string {
	if f.Type == "" {
		return "string"
	}
	return f.Type
}

// Field returns the field with that name, nil when absent.
func (s *Schema) Field(name string) *Field {
	for i := range s.Fields {
		if s.Fields[i].Name == name {
			return &s.Fields[i]
		}
	}
	return nil
}

// ConstraintSummary lists the field's constraints as a short text, e.g.
// "obligatoire, motif ^\d{14}$" or "required, pattern ^\d{14}$".
func (f Field) ConstraintSummary(l i18n.Lang) string {
	c := f.Constraints
	en := l == i18n.EN
	var parts []string
	add := func(fr, e string) {
		if en {
			parts = append(parts, e)
		} else {
			parts = append(parts, fr)
		}
	}
	if c.Required {
		add("obligatoire", "required")
	}
	if c.Unique {
		add("unique", "unique")
	}
	switch {
	case c.MinLength != nil && c.MaxLength != nil:
		add(strconv.Itoa(*c.MinLength)+" à "+strconv.Itoa(*c.MaxLength)+" caractères",
			strconv.Itoa(*c.MinLength)+" to "+strconv.Itoa(*c.MaxLength)+" characters")
	case c.MinLength != nil:
		add("au moins "+strconv.Itoa(*c.MinLength)+" caractères", "at least "+strconv.Itoa(*c.MinLength)+" characters")
	case c.MaxLength != nil:
		add("au plus "+strconv.Itoa(*c.MaxLength)+" caractères", "at most "+strconv.Itoa(*c.MaxLength)+" characters")
	}
	if c.Minimum != nil {
		add("minimum "+jsonText(c.Minimum), "minimum "+jsonText(c.Minimum))
	}
	if c.ExclusiveMinimum != nil {
		add("> "+jsonText(c.ExclusiveMinimum), "> "+jsonText(c.ExclusiveMinimum))
	}
	if c.Maximum != nil {
		add("maximum "+jsonText(c.Maximum), "maximum "+jsonText(c.Maximum))
	}
	if c.ExclusiveMaximum != nil {
		add("< "+jsonText(c.ExclusiveMaximum), "< "+jsonText(c.ExclusiveMaximum))
	}
	if c.Pattern != "" {
		add("motif "+c.Pattern, "pattern "+c.Pattern)
	}
	if c.EnumSet || len(c.Enum) > 0 {
		vals := make([]string, len(c.Enum))
		for i, v := range c.Enum {
			vals[i] = jsonText(v)
		}
		add("valeurs : "+strings.Join(vals, " | "), "values: "+strings.Join(vals, " | "))
	}
	return strings.Join(parts, ", ")
}

// jsonText renders a constraint value as written in the descriptor.
func jsonText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return "null"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}

// Parse reads schemas/<id>/schema.json; file is its path relative to the
// registry root. It always returns a non-nil Schema (with at least its ID);
// problems point at the line and column of the offending key or value.
func Parse(file string, data []byte) (*Schema, []fact.Problem) {
	s := &Schema{ID: path.Base(path.Dir(file))}
	c := &checker{file: file, lines: newLineIndex(data)}
	root, jerr := parseJSON(data)
	if jerr != nil {
		c.errAt(jerr.Off, "json-syntax", i18n.T("JSON invalide : "+jerr.FR, "invalid JSON: "+jerr.EN))
		return s, c.probs
	}
	c.load(s, root)
	fact.Sort(c.probs)
	return s, c.probs
}
