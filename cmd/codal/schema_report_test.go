package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// invalidSubsidies is a subsidies file with five errors of four types (two
// of them from the schema's custom checks: the 13-digit SIRET, and no
// beneficiary id).
func invalidSubsidies(t *testing.T) string {
	header := "nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;rnaBeneficiaire;objet;montant;nature;conditionsVersement;datesPeriodeVersement;idRAE;notificationUE;pourcentageSubvention;dispositifAide\r\n"
	bad := "Ville d'Issy-les-Moulineaux;2192004040001;10/02/2026;DEL-1;Club <b>|;;;Tournoi;800,5;aide en nature;Versement unique;2026-03-01;;non;1;\r\n"
	return writeCSV(t, "\xef\xbb\xbf"+header+bad)
}

// TestSchemaValidateFormats runs --format md and html through the cobra
// command: the documents on standard output (or in -o's file), the summary
// line on standard error, exit 1 for a file with errors; --format text and
// json give exactly what the default and --json give.
func TestSchemaValidateFormats(t *testing.T) {
	isolate(t)
	file := invalidSubsidies(t)
	base := filepath.Base(file)

	out, errOut, code := cli(t, "--registry", demo, "schema", "validate", "scdl-subventions", file, "--format", "md")
	if code != 1 || !strings.HasPrefix(out, "# Rapport de validation : "+base+"\n") || !strings.Contains(out, "### `type-error` (2)") ||
		!strings.Contains(out, "| 2 | 9 | montant | 800,5 |") || !strings.Contains(errOut, "non valide : 5 erreurs") {
		t.Errorf("--format md: exit %d\n%s\n%s", code, out, errOut)
	}
	out, _, code = cli(t, "--registry", demo, "--lang", "en", "schema", "validate", "scdl-subventions", file, "--format", "html")
	if code != 1 || !strings.HasPrefix(out, "<!DOCTYPE html>\n<html lang=\"en\">") || !strings.Contains(out, "<h2 id=\"erreurs\">Errors by type</h2>") ||
		strings.Contains(out, "<script") || strings.Contains(out, "http") {
		t.Errorf("--format html: exit %d\n%s", code, out)
	}

	text, textErr, code1 := cli(t, "--registry", demo, "schema", "validate", "scdl-subventions", file)
	text2, textErr2, code2 := cli(t, "--registry", demo, "schema", "validate", "scdl-subventions", file, "--format", "text")
	if text != text2 || textErr != textErr2 || code1 != 1 || code2 != 1 || !strings.HasPrefix(text, "Ligne") {
		t.Errorf("--format text differs from the default:\n%s\n%s", text, text2)
	}
	js, _, code1 := cli(t, "--registry", demo, "schema", "validate", "scdl-subventions", file, "--json")
	js2, _, code2 := cli(t, "--registry", demo, "schema", "validate", "scdl-subventions", file, "--format", "json")
	js3, _, code3 := cli(t, "--registry", demo, "schema", "validate", "scdl-subventions", file, "--format", "json", "--json")
	if js != js2 || js != js3 || code1 != 1 || code2 != 1 || code3 != 1 || !strings.HasPrefix(js, "{") {
		t.Errorf("--format json differs from --json:\n%s\n%s\n%s", js, js2, js3)
	}
}

// TestSchemaValidateFormatErrors: an unknown format, and --json with another
// format, are one clear error each (exit 2), before any check.
func TestSchemaValidateFormatErrors(t *testing.T) {
	isolate(t)
	file := invalidSubsidies(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml"}, `codal : format inconnu "xml" : text, json, md ou html`},
		{[]string{"--json", "--format", "html"}, "codal : --json et --format html se contredisent : --json est --format json ; gardez-en un"},
		{[]string{"--format", "md", "--json"}, "codal : --json et --format md se contredisent"},
		{[]string{"--format", "text", "--json"}, "codal : --json et --format text se contredisent"},
	} {
		args := append([]string{"--registry", demo, "schema", "validate", "scdl-subventions", file}, c.args...)
		out, errOut, code := cli(t, args...)
		if code != 2 || out != "" || !strings.HasPrefix(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d\n%s\n%s", c.args, code, out, errOut)
		}
	}
}

// TestSchemaValidateOutputFile: -o writes the report in one step (exit 1
// still, for a file with errors), replaces an older report, and leaves
// nothing — neither a half-written file nor a temporary one — when the
// check or the write fails.
func TestSchemaValidateOutputFile(t *testing.T) {
	isolate(t)
	file := invalidSubsidies(t)
	dir := t.TempDir()
	dest := filepath.Join(dir, "rapport.html")
	if err := os.WriteFile(dest, []byte("ancien rapport"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := cli(t, "--registry", demo, "schema", "validate", "scdl-subventions", file, "--format", "html", "-o", dest)
	got, err := os.ReadFile(dest)
	if code != 1 || out != "" || err != nil || !strings.HasPrefix(string(got), "<!DOCTYPE html>") || !strings.HasSuffix(string(got), "</html>\n") ||
		!strings.Contains(errOut, "non valide : 5 erreurs") {
		t.Errorf("-o: exit %d, %v\nstdout %q\nstderr %q\nfile %.200s", code, err, out, errOut, got)
	}
	js := filepath.Join(dir, "rapport.json")
	_, errOut, code = cli(t, "--registry", demo, "schema", "validate", "scdl-subventions", file, "--json", "--output", js)
	if got, err := os.ReadFile(js); code != 1 || err != nil || !strings.Contains(string(got), `"error_count": 5`) || errOut != "" {
		t.Errorf("--json -o: exit %d, %v, %q\n%s", code, err, errOut, got)
	}

	// The check cannot run: the older report stays as it was.
	if err := os.WriteFile(dest, []byte("ancien rapport"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = cli(t, "--registry", demo, "schema", "validate", "scdl-subventions", filepath.Join(dir, "absent.csv"), "--format", "html", "-o", dest)
	if got, _ := os.ReadFile(dest); code != 2 || string(got) != "ancien rapport" || !strings.Contains(errOut, "absent.csv") {
		t.Errorf("failed check: exit %d, file %q, %q", code, got, errOut)
	}
	// The write cannot be done: a missing folder, a folder as the file.
	for _, bad := range []string{filepath.Join(dir, "absent", "rapport.md"), dir} {
		out, errOut, code := cli(t, "--registry", demo, "schema", "validate", "scdl-subventions", file, "--format", "md", "-o", bad)
		if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, filepath.Base(bad)) {
			t.Errorf("-o %s: exit %d\n%s\n%s", bad, code, out, errOut)
		}
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "rapport.html rapport.json" {
		t.Errorf("left in the folder: %v", names)
	}
}
