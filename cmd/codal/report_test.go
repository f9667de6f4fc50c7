package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The meeting pack of the demo registry (a real Git repository): the
// period's facts in their sections, the board, every section kept.
func TestReportOnTheDemo(t *testing.T) {
	isolate(t)
	reg := demoRegistry(t)
	out, errOut, code := cli(t, "--registry", reg, "report", "--since", "2026-03-01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"# Dossier de séance CODAL — CODAL Grand Paris Seine Ouest",
		"Période : du 1er mars 2026 au ",
		"## 1. Nouvelles demandes (6)",
		"| 2026-03-02 | Arbres d'alignement des routes départementales (arbres-alignement) | Sèvres | Département des Hauts-de-Seine |",
		"| 2026-03-05 | Budget climat (budget vert) de GPSO et des communes, ligne à ligne (budget-climat) | Grand Paris Seine Ouest | déposée → à l'étude |",
		// The demo's requests are months old: some wait past their clock.
		"## 4. Demandes en retard (",
		"| Budget climat (budget vert) de GPSO et des communes, ligne à ligne (budget-climat) | Grand Paris Seine Ouest | ",
		" | date souhaitée dépassée |",
		"## 5. Tête du classement",
		"| 1 | Budget climat (budget vert) de GPSO et des communes, ligne à ligne (budget-climat) | 6/8 : ",
		"## 8. Acteurs nouveaux ou modifiés",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
	// Filed before --since: not a new request (still on the board).
	if strings.Contains(out, "| 2026-01-08 |") {
		t.Error("a request filed before --since is listed as new")
	}
	// Closed requests are not at the top of the board.
	if strings.Contains(out, "| refusée |") || strings.Contains(out, "| publiée |") {
		t.Error("a closed request at the top of the board")
	}
	if t.Failed() {
		t.Logf("the pack:\n%s", out)
	}

	// The default period is the last 30 days: the demo's facts are older.
	out, _, code = cli(t, "--registry", reg, "report")
	if code != 0 || !strings.Contains(out, "## 1. Nouvelles demandes\n\n_Rien de nouveau._") {
		t.Errorf("default period (exit %d):\n%s", code, out)
	}

	// English with --lang en.
	out, _, code = cli(t, "--registry", reg, "--lang", "en", "report", "--since", "2026-03-01")
	if code != 0 || !strings.Contains(out, "# CODAL meeting pack") || !strings.Contains(out, "submitted → under review") {
		t.Errorf("--lang en (exit %d):\n%s", code, out)
	}
}

// -o writes the HTML pack to a file, in one piece, and nothing on stdout;
// the page parses, is French, has no script and loads nothing.
func TestReportHTMLToAFile(t *testing.T) {
	isolate(t)
	reg := demoRegistry(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "seance.html")
	os.WriteFile(file, []byte("l'ancien dossier"), 0o600)
	out, errOut, code := cli(t, "--registry", reg, "report", "--since", "2026-01-01", "--format", "html", "-o", file)
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	var lang string
	tables := 0
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "html":
			for _, a := range n.Attr {
				if a.Key == "lang" {
					lang = a.Val
				}
			}
		case "table":
			tables++
		case "script", "link", "img", "iframe":
			t.Errorf("<%s> in the pack", n.Data)
		}
		for _, a := range n.Attr {
			if a.Key == "src" || (a.Key == "href" && !strings.HasPrefix(a.Val, "#")) {
				t.Errorf("%s=%q in the pack", a.Key, a.Val)
			}
		}
	}
	if lang != "fr" || tables < 4 || !strings.Contains(string(data), "Budget climat (budget vert)") {
		t.Errorf("lang %q, %d tables:\n%s", lang, tables, data)
	}
	if fi, _ := os.Stat(file); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want the pack alone (no temporary file)", len(entries))
	}

	// A symbolic link stays a link to the file it names.
	link := filepath.Join(dir, "dernier.md")
	os.Symlink("seance.html", link)
	if _, errOut, code := cli(t, "--registry", reg, "report", "-o", link); code != 0 {
		t.Fatalf("-o link: exit %d: %s", code, errOut)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	if data, _ := os.ReadFile(file); !strings.HasPrefix(string(data), "# Dossier de séance") {
		t.Errorf("the linked file was not rewritten:\n%.80s", data)
	}

	// A device is written to, not replaced.
	if _, errOut, code := cli(t, "--registry", reg, "report", "-o", os.DevNull); code != 0 {
		t.Fatalf("-o %s: exit %d: %s", os.DevNull, code, errOut)
	}
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("%s is no longer a device: %v %v", os.DevNull, fi.Mode(), err)
	}
}

// Bad input: one sentence, the usage exit code (2) or 1 for a file that
// cannot be written, and no file written.
func TestReportBadInput(t *testing.T) {
	isolate(t)
	reg := demoRegistry(t)
	dir := t.TempDir()
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--since", "2026-13-01"}, 2, `date --since invalide "2026-13-01" : AAAA-MM-JJ attendu`},
		{[]string{"--since", "hier"}, 2, `date --since invalide "hier"`},
		{[]string{"--since", "01/03/2026"}, 2, `date --since invalide "01/03/2026"`},
		{[]string{"--since", "2999-01-01"}, 2, "la date --since (2999-01-01) est après aujourd'hui"},
		{[]string{"--format", "pdf"}, 2, `format inconnu "pdf" : md ou html`},
		{[]string{"-o", dir}, 2, "est un dossier : donnez un nom de fichier à -o"},
		{[]string{"-o", filepath.Join(dir, "absent", "seance.md")}, 1, "écriture de " + filepath.Join(dir, "absent", "seance.md") + " impossible"},
		{[]string{"en-trop"}, 2, `commande inconnue "en-trop"`},
		{[]string{"--lang", "en", "--since", "2026-13-01"}, 2, `invalid --since date "2026-13-01": YYYY-MM-DD expected`},
		{[]string{"--lang", "en", "-o", dir}, 2, "is a folder: give -o a file name"},
	}
	for _, c := range cases {
		args := append([]string{"--registry", reg, "report"}, c.args...)
		out, errOut, code := cli(t, args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errOut, c.code, c.want)
		}
		if strings.Count(strings.TrimSpace(errOut), "\n") > 0 || out != "" {
			t.Errorf("%v: stdout %q, stderr %q: want one line on stderr only", c.args, out, errOut)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("bad input left %d files in the output folder", len(entries))
	}
}

// On a registry full of escape sequences, HTML tags and bidirectional
// controls, the pack prints none of them raw, in both formats and both
// languages, and the hostile title does reach it, as text.
func TestReportOnAHostileRegistry(t *testing.T) {
	isolate(t)
	reg := hostileRegistry(t)
	for _, format := range []string{"md", "html"} {
		for _, lang := range []string{"fr", "en"} {
			out, errOut, code := cli(t, "--registry", reg, "--lang", lang, "report", "--since", "2026-01-01", "--format", format)
			what := "report --format " + format + " (" + lang + ")"
			if code != 0 {
				t.Fatalf("%s: exit %d: %s", what, code, errOut)
			}
			assertClean(t, what, out)
			if !strings.Contains(out, "Piège") {
				t.Errorf("%s: the hostile title is missing:\n%s", what, out)
			}
		}
	}
}

// What only the Git history tells reaches the pack: a support withdrawn.
func TestReportTellsWithdrawnSupportsFromHistory(t *testing.T) {
	identify(t)
	reg := demoRegistry(t)
	if _, errOut, code := cli(t, "--registry", reg, "request", "unvote", "budget-climat", "--as", "vanves"); code != 0 {
		t.Fatalf("unvote: %s", errOut)
	}
	out, errOut, code := cli(t, "--registry", reg, "report")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	i := strings.Index(out, "## 2. Soutiens gagnés")
	j := strings.Index(out, "## 3.")
	if i < 0 || j < i || !strings.Contains(out[i:j], "Vanves") {
		t.Fatalf("the withdrawn support is not in the pack:\n%s", out)
	}
}
