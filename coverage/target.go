package coverage

import (
	"net/url"
	"strings"

	"github.com/gpso/codal/schemas"
)

// Target is one of the registry's schemas, with the names a portal may call
// it by.
type Target struct {
	// ID is the registry's id (schemas/<id>/schema.json).
	ID string
	// Name is the descriptor's "name" (e.g. "subventions").
	Name string
	// DataGouv is the schema's id on schema.data.gouv.fr (e.g.
	// "scdl/subventions"), derived from its homepage or path; "" if unknown.
	DataGouv string
	// Fields are the schema's field names.
	Fields []string
}

// TargetOf returns the target for a registry schema.
func TargetOf(s *schemas.Schema) Target {
	t := Target{ID: s.ID, Name: s.Name, DataGouv: DataGouvSchemaID(s.Homepage)}
	if t.DataGouv == "" {
		t.DataGouv = DataGouvSchemaID(s.Path)
	}
	for _, f := range s.Fields {
		t.Fields = append(t.Fields, f.Name)
	}
	return t
}

// DataGouvSchemaID derives a schema's id on schema.data.gouv.fr from the
// address of its repository or descriptor, the way schema.data.gouv.fr names
// the schemas it lists: gitlab.com/opendatafrance/scdl/<x>/… is "scdl/<x>",
// github.com/<owner>/<repo>/… is "<owner>/<repo>". Any other address gives "".
func DataGouvSchemaID(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch strings.ToLower(u.Host) {
	case "gitlab.com", "www.gitlab.com":
		if len(parts) >= 3 && strings.EqualFold(parts[0], "opendatafrance") && strings.EqualFold(parts[1], "scdl") && parts[2] != "" {
			return "scdl/" + strings.ToLower(parts[2])
		}
	case "github.com", "www.github.com", "raw.githubusercontent.com":
		if len(parts) >= 2 && parts[0] != "" && parts[1] != "" {
			return strings.ToLower(parts[0] + "/" + parts[1])
		}
	}
	return ""
}

// declares reports whether a schema name a dataset declares designates t:
// the registry id, the schema.data.gouv.fr id, or the descriptor's name
// (alone, or as the last part of a schema.data.gouv.fr id), compared
// without case.
func (t Target) declares(declared string) bool {
	d := strings.ToLower(strings.TrimSpace(declared))
	if d == "" {
		return false
	}
	if d == strings.ToLower(t.ID) || (t.DataGouv != "" && d == t.DataGouv) {
		return true
	}
	if t.Name == "" {
		return false
	}
	name := strings.ToLower(t.Name)
	if d == name {
		return true
	}
	if i := strings.LastIndexByte(d, '/'); i >= 0 && t.DataGouv == "" {
		return d[i+1:] == name
	}
	return false
}
