package schemas

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "schemas", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func errorsOnly(ps []fact.Problem) []fact.Problem {
	var out []fact.Problem
	for _, p := range ps {
		if p.Severity == fact.Error {
			out = append(out, p)
		}
	}
	return out
}

func render(ps []fact.Problem, l i18n.Lang) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Format(l))
		b.WriteString(" [" + p.Severity.String() + "]\n")
	}
	return b.String()
}

// kindOf classifies a descriptor the way the corpus README does, with
// encoding/json, independently of Parse.
func kindOf(t testing.TB, data []byte) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	switch {
	case m["fields"] != nil:
		return "table"
	case m["properties"] != nil:
		return "jsonschema"
	case m["resources"] != nil:
		return "datapackage"
	}
	return "other"
}

func checkKnownKind(t *testing.T, name string, data []byte) {
	t.Helper()
	s, ps := Parse("schemas/x/schema.json", data)
	if s == nil {
		t.Fatalf("%s: Parse returned nil", name)
	}
	errs := errorsOnly(ps)
	switch kindOf(t, data) {
	case "table":
		if len(errs) > 0 {
			t.Errorf("%s: a Table Schema must load without errors, got:\n%s", name, render(errs, i18n.EN))
		}
		if len(s.Fields) == 0 {
			t.Errorf("%s: no fields loaded", name)
		}
		if _, err := Compile(s); err != nil {
			t.Errorf("%s: Compile: %v", name, err)
		}
	case "jsonschema":
		if len(errs) != 1 || errs[0].Code != "not-table-schema" || !strings.Contains(errs[0].Message(i18n.EN), "is a JSON Schema") {
			t.Errorf("%s: want one not-table-schema error saying JSON Schema, got:\n%s", name, render(ps, i18n.EN))
		}
	case "datapackage":
		if len(errs) != 1 || errs[0].Code != "not-table-schema" || !strings.Contains(errs[0].Message(i18n.EN), "is a Data Package (it has `resources`)") {
			t.Errorf("%s: want one not-table-schema error saying Data Package, got:\n%s", name, render(ps, i18n.EN))
		}
	default:
		t.Errorf("%s: unexpected file kind", name)
	}
}

func TestParseTestdataSchemas(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "schemas", "*.json"))
	if err != nil || len(files) < 10 {
		t.Fatalf("testdata schemas missing: %v %v", files, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkKnownKind(t, filepath.Base(f), data)
	}
}

// corpusDir finds ../shared/schemas-corpus beside the repository (or any
// ancestor); "" when absent.
func corpusDir() string {
	if d := os.Getenv("CODAL_SCHEMAS_CORPUS"); d != "" {
		return d
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		return ""
	}
	for {
		c := filepath.Join(dir, "shared", "schemas-corpus")
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			return c
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// TestParseCorpus loads every file of ../shared/schemas-corpus when it is
// there (in CI): Table Schemas load with no error, Data Packages and JSON
// Schemas are reported as such.
func TestParseCorpus(t *testing.T) {
	dir := corpusDir()
	if dir == "" {
		t.Skip("../shared/schemas-corpus not found")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) == 0 {
		t.Skip("empty corpus")
	}
	counts := map[string]int{}
	misspelled := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		counts[kindOf(t, data)]++
		checkKnownKind(t, filepath.Base(f), data)
		_, ps := Parse("schemas/x/schema.json", data)
		for _, p := range ps {
			if p.Code == "bad-constraint" && strings.Contains(p.Message(i18n.EN), "misspelling of \"constraints\"") {
				misspelled++
			}
		}
		if n := strings.Count(string(data), `"contraints"`); n > 0 && misspelled == 0 {
			t.Errorf("%s: %d contraints keys but no warning", filepath.Base(f), n)
		}
	}
	t.Logf("corpus: %v; misspelled constraints reported: %d", counts, misspelled)
	if counts["table"] == 0 {
		t.Error("no Table Schema in the corpus")
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name string
		json string
		want string // rendered problems in English, one per line
	}{
		{"syntax trailing comma", "{\n  \"fields\": [\n    {\"name\": \"a\"},\n  ]\n}",
			"f:4:3: json-syntax invalid JSON: unexpected \"]\": a value is expected (trailing comma?) [error]"},
		{"syntax unterminated", "{\"fields\": [{\"name\": \"a}]}",
			"f:1:22: json-syntax invalid JSON: unterminated string: closing quote missing [error]"},
		{"syntax column counts characters", "{\"title\": \"Équipés\" x}",
			"f:1:21: json-syntax invalid JSON: \",\" or \"}\" expected after a value [error]"},
		{"not an object", "[1, 2]",
			"f:1:1: not-table-schema this file holds a list, not a JSON object: a Table Schema is an object with a `fields` list [error]"},
		{"no fields", "{\n \"name\": \"x\"\n}",
			"f:1:1: not-table-schema no `fields`: a Table Schema describes its columns in a `fields` list [error]"},
		{"data package", "{\"name\": \"p\",\n \"resources\": [{\"name\": \"r\", \"schema\": \"r/schema.json\"}]}",
			"f:2:2: not-table-schema this file is a Data Package (it has `resources`), not a Table Schema: put each resource's schema in its own folder schemas/<id>/schema.json (resource schemas: r/schema.json) [error]"},
		{"json schema", "{\"type\": \"object\",\n  \"properties\": {}}",
			"f:2:3: not-table-schema this file is a JSON Schema (`$schema`/`properties`), not a Table Schema: it describes JSON documents, not the columns of a CSV [error]"},
		{"unknown type", "{\"fields\": [\n {\"name\": \"a\", \"type\": \"interger\"}]}",
			"f:2:24: unknown-field-type unknown type \"interger\" for field \"a\" (did you mean \"integer\"?); possible types: string, number, integer, boolean, object, array, date, time, datetime, year, yearmonth, duration, geopoint, geojson, any, list [error]"},
		{"missing name", "{\"fields\": [{\"type\": \"string\"}]}",
			"f:1:13: missing-field field #1 has no \"name\": every column must be named [error]"},
		{"duplicate", "{\"fields\": [{\"name\": \"a\"},\n{\"name\": \"a\"}]}",
			"f:2:10: duplicate-field the column \"a\" is already defined (field #1) [error]"},
		{"bad primary key", "{\"fields\": [{\"name\": \"code\"}], \"primaryKey\": [\"Code\", \"id\"]}",
			"f:1:47: bad-primary-key \"primaryKey\" names the field \"Code\", which does not exist (did you mean \"code\"?) [error]\n" +
				"f:1:55: bad-primary-key \"primaryKey\" names the field \"id\", which does not exist [error]"},
		{"contraints", "{\"fields\": [{\"name\": \"lat\", \"type\": \"number\",\n  \"contraints\": {\"minimum\": -90}}]}",
			"f:2:3: bad-constraint \"contraints\" is a misspelling of \"constraints\": validators ignore these constraints (minimum); rename the key [warning]"},
		{"constraint for another type", "{\"fields\": [{\"name\": \"n\", \"type\": \"integer\", \"constraints\": {\"minLength\": 2}}]}",
			"f:1:62: bad-constraint field \"n\": constraint \"minLength\" does not apply to a field of type integer (it counts the characters of a text or the items of a list) [error]"},
		{"min greater than max", "{\"fields\": [{\"name\": \"n\", \"type\": \"number\", \"constraints\": {\"minimum\": 5, \"maximum\": 1}}]}",
			"f:1:72: bad-constraint field \"n\": the minimum is greater than the maximum: no value would be accepted [error]"},
		{"minLength greater than maxLength", "{\"fields\": [{\"name\": \"s\", \"constraints\": {\"minLength\": 5, \"maxLength\": 1}}]}",
			"f:1:43: bad-constraint field \"s\": minLength (5) is greater than maxLength (1): no value would be accepted [error]"},
		{"enum not a list", "{\"fields\": [{\"name\": \"s\", \"constraints\": {\"enum\": \"a|b\"}}]}",
			"f:1:51: bad-constraint field \"s\": \"enum\" must be a list of values, not a string [error]"},
		{"enum value of the wrong type", "{\"fields\": [{\"name\": \"s\", \"type\": \"integer\", \"constraints\": {\"enum\": [1, \"deux\"]}}]}",
			"f:1:74: bad-constraint field \"s\": the value \"deux\" in \"enum\" is not an integer (e.g. 42) [error]"},
		{"unknown constraint", "{\"fields\": [{\"name\": \"s\", \"constraints\": {\"maxLenght\": 3}}]}",
			"f:1:43: bad-constraint field \"s\": unknown constraint \"maxLenght\", ignored (did you mean \"maxLength\"?) [warning]"},
		{"misplaced enum", "{\"fields\": [{\"name\": \"s\", \"enum\": [\"a\"]}]}",
			"f:1:27: bad-constraint \"enum\" is ignored here: put it inside the \"constraints\" of field \"s\" [warning]"},
		{"bad pattern", "{\"fields\": [{\"name\": \"s\", \"constraints\": {\"pattern\": \"[a-\"}}]}",
			"f:1:54: bad-pattern field \"s\": the pattern cannot be compiled: unterminated character set [error]"},
		{"bad date format", "{\"fields\": [{\"name\": \"d\", \"type\": \"date\", \"format\": \"DD/MM/YYYY\"}]}",
			"f:1:53: bad-format field \"d\": unknown date format \"DD/MM/YYYY\": write a strptime format such as %d/%m/%Y, or default, or any [error]"},
		{"misspelled top-level key", "{\"fields\": [{\"name\": \"a\"}],\n \"primarykey\": \"a\", \"homepage\": \"x\", \"custom_checks\": []}",
			"f:2:2: unknown-field unknown property \"primarykey\", ignored: did you mean \"primaryKey\"? [warning]"},
		{"missingValues not strings", "{\"fields\": [{\"name\": \"a\"}], \"missingValues\": [\"\", 0]}",
			"f:1:51: bad-property \"missingValues\" must be a list of strings, e.g. [\"\", \"NA\"] [error]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := Parse("f", []byte(tt.json))
			got := strings.TrimSpace(render(ps, i18n.EN))
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestParseFrenchMessages(t *testing.T) {
	_, ps := Parse("schemas/x/schema.json", readTestdata(t, "etalab__schema-indice-durabilite__datapackage.json"))
	if len(ps) != 1 {
		t.Fatalf("want 1 problem, got %d", len(ps))
	}
	got := ps[0].Format(i18n.FR)
	want := "schemas/x/schema.json:6:5: not-table-schema ce fichier est un Data Package (il a `resources`), pas un Table Schema"
	if !strings.HasPrefix(got, want) {
		t.Errorf("got %q, want prefix %q", got, want)
	}
}

func TestParseFillsSchema(t *testing.T) {
	s, ps := Parse("schemas/subventions/schema.json", readTestdata(t, "scdl__subventions__schema.json"))
	if fact.HasErrors(ps) {
		t.Fatal(render(ps, i18n.EN))
	}
	if s.ID != "subventions" || s.Name != "subventions" || s.Version != "2.1.1" || len(s.Fields) != 16 {
		t.Fatalf("unexpected schema: id %q name %q version %q %d fields", s.ID, s.Name, s.Version, len(s.Fields))
	}
	f := s.Field("idAttribuant")
	if f == nil || !f.Constraints.Required || f.Constraints.Pattern != `^\d{14}$` {
		t.Fatalf("idAttribuant: %+v", f)
	}
	if got := f.ConstraintSummary(i18n.FR); got != `obligatoire, motif ^\d{14}$` {
		t.Errorf("summary FR = %q", got)
	}
	if got := s.Field("pourcentageSubvention").ConstraintSummary(i18n.EN); got != "required, minimum 0.01, maximum 1" {
		t.Errorf("summary EN = %q", got)
	}
	n := s.Field("notificationUE")
	if n.Type != "boolean" || len(n.TrueValues) != 1 || n.TrueValues[0] != "oui" || n.FalseValues[0] != "non" {
		t.Errorf("notificationUE: %+v", n)
	}
	s2, _ := Parse("schemas/stationnement/schema.json", readTestdata(t, "etalab__schema-stationnement__schema.json"))
	if len(s2.PrimaryKey) != 1 || s2.PrimaryKey[0] != "id" || len(s2.MissingValues) != 1 || s2.MissingValues[0] != "" {
		t.Errorf("stationnement: pk %v missing %v", s2.PrimaryKey, s2.MissingValues)
	}
	// The descriptor marshals back with its constraints.
	b, err := json.Marshal(f)
	if err != nil || !strings.Contains(string(b), `"constraints":{"required":true,"pattern":"^\\d{14}$"}`) {
		t.Errorf("marshal: %s %v", b, err)
	}
}

func TestParseAlwaysReturnsSchema(t *testing.T) {
	for _, in := range []string{"", "{", "null", "[]", `{"fields": 3}`} {
		s, ps := Parse("schemas/abc/schema.json", []byte(in))
		if s == nil || s.ID != "abc" {
			t.Errorf("%q: schema %+v", in, s)
		}
		if !fact.HasErrors(ps) {
			t.Errorf("%q: want an error", in)
		}
	}
}

func FuzzParse(f *testing.F) {
	// Small seeds: the fuzzer minimises every new input, which is slow on
	// large files.
	f.Add([]byte(`{"name": "s", "fields": [{"name": "id", "type": "string", "constraints": {"required": true, "pattern": "^\\d{14}$", "maxLength": 14}},
 {"name": "ok", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]}, {"name": "n", "type": "number", "constraints": {"minimum": 0.01, "maximum": 1}}],
 "missingValues": ["", "NA"], "primaryKey": "id"}`))
	f.Add([]byte(`{"fields": [{"name": "a", "type": "date", "format": "%d/%m/%Y", "constraints": {"minimum": "01/01/2020", "pattern": "(a)\\1"}}]}`))
	f.Add([]byte(`{"fields": [{"name": "a", "constraints": {"enum": [1, "x", null, {"a": [true]}]}}], "primaryKey": ["a", 3]}`))
	f.Add([]byte(`{"resources": [{"name": "r", "schema": "r.json"}]}`))
	f.Add([]byte(`{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {}}`))
	f.Add([]byte(`{"fields": [{"name": "l", "type": "number", "contraints": {"minimum": -90}, "enum": [1]}], "primarykey": "l"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, ps := Parse("schemas/x/schema.json", data)
		if s == nil {
			t.Fatal("nil schema")
		}
		for _, p := range ps {
			if p.Line < 1 || p.Col < 1 {
				t.Fatalf("bad position %d:%d for %s", p.Line, p.Col, p.Code)
			}
			_ = p.Format(i18n.FR)
		}
		if !fact.HasErrors(ps) {
			// A schema that loads cleanly must compile.
			if _, err := Compile(s); err != nil {
				t.Fatalf("loads without error but does not compile: %v", err)
			}
		}
	})
}
