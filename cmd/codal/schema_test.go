package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const demo = "../../registry/demo"

func writeCSV(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "fichier.csv")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSchemaValidateDemoExamples(t *testing.T) {
	isolate(t)
	examples, _ := filepath.Glob(filepath.Join(demo, "schemas", "*", "examples", "*.csv"))
	if len(examples) < 5 {
		t.Fatalf("demo examples: %v", examples)
	}
	for _, ex := range examples {
		id := filepath.Base(filepath.Dir(filepath.Dir(ex)))
		out, errOut, code := cli(t, "--registry", demo, "schema", "validate", id, ex)
		if code != 0 || out != "" || !strings.Contains(errOut, "valide : ") || !strings.Contains(errOut, "conformes au schéma "+id) {
			t.Errorf("%s: exit %d\n%s\n%s", ex, code, out, errOut)
		}
	}
}

func TestSchemaValidateErrors(t *testing.T) {
	isolate(t)
	header := "nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;rnaBeneficiaire;objet;montant;nature;conditionsVersement;datesPeriodeVersement;idRAE;notificationUE;pourcentageSubvention;dispositifAide\r\n"
	good := "Ville d'Issy-les-Moulineaux;21920040900015;2026-02-10;DEL-1;Club;;W921000123;Tournoi;800;aide en nature;Versement unique;2026-03-01;;non;1;\r\n"
	bad := "Ville d'Issy-les-Moulineaux;219200409 00015;10/02/2026;DEL-1;Club;;W921000124;Tournoi;800,5;aide en nature;Versement unique;2026-03-01;;Non;1;\r\n"
	file := writeCSV(t, "\xef\xbb\xbf"+header+good+bad)

	out, errOut, code := cli(t, "--registry", demo, "schema", "validate", "scdl-subventions", file)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "Ligne") || !strings.Contains(lines[1], "idAttribuant") ||
		!strings.Contains(lines[2], "attendu : une date au format AAAA-MM-JJ") || !strings.Contains(lines[3], "le séparateur décimal est le point") ||
		!strings.Contains(lines[4], "vouliez-vous dire « non » ?") {
		t.Errorf("table:\n%s", out)
	}
	if !strings.Contains(errOut, "non valide : 4 erreurs sur 2 lignes (type-error 3, constraint-error 1)") || !strings.Contains(errOut, "séparateur « ; »") {
		t.Errorf("summary: %q", errOut)
	}

	out, _, code = cli(t, "--registry", demo, "--lang", "en", "schema", "validate", "scdl-subventions", file, "--json", "--max-errors", "2")
	var rep struct {
		Valid  bool `json:"valid"`
		Rows   int  `json:"rows"`
		Errors []struct {
			Code    string `json:"code"`
			Row     int    `json:"row"`
			Column  int    `json:"column"`
			Field   string `json:"field"`
			Value   string `json:"value"`
			Message string `json:"message"`
		} `json:"errors"`
		ErrorCount int  `json:"error_count"`
		Truncated  bool `json:"truncated"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 {
		t.Fatalf("--json: exit %d, %v\n%s", code, err, out)
	}
	e := rep.Errors[1]
	if rep.Valid || rep.Rows != 2 || len(rep.Errors) != 2 || rep.ErrorCount != 4 || !rep.Truncated ||
		e.Code != "type-error" || e.Row != 3 || e.Column != 3 || e.Field != "dateConvention" || e.Value != "10/02/2026" ||
		!strings.HasPrefix(e.Message, "expected a date in the format YYYY-MM-DD") || !strings.HasSuffix(e.Message, `found "10/02/2026"`) {
		t.Errorf("json report: %+v", rep)
	}

	// Forced options, and standard input.
	semicolonless := strings.ReplaceAll(header+good, ";", "\t")
	file2 := writeCSV(t, semicolonless)
	if _, errOut, code := cli(t, "--registry", demo, "schema", "validate", "scdl-subventions", file2, "--delimiter", `\t`, "--encoding", "utf-8"); code != 0 {
		t.Errorf("forced tab: exit %d %s", code, errOut)
	}
}

func TestSchemaValidateCannotRun(t *testing.T) {
	isolate(t)
	file := writeCSV(t, "a,b\n1,2\n")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--registry", demo, "schema", "validate", "inconnu", file}, `schéma inconnu "inconnu" : schémas du registre : budget-vert, scdl-budget`},
		{[]string{"--registry", demo, "schema", "validate", "scdl-budget", filepath.Join(t.TempDir(), "absent.csv")}, "fichier illisible"},
		{[]string{"--registry", demo, "schema", "validate", "scdl-budget", t.TempDir()}, "est un dossier"},
		// the reason alone, without the system's "open <path>:" (the sentence names the file once)
		{[]string{"--registry", demo, "--lang", "en", "schema", "validate", "scdl-budget", filepath.Join(file, "x.csv")}, "unreadable file " + filepath.Join(file, "x.csv") + ": not a directory"},
		{[]string{"--registry", demo, "schema", "validate", "scdl-budget", file, "--encoding", "klingon"}, "encodage inconnu « klingon »"},
		{[]string{"--registry", demo, "schema", "validate", "scdl-budget", file, "--delimiter", "ab"}, `séparateur invalide "ab"`},
		{[]string{"--registry", demo, "--lang", "en", "schema", "validate", "nope", file}, `unknown schema "nope"`},
		{[]string{"--registry", "/nonexistent/registre", "schema", "validate", "scdl-budget", file}, "le dossier n'existe pas"},
		{[]string{"--registry", broken, "schema", "validate", "package", file}, "ne peut pas servir"},
		{[]string{"--registry", demo, "schema", "validate", "scdl-budget"}, "arguments invalides"},
	}
	for _, c := range cases {
		out, errOut, code := cli(t, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args[3:], code, out, errOut, c.want)
		}
		if strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("%v: more than one line on stderr: %q", c.args, errOut)
		}
	}
}

// A header that is one 8 MB cell: the text report stays a few kilobytes
// (the field column is cut, not padded to 8 MB on every row) and the JSON
// report keeps the full name.
func TestSchemaValidateHugeHeaderCellStaysBounded(t *testing.T) {
	isolate(t)
	label := strings.Repeat("x", 8<<20)
	file := writeCSV(t, label+"\n")
	out, errOut, code := cli(t, "--registry", demo, "--lang", "en", "schema", "validate", "scdl-budget", file)
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, errOut)
	}
	if len(out) > 16<<10 {
		t.Errorf("text report of %d bytes for 23 errors", len(out))
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 24 || !strings.Contains(lines[1], strings.Repeat("x", 79)+"…  extra-label") || strings.Contains(lines[1], strings.Repeat("x", 81)) {
		t.Errorf("table: %d lines, second %.200q", len(lines), lines[min(1, len(lines)-1)])
	}
	if !strings.Contains(errOut, "invalid: 23 errors in 0 rows (missing-label 22, extra-label 1)") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("summary: %.300q", errOut)
	}
	out, _, code = cli(t, "--registry", demo, "schema", "validate", "scdl-budget", file, "--json")
	var rep struct {
		Errors []struct {
			Code  string `json:"code"`
			Field string `json:"field"`
		} `json:"errors"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 || len(rep.Errors) != 23 {
		t.Fatalf("--json: exit %d, %v", code, err)
	}
	if e := rep.Errors[0]; e.Code != "extra-label" || e.Field != label {
		t.Errorf("JSON error: %s, field of %d bytes", e.Code, len(e.Field))
	}
}

// A pattern whose backtracking match gives up (200 ms) is reported as
// pattern-timeout, and the file is invalid (exit 1), never "does not match".
func TestSchemaValidatePatternTimeout(t *testing.T) {
	isolate(t)
	identify(t)
	dir := demoRegistry(t)
	schema := `{"title": "Codes", "fields": [{"name": "code", "type": "string", "constraints": {"pattern": "(?=a)(a|aa)+b"}}]}`
	if err := os.MkdirAll(filepath.Join(dir, "schemas", "codes"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "schemas", "codes", "schema.json"), []byte(schema), 0o644); err != nil {
		t.Fatal(err)
	}
	file := writeCSV(t, "code\naab\n"+strings.Repeat("a", 40)+"\n")
	out, errOut, code := cli(t, "--registry", dir, "--lang", "en", "schema", "validate", "codes", file)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], "pattern-timeout") ||
		!strings.Contains(lines[1], "the pattern (?=a)(a|aa)+b could not be checked: matching took longer than 200 ms on \"aaaa") ||
		strings.Contains(out, "does not match") {
		t.Errorf("table:\n%s", out)
	}
	if !strings.Contains(errOut, "invalid: 1 error in 2 rows (pattern-timeout 1)") {
		t.Errorf("summary: %q", errOut)
	}
	out, _, code = cli(t, "--registry", dir, "schema", "validate", "codes", file, "--json")
	var rep struct {
		Valid  bool `json:"valid"`
		Errors []struct {
			Code string `json:"code"`
			Row  int    `json:"row"`
		} `json:"errors"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 || rep.Valid || len(rep.Errors) != 1 || rep.Errors[0].Code != "pattern-timeout" || rep.Errors[0].Row != 3 {
		t.Errorf("--json: exit %d, %v, %+v", code, err, rep)
	}
}

// The demo's examples saved with classic Mac line endings (CR alone) are
// as valid, with as many rows, as the originals.
func TestSchemaValidateCROnlyFiles(t *testing.T) {
	isolate(t)
	examples, _ := filepath.Glob(filepath.Join(demo, "schemas", "*", "examples", "*.csv"))
	for _, ex := range examples {
		data, err := os.ReadFile(ex)
		if err != nil {
			t.Fatal(err)
		}
		id := filepath.Base(filepath.Dir(filepath.Dir(ex)))
		lf := strings.ReplaceAll(string(data), "\r\n", "\n")
		_, want, _ := cli(t, "--registry", demo, "schema", "validate", id, writeCSV(t, lf))
		cr := writeCSV(t, strings.ReplaceAll(lf, "\n", "\r"))
		_, errOut, code := cli(t, "--registry", demo, "schema", "validate", id, cr)
		if code != 0 || !sameSummary(errOut, want) || !strings.Contains(want, "conformes au schéma") {
			t.Errorf("%s with CR line endings: exit %d, %q; with LF: %q", ex, code, errOut, want)
		}
	}
}

// sameSummary compares two summaries without the file names before them.
func sameSummary(a, b string) bool {
	_, sa, _ := strings.Cut(a, " : ")
	_, sb, _ := strings.Cut(b, " : ")
	return sa != "" && sa == sb
}
