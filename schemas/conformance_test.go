package schemas

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// conformanceCase is one case of frictionless-py's own validation tests
// (github.com/frictionlessdata/frictionless-py, commit
// 44661adf0c9ec593d48642ba380ce33bbad95e15, MIT licence) that checks a CSV
// table against a schema, ported with its expected errors.
type conformanceCase struct {
	// test is the frictionless test function; source its file.
	test, source string
	// csv is a file of testdata/frictionless, or the table itself when it
	// holds a newline (frictionless's inline data written as CSV).
	csv string
	// schema is a file of testdata/frictionless, or the descriptor itself.
	// For a test that lets frictionless infer the schema, it is the schema
	// frictionless infers from the labels it can name.
	schema string
	// keys are the columns frictionless's report.flatten lists: "rct"
	// (rowNumber, fieldNumber, type), "rnt" (rowNumber, fieldName, type) or
	// "rcnt" (all four). "-" stands for None.
	keys string
	// pick and skip are the Checklist's pick_errors and skip_errors (codes,
	// or the tags #header and #row); limit is limit_errors.
	pick, skip []string
	limit      int
	// want is frictionless's expected list.
	want []string
	// differs, when set, says why codal keeps another result, which is
	// codal: where Validata and codal's documented behaviour differ from
	// frictionless's defaults (docs/schema-validation.md, Known
	// differences).
	differs string
	codal   []string
}

const (
	fromBaseline  = "frictionless/checks/__spec__/test_baseline.py"
	fromResource  = "frictionless/resource/__spec__/test_validate.py"
	fromSchema    = "frictionless/resource/__spec__/test_validate_schema.py"
	inferredTable = `{"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}]}`
	inferredThree = `{"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}, {"name": "age", "type": "integer"}]}`
	// byName is the reason for the differences that come from matching
	// columns to fields by name, as Validata does and codal promises,
	// where frictionless's default ("fieldsMatch": "exact") matches them
	// by position.
	byName = "columns are matched to fields by name (Validata, codal); frictionless's default matches them by position"
	// bySync is the reason for the differences with frictionless's
	// schema_sync mode (not its default), which drops the labels and
	// fields that do not match silently.
	bySync = "codal reports every column the schema does not have (extra-label, its cells extra-cell) and every field absent from the header (missing-label), as Validata does; frictionless's schema_sync mode (not its default) ignores them"
)

var invalidCSV = []string{
	"-,3,blank-label",
	"-,4,duplicate-label",
	"2,3,missing-cell",
	"2,4,missing-cell",
	"3,3,missing-cell",
	"3,4,missing-cell",
	"4,-,blank-row",
	"5,5,extra-cell",
}

// conformanceCases are every case of frictionless-py's tests that checks a
// CSV table against a schema with the baseline checks. Left out: options
// codal does not have (custom Python checks, hash/bytes/rows statistics,
// compression, schemes, header_case, field name inference, foreign keys,
// the Table Schema v2 fieldsMatch modes other than the default), and
// other formats (xlsx, json).
var conformanceCases = []conformanceCase{
	{test: "test_validate_baseline", source: fromBaseline, csv: "table.csv", schema: inferredTable, keys: "rct"},
	{test: "test_resource_validate_resource_with_schema_as_string", source: fromResource, csv: "table.csv", schema: "schema.json", keys: "rct"},
	{test: "test_validate_invalid", source: fromBaseline, csv: "invalid.csv", schema: inferredTable, keys: "rct", want: invalidCSV},
	{test: "test_resource_validate_invalid_table", source: fromResource, csv: "invalid.csv", schema: inferredTable, keys: "rct", want: invalidCSV},
	{test: "test_resource_validate_blank_headers", source: fromResource, csv: "blank-headers.csv",
		schema: `{"fields": [{"name": "id", "type": "integer"}, {"name": "age", "type": "integer"}]}`, keys: "rct",
		want: []string{"-,2,blank-label"}},
	{test: "test_resource_validate_duplicate_headers", source: fromResource, csv: "duplicate-headers.csv", schema: inferredThree, keys: "rct",
		want: []string{"-,3,duplicate-label", "-,5,duplicate-label"}},
	{test: "test_resource_validate_defective_rows", source: fromResource, csv: "defective-rows.csv", schema: inferredThree, keys: "rct",
		want: []string{"2,3,missing-cell", "3,4,extra-cell"}},
	{test: "test_resource_validate_blank_rows", source: fromResource, csv: "blank-rows.csv", schema: inferredThree, keys: "rct",
		want: []string{"4,-,blank-row"}},
	{test: "test_resource_validate_blank_rows_multiple", source: fromResource, csv: "blank-rows-multiple.csv", schema: inferredThree, keys: "rct",
		want: []string{"4,-,blank-row", "5,-,blank-row", "6,-,blank-row", "7,-,blank-row", "8,-,blank-row", "9,-,blank-row",
			"10,-,blank-row", "11,-,blank-row", "12,-,blank-row", "13,-,blank-row", "14,-,blank-row"}},
	{test: "test_resource_validate_blank_cell_not_required", source: fromResource, csv: "blank-cells.csv", schema: inferredTable, keys: "rct"},
	{test: "test_resource_validate_no_data", source: fromResource, csv: "empty.csv", schema: inferredTable, keys: "rct",
		want:    []string{"-,-,source-error"},
		differs: "an empty file is codal's blank-header (row 1), one code for every header problem; frictionless stops with a source-error",
		codal:   []string{"-,-,blank-header"}},
	{test: "test_resource_validate_no_rows", source: fromResource, csv: "without-rows.csv", schema: inferredTable, keys: "rct"},
	{test: "test_resource_validate_pick_errors", source: fromResource, csv: "invalid.csv", schema: inferredTable, keys: "rct",
		pick: []string{"blank-label", "blank-row"}, want: []string{"-,3,blank-label", "4,-,blank-row"}},
	{test: "test_resource_validate_pick_errors_tags", source: fromResource, csv: "invalid.csv", schema: inferredTable, keys: "rct",
		pick: []string{"#header"}, want: []string{"-,3,blank-label", "-,4,duplicate-label"}},
	{test: "test_resource_validate_skip_errors", source: fromResource, csv: "invalid.csv", schema: inferredTable, keys: "rct",
		skip: []string{"blank-label", "blank-row"},
		want: []string{"-,4,duplicate-label", "2,3,missing-cell", "2,4,missing-cell", "3,3,missing-cell", "3,4,missing-cell", "5,5,extra-cell"}},
	{test: "test_resource_validate_skip_errors_tags", source: fromResource, csv: "invalid.csv", schema: inferredTable, keys: "rct",
		skip: []string{"#header"},
		want: []string{"2,3,missing-cell", "2,4,missing-cell", "3,3,missing-cell", "3,4,missing-cell", "4,-,blank-row", "5,5,extra-cell"}},
	{test: "test_resource_validate_invalid_limit_errors", source: fromResource, csv: "invalid.csv", schema: inferredTable, keys: "rct",
		limit: 3, want: []string{"-,3,blank-label", "-,4,duplicate-label", "2,3,missing-cell"}},
	{test: "test_resource_validate_structure_errors_with_limit_errors", source: fromResource, csv: "structure-errors.csv", schema: inferredThree, keys: "rct",
		limit: 3, want: []string{"4,-,blank-row", "5,4,extra-cell", "5,5,extra-cell"}},
	{test: "test_resource_validate_infer_fields_issue_225", source: fromResource, csv: "name1,name2\n123,\n456,\n789\n",
		schema: `{"fields": [{"name": "name1", "type": "string"}, {"name": "name2", "type": "string"}]}`, keys: "rct",
		want: []string{"4,2,missing-cell"}},
	{test: "test_resource_validate_wide_table_with_order_fields_issue_277", source: fromResource, csv: "issue-277.csv", schema: "issue-277.json", keys: "rct",
		want: []string{"49,50,constraint-error", "68,50,constraint-error", "69,50,constraint-error"}},
	{test: "test_resource_validate_resource_none_is_not_iterable_enum_constraint_issue_833", source: fromResource, csv: "issue-833.csv", schema: "issue-833.json", keys: "rct"},
	{test: "test_resource_validate_detector_sync_schema", source: fromResource, csv: "sync-schema.csv", schema: inferredTable, keys: "rct"},
	{test: "test_resource_validate_detector_sync_schema_invalid", source: fromResource,
		csv:    "LastName,FirstName,Address\nTest,Tester,23 Avenue\n",
		schema: `{"fields": [{"name": "id", "type": "string"}, {"name": "FirstName", "type": "string"}, {"name": "LastName", "type": "string"}]}`, keys: "rct",
		differs: bySync,
		codal:   []string{"-,3,extra-label", "-,1,missing-label", "2,3,extra-cell"}},
	{test: "test_resource_validate_detector_headers_errors", source: fromResource,
		csv:    "id,last_name,first_name,language\n1,Alex,John,English\n2,Peters,John,Afrikaans\n3,Smith,Paul,\n",
		schema: `{"fields": [{"name": "id", "type": "number"}, {"name": "language", "type": "string", "constraints": {"required": true}}, {"name": "country", "type": "string"}]}`,
		keys:   "rct", want: []string{"4,4,constraint-error"},
		differs: bySync,
		codal: []string{"-,2,extra-label", "-,3,extra-label", "-,3,missing-label", "2,2,extra-cell", "2,3,extra-cell", "3,2,extra-cell", "3,3,extra-cell",
			"4,2,extra-cell", "4,3,extra-cell", "4,4,constraint-error"}},
	{test: "test_resource_validate_detector_patch_schema", source: fromResource, csv: "table.csv",
		schema: `{"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}], "missingValues": ["-"]}`, keys: "rct"},

	{test: "test_resource_validate_dialect_delimiter", source: "frictionless/resource/__spec__/test_validate_dialect.py", csv: "delimiter.csv",
		schema: inferredTable, keys: "rct"},
	{test: "test_validate_package_descriptor_type_package_invalid (resource data)", source: "frictionless/actions/__spec__/test_validate.py",
		csv: "invalid-package-data.csv", keys: "rct",
		schema: `{"fields": [{"name": "id", "type": "string", "constraints": {"required": true}}, {"name": "name", "type": "string"},
			{"name": "description", "type": "string"}, {"name": "amount", "type": "number"}], "primaryKey": "id"}`,
		want: []string{"3,-,blank-row", "3,-,primary-key"}},
	{test: "test_validate_package_descriptor_type_package_invalid (resource data2)", source: "frictionless/actions/__spec__/test_validate.py",
		csv: "invalid-package-data2.csv", keys: "rct",
		schema: `{"fields": [{"type": "string", "name": "parent"}, {"type": "string", "name": "comment"}]}`,
		want:   []string{"4,-,blank-row"}},

	{test: "test_resource_validate_schema_extra_headers_and_cells", source: fromSchema, csv: "table.csv",
		schema: `{"fields": [{"name": "id", "type": "integer"}]}`, keys: "rct",
		want: []string{"-,2,extra-label", "2,2,extra-cell", "3,2,extra-cell"}},
	{test: "test_resource_validate_schema_multiple_errors", source: fromSchema, csv: "schema-errors.csv", schema: "schema-valid.json", keys: "rct",
		pick: []string{"#row"}, limit: 3, want: []string{"4,1,type-error", "4,2,constraint-error", "4,3,constraint-error"}},
	{test: "test_resource_validate_schema_min_length_constraint", source: fromSchema, csv: "row,word\n2,a\n3,ab\n4,abc\n5,abcd\n6\n",
		schema: `{"fields": [{"name": "row", "type": "integer"}, {"name": "word", "type": "string", "constraints": {"minLength": 2}}]}`, keys: "rct",
		pick: []string{"constraint-error"}, want: []string{"2,2,constraint-error"}},
	{test: "test_resource_validate_schema_max_length_constraint", source: fromSchema, csv: "row,word\n2,a\n3,ab\n4,abc\n5,abcd\n6\n",
		schema: `{"fields": [{"name": "row", "type": "integer"}, {"name": "word", "type": "string", "constraints": {"maxLength": 2}}]}`, keys: "rct",
		pick: []string{"constraint-error"}, want: []string{"4,2,constraint-error", "5,2,constraint-error"}},
	{test: "test_resource_validate_schema_minimum_constraint", source: fromSchema, csv: "row,score\n2,1\n3,2\n4,3\n5,4\n6\n",
		schema: `{"fields": [{"name": "row", "type": "integer"}, {"name": "score", "type": "integer", "constraints": {"minimum": 2}}]}`, keys: "rct",
		pick: []string{"constraint-error"}, want: []string{"2,2,constraint-error"}},
	{test: "test_resource_validate_schema_maximum_constraint", source: fromSchema, csv: "row,score\n2,1\n3,2\n4,3\n5,4\n6\n",
		schema: `{"fields": [{"name": "row", "type": "integer"}, {"name": "score", "type": "integer", "constraints": {"maximum": 2}}]}`, keys: "rct",
		pick: []string{"constraint-error"}, want: []string{"4,2,constraint-error", "5,2,constraint-error"}},
	{test: "test_resource_validate_schema_unique_error", source: fromSchema, csv: "unique-field.csv", schema: "unique-field.json", keys: "rct",
		pick: []string{"unique-error"}, want: []string{"10,1,unique-error"}},
	{test: "test_resource_validate_schema_unique_error_and_type_error", source: fromSchema, csv: "id,unique_number\na1,100\na2,bad\na3,100\na4,0\na5,0\n",
		schema: `{"fields": [{"name": "id", "type": "string"}, {"name": "unique_number", "type": "number", "constraints": {"unique": true}}]}`, keys: "rct",
		want: []string{"3,2,type-error", "4,2,unique-error", "6,2,unique-error"}},
	{test: "test_resource_validate_schema_primary_key_error", source: fromSchema, csv: "unique-field.csv", schema: "unique-field.json", keys: "rct",
		pick: []string{"primary-key"}, want: []string{"10,-,primary-key"}},
	{test: "test_resource_validate_schema_primary_key_and_unique_error", source: fromSchema, csv: "unique-field.csv", schema: "unique-field.json", keys: "rct",
		want: []string{"10,1,unique-error", "10,-,primary-key"}},
	{test: "test_resource_validate_schema_primary_key_error_composite", source: fromSchema, csv: "id,name\n1,Alex\n1,John\n,Paul\n1,John\n,\n",
		schema: `{"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}], "primaryKey": ["id", "name"]}`, keys: "rct",
		want: []string{"5,-,primary-key", "6,-,blank-row", "6,-,primary-key"}},
	{test: "test_resource_validate_less_actual_fields_with_required_constraint_issue_950", source: fromSchema, csv: "table.csv",
		schema: `{"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}, {"name": "bad", "type": "any", "constraints": {"required": true}}]}`,
		keys:   "rct", want: []string{"-,3,missing-label", "2,3,constraint-error", "2,3,missing-cell", "3,3,constraint-error", "3,3,missing-cell"},
		differs: byName + ": a field absent from the header is one missing-label, its cells are not checked row by row",
		codal:   []string{"-,3,missing-label"}},
	{test: "test_resource_with_missing_required_header_with_schema_sync_is_true_issue_1611 (case 1)", source: fromSchema, csv: "B,C\nb,c\n",
		schema: issue1611(false), keys: "rnt", want: []string{"-,A,missing-label"}},
	{test: "test_resource_with_missing_required_header_with_schema_sync_is_true_issue_1611 (case 2)", source: fromSchema, csv: "B\nb\n",
		schema: issue1611(true), keys: "rnt", want: []string{"-,A,missing-label", "-,C,missing-label"}},
	{test: "test_resource_with_missing_required_header_with_schema_sync_is_true_issue_1611 (case 3)", source: fromSchema,
		csv: "A,B\na,b\na1\na2,b2\n\na3,b3,c3\n", schema: issue1611(true), keys: "rnt",
		want: []string{"-,C,missing-label", "3,B,missing-cell", "5,-,blank-row", "6,,extra-cell"}},
	{test: "test_validate_resource_ignoring_header_case_issue_1635 (header_case true, the default)", source: fromSchema, csv: "AA,bb\na,b\n",
		schema: `{"fields": [{"name": "aa", "type": "string", "constraints": {"required": true}}, {"name": "BB", "type": "string", "constraints": {"required": true}}]}`,
		keys:   "rnt", want: []string{"-,-,unmatched-header", "-,aa,missing-label", "-,BB,missing-label"},
		differs: bySync + "; codal has no unmatched-header: each unknown label is an extra-label, with a suggestion when only the case differs",
		codal:   []string{"-,,extra-label", "-,,extra-label", "-,aa,missing-label", "-,BB,missing-label", "2,,extra-cell", "2,,extra-cell"}},
	{test: "test_resource_validate_fields_match_reordered_labels (exact, the default)", source: fromSchema, csv: "name,id\nenglish,1\n",
		schema: `{"fields": [{"name": "id", "type": "string"}, {"name": "name", "type": "string"}]}`, keys: "rcnt",
		want:    []string{"-,1,id,incorrect-label", "-,2,name,incorrect-label"},
		differs: byName + ": columns in another order are valid"},
	{test: "test_resource_validate_fields_match_extra_label (exact, the default)", source: fromSchema, csv: "name,id\nenglish,1\n",
		schema: `{"fields": [{"name": "name", "type": "string"}]}`, keys: "rcnt",
		want: []string{"-,2,,extra-label", "2,2,,extra-cell"}},
	{test: "test_resource_validate_fields_match_missing_field (exact, the default)", source: fromSchema, csv: "name,id\nenglish,1\n",
		schema: `{"fields": [{"name": "name", "type": "string"}, {"name": "id", "type": "string"}, {"name": "extra", "type": "string"}]}`, keys: "rcnt",
		want:    []string{"-,3,extra,missing-label", "2,3,extra,missing-cell"},
		differs: byName + ": a field absent from the header is one missing-label, its cells are not checked row by row",
		codal:   []string{"-,3,extra,missing-label"}},
}

// issue1611 is the schema of frictionless's issue 1611 test: A required,
// and C required too when both.
func issue1611(both bool) string {
	c := `{"name": "C", "title": "Field C", "type": "string"}`
	if both {
		c = `{"name": "C", "title": "Field C", "type": "string", "constraints": {"required": true}}`
	}
	return `{"$schema": "https://frictionlessdata.io/schemas/table-schema.json", "fields": [
		{"name": "A", "title": "Field A", "type": "string", "constraints": {"required": true}},
		{"name": "B", "title": "Field B", "type": "string"}, ` + c + `]}`
}

// headerCodes are the errors frictionless tags #header (the others are #row).
var headerCodes = []string{"blank-header", "blank-label", "duplicate-label", "extra-label", "missing-label", "incorrect-label"}

// matches reports whether an error code is in a pick or skip list.
func matches(code string, list []string) bool {
	for _, p := range list {
		switch p {
		case "#header":
			if slices.Contains(headerCodes, code) {
				return true
			}
		case "#row":
			if !slices.Contains(headerCodes, code) {
				return true
			}
		default:
			if p == code {
				return true
			}
		}
	}
	return false
}

// flatten renders codal's errors as frictionless's report.flatten does for
// the keys: header errors have no row, row errors (blank-row, primary-key)
// no column, a missing-label the field's position in the schema, and
// extra labels and cells no field name.
func flatten(rep *Report, v *Validator, keys string) []string {
	var out []string
	for _, e := range rep.Errors {
		var parts []string
		for _, k := range keys {
			switch k {
			case 'r':
				if slices.Contains(headerCodes, e.Code) {
					parts = append(parts, "-")
				} else {
					parts = append(parts, strconv.Itoa(e.Row))
				}
			case 'c':
				col := e.Column
				switch e.Code {
				case "missing-label":
					col = slices.IndexFunc(v.Schema().Fields, func(f Field) bool { return f.Name == e.Field }) + 1
				case "primary-key", "blank-row", "blank-header":
					col = 0
				}
				if col == 0 {
					parts = append(parts, "-")
				} else {
					parts = append(parts, strconv.Itoa(col))
				}
			case 'n':
				switch e.Code {
				case "blank-row", "primary-key", "blank-header":
					parts = append(parts, "-")
				case "extra-label", "extra-cell":
					parts = append(parts, "")
				default:
					parts = append(parts, e.Field)
				}
			case 't':
				parts = append(parts, e.Code)
			}
		}
		out = append(out, strings.Join(parts, ","))
	}
	return out
}

// TestFrictionlessConformance runs the cases of frictionless-py's own tests
// that check a CSV file against a schema, and compares codal's errors with
// frictionless's expected (row, field, type) lists; where codal keeps a
// documented difference, with the list codal gives instead.
func TestFrictionlessConformance(t *testing.T) {
	for _, c := range conformanceCases {
		t.Run(c.test, func(t *testing.T) {
			var v *Validator
			if strings.HasPrefix(strings.TrimSpace(c.schema), "{") {
				v = compileJSON(t, c.schema)
			} else {
				data, err := os.ReadFile(filepath.Join("testdata", "frictionless", c.schema))
				if err != nil {
					t.Fatal(err)
				}
				v = compileJSON(t, string(data))
			}
			data := c.csv
			if !strings.Contains(data, "\n") {
				b, err := os.ReadFile(filepath.Join("testdata", "frictionless", c.csv))
				if err != nil {
					t.Fatal(err)
				}
				data = string(b)
			}
			rep := validateString(t, v, data, Options{MaxErrors: -1})
			kept := rep.Errors[:0:0]
			for _, e := range rep.Errors {
				if (c.pick == nil || matches(e.Code, c.pick)) && !matches(e.Code, c.skip) {
					kept = append(kept, e)
				}
			}
			if c.limit > 0 && len(kept) > c.limit {
				kept = kept[:c.limit]
			}
			rep.Errors = kept
			got := flatten(rep, v, c.keys)
			want := c.want
			if c.differs != "" {
				want = c.codal
				if slices.Equal(got, c.want) {
					t.Errorf("codal now gives frictionless's result: drop the difference (%s)", c.differs)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s:\ngot  %q\nwant %q", c.source, got, want)
			}
		})
	}
}

// fieldCase is one cell of frictionless-py's field tests
// (frictionless/fields/__spec__/test_<type>.py, test_<type>_read_cell),
// those whose source is text as a CSV cell is: valid when frictionless
// reads a value (target not None), or when the cell is empty (a missing
// value, not an error unless required).
type fieldCase struct {
	typ, source, options string
	valid                bool
	// differs, when set, says why codal gives the other answer.
	differs string
}

// fieldCases are the text cells of the read_cell tests of the integer,
// number, boolean, year, yearmonth, date, datetime, time, geopoint,
// geojson, array, object, any, duration and string fields (the others pass Python values, which a CSV file cannot
// hold; a format codal does not know, "invalid" or "wkt", is a schema
// problem, not a cell's).
var fieldCases = []fieldCase{
	{"integer", "1", ``, true, ""},
	{"integer", "000835", ``, true, ""},
	{"integer", "0", ``, true, ""},
	{"integer", "00", ``, true, ""},
	{"integer", "01", ``, true, ""},
	{"integer", " 01 ", ``, true, ""},
	{"integer", "0.0003", ``, false, ""},
	{"integer", "00", `"bareNumber": false`, true, ""},
	{"integer", "01", `"bareNumber": false`, true, ""},
	{"integer", "1$", `"bareNumber": false`, true, ""},
	{"integer", "ab1$", `"bareNumber": false`, true, ""},
	{"integer", "-12 €", `"bareNumber": false`, true, ""},
	{"integer", "-12€", `"bareNumber": false`, true, ""},
	{"integer", "€-12", `"bareNumber": false`, true, ""},
	{"integer", "€ -12", `"bareNumber": false`, true, ""},
	{"integer", "3.14", ``, false, ""},
	{"integer", "", ``, true, ""},

	{"number", "1", ``, true, ""},
	{"number", "10.00", ``, true, ""},
	{"number", "10.50", ``, true, ""},
	{"number", "000835", ``, true, ""},
	{"number", "0", ``, true, ""},
	{"number", "00", ``, true, ""},
	{"number", "01", ``, true, ""},
	{"number", " 01 ", ``, true, ""},
	{"number", "0.003", ``, true, ""},
	{"number", "-12.3 €", `"bareNumber": false`, true, ""},
	{"number", "-12.3€", `"bareNumber": false`, true, ""},
	{"number", "€-12.3", `"bareNumber": false`, true, ""},
	{"number", "€ -12.3", `"bareNumber": false`, true, ""},
	{"number", "100%", `"bareNumber": false`, true, ""},
	{"number", "1000‰", `"bareNumber": false`, true, ""},
	{"number", "-1000", ``, true, ""},
	{"number", "1,000", `"groupChar": ","`, true, ""},
	{"number", "10,000.00", `"groupChar": ","`, true, ""},
	{"number", "10,000,000.50", `"groupChar": ","`, true, ""},
	{"number", "10#000.00", `"groupChar": "#"`, true, ""},
	{"number", "10#000#000.50", `"groupChar": "#"`, true, ""},
	{"number", "10.50", `"groupChar": "#"`, true, ""},
	{"number", "1#000", `"groupChar": "#"`, true, ""},
	{"number", "10#000@00", `"groupChar": "#", "decimalChar": "@"`, true, ""},
	{"number", "10#000#000@50", `"groupChar": "#", "decimalChar": "@"`, true, ""},
	{"number", "10@50", `"groupChar": "#", "decimalChar": "@"`, true, ""},
	{"number", "1#000", `"groupChar": "#", "decimalChar": "@"`, true, ""},
	{"number", "10,000.00", `"groupChar": ",", "bareNumber": false`, true, ""},
	{"number", "10,000,000.00", `"groupChar": ",", "bareNumber": false`, true, ""},
	{"number", "10.000.000,00", `"groupChar": ".", "decimalChar": ","`, true, ""},
	{"number", "$10000.00", `"bareNumber": false`, true, ""},
	{"number", "  10,000.00 €", `"groupChar": ",", "bareNumber": false`, true, ""},
	{"number", "10 000,00", `"groupChar": " ", "decimalChar": ","`, true, ""},
	{"number", "10 000 000,00", `"groupChar": " ", "decimalChar": ","`, true, ""},
	{"number", "10000,00 ₪", `"groupChar": " ", "decimalChar": ",", "bareNumber": false`, true, ""},
	{"number", "  10 000,00 £", `"groupChar": " ", "decimalChar": ",", "bareNumber": false`, true, ""},
	{"number", "10,000a.00", ``, false, ""},
	{"number", "10+000.00", ``, false, ""},
	{"number", "$10:000.00", ``, false, ""},
	{"number", "string", ``, false, ""},
	{"number", "", ``, true, ""},
	{"number", "1.234", `"decimalChar": ","`, false, ""},
	{"number", "1.234.", `"decimalChar": ",", "bareNumber": false`, false, ""},
	{"number", "1234.", `"decimalChar": ",", "bareNumber": false`, true, ""},
	// test_number_group_char_issue_1444
	{"number", "8.699,8", `"decimalChar": ",", "groupChar": "."`, true, ""},

	{"boolean", "true", ``, true, ""},
	{"boolean", "True", ``, true, ""},
	{"boolean", "TRUE", ``, true, ""},
	{"boolean", "1", ``, true, ""},
	{"boolean", "yes", `"trueValues": ["yes"]`, true, ""},
	{"boolean", "false", ``, true, ""},
	{"boolean", "False", ``, true, ""},
	{"boolean", "FALSE", ``, true, ""},
	{"boolean", "0", ``, true, ""},
	{"boolean", "no", `"falseValues": ["no"]`, true, ""},
	{"boolean", "t", ``, false, ""},
	{"boolean", "YES", ``, false, ""},
	{"boolean", "f", ``, false, ""},
	{"boolean", "NO", ``, false, ""},
	{"boolean", "No", ``, false, ""},
	{"boolean", "0", `"falseValues": ["0"], "trueValues": ["1"]`, true, ""},
	{"boolean", "1", `"falseValues": ["0"], "trueValues": ["1"]`, true, ""},
	{"boolean", "3.14", ``, false, ""},
	{"boolean", "", ``, true, ""},
	{"boolean", "Yes", `"trueValues": ["yes"]`, false, ""},
	{"boolean", "true", `"trueValues": ["yes"]`, false, ""},
	{"boolean", "True", `"trueValues": ["yes"]`, false, ""},
	{"boolean", "TRUE", `"trueValues": ["yes"]`, false, ""},
	{"boolean", "1", `"trueValues": ["yes"]`, false, ""},
	{"boolean", "No", `"falseValues": ["no"]`, false, ""},
	{"boolean", "false", `"falseValues": ["no"]`, false, ""},
	{"boolean", "False", `"falseValues": ["no"]`, false, ""},
	{"boolean", "FALSE", `"falseValues": ["no"]`, false, ""},
	{"boolean", "0", `"falseValues": ["no"]`, false, ""},
	// test_boolean_from_schema_descriptor_with_valid_example_fix_issue_1610
	{"boolean", "yes", `"trueValues": ["yes"], "example": "yes"`, true, ""},
	{"boolean", "true", `"trueValues": ["yes"], "example": "yes"`, false, ""},
	{"boolean", "no", `"falseValues": ["no"], "example": "no"`, true, ""},
	{"boolean", "false", `"falseValues": ["no"], "example": "no"`, false, ""},

	{"year", "2000", ``, true, ""},
	{"year", "3.14", ``, false, ""},
	{"year", "", ``, true, ""},

	{"yearmonth", "2000-10", ``, true, ""},
	{"yearmonth", "2000-13-20", ``, false, ""},
	{"yearmonth", "2000-13", ``, false, ""},
	{"yearmonth", "2000-0", ``, false, ""},
	{"yearmonth", "13", ``, false, ""},
	{"yearmonth", "3.14", ``, false, ""},
	{"yearmonth", "", ``, true, ""},

	{"date", "2019-01-01", ``, true, ""},
	{"date", "10th Jan 1969", ``, false, ""},
	{"date", "invalid", ``, false, ""},
	{"date", "", ``, true, ""},
	{"date", "2019-01-01", `"format": "any"`, true, ""},
	{"date", "10th Jan 1969", `"format": "any"`, true, "format any reads ISO and day-first numeric dates, not every English phrase python-dateutil guesses"},
	{"date", "10th Jan nineteen sixty nine", `"format": "any"`, false, ""},
	{"date", "invalid", `"format": "any"`, false, ""},
	{"date", "", `"format": "any"`, true, ""},
	{"date", "21/11/06", `"format": "%d/%m/%y"`, true, ""},
	{"date", "21/11/06 16:30", `"format": "%y/%m/%d"`, false, ""},
	{"date", "invalid", `"format": "%d/%m/%y"`, false, ""},
	{"date", "", `"format": "%d/%m/%y"`, true, ""},
	{"date", "21/11/06", `"format": "fmt:%d/%m/%y"`, true, ""},
	{"date", "21/11/06 16:30", `"format": "fmt:%y/%m/%d"`, false, ""},
	{"date", "invalid", `"format": "fmt:%d/%m/%y"`, false, ""},
	{"date", "", `"format": "fmt:%d/%m/%y"`, true, ""},
	{"datetime", "2014-01-01T06:00:00", ``, true, ""},
	{"datetime", "2014-01-01T06:00:00Z", ``, true, ""},
	{"datetime", "2014-01-01T06:00:00+01:00", ``, true, ""},
	{"datetime", "2014-01-01T06:00:00+1:00", ``, false, ""},
	{"datetime", "Mon 1st Jan 2014 9 am", ``, false, ""},
	{"datetime", "invalid", ``, false, ""},
	{"datetime", "", ``, true, ""},
	{"datetime", "2014-01-01T06:00:00", `"format": "any"`, true, ""},
	{"datetime", "2014-01-01T06:00:00Z", `"format": "any"`, true, ""},
	{"datetime", "10th Jan 1969 9 am", `"format": "any"`, true, "format any reads ISO and day-first numeric dates, not every English phrase python-dateutil guesses"},
	{"datetime", "invalid", `"format": "any"`, false, ""},
	{"datetime", "", `"format": "any"`, true, ""},
	{"datetime", "21/11/06 16:30", `"format": "%d/%m/%y %H:%M"`, true, ""},
	{"datetime", "21/11/06 16:30", `"format": "%H:%M %d/%m/%y"`, false, ""},
	{"datetime", "invalid", `"format": "%d/%m/%y %H:%M"`, false, ""},
	{"datetime", "", `"format": "%d/%m/%y %H:%M"`, true, ""},
	{"datetime", "21/11/06 16:30", `"format": "fmt:%d/%m/%y %H:%M"`, true, ""},
	{"datetime", "21/11/06 16:30", `"format": "fmt:%H:%M %d/%m/%y"`, false, ""},
	{"datetime", "invalid", `"format": "fmt:%d/%m/%y %H:%M"`, false, ""},
	{"datetime", "", `"format": "fmt:%d/%m/%y %H:%M"`, true, ""},
	{"time", "06:00:00", ``, true, ""},
	{"time", "06:00:00Z", ``, true, ""},
	{"time", "06:00:00+01:00", ``, true, ""},
	{"time", "06:00:00+1:00", ``, false, ""},
	{"time", "09:00", ``, false, ""},
	{"time", "3 am", ``, false, ""},
	{"time", "3.00", ``, false, ""},
	{"time", "invalid", ``, false, ""},
	{"time", "", ``, true, ""},
	{"time", "06:00:00", `"format": "any"`, true, ""},
	{"time", "06:00:00Z", `"format": "any"`, true, ""},
	{"time", "3:00 am", `"format": "any"`, true, ""},
	{"time", "some night", `"format": "any"`, false, ""},
	{"time", "invalid", `"format": "any"`, false, ""},
	{"time", "", `"format": "any"`, true, ""},
	{"time", "06:00", `"format": "%H:%M"`, true, ""},
	{"time", "06:50", `"format": "%M:%H"`, false, ""},
	{"time", "3:00 am", `"format": "%H:%M"`, false, ""},
	{"time", "some night", `"format": "%H:%M"`, false, ""},
	{"time", "invalid", `"format": "%H:%M"`, false, ""},
	{"time", "", `"format": "%H:%M"`, true, ""},
	{"time", "06:00", `"format": "fmt:%H:%M"`, true, ""},
	{"time", "06:50", `"format": "fmt:%M:%H"`, false, ""},
	{"time", "3:00 am", `"format": "fmt:%H:%M"`, false, ""},
	{"time", "some night", `"format": "fmt:%H:%M"`, false, ""},
	{"time", "invalid", `"format": "fmt:%H:%M"`, false, ""},
	{"time", "", `"format": "fmt:%H:%M"`, true, ""},
	{"geopoint", "180,90", ``, true, ""},
	{"geopoint", "180, -90", ``, true, ""},
	{"geopoint", "181,90", ``, false, ""},
	{"geopoint", "0,91", ``, false, ""},
	{"geopoint", "string", ``, false, ""},
	{"geopoint", "3.14", ``, false, ""},
	{"geopoint", "", ``, true, ""},
	{"geopoint", "[180, -90]", `"format": "array"`, true, ""},
	{"geopoint", "180,90", `"format": "array"`, false, ""},
	{"geopoint", "string", `"format": "array"`, false, ""},
	{"geopoint", "3.14", `"format": "array"`, false, ""},
	{"geopoint", "", `"format": "array"`, true, ""},
	{"geopoint", `{"lon": 180, "lat": 90}`, `"format": "object"`, true, ""},
	{"geopoint", "[180, -90]", `"format": "object"`, false, ""},
	{"geopoint", "180,90", `"format": "object"`, false, ""},
	{"geopoint", "string", `"format": "object"`, false, ""},
	{"geopoint", "3.14", `"format": "object"`, false, ""},
	{"geopoint", "", `"format": "object"`, true, ""},
	{"geojson", `{"geometry": null, "type": "Feature", "properties": {"\u00c3": "\u00c3"}}`, ``, true, ""},
	{"geojson", "string", ``, false, ""},
	{"geojson", "3.14", ``, false, ""},
	{"geojson", "", ``, true, ""},
	{"geojson", "{}", ``, false, ""},
	{"geojson", `{"type": "LineString", "arcs": [42]}`, `"format": "topojson"`, true, ""},
	{"geojson", "string", `"format": "topojson"`, false, ""},
	{"geojson", "3.14", `"format": "topojson"`, false, ""},
	{"geojson", "", `"format": "topojson"`, true, ""},
	{"array", "[]", ``, true, ""},
	{"array", `["val1", "val2"]`, ``, true, ""},
	{"array", `{"key": "value"}`, ``, false, ""},
	{"array", "string", ``, false, ""},
	{"array", "3.14", ``, false, ""},
	{"array", "", ``, true, ""},
	{"array", `["1", "2", "3"]`, `"arrayItem": {"type": "integer"}`, true, ""},
	{"array", `["1", "2", "bad"]`, `"arrayItem": {"type": "integer"}`, false, ""},
	{"array", `["val1", "val2"]`, `"arrayItem": {"constraints": {"enum": ["val1", "val2"]}}`, true, ""},
	{"object", "{}", ``, true, ""},
	{"object", `{"key": "value"}`, ``, true, ""},
	{"object", `["key", "value"]`, ``, false, ""},
	{"object", "string", ``, false, ""},
	{"object", "1", ``, false, ""},
	{"object", "3.14", ``, false, ""},
	{"object", "", ``, true, ""},
	{"any", "1", ``, true, ""},
	{"any", "3.14", ``, true, ""},
	{"any", "", ``, true, ""},
	{"duration", "P1Y10M3DT5H11M7S", ``, true, ""},
	{"duration", "P1Y", ``, true, ""},
	{"duration", "P1M", ``, true, ""},
	{"duration", "PT1S", ``, true, ""},
	{"duration", "P1M1Y", ``, false, ""},
	{"duration", "P-1Y", ``, false, ""},
	{"duration", "year", ``, false, ""},
	{"duration", "", ``, true, ""},
	{"string", "string", ``, true, ""},
	{"string", "", ``, true, ""},
	{"string", "http://google.com", `"format": "uri"`, true, ""},
	{"string", "://no-scheme.test", `"format": "uri"`, false, ""},
	{"string", "string", `"format": "uri"`, false, ""},
	{"string", "", `"format": "uri"`, true, ""},
	{"string", "name@gmail.com", `"format": "email"`, true, ""},
	{"string", "http://google.com", `"format": "email"`, false, ""},
	{"string", "string", `"format": "email"`, false, ""},
	{"string", "", `"format": "email"`, true, ""},
	{"string", "dGVzdA==", `"format": "binary"`, true, ""},
	{"string", "", `"format": "binary"`, true, ""},
	{"string", "string", `"format": "binary"`, false, ""},
}

// TestFrictionlessFieldConformance checks each text cell of frictionless-py's
// field tests in a CSV file: valid, or one type-error.
func TestFrictionlessFieldConformance(t *testing.T) {
	for _, c := range fieldCases {
		opts := ""
		if c.options != "" {
			opts = ", " + c.options
		}
		v := compileJSON(t, `{"fields": [{"name": "id"}, {"name": "name", "type": "`+c.typ+`"`+opts+`}]}`)
		data := "id,name\n1,\"" + strings.ReplaceAll(c.source, `"`, `""`) + "\"\n"
		rep := validateString(t, v, data, Options{Delimiter: ','})
		want := c.valid != (c.differs != "")
		if rep.Valid() != want || !want && (rep.ErrorCount != 1 || rep.Errors[0].Code != "type-error") {
			t.Errorf("%s %q {%s}: valid %v, want %v (%v) %s", c.typ, c.source, c.options, rep.Valid(), want, rep.Counts, c.differs)
		}
	}
}

// constraintCase is one test of frictionless-py's
// frictionless/schema/__spec__/field/test_constraints.py: a field, and for
// each text cell how many constraint-errors frictionless finds.
type constraintCase struct {
	test, field string
	cells       []string // "cell=N": N constraint-errors
}

var constraintCases = []constraintCase{
	{"test_field_read_cell_required", `{"name": "name", "type": "string", "constraints": {"required": true}, "missingValues": ["", "NA", "N/A"]}`,
		[]string{"test=0", "null=0", "none=0", "nil=0", "nan=0", "-=0", "NA=1", "N/A=1", "=1"}},
	{"test_field_read_cell_minLength", `{"name": "name", "type": "string", "constraints": {"minLength": 2}}`,
		[]string{"abc=0", "ab=0", "a=1", "=0"}},
	{"test_field_read_cell_maxLength", `{"name": "name", "type": "string", "constraints": {"maxLength": 2}}`,
		[]string{"abc=1", "ab=0", "a=0", "=0"}},
	{"test_field_read_cell_minimum", `{"name": "name", "type": "integer", "constraints": {"minimum": 2}}`,
		[]string{"3=0", "2=0", "1=1", "=0"}},
	{"test_field_read_cell_maximum", `{"name": "name", "type": "integer", "constraints": {"maximum": 2}}`,
		[]string{"3=1", "2=0", "1=0", "=0"}},
	{"test_field_read_cell_pattern", `{"name": "name", "type": "string", "constraints": {"pattern": "a|b"}}`,
		[]string{"a=0", "b=0", "c=1", "=0"}},
	{"test_field_read_cell_enum", `{"name": "name", "type": "integer", "constraints": {"enum": ["1", "2", "3"]}}`,
		[]string{"1=0", "4=1", "=0"}},
	{"test_field_read_cell_multiple_constraints", `{"name": "name", "type": "string", "constraints": {"pattern": "a|b", "enum": ["a", "b"]}}`,
		[]string{"a=0", "b=0", "c=2", "=0"}},
	// frictionless/fields/__spec__/test_array.py
	{"test_array_read_cell_array_item_with_constraint_error", `{"name": "name", "type": "array", "arrayItem": {"constraints": {"enum": ["val1"]}}}`,
		[]string{`["val1", "val2"]=1`, `["val1"]=0`}},
}

// TestFrictionlessConstraintConformance checks the text cells of
// frictionless-py's constraint tests in a CSV file: as many
// constraint-errors as frictionless's notes, nothing else.
func TestFrictionlessConstraintConformance(t *testing.T) {
	for _, c := range constraintCases {
		v := compileJSON(t, `{"fields": [{"name": "id"}, `+c.field+`]}`)
		for _, cell := range c.cells {
			i := strings.LastIndexByte(cell, '=')
			src, want := cell[:i], cell[i+1:]
			rep := validateString(t, v, "id,name\n1,\""+strings.ReplaceAll(src, `"`, `""`)+"\"\n", Options{Delimiter: ','})
			if strconv.Itoa(rep.Counts["constraint-error"]) != want || rep.ErrorCount != rep.Counts["constraint-error"] {
				t.Errorf("%s: %q gives %v, want %s constraint-error", c.test, src, rep.Counts, want)
			}
		}
	}
}
