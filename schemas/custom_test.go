package schemas

import (
	"strconv"
	"strings"
	"testing"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// positions lists a report's errors as "row:column field code".
func positions(rep *Report) []string {
	var out []string
	for _, e := range rep.Errors {
		out = append(out, strconv.Itoa(e.Row)+":"+strconv.Itoa(e.Column)+" "+e.Field+" "+e.Code)
	}
	return out
}

// compileWithProblems parses and compiles an inline schema, failing on errors,
// and returns its problems.
func compileWithProblems(t *testing.T, schema string) (*Validator, []fact.Problem) {
	t.Helper()
	s, ps := Parse("schemas/test/schema.json", []byte(schema))
	for _, p := range errorsOnly(ps) {
		t.Fatalf("%s", p.Format(i18n.EN))
	}
	v, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return v, ps
}

func validateText(t *testing.T, v *Validator, data string) *Report {
	t.Helper()
	return validateString(t, v, data, Options{})
}

// TestCustomChecksSubventions: the SCDL subsidies schema's french-siret-value
// on idAttribuant and idBeneficiaire and its one-of-required.
func TestCustomChecksSubventions(t *testing.T) {
	v := compileTestdata(t, "scdl__subventions__schema.json")
	rep := validateFile(t, v, "subventions-custom.csv", Options{})
	sameLines(t, positions(rep), []string{
		"3:6 idBeneficiaire french-siret-value",
		"4:6 idBeneficiaire one-of-required",
		// "219 200 409 00015" breaks the pattern, but python-stdnum (and so
		// Validata) drops spaces before checking a SIRET.
		"6:2 idAttribuant constraint-error",
		// La Poste: 35600000049837 passes (digit sum 45), …838 does not.
		"7:6 idBeneficiaire french-siret-value",
	})
	fr := lines(rep, i18n.FR)
	if fr[0] != "3:6 idBeneficiaire french-siret-value numéro SIRET invalide : 14 chiffres attendus dont la clé de contrôle (algorithme de Luhn) est juste ; trouvé : « 44306184100020 »" {
		t.Errorf("French message: %s", fr[0])
	}
	en := lines(rep, i18n.EN)
	if en[1] != `4:6 idBeneficiaire one-of-required at least one of the columns "idBeneficiaire" or "rnaBeneficiaire" must have a value; both are empty` {
		t.Errorf("English message: %s", en[1])
	}
	if rep.Counts["french-siret-value"] != 2 || rep.Counts["one-of-required"] != 1 {
		t.Errorf("counts %v", rep.Counts)
	}
}

// TestOneOfRequiredColumns: one column missing from the file counts as
// empty; both missing is one error on the header, and no row error.
func TestOneOfRequiredColumns(t *testing.T) {
	v := compileTestdata(t, "scdl__subventions__schema.json")
	only := func(rep *Report, code string) []string {
		var out []string
		for _, p := range positions(rep) {
			if strings.HasSuffix(p, " "+code) {
				out = append(out, p)
			}
		}
		return out
	}
	rep := validateText(t, v, "nomAttribuant;idAttribuant;rnaBeneficiaire\nIssy;21920040900015;W921000123\nIssy;21920040900015;\n")
	sameLines(t, only(rep, "one-of-required"), []string{"3:3 rnaBeneficiaire one-of-required"})
	rep = validateText(t, v, "nomAttribuant;idAttribuant\nIssy;21920040900015\nIssy;21920040900015\n")
	sameLines(t, only(rep, "one-of-required"), []string{"1:0 idBeneficiaire, rnaBeneficiaire one-of-required"})
	if m := rep.Errors[len(rep.Errors)-1].Message(i18n.FR); m != "les deux colonnes « idBeneficiaire » et « rnaBeneficiaire » manquent : l'une au moins est attendue (contrôle one-of-required)" {
		t.Errorf("header message: %s", m)
	}
}

// TestCustomChecksDeliberations: the SCDL deliberations schema's
// year-interval, cohesive, compare, sum and nomenclature-actes checks.
func TestCustomChecksDeliberations(t *testing.T) {
	v := compileTestdata(t, "scdl__deliberations__schema.json")
	rep := validateFile(t, v, "deliberations-custom.csv", Options{})
	sameLines(t, positions(rep), []string{
		"3:2 COLL_SIRET french-siret-value",
		"3:8 BUDGET_ANNEE year-interval-value",
		"3:8 BUDGET_ANNEE cohesive-columns-value",
		"3:11 PREF_DATE compare-columns-value",
		"4:12 VOTE_EFFECTIF compare-columns-value",
		"4:13 VOTE_REEL sum-columns-value",
		"4:6 DELIB_MATIERE_NOM nomenclature-actes-value",
		"5:12 VOTE_EFFECTIF cohesive-columns-value",
		"5:6 DELIB_MATIERE_NOM nomenclature-actes-value",
		// A cell with a type error counts as empty, as frictionless
		// hands None to the checks: the votes are no longer cohesive.
		"7:13 VOTE_REEL type-error",
		"7:12 VOTE_EFFECTIF cohesive-columns-value",
	})
	want := []string{
		`3:8 BUDGET_ANNEE year-interval-value invalid year interval: the second year must come after the first (2023/2024); found "2024/2023"`,
		`3:8 BUDGET_ANNEE cohesive-columns-value the columns "BUDGET_ANNEE" and "BUDGET_NOM" must all have a value or all be empty`,
		`3:11 PREF_DATE compare-columns-value the value of column "PREF_DATE" should be greater than or equal to that of column "DELIB_DATE" (>=); found "2024-01-20" and "2024-02-01"`,
		`4:13 VOTE_REEL sum-columns-value the sum of the columns VOTE_POUR (20) + VOTE_CONTRE (5) + VOTE_ABSTENTION (2) is 27; the column "VOTE_REEL" should hold it; found "28"`,
		`4:6 DELIB_MATIERE_NOM nomenclature-actes-value invalid @ctes nomenclature subject: expected "Prefix/…", the slash "/" is missing; found "Urbanisme PLU"`,
	}
	got := lines(rep, i18n.EN)
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			t.Errorf("missing message %s\nin\n%s", w, strings.Join(got, "\n"))
		}
	}
}

// customSchema is a small schema with one custom check on column c.
func customSchema(typ, check, params string) string {
	return `{"fields": [{"name": "id", "type": "integer"}, {"name": "c", "type": "` + typ + `"}],
	"custom_checks": [{"name": "` + check + `", "params": ` + params + `}]}`
}

// TestSingleColumnChecks: the checks the corpus does not use (and the
// others' edge cases) on small schemas with Validata's params.
func TestSingleColumnChecks(t *testing.T) {
	tests := []struct {
		name, typ, check, params string
		valid, invalid           []string
		code                     string
	}{
		{"siren", "string", "french-siren-value", `{"column": "c"}`,
			[]string{"219200409", "219 200 409", "356000000"}, []string{"219200408", "21920040", "2192004090", "abcdefghi"}, ""},
		{"siren deprecated name", "string", "siren", `{"column": "c"}`,
			[]string{"443061841"}, []string{"443061842"}, "french-siren-value"},
		{"siret deprecated name", "string", "siret", `{"column": "c"}`,
			[]string{"21920040900015", "35600000000048", "35600000049837"}, []string{"21920040900016", "35600000049838", "2192004090001"}, "french-siret-value"},
		{"phone", "string", "phone-number-value", `{"column": "c"}`,
			[]string{"01 41 23 80 00", "01.41.23.80.00", "+33 1 41 23 80 00", "+33 (0)1 41 23 80 00", "0033141238000", "115", "3949", "+44 20 7946 0958"},
			[]string{"12345", "01 41 23 80", "00 00 00 00 00", "+33 1 41 23 80 00 00", "tel 0141238000", "Lu-Ve"}, ""},
		{"year interval", "string", "year-interval-value", `{"column": "c"}`,
			[]string{"2017/2018"}, []string{"2017", "2018/2017", "2017/2017", "17/18", "toto"}, ""},
		{"year only allowed", "string", "year-interval-value", `{"column": "c", "allow-year-only": "yes"}`,
			[]string{"2017", "2017/2018"}, []string{"17", "2018/2017"}, ""},
		{"nomenclature", "string", "nomenclature-actes-value", `{"column": "c"}`,
			[]string{"Finances locales/Subventions", "DOMAINES DE COMPETENCES PAR THEMES/Culture", "autres domaines de compétences/x"},
			[]string{"Finances", "Finance locale/Subventions", "/Subventions"}, ""},
		{"opening hours", "string", "opening-hours-value", `{"column": "c"}`,
			[]string{"24/7", "Mo-Fr", "Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-12:00", "Mo-Sa 09:00-19:00; Su,PH off", "Tu-Su 10:00-18:00; Jan 01,May 01,Dec 25 off"},
			[]string{"Lu-Ve", "Mo-Fr 8:00-12:00", "Mo-Fr 25:00-26:00", "Mo-Fr 08:00-12:00;", "9h-18h"}, ""},
		{"gps", "geopoint", "french-gps-coordinates", `{"column": "c"}`,
			[]string{"2.2700,48.8245", "-61.53,16.24", "55.45,-21.11", "45.16,-12.78"}, []string{"-73.98,40.75", "0,0"}, ""},
		{"gps swapped", "geopoint", "french-gps-coordinates", `{"column": "c"}`,
			nil, []string{"48.8245,2.2700"}, "reversed-french-gps-coordinates"},
		{"commune", "string", "french-commune-code", `{"column": "c"}`,
			[]string{"92040", "75101", "75056", "2A004", "2B033", "97101", "13201"}, []string{"92999", "20004", "99999", "9204", "2C004"}, ""},
		{"postal", "string", "french-postal-code", `{"column": "c"}`,
			[]string{"92130", "75001", "20000", "97139"}, []string{"92999", "00000", "9213"}, ""},
		{"departement", "string", "french-departement-code", `{"column": "c"}`,
			[]string{"92", "01", "2A", "2B", "971", "976", "988"}, []string{"20", "96", "1", "979", "92130"}, ""},
		{"region", "string", "french-region-code", `{"column": "c"}`,
			[]string{"11", "94", "01", "06"}, []string{"21", "975", "1", "99"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ps := compileWithProblems(t, customSchema(tt.typ, tt.check, tt.params))
			for _, p := range ps {
				if p.Code != "deprecated-custom-check" {
					t.Errorf("problem: %s", p.Format(i18n.EN))
				}
			}
			code := tt.code
			if code == "" {
				code = tt.check
			}
			var b strings.Builder
			b.WriteString("id,c\n")
			for i, s := range tt.valid {
				b.WriteString(strconv.Itoa(i) + `,"` + s + "\"\n")
			}
			b.WriteString(strconv.Itoa(len(tt.valid)) + ",\n") // empty: skipped
			var want []string
			for i, s := range tt.invalid {
				b.WriteString(strconv.Itoa(i) + `,"` + s + "\"\n")
				want = append(want, strconv.Itoa(len(tt.valid)+3+i)+":2 c "+code)
			}
			rep := validateText(t, v, b.String())
			sameLines(t, positions(rep), want)
			for _, e := range rep.Errors {
				if m := e.Message(i18n.FR); !strings.Contains(m, "trouvé") || strings.Contains(e.Message(i18n.EN), "trouvé") {
					t.Errorf("message: %s / %s", m, e.Message(i18n.EN))
				}
			}
		})
	}
}

// TestCompareSumCohesiveSynthetic: the multi-column checks with the param
// spellings the published schemas use, and their skip rules.
func TestCompareSumCohesiveSynthetic(t *testing.T) {
	v, _ := compileWithProblems(t, `{"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "integer"},
		{"name": "c", "type": "integer"}, {"name": "s", "type": "string"}, {"name": "d", "type": "date"}, {"name": "e", "type": "date"}],
	"custom_checks": [
		{"name": "compare-columns-value", "params": {"column": "a", "op": "<", "column2": "b"}},
		{"name": "compare-columns-value", "params": {"column": "s", "op": "==", "column2": "a"}},
		{"name": "compare-columns-value", "params": {"column": "d", "op": "<=", "column2": "e"}},
		{"name": "sum-columns-value", "params": {"column": "c", "columns": ["a", "b"]}},
		{"name": "cohesive-columns-value", "params": {"column": "d", "othercolumns": ["e"]}}]}`)
	rep := validateText(t, v, "a,b,c,s,d,e\n"+
		"1,2,3,1,2024-01-01,2024-01-02\n"+ // valid
		"2,1,3,x,2024-01-02,2024-01-01\n"+ // a<b fails, "x" vs 2 not comparable, d<=e fails
		"1,2,4,,,\n"+ // sum fails; s empty: compare skipped
		"1,,5,,2024-01-01,\n") // b empty: compare and sum skipped; cohesive fails
	sameLines(t, positions(rep), []string{
		"3:1 a compare-columns-value",
		"3:4 s compare-columns-value",
		"3:5 d compare-columns-value",
		"4:3 c sum-columns-value",
		"5:5 d cohesive-columns-value",
	})
	if m := rep.Errors[1].Message(i18n.EN); !strings.Contains(m, "cannot be compared") {
		t.Errorf("message: %s", m)
	}
}

// TestCustomCheckSkippedWhenColumnMissing: a check on a column the file
// lacks (or the schema does not define) does not run.
func TestCustomCheckSkippedWhenColumnMissing(t *testing.T) {
	v, ps := compileWithProblems(t, `{"fields": [{"name": "id"}, {"name": "siret"}],
	"custom_checks": [{"name": "french-siret-value", "params": {"column": "siret"}},
		{"name": "french-siret-value", "params": {"column": "absent"}}]}`)
	if len(ps) != 1 || ps[0].Code != "custom-check-column" || ps[0].Severity != fact.Warning {
		t.Errorf("problems %v", ps)
	}
	rep := validateText(t, v, "id\n1\n")
	sameLines(t, positions(rep), []string{"1:0 siret missing-label"})
}

// TestCustomCheckLint: unknown checks and bad params are warnings with a
// stable code at the entry's position; validation runs the known ones.
func TestCustomCheckLint(t *testing.T) {
	schema := `{"fields": [{"name": "a"}, {"name": "b"}],
"custom_checks": [
  {"name": "french-siret-value", "params": {"column": "a"}},
  {"name": "frobnicate", "params": {"column": "a"}},
  {"name": "compare-columns-value", "params": {"column": "a", "op": "=~", "column2": "b"}},
  {"name": "sum-columns-value", "params": {"column": "a", "columns": "b"}},
  {"name": "siren", "params": {"column": "b"}},
  {"name": "year-interval-value", "params": {"column": "b", "allow-year-only": true}},
  {"params": {"column": "a"}},
  "siret"
]}`
	v, ps := compileWithProblems(t, schema)
	var got []string
	for _, p := range ps {
		if p.Severity != fact.Warning {
			t.Errorf("not a warning: %s", p.Format(i18n.EN))
		}
		got = append(got, strconv.Itoa(p.Line)+" "+p.Code)
	}
	sameLines(t, got, []string{
		"4 unknown-custom-check",
		"5 bad-custom-check",
		"6 bad-custom-check",
		"7 deprecated-custom-check",
		"8 bad-custom-check",
		"9 bad-custom-check",
		"10 bad-custom-check",
	})
	if m := ps[0].Text.In(i18n.FR); !strings.HasPrefix(m, "contrôle personnalisé « frobnicate » inconnu : codal ne l'applique pas") {
		t.Errorf("message: %s", m)
	}
	// The known checks still run: siret on a, siren on b.
	rep := validateText(t, v, "a,b\n21920040900016,219200408\n")
	sameLines(t, positions(rep), []string{"2:1 a french-siret-value", "2:2 b french-siren-value"})
}

// TestCustomCheckHostile: a 10 MB column name, a huge and a deeply nested
// params object are bounded: warnings, no crash, quick.
func TestCustomCheckHostile(t *testing.T) {
	long := strings.Repeat("x", 10<<20)
	v, ps := compileWithProblems(t, `{"fields": [{"name": "a"}], "custom_checks": [{"name": "french-siret-value", "params": {"column": "`+long+`"}}]}`)
	if len(ps) != 1 || ps[0].Code != "bad-custom-check" || len(ps[0].Text.EN) > 500 {
		t.Errorf("problems: %d, %.300s", len(ps), ps[0].Text.EN)
	}
	if v.custom != nil {
		t.Error("the check with a 10 MB column name was compiled")
	}
	var b strings.Builder
	b.WriteString(`{"fields": [{"name": "a"}], "custom_checks": [{"name": "one-of-required", "params": {"column1": "a", "column2": "a"`)
	for i := 0; i < 20000; i++ {
		b.WriteString(`, "k` + strconv.Itoa(i) + `": [1, 2, {"x": "y"}]`)
	}
	b.WriteString(`, "deep": ` + strings.Repeat("[", 400) + strings.Repeat("]", 400) + `}}]}`)
	s, ps := Parse("schemas/test/schema.json", []byte(b.String()))
	if len(ps) != 0 || len(s.CustomChecks) != 1 || len(s.CustomChecks[0].Params) != 2 {
		t.Errorf("problems %v, checks %v", ps, len(s.CustomChecks))
	}
	cols := make([]string, 5000)
	for i := range cols {
		cols[i] = `"c` + strconv.Itoa(i) + `"`
	}
	_, ps = compileWithProblems(t, `{"fields": [{"name": "a"}], "custom_checks": [{"name": "cohesive-columns-value", "params": {"column": "a", "othercolumns": [`+strings.Join(cols, ",")+`]}}]}`)
	if len(ps) != 1 || ps[0].Code != "bad-custom-check" {
		t.Errorf("problems %v", ps)
	}
}
