package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

const sportsHeader = "id,nom,commune_insee,type,capacite,accessible_pmr\n"

// openValidate goes to Schémas and presses v.
func openValidate(t *testing.T, hs *harness) *validateModal {
	t.Helper()
	hs.fkeys("3", "v")
	if hs.quit {
		t.Fatal("v quit the app")
	}
	return modalOf[*validateModal](t, hs)
}

func TestValidateExampleFromTheSchemasTab(t *testing.T) {
	hs, r := registryHarness(t, i18n.FR, 80, 24)
	m := openValidate(t, hs)
	hs.mustShow("Vérifier un fichier CSV", "Équipements sportifs (equipements-sportifs)", "exemple-valide.csv", "exemple du schéma")
	if p, _ := m.field.chosen(); !strings.HasSuffix(p, "examples/exemple-valide.csv") {
		t.Fatalf("first suggestion %q, want the schema's example", p)
	}
	// Keys are the dialog's: q and 2 are text, not quit or a tab switch.
	hs.fkeys("q", "2")
	if hs.quit || hs.m.tab().Kind() != catalogue.Schemas || m.field.input.Value() != "q2" {
		t.Fatalf("keys reached the app: quit %v, tab %s, field %q", hs.quit, hs.m.tab().Kind(), m.field.input.Value())
	}
	hs.fkeys("backspace", "backspace", "enter")
	if m.state != validateDone {
		t.Fatalf("state %d after enter\n%s", m.state, hs.text())
	}
	hs.mustShow("Vérification : Équipements sportifs", "✓ valide", "1 ligne", "equipements-sportifs", "Fichier valide.")
	if want := filepath.Join(r.Dir(), "schemas", "equipements-sportifs", "examples", "exemple-valide.csv"); !strings.HasSuffix(want, m.file) {
		t.Errorf("checked %q, want %q", m.file, want)
	}
	hs.fkeys("esc")
	if hs.m.modal != nil {
		t.Fatal("esc does not close the report")
	}
}

func TestValidateReportsErrorsAsATable(t *testing.T) {
	hs, _ := registryHarness(t, i18n.FR, 120, 40)
	csv := writeFile(t, "sports.csv", sportsHeader+
		"gym-01,Gymnase,92040,gymnase,300,true\n"+
		"gym-01,Piscine,75001,piscine,-3,peut-être\n")
	m := openValidate(t, hs)
	hs.fsend(pasteMsg(csv))
	if got := m.field.input.Value(); got != csv {
		t.Fatalf("pasted %q", got)
	}
	hs.fkeys("enter")
	if m.state != validateDone {
		t.Fatalf("state %d\n%s", m.state, hs.text())
	}
	rep := m.report
	if rep.Valid() || rep.ErrorCount != 4 {
		t.Fatalf("report: valid %v, %d errors: %+v", rep.Valid(), rep.ErrorCount, rep.Errors)
	}
	hs.mustShow("✗ non valide", "4 erreurs sur 2 lignes", "Ligne", "Colonne", "Champ", "Code", "Message",
		"unique-error", "constraint-error", "type-error", "commune_insee", "Fichier non valide : 4 erreurs.")
	// The table: one row per error, in file order, with the row (header is
	// row 1) and the 1-based column.
	text := hs.text()
	for _, want := range []string{"│ 1       │ id ", "│ 3       │ commune_insee", "│ 5       │ capacite", "│ 6       │ accessible_pmr"} {
		if !strings.Contains(text, want) {
			t.Errorf("table lacks %q:\n%s", want, text)
		}
	}
}

func TestValidateBadPathsSayWhyInTheStatusBar(t *testing.T) {
	hs, _ := registryHarness(t, i18n.FR, 120, 40)
	m := openValidate(t, hs)
	missing := filepath.Join(t.TempDir(), "absent.csv")
	hs.fsend(pasteMsg(missing))
	hs.fkeys("enter")
	if m.state != validatePicking || hs.m.modal == nil {
		t.Fatalf("a missing file left the field (state %d)", m.state)
	}
	if got := hs.statusText(); got != "fichier illisible "+missing+" : il n'existe pas" || !hs.m.status.err {
		t.Fatalf("status %q", got)
	}

	// A folder, typed (up: the typed text, not the first suggestion).
	dir := t.TempDir()
	m.field.input.SetValue("")
	hs.fsend(pasteMsg(dir))
	hs.fkeys("up", "enter")
	if got := hs.statusText(); got != dir+" est un dossier, pas un fichier CSV" {
		t.Fatalf("status %q", got)
	}

	// Nothing typed and nothing offered.
	m.field.input.SetValue("")
	m.field.sugg, m.field.cursor = nil, -1
	hs.fkeys("enter")
	if got := hs.statusText(); got != "Indiquez le chemin d'un fichier CSV." {
		t.Fatalf("status %q", got)
	}
}

func TestValidateExpandsTildeAndCompletesFolders(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	writeFile(t, "x", "")
	for _, name := range []string{"donnees/sports-2026.csv", "donnees/sports-2025.csv", "donnees/notes.txt", "donnees/archives/vieux.csv"} {
		p := filepath.Join(home, name)
		mustWrite(t, p, sportsHeader+"gym-01,Gymnase,92040,gymnase,300,true\n")
	}
	hs, _ := registryHarness(t, i18n.FR, 80, 24)
	m := openValidate(t, hs)
	hs.fkeys("~/do", "tab")
	if got := m.field.input.Value(); got != "~/donnees/" {
		t.Fatalf("tab completed to %q", got)
	}
	var shown []string
	for _, s := range m.field.sugg {
		shown = append(shown, s.display)
	}
	if got := strings.Join(shown, " "); got != "~/donnees/sports-2025.csv ~/donnees/sports-2026.csv ~/donnees/archives/" {
		t.Fatalf("suggestions %q (CSV files first, then folders; no .txt)", got)
	}
	hs.mustShow("~/donnees/sports-2025.csv", "~/donnees/archives/")
	hs.mustNotShow("notes.txt")
	hs.fkeys("down", "enter")
	if m.state != validateDone || m.file != "~/donnees/sports-2026.csv" {
		t.Fatalf("state %d, file %q\n%s", m.state, m.file, hs.text())
	}
	hs.mustShow("✓ valide")

	// enter on a folder goes into it.
	hs.fkeys("esc", "v", "~/donnees/a", "enter")
	m = modalOf[*validateModal](t, hs)
	if got := m.field.input.Value(); got != "~/donnees/archives/" || m.state != validatePicking {
		t.Fatalf("enter on a folder: field %q, state %d", got, m.state)
	}
	hs.fkeys("enter")
	if m.state != validateDone || m.file != "~/donnees/archives/vieux.csv" {
		t.Fatalf("state %d, file %q", m.state, m.file)
	}
}

// A file with more errors than the cap: the first 1000 are listed, the
// summary counts them all.
func TestValidateCapsTheErrorsShown(t *testing.T) {
	var b strings.Builder
	b.WriteString(sportsHeader)
	for i := range 1500 {
		fmt.Fprintf(&b, "e-%d,Stade,92040,stade,beaucoup,true\n", i)
	}
	csv := writeFile(t, "gros.csv", b.String())
	hs, _ := registryHarness(t, i18n.FR, 80, 24)
	m := openValidate(t, hs)
	hs.fsend(pasteMsg(csv))
	hs.fkeys("enter")
	if m.state != validateDone || len(m.report.Errors) != validateMaxErrors || m.report.ErrorCount != 1500 {
		t.Fatalf("state %d, %d errors kept of %d", m.state, len(m.report.Errors), m.report.ErrorCount)
	}
	hs.mustShow("1500 erreurs sur 1500 lignes", "premières affichées", "erreurs 1–")
	hs.mustShow("sur 1000")
	hs.fkeys("G")
	hs.mustShow("│  1001  │ 5", "erreurs 996–1000 sur 1000")
	hs.mustNotShow("│  2     │ 5")
	hs.fkeys("g")
	hs.mustShow("│  2     │ 5", "erreurs 1–5 sur 1000")
}

func TestValidateInEnglish(t *testing.T) {
	hs, _ := registryHarness(t, i18n.EN, 80, 24)
	openValidate(t, hs)
	hs.mustShow("Check a CSV file", "schema example")
	hs.fkeys("enter")
	hs.mustShow("✓ valid: 1 row", "The file is valid.")
}

// The help says what v does, on the Schémas tab only.
func TestValidateKeyInTheHelp(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	hs.mustNotShow("v vérifier un CSV")
	hs.fkeys("3")
	hs.mustShow("v vérifier un CSV")
}

func TestProgressReader(t *testing.T) {
	ch := make(chan int, 1)
	r := &progressReader{ctx: context.Background(), r: strings.NewReader(strings.Repeat("x", 1000)), size: 1000, ch: ch}
	buf := make([]byte, 300)
	var got []int
	for {
		n, err := r.Read(buf)
		select {
		case p := <-ch:
			got = append(got, p)
		default:
		}
		if n == 0 || err != nil {
			break
		}
	}
	if fmt.Sprint(got) != "[30 60 90 100]" {
		t.Fatalf("progress %v", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r = &progressReader{ctx: ctx, r: strings.NewReader("abc"), size: 3, ch: ch}
	if _, err := r.Read(buf); err == nil {
		t.Fatal("a stopped check goes on reading")
	}
}

// Stopping a check: esc while it runs closes the dialog, and the late
// report is dropped.
func TestValidateStop(t *testing.T) {
	hs, _ := registryHarness(t, i18n.FR, 80, 24)
	m := openValidate(t, hs)
	_ = m.start("nothing-yet.csv") // the command is not run: the check is "running"
	hs.fkeys("esc")
	if hs.m.modal != nil || hs.statusText() != "Vérification interrompue." {
		t.Fatalf("esc while checking: modal %v, status %q", hs.m.modal != nil, hs.statusText())
	}
	hs.fsend(validateDoneMsg{job: m.job})
	if hs.m.modal != nil {
		t.Fatal("a late report reopened the dialog")
	}
}

func TestExpandPath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"~/a.csv", "/home/u/a.csv"},
		{"~", "/home/u"},
		{"'/tmp/x y.csv'", "/tmp/x y.csv"},
		{`"/tmp/x.csv"`, "/tmp/x.csv"},
		{"file:///tmp/x.csv", "/tmp/x.csv"},
		{"data/../b.csv", "/work/b.csv"},
		{"  c.csv ", "/work/c.csv"},
		{"sub/", "/work/sub"},
	} {
		if got := expandPath(c.in, "/home/u", "/work"); got != c.want {
			t.Errorf("expandPath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The report at 80×24: summary line, then the table of errors.
func TestGoldenValidateReport(t *testing.T) {
	hs := newHarness(t, i18n.FR, 80, 24)
	hs.fkeys("3", "v")
	hs.fsend(pasteMsg("testdata/csv/equipements-erreurs.csv"))
	hs.fkeys("enter")
	hs.mustShow("non valide")
	golden.RequireEqual(t, hs.screenIn(colorprofile.ASCII))
}

// A header that is one 2 MB cell: the report's table cuts the field name,
// so the body stays a few dozen short lines instead of the name wrapped in
// its 18-cell column (116,516 lines, 36 MB before).
func TestValidateHugeHeaderCellStaysBounded(t *testing.T) {
	hs, _ := registryHarness(t, i18n.EN, 120, 40)
	csv := writeFile(t, "huge.csv", strings.Repeat("x", 2<<20)+"\n")
	m := openValidate(t, hs)
	hs.fsend(pasteMsg(csv))
	hs.fkeys("enter")
	if m.state != validateDone {
		t.Fatalf("state %d\n%s", m.state, hs.text())
	}
	if got := m.report.Counts["extra-label"]; got != 1 || len(m.report.Errors[0].Field) != 2<<20 {
		t.Fatalf("report: %v", m.report.Counts)
	}
	// The table is laid out when the dialog is drawn.
	hs.mustShow("extra-label", "missing-label", "xxxxxxxxxxxx")
	size := 0
	for _, l := range m.body.lines {
		size += len(l)
	}
	if n := len(m.body.lines); n > 100 || size > 64<<10 {
		t.Errorf("the report's body has %d lines, %d bytes", n, size)
	}
}
