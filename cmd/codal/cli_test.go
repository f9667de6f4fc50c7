package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs codal in-process with a fresh home, config and data folder, and
// returns what it printed and its exit code.
func cli(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// isolate points codal's config and data folders at temporary ones.
func isolate(t *testing.T) (data string) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	t.Setenv("CODAL_REGISTRY", "")
	t.Setenv("CODAL_LANG", "")
	return filepath.Join(home, "data")
}

const mini = "../../registry/catalogue/testdata/mini"
const broken = "../../registry/catalogue/testdata/broken"

func TestListRequestsRanksAndJSON(t *testing.T) {
	isolate(t)
	out, errOut, code := cli(t, "--registry", mini, "list", "requests")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "budget-climat") || !strings.Contains(lines[1], "3/3 communes") || !strings.Contains(lines[1], "à l'étude") {
		t.Errorf("list requests:\n%s", out)
	}
	out, _, code = cli(t, "--registry", mini, "list", "requests", "--json")
	var reqs []map[string]any
	if err := json.Unmarshal([]byte(out), &reqs); err != nil || code != 0 {
		t.Fatalf("invalid JSON (%v, exit %d):\n%s", err, code, out)
	}
	first := reqs[0]
	if first["id"] != "budget-climat" || first["rank"] != 1.0 || first["status"] != "under-review" || first["requested_by"] != "issy-les-moulineaux" {
		t.Errorf("first request JSON: %v", first)
	}
	sup, _ := first["supporters"].([]any)
	if len(sup) != 3 || sup[0] != "issy-les-moulineaux" {
		t.Errorf("supporters %v: want the requester first, then 2 voters", sup)
	}
	if com, _ := first["communes"].([]any); len(com) != 3 {
		t.Errorf("communes %v", com)
	}
}

func TestListQueryFoldsAccents(t *testing.T) {
	isolate(t)
	out, _, code := cli(t, "--registry", mini, "list", "actors", "--query", "SEVRE")
	if code != 0 || !strings.Contains(out, "sevres") || strings.Contains(out, "meudon") {
		t.Errorf("query SEVRE (exit %d):\n%s", code, out)
	}
	// Requests match the names of their supporting communes.
	out, _, _ = cli(t, "--registry", mini, "list", "requests", "-q", "climat sèvres")
	if !strings.Contains(out, "budget-climat") || strings.Contains(out, "arbres") {
		t.Errorf("query 'climat sèvres':\n%s", out)
	}
	out, errOut, code := cli(t, "--registry", mini, "list", "snippets", "-q", "introuvable")
	if code != 0 || out != "" || !strings.Contains(errOut, "Aucune entrée") {
		t.Errorf("no match: exit %d, out %q, err %q", code, out, errOut)
	}
}

func TestShow(t *testing.T) {
	isolate(t)
	out, _, code := cli(t, "--registry", mini, "show", "requests/budget-climat")
	for _, want := range []string{"Données du budget climat", "Sèvres : indispensable", "Meudon : utile", "à l'étude"} {
		if !strings.Contains(out, want) {
			t.Errorf("show request lacks %q (exit %d):\n%s", want, code, out)
		}
	}
	out, _, _ = cli(t, "--registry", mini, "show", "actors/sevres")
	if !strings.Contains(out, "Demandes déposées") || !strings.Contains(out, "Demandes soutenues") {
		t.Errorf("show actor lacks its requests:\n%s", out)
	}
	out, _, _ = cli(t, "--registry", mini, "show", "snippets/bonjour")
	if !strings.Contains(out, `print("bonjour")`) {
		t.Errorf("show snippet lacks its code:\n%s", out)
	}
	out, _, code = cli(t, "--registry", mini, "show", "requests/budget-climat", "--json")
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil || code != 0 {
		t.Fatalf("show --json: %v\n%s", err, out)
	}
	if votes, _ := v["votes"].([]any); len(votes) != 2 {
		t.Errorf("votes in JSON: %v", v["votes"])
	}
}

func TestBadInputIsOneSentence(t *testing.T) {
	isolate(t)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--registry", mini, "show", "requests/absente"}, 1, "requests/absente n'existe pas"},
		{[]string{"--registry", mini, "show", "truc/x"}, 2, "référence \"truc/x\" invalide"},
		{[]string{"--registry", mini, "list", "trucs"}, 2, "type inconnu \"trucs\""},
		{[]string{"--registry", "/nonexistent/registre", "list", "actors"}, 1, "le dossier n'existe pas"},
		{[]string{"--registry", mini, "--lang", "en", "show", "requests/absente"}, 1, "requests/absente does not exist"},
		{[]string{"--lang", "de", "list", "actors"}, 1, "langue inconnue"},
		{[]string{"inconnue"}, 2, "commande inconnue"},
		{[]string{"init", "--demo", "--from", "x"}, 2, "choisissez --demo ou --from"},
	}
	for _, c := range cases {
		out, errOut, code := cli(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errOut, c.code, c.want)
		}
		if strings.Count(strings.TrimSpace(errOut), "\n") > 0 || strings.Contains(errOut, "goroutine") {
			t.Errorf("%v: more than one line on stderr: %q", c.args, errOut)
		}
		_ = out
	}
}

func TestNewerFormatIsRefused(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "registry.yaml"), []byte("format: 3\nname: x\n"), 0o644)
	_, errOut, code := cli(t, "--registry", dir, "list", "actors")
	if code == 0 || !strings.Contains(errOut, "format 3") {
		t.Errorf("exit %d, %q", code, errOut)
	}
}

func TestLintFormats(t *testing.T) {
	isolate(t)
	out, errOut, code := cli(t, "lint", broken)
	if code != 1 || !strings.Contains(out, "actors/sevres.yaml:3:8: bad-insee") || !strings.Contains(errOut, "erreur(s)") {
		t.Errorf("lint text: exit %d\n%s\n%s", code, out, errOut)
	}
	out, _, code = cli(t, "lint", broken, "--format", "json")
	var ps []problemJSON
	if err := json.Unmarshal([]byte(out), &ps); err != nil || code != 1 || len(ps) == 0 {
		t.Fatalf("lint json: exit %d, %v", code, err)
	}
	out, _, _ = cli(t, "lint", broken, "--format", "github")
	if !strings.Contains(out, "::error file=actors/sevres.yaml,line=3,col=8,title=bad-insee::") {
		t.Errorf("lint github:\n%s", out)
	}
	if !strings.Contains(out, "::warning file=") {
		t.Errorf("lint github has no warnings:\n%s", out)
	}
	_, errOut, code = cli(t, "lint", mini)
	if code != 0 || !strings.Contains(errOut, "aucun problème") {
		t.Errorf("lint mini: exit %d %q", code, errOut)
	}
	_, _, code = cli(t, "lint", t.TempDir())
	if code != 2 {
		t.Errorf("lint of a folder without registry.yaml: exit %d, want 2", code)
	}
}

func TestInitRefusesNonEmptyFolderAndBadURL(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("à moi"), 0o644)
	_, errOut, code := cli(t, "init", dir, "--demo")
	if code == 0 || !strings.Contains(errOut, "n'est pas vide") {
		t.Errorf("init into a non-empty folder: exit %d %q", code, errOut)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("init wrote into a non-empty folder: %v", entries)
	}
	target := filepath.Join(t.TempDir(), "clone")
	_, errOut, code = cli(t, "init", target, "--from", filepath.Join(t.TempDir(), "absent"))
	if code == 0 || !strings.Contains(errOut, "impossible de cloner") {
		t.Errorf("clone of a missing path: exit %d %q", code, errOut)
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Errorf("failed clone left %s behind", target)
	}
	siblings, _ := os.ReadDir(filepath.Dir(target))
	if len(siblings) != 0 {
		t.Errorf("failed clone left temporary folders: %v", siblings)
	}
}
