package schemas

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/gpso/codal/i18n"
)

// compileJSON builds a validator from an inline descriptor.
func compileJSON(t testing.TB, descriptor string) *Validator {
	t.Helper()
	s, ps := Parse("schemas/test/schema.json", []byte(descriptor))
	for _, p := range errorsOnly(ps) {
		t.Fatalf("descriptor: %s", p.Format(i18n.EN))
	}
	v, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func codes(rep *Report) []string {
	var out []string
	for _, e := range rep.Errors {
		out = append(out, strconv.Itoa(e.Row)+":"+strconv.Itoa(e.Column)+":"+e.Code)
	}
	return out
}

func TestTypes(t *testing.T) {
	tests := []struct {
		field string // a field descriptor
		good  []string
		bad   []string
	}{
		{`{"name": "v", "type": "integer"}`,
			// Leading zeros pass, as Python's int() reads them in frictionless
			// (its test_integer_read_cell: "000835", "00", "01").
			[]string{"0", "42", "-7", "+7", " 12 ", "1_000", "-05", "9223372036854775807", "123456789012345678901234567890", "007", "00"},
			[]string{"1.0", "1,5", "1e3", "12a", "1 000", "١٢٣", "0x1F", "--1", "1__0"}},
		{`{"name": "v", "type": "integer", "bareNumber": false}`,
			[]string{"12 €", "€12", "12%"}, []string{"1.5 €"}},
		{`{"name": "v", "type": "number"}`,
			[]string{"0", "0.5", ".5", "5.", "-3.25", "1e-3", "1E6", "NaN", "-Infinity", "inf", " 2.5 ", "1_000.5", "-0.01", "05", "007.5"},
			[]string{"1,5", "1 500", "12 €", "abc", "0x10", "1.2.3", ".", "-", "e5", "1e"}},
		{`{"name": "v", "type": "number", "decimalChar": ",", "groupChar": " "}`,
			[]string{"1 234,56", "12,5", "-0,5", "12"}, []string{"12.5", "1 234.56"}},
		{`{"name": "v", "type": "number", "bareNumber": false}`,
			[]string{"12,5 €"[3:], "€ 12.50", "95%", "05"}, []string{"€", "12.5.3 €"}},
		{`{"name": "v", "type": "boolean"}`,
			[]string{"true", "True", "TRUE", "1", "false", "False", "FALSE", "0"},
			[]string{"oui", "yes", "tRue", " true", "2"}},
		{`{"name": "v", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]}`,
			[]string{"oui", "non"}, []string{"Oui", "true", "1", "o"}},
		{`{"name": "v", "type": "date"}`,
			[]string{"2024-03-31", "2024-1-5", "2024-02-29", "0001-01-01"},
			[]string{"2023-02-29", "2024-13-01", "2024-04-31", "31/03/2024", "2024-03-31T10:00:00", "20240331", "0000-01-01", " 2024-03-31"}},
		{`{"name": "v", "type": "date", "format": "%d/%m/%Y"}`,
			[]string{"31/12/2024", "5/1/2024", "05/01/2024", " 5/01/2024"},
			[]string{"2024-12-31", "31/13/2024", "31/04/2024", "31/12/24", "31-12-2024"}},
		{`{"name": "v", "type": "date", "format": "%Y"}`,
			[]string{"2024", "1999"}, []string{"24", "2024-01"}},
		{`{"name": "v", "type": "date", "format": "%d %B %Y"}`,
			[]string{"1 January 2024", "01 march 2024", "14   JULY 1789"}, []string{"1 janvier 2024"}},
		{`{"name": "v", "type": "date", "format": "any"}`,
			[]string{"2024-03-31", "31/03/2024", "2024/03/31"}, []string{"hier", "31/02/2024"}},
		{`{"name": "v", "type": "datetime"}`,
			[]string{"2024-03-31T14:30:00", "2024-03-31T14:30:00Z", "2024-03-31 14:30:00", "2024-03-31T14:30:00.123+01:00", "2024-03-31T14:30:00+0100", "2024-03-31T14:30:00-05"},
			[]string{"2024-03-31", "2024-03-31T14:30", "2024-03-31T25:00:00", "2024-03-31T14:30:00 CET", "31/03/2024 14:30:00"}},
		{`{"name": "v", "type": "datetime", "format": "%d/%m/%Y %H:%M"}`,
			[]string{"31/03/2024 14:30", "31/03/2024  9:05"}, []string{"31/03/2024", "31/03/2024 24:00"}},
		{`{"name": "v", "type": "time"}`,
			[]string{"14:30:00", "00:00:00", "23:59:59.5", "14:30:00Z", "14:30:00+02:00"},
			[]string{"14:30", "24:00:00", "14h30", "2:30:00"}},
		{`{"name": "v", "type": "year"}`,
			[]string{"2024", "0001", "0000"}, []string{"24", "20245", "-202", "année"}},
		{`{"name": "v", "type": "yearmonth"}`,
			[]string{"2024-03", "2024-3", "2024-12"}, []string{"2024-13", "2024", "2024-03-01", "03/2024"}},
		{`{"name": "v", "type": "duration"}`,
			[]string{"P1Y2M3DT4H5M6S", "PT0.5S", "P1W", "-P1D", "PT36H", "P0,5Y"},
			[]string{"P", "1D", "P1H", "PT1D", "P1M1Y", "P1.D"}},
		{`{"name": "v", "type": "geopoint"}`,
			[]string{"2.2412, 48.8241", "-180,-90", "180, 90"}, []string{"48.8241", "200, 10", "10, 95", "a, b", "1,2,3"}},
		{`{"name": "v", "type": "geopoint", "format": "array"}`,
			[]string{"[2.24, 48.82]"}, []string{"[2.24]", "2.24, 48.82", `["a", 1]`}},
		{`{"name": "v", "type": "geopoint", "format": "object"}`,
			[]string{`{"lon": 2.24, "lat": 48.82}`}, []string{`{"lon": 2.24}`, `{"x": 1, "y": 2}`}},
		{`{"name": "v", "type": "geojson"}`,
			[]string{`{"type": "Point", "coordinates": [2.24, 48.82]}`,
				`{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "properties": {"nom": "x"}}`,
				`{"type": "FeatureCollection", "features": []}`,
				`{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}`},
			[]string{`{"type": "Point", "coordinates": [2.24]}`, `{"type": "Cercle"}`, `[1, 2]`, `{"type": "Polygon", "coordinates": [[0, 0]]}`, "POINT(2 48)"}},
		{`{"name": "v", "type": "array"}`,
			[]string{`[]`, `["a", 1]`, ` [1] `}, []string{`a,b`, `{"a": 1}`, `[1,`}},
		{`{"name": "v", "type": "object"}`,
			[]string{`{}`, `{"a": [1]}`}, []string{`[]`, `a=1`, `{"a"}`}},
		{`{"name": "v", "type": "list", "itemType": "integer"}`,
			[]string{"1,2,3", "4"}, []string{"1,a", "1;2"}},
		{`{"name": "v", "type": "any"}`,
			[]string{"x", "1", "{"}, nil},
		{`{"name": "v", "format": "email"}`,
			[]string{"prenom.nom@ville-issy.fr", "a+b@exemple.com", "élodie@mairie.fr", "x@sous.domaine.gouv.fr"},
			[]string{"mairie@issy", "@issy.fr", "a@", "a b@issy.fr", "a..b@issy.fr", "a@issy..fr", "a@-issy.fr", "a@issy.f"}},
		{`{"name": "v", "format": "uri"}`,
			[]string{"https://www.issy.com/x?y=1#z", "http://localhost:8080", "mailto:a@b.fr", "urn:isbn:2-266-11156-6", "ftp://x"},
			[]string{"www.issy.com", "https://exemple.fr/a b", "://x", "1http://x", "http:"}},
		{`{"name": "v", "format": "uuid"}`,
			[]string{"123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000"},
			[]string{"123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g"}},
	}
	for _, tt := range tests {
		v := compileJSON(t, `{"fields": [`+tt.field+`]}`)
		fc := v.fields[0]
		for _, s := range tt.good {
			if _, f := fc.check(s); f != nil {
				t.Errorf("%s: %q should be valid: %s", tt.field, s, f.text.EN)
			}
		}
		for _, s := range tt.bad {
			if _, f := fc.check(s); f == nil || f.code != "type-error" {
				t.Errorf("%s: %q should be a type error", tt.field, s)
			}
		}
	}
}

func TestConstraints(t *testing.T) {
	tests := []struct {
		field string
		good  []string
		bad   []string
	}{
		{`{"name": "v", "constraints": {"minLength": 2, "maxLength": 3}}`,
			[]string{"ab", "éèà", "日本語"}, []string{"a", "abcd", "éèàù"}},
		{`{"name": "v", "constraints": {"pattern": "\\d{5}"}}`,
			[]string{"92130", "٩٢١٣٠"}, []string{"9213", "921300", "x92130"}},
		// Anchored as frictionless does: "^" + pattern + "$", without a group.
		{`{"name": "v", "constraints": {"pattern": "a|b"}}`,
			[]string{"a", "b", "ab", "axx", "xxb"}, []string{"c", "ba"}},
		{`{"name": "v", "constraints": {"pattern": "^[A-Za-z\\s\\-\\u00C0-\\u00FF]+$"}}`,
			[]string{"Issy-les-Moulineaux", "Sèvres", "Boulogne Billancourt"}, []string{"L’Haÿ-les-Roses", "Œuvre"}},
		{`{"name": "v", "constraints": {"pattern": "^[a-z\\’\\«\\» ]+$"}}`,
			[]string{"l’eau", "« x »"}, []string{"l'eau"}},
		{`{"name": "v", "constraints": {"pattern": "[\\w.]+"}}`,
			[]string{"Électroménager.fr", "a_b"}, []string{"a-b", "a b"}},
		{`{"name": "v", "constraints": {"pattern": "(\\w)\\1"}}`,
			[]string{"aa", "éé"}, []string{"ab", "a"}},
		{`{"name": "v", "constraints": {"pattern": "(?P<c>[0-9])-(?P=c)"}}`,
			[]string{"1-1"}, []string{"1-2"}},
		{`{"name": "v", "constraints": {"pattern": "(?!0000)\\d{4}"}}`,
			[]string{"0001"}, []string{"0000", "123"}},
		{`{"name": "v", "constraints": {"pattern": "x{,2}"}}`,
			[]string{"", "x", "xx"}, []string{"xxx"}},
		{`{"name": "v", "constraints": {"pattern": "[[:a]+"}}`,
			[]string{"[:a", "::"}, []string{"b"}},
		{`{"name": "v", "constraints": {"pattern": "[^\\s]+"}}`,
			[]string{"abc"}, []string{"a\u00a0b", "a b"}},
		{`{"name": "v", "constraints": {"enum": ["tous", "abonnés"]}}`,
			[]string{"tous", "abonnés"}, []string{"Tous", "abonnes", "tous "}},
		{`{"name": "v", "type": "integer", "constraints": {"minimum": 1, "maximum": 5}}`,
			[]string{"1", "5", "3"}, []string{"0", "6", "-1"}},
		{`{"name": "v", "type": "integer", "constraints": {"exclusiveMinimum": 1, "exclusiveMaximum": 5}}`,
			[]string{"2", "4"}, []string{"1", "5"}},
		{`{"name": "v", "type": "number", "constraints": {"minimum": 0.01, "maximum": 1}}`,
			[]string{"0.01", "1", "1.0", "0.5"}, []string{"0", "1.001", "NaN", "Infinity"}},
		{`{"name": "v", "type": "number", "constraints": {"enum": [0, 1, 2]}}`,
			[]string{"0", "1.0", "2"}, []string{"3", "0.5"}},
		{`{"name": "v", "type": "date", "constraints": {"minimum": "2024-01-01", "maximum": "2024-12-31"}}`,
			[]string{"2024-01-01", "2024-06-15", "2024-12-31"}, []string{"2023-12-31", "2025-01-01"}},
		{`{"name": "v", "type": "date", "format": "%d/%m/%Y", "constraints": {"minimum": "01/01/2024"}}`,
			[]string{"01/01/2024", "15/03/2025"}, []string{"31/12/2023"}},
		{`{"name": "v", "type": "datetime", "constraints": {"maximum": "2024-01-01T00:00:00Z"}}`,
			[]string{"2023-12-31T23:59:59Z", "2024-01-01T01:00:00+02:00"}, []string{"2024-01-01T00:00:01Z"}},
		{`{"name": "v", "type": "year", "constraints": {"minimum": 2000}}`,
			[]string{"2000", "2024"}, []string{"1999"}},
		{`{"name": "v", "type": "yearmonth", "constraints": {"maximum": "2024-06"}}`,
			[]string{"2024-06", "2023-12"}, []string{"2024-07"}},
		{`{"name": "v", "type": "time", "constraints": {"minimum": "08:00:00", "maximum": "20:00:00"}}`,
			[]string{"08:00:00", "12:30:00"}, []string{"07:59:59", "20:00:01"}},
		{`{"name": "v", "type": "boolean", "constraints": {"enum": [true]}}`,
			[]string{"true", "1"}, []string{"false"}},
		{`{"name": "v", "type": "array", "constraints": {"minLength": 1, "maxLength": 2}}`,
			[]string{`["a"]`, `[1, 2]`}, []string{`[]`, `[1, 2, 3]`}},
		{`{"name": "v", "type": "array", "arrayItem": {"type": "string", "constraints": {"enum": ["bim", "lsf"]}}}`,
			[]string{`["bim"]`, `["bim", "lsf"]`, `[]`}, []string{`["bim", "autre"]`}},
		{`{"name": "v", "type": "array", "arrayItem": {"type": "integer"}}`,
			[]string{`[1, 2]`}, []string{`[1, "x"]`, `[1.5]`}},
		{`{"name": "v", "type": "object", "constraints": {"enum": [{"a": 1, "b": 2}]}}`,
			[]string{`{"b": 2, "a": 1}`, `{"a":1,"b":2}`}, []string{`{"a": 1}`}},
	}
	for _, tt := range tests {
		v := compileJSON(t, `{"fields": [`+tt.field+`]}`)
		fc := v.fields[0]
		for _, s := range tt.good {
			if _, f := fc.check(s); f != nil {
				t.Errorf("%s: %q should be valid: %s", tt.field, s, f.text.EN)
			}
		}
		for _, s := range tt.bad {
			if _, f := fc.check(s); f == nil {
				t.Errorf("%s: %q should fail", tt.field, s)
			} else if f.code != "constraint-error" && f.code != "type-error" {
				t.Errorf("%s: %q: code %s", tt.field, s, f.code)
			}
		}
	}
}

func TestSeveralConstraintErrorsOnOneCell(t *testing.T) {
	v := compileJSON(t, `{"fields": [{"name": "code", "constraints": {"maxLength": 3, "pattern": "[0-9]+", "enum": ["1", "22"]}}]}`)
	rep := validateString(t, v, "code\nabcd\n22\n", Options{})
	sameLines(t, lines(rep, i18n.EN), []string{
		`2:1 code constraint-error at most 3 characters expected, found 4: "abcd"`,
		`2:1 code constraint-error value does not match the pattern [0-9]+: "abcd"`,
		`2:1 code constraint-error value expected among "1" or "22"; found "abcd"`,
	})
}

func TestHeaderErrors(t *testing.T) {
	v := compileJSON(t, `{"fields": [{"name": "id", "constraints": {"required": true}}, {"name": "nom"}, {"name": "Commune"}]}`)
	rep := validateString(t, v, "id,nom,nom,,commune,autre\n1,a,b,c,d,e\n", Options{})
	sameLines(t, lines(rep, i18n.EN), []string{
		`1:3 nom duplicate-label column "nom" appears twice (already column 2): this column is ignored`,
		`1:4  blank-label blank column name in column 4`,
		`1:5 commune extra-label column "commune" is not in the schema (did you mean "Commune"?)`,
		`1:6 autre extra-label column "autre" is not in the schema`,
		`1:0 Commune missing-label column "Commune" missing from the header`,
		// As frictionless: the cells of an extra-label column are extra cells.
		`2:5 commune extra-cell extra cell: the column "commune" is not in the schema; found "d"`,
		`2:6 autre extra-cell extra cell: the column "autre" is not in the schema; found "e"`,
	})
	// Columns may come in any order: they are matched by name.
	rep = validateString(t, v, "Commune,nom,id\nIssy,x,\n", Options{})
	sameLines(t, lines(rep, i18n.EN), []string{`2:3 id constraint-error required value is missing`})
}

func TestBlankHeaderAndRows(t *testing.T) {
	v := compileJSON(t, `{"fields": [{"name": "a"}, {"name": "b", "type": "integer"}]}`)
	for _, tt := range []struct {
		csv  string
		rows int
		want []string
	}{
		{"", 0, []string{"1:0:blank-header"}},
		{",\n1,2\n", 1, []string{"1:0:blank-header"}},
		{"\n\na,b\nx,1\n", 1, []string{"1:0:blank-header"}},
		// Empty lines are blank rows and count in the row numbers, even
		// with CRLF and a quoted cell spanning lines.
		{"a,b\r\nx,1\r\n\r\n\"deux\r\nlignes\",2\r\n,\r\ny,z\r\n", 5, []string{"3:0:blank-row", "5:0:blank-row", "6:2:type-error"}},
		{"a,b\nx,1,extra\ny\n", 2, []string{"2:3:extra-cell", "3:2:missing-cell"}},
	} {
		rep := validateString(t, v, tt.csv, Options{})
		if strings.Join(codes(rep), " ") != strings.Join(tt.want, " ") || rep.Rows != tt.rows {
			t.Errorf("%q: got %v rows %d, want %v rows %d", tt.csv, codes(rep), rep.Rows, tt.want, tt.rows)
		}
	}
}

func TestMissingValues(t *testing.T) {
	v := compileJSON(t, `{"fields": [{"name": "n", "type": "integer", "constraints": {"required": true}},
		{"name": "m", "type": "integer", "missingValues": ["-"]}], "missingValues": ["", "NA"]}`)
	rep := validateString(t, v, "n,m\nNA,-\n,1\nNA,NA\n1,\n", Options{})
	sameLines(t, lines(rep, i18n.EN), []string{
		`2:1 n constraint-error required value is missing ("NA" counts as a missing value)`,
		`3:1 n constraint-error required value is missing`,
		`4:0  blank-row blank row`,
		`5:2 m type-error expected an integer (e.g. 42); found ""`,
	})
}

func TestUniqueAndPrimaryKeys(t *testing.T) {
	v := compileJSON(t, `{"fields": [{"name": "id", "type": "integer"}, {"name": "code", "constraints": {"unique": true}}], "primaryKey": "id"}`)
	rep := validateString(t, v, "id,code\n1,a\n2,b\n1,c\n3,a\n,d\nx,e\n", Options{})
	sameLines(t, lines(rep, i18n.EN), []string{
		`4:1 id primary-key primary key (id) "1" already at row 2: each row must have its own key`,
		`5:2 code unique-error value "a" already at row 2: the values of this field must be unique`,
		`6:1 id primary-key empty primary key (id): at least one of its cells must have a value`,
		`7:1 id type-error expected an integer (e.g. 42); found "x"`,
		`7:1 id primary-key empty primary key (id): at least one of its cells must have a value`,
	})
	// Composite key; numbers compare as numbers.
	v = compileJSON(t, `{"fields": [{"name": "insee"}, {"name": "annee", "type": "integer"}, {"name": "n", "type": "number", "constraints": {"unique": true}}],
		"primaryKey": ["insee", "annee"]}`)
	rep = validateString(t, v, "insee,annee,n\n92040,2023,1\n92040,2024,1.0\n92012,2023,2\n92040,2023,3\n92040,,4\n92040,,5\n", Options{})
	sameLines(t, lines(rep, i18n.EN), []string{
		`3:3 n unique-error value "1.0" already at row 2: the values of this field must be unique`,
		`5:1 insee, annee primary-key primary key (insee, annee) "92040, 2023" already at row 2: each row must have its own key`,
		`7:1 insee, annee primary-key primary key (insee, annee) "92040, " already at row 6: each row must have its own key`,
	})
}

func TestEncodings(t *testing.T) {
	v := compileJSON(t, `{"fields": [{"name": "commune"}, {"name": "nature", "constraints": {"enum": ["réel", "ordre"]}}]}`)
	text := "commune;nature\nSèvres;réel\nL’Haÿ-les-Roses;ordre\n"
	cp, _ := charmap.Windows1252.NewEncoder().String(text)
	latin1Text := strings.ReplaceAll(text, "’", "'")
	l1, _ := charmap.ISO8859_1.NewEncoder().String(latin1Text)
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	mixed := "commune;nature\nSèvres;réel\n" + strings.Repeat("Issy;ordre\n", 7000) + "Meudon;r\xe9el\n"
	for _, tt := range []struct {
		name, data, force, want string
		mixed                   bool
	}{
		{"utf-8", text, "", EncUTF8, false},
		{"utf-8 BOM", "\xef\xbb\xbf" + text, "", EncUTF8BOM, false},
		{"windows-1252", cp, "", EncWindows1252, false},
		{"forced latin-1", l1, "latin-1", EncLatin1, false},
		{"utf-16 BOM", u16, "", EncUTF16LE, false},
		{"utf-8 with a stray Windows-1252 byte after 64 KiB", mixed, "", EncUTF8, true},
	} {
		rep := validateString(t, v, tt.data, Options{Encoding: tt.force})
		if rep.Encoding != tt.want || !rep.Valid() || rep.MixedEncoding != tt.mixed || rep.Delimiter != ";" {
			t.Errorf("%s: encoding %s mixed %v delimiter %q, errors %v", tt.name, rep.Encoding, rep.MixedEncoding, rep.Delimiter, lines(rep, i18n.EN))
		}
	}
	// Forcing the wrong encoding shows in the errors.
	rep := validateString(t, v, text, Options{Encoding: "windows-1252"})
	if rep.Valid() {
		t.Error("UTF-8 read as Windows-1252 should not match the enum")
	}
	if _, err := v.Validate(strings.NewReader(text), Options{Encoding: "ebcdic"}); err == nil {
		t.Error("unknown encoding: want an error")
	}
}

func TestDelimiters(t *testing.T) {
	v := compileJSON(t, `{"fields": [{"name": "a"}, {"name": "b"}]}`)
	for _, tt := range []struct {
		data  string
		force rune
		want  string
	}{
		{"a,b\n1,2\n", 0, ","},
		{"a;b\n1;2\n", 0, ";"},
		{"a\tb\n1\t2\n", 0, `\t`},
		{"\"a;x\",b\n1,2\n", 0, ","}, // the ";" is inside quotes
		{"a|b\n1|2\n", '|', "|"},
	} {
		rep := validateString(t, v, strings.ReplaceAll(tt.data, `"a;x"`, "a"), Options{Delimiter: tt.force})
		if rep.Delimiter != tt.want || !rep.Valid() {
			t.Errorf("%q: delimiter %q, errors %v", tt.data, rep.Delimiter, lines(rep, i18n.EN))
		}
	}
	if got := sniffDelimiter([]byte("\"a;x\",b\n")); got != ',' {
		t.Errorf("quoted separators must not count: got %q", got)
	}
	if _, err := v.Validate(strings.NewReader("a\n"), Options{Delimiter: '"'}); err == nil {
		t.Error("a quote as delimiter: want an error")
	}
}

func TestMaxErrors(t *testing.T) {
	v := compileJSON(t, `{"fields": [{"name": "n", "type": "integer"}]}`)
	data := "n\n" + strings.Repeat("x\n", 50)
	rep := validateString(t, v, data, Options{MaxErrors: 10})
	if len(rep.Errors) != 10 || rep.ErrorCount != 50 || !rep.Truncated() || rep.Counts["type-error"] != 50 || rep.Rows != 50 {
		t.Errorf("kept %d, total %d, counts %v", len(rep.Errors), rep.ErrorCount, rep.Counts)
	}
	if rep := validateString(t, v, data, Options{MaxErrors: -1}); len(rep.Errors) != 50 {
		t.Errorf("no cap: kept %d", len(rep.Errors))
	}
	if s := rep.Summary(i18n.EN); !strings.Contains(s, "50 errors in 50 rows (type-error 50); first 10 shown") {
		t.Errorf("summary: %s", s)
	}
}

func TestReportRendering(t *testing.T) {
	v := compileJSON(t, `{"fields": [{"name": "n", "type": "integer"}, {"name": "s"}]}`)
	rep := validateString(t, v, "n,s\n1,a\nx,b\n", Options{})
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(rep.JSON(i18n.FR)); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	errs := got["errors"].([]any)
	e := errs[0].(map[string]any)
	if got["valid"] != false || got["rows"] != float64(2) || len(errs) != 1 || e["code"] != "type-error" || e["row"] != float64(3) ||
		e["column"] != float64(1) || e["field"] != "n" || e["value"] != "x" || !strings.HasPrefix(e["message"].(string), "attendu : un nombre entier") {
		t.Errorf("json: %s", buf.String())
	}
	table := rep.Table(i18n.EN)
	if len(table) != 1 || strings.Join(table[0], "|") != `3|1|n|type-error|expected an integer (e.g. 42); found "x"` {
		t.Errorf("table: %v", table)
	}
	if h := TableHeader(i18n.FR); strings.Join(h, "|") != "Ligne|Colonne|Champ|Code|Message" {
		t.Errorf("header: %v", h)
	}
	ok := validateString(t, v, "n,s\n1,a\n", Options{})
	if s := ok.Summary(i18n.FR); s != "valide : 1 ligne conforme au schéma test ; encodage utf-8, séparateur « , »" {
		t.Errorf("summary: %q", s)
	}
	if s := ok.Summary(i18n.EN); s != "valid: 1 row matches the schema test; encoding utf-8, delimiter \",\"" {
		t.Errorf("summary: %q", s)
	}
	if s := validateString(t, v, "n,s\n1,a\n2,b\n", Options{}).Summary(i18n.FR); !strings.HasPrefix(s, "valide : 2 lignes conformes au schéma test ;") {
		t.Errorf("summary: %q", s)
	}
	var empty bytes.Buffer
	_ = json.NewEncoder(&empty).Encode(ok.JSON(i18n.EN))
	if !strings.Contains(empty.String(), `"errors":[]`) {
		t.Errorf("errors must be [] when valid: %s", empty.String())
	}
}

func TestCompileRefuses(t *testing.T) {
	for _, d := range []string{
		`{"fields": [{"name": "a", "type": "text"}]}`,
		`{"fields": [{"name": "a", "type": "date", "format": "%Q"}]}`,
		`{"fields": [{"name": "a", "constraints": {"pattern": "(?<"}}]}`,
		`{"resources": []}`,
	} {
		s, _ := Parse("schemas/x/schema.json", []byte(d))
		if _, err := Compile(s); err == nil {
			t.Errorf("%s: Compile should fail", d)
		} else if _, ok := err.(*i18n.Error); !ok {
			t.Errorf("%s: want an *i18n.Error, got %T", d, err)
		}
	}
}

// TestValidPathAllocations guards the speed of the happy path: validating
// rows that are valid allocates nothing per cell (Go's csv reader allocates
// one string per record).
func TestValidPathAllocations(t *testing.T) {
	v := compileTestdata(t, "scdl__subventions__schema.json")
	row := "Ville de Boulogne-Billancourt;21920012800011;2024-03-15;DEL-2024-031;Association;44306184100021;W921000123;Objet;1500.50;aide en numéraire;Versement unique;2024-04-01;;non;0.25;\n"
	header := "nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;rnaBeneficiaire;objet;montant;nature;conditionsVersement;datesPeriodeVersement;idRAE;notificationUE;pourcentageSubvention;dispositifAide\n"
	small := header + strings.Repeat(row, 10)
	large := header + strings.Repeat(row, 2010)
	count := func(data string) float64 {
		return testing.AllocsPerRun(5, func() {
			rep, err := v.Validate(strings.NewReader(data), Options{})
			if err != nil || !rep.Valid() {
				t.Fatalf("%v %v", err, lines(rep, i18n.EN))
			}
		})
	}
	perRow := (count(large) - count(small)) / 2000
	if perRow > 1.05 {
		t.Errorf("%.2f allocations per valid row, want at most 1 (the csv reader's record string)", perRow)
	}
}

// TestPrimaryKeyColumnMissing: when a column of the primary key is absent
// from the header, the key is not checked (frictionless skips it: its
// missing-label is the error), instead of an empty key on every row.
func TestPrimaryKeyColumnMissing(t *testing.T) {
	v := compileJSON(t, `{"fields": [{"name": "id", "type": "integer"}, {"name": "annee", "type": "integer"}, {"name": "nom"}], "primaryKey": ["id", "annee"]}`)
	rep := validateString(t, v, "annee,nom\n2024,a\n2024,b\n,\n", Options{})
	sameLines(t, lines(rep, i18n.EN), []string{
		`1:0 id missing-label column "id" missing from the header`,
		`4:0  blank-row blank row`,
	})
}
