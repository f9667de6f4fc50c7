// Package schemas holds the dataset schemas: Frictionless Table Schemas as
// published on schema.data.gouv.fr (schemas/<id>/schema.json). It loads and
// checks descriptors and recognises files that are not Table Schemas.
package schemas

import (
	"encoding/json"
	"path"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Schema is a Table Schema descriptor.
type Schema struct {
	ID          string  `json:"id"`
	Name        string  `json:"name,omitempty"`
	Title       string  `json:"title,omitempty"`
	Description string  `json:"description,omitempty"`
	Version     string  `json:"version,omitempty"`
	Fields      []Field `json:"fields"`
	// Examples are the example CSV files beside schema.json, relative to the
	// schema's folder (examples/…); filled in by the registry.
	Examples []string `json:"examples,omitempty"`
	// HasReadme is set by the registry when README.md sits beside schema.json.
	HasReadme bool `json:"has_readme,omitempty"`
}

// Field is one column of a Table Schema.
type Field struct {
	Name        string         `json:"name"`
	Title       string         `json:"title,omitempty"`
	Description string         `json:"description,omitempty"`
	Type        string         `json:"type,omitempty"`
	Format      string         `json:"format,omitempty"`
	Constraints map[string]any `json:"constraints,omitempty"`
}

// Parse reads schemas/<id>/schema.json; file is its path relative to the
// registry root.
func Parse(file string, data []byte) (*Schema, []fact.Problem) {
	s := &Schema{ID: path.Base(path.Dir(file))}
	if err := json.Unmarshal(data, s); err != nil {
		return s, []fact.Problem{fact.Errorf(file, fact.Pos{Line: 1, Col: 1}, "json-syntax",
			i18n.T("JSON illisible : %s", "unreadable JSON: %s"), err.Error())}
	}
	return s, nil
}
