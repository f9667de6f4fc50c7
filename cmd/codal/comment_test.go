package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const withComments = "../../registry/catalogue/testdata/comments"

// cliIn is cli with standard input.
func cliIn(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// goldenFile compares got with testdata/name; CODAL_UPDATE_GOLDEN=1 rewrites it.
func goldenFile(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if os.Getenv("CODAL_UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (CODAL_UPDATE_GOLDEN=1 go test ./cmd/codal -run %s creates it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// show prints the discussion in order, replies marked; --json adds comments.
func TestShowComments(t *testing.T) {
	isolate(t)
	for _, lang := range []string{"fr", "en"} {
		out, errOut, code := cli(t, "--registry", withComments, "--lang", lang, "show", "requests/budget-climat")
		if code != 0 {
			t.Fatalf("show: exit %d: %s", code, errOut)
		}
		goldenFile(t, "show-comments."+lang+".golden", out)
	}
	out, _, code := cli(t, "--registry", withComments, "show", "requests/budget-climat", "--json")
	var d struct {
		Comments []map[string]any `json:"comments"`
		Votes    []any            `json:"votes"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil || code != 0 {
		t.Fatalf("show --json: %v\n%s", err, out)
	}
	if len(d.Comments) != 3 || d.Comments[2]["reply_to"] != "20260305T093000Z-meudon" || d.Comments[0]["actor"] != "issy-les-moulineaux" ||
		d.Comments[1]["stamp"] != "2026-03-05T09:30:00Z" || !strings.Contains(d.Comments[1]["body"].(string), "**investissement**") || len(d.Votes) != 2 {
		t.Fatalf("comments JSON: %v", d.Comments)
	}
	// A request without comments says so with an empty list.
	out, _, _ = cli(t, "--registry", withComments, "show", "requests/arbres", "--json")
	if !strings.Contains(out, `"comments": []`) {
		t.Fatalf("no comments: %s", out)
	}
}

// A comment on the demo (format 1) commits the comment and raises
// registry.yaml's format line in the same commit; a reply from standard
// input follows; show, lint and git agree.
func TestRequestCommentWritesAndRaisesTheFormat(t *testing.T) {
	identify(t)
	reg := demoRegistry(t)
	out, errOut, code := cli(t, "--registry", reg, "request", "comment", "budget-climat", "--as", "meudon", "--body", "Les lignes **investissement** suffiraient.")
	if code != 0 || !strings.HasPrefix(out, "Commentaire de Meudon sur budget-climat (") || !strings.Contains(errOut, "Enregistré") {
		t.Fatalf("comment: exit %d, %q %q", code, out, errOut)
	}
	if got := gitc(t, reg, "show", "--name-only", "--format=", "HEAD"); !strings.HasPrefix(got, "registry.yaml\nrequests/budget-climat/comments/") || strings.Count(got, "\n") != 1 {
		t.Fatalf("commit holds:\n%s", got)
	}
	if diff := gitc(t, reg, "diff", "-U0", "HEAD~1", "HEAD", "--", "registry.yaml"); !strings.Contains(diff, "\n-format: 1\n+format: 2") || strings.Count(diff, "\n+") != 2 {
		t.Fatalf("registry.yaml diff:\n%s", diff)
	}
	files, _ := filepath.Glob(filepath.Join(reg, "requests/budget-climat/comments/*-meudon.yaml"))
	if len(files) != 1 {
		t.Fatalf("comment files %v", files)
	}
	ref := strings.TrimSuffix(filepath.Base(files[0]), ".yaml")
	out, _, code = cliIn(t, "Merci.\r\n\r\nPublication **prévue** en juin.\r\n", "--registry", reg, "request", "comment", "budget-climat", "--as", "gpso", "--reply-to", ref, "--body-file", "-", "--json")
	var w map[string]any
	if err := json.Unmarshal([]byte(out), &w); err != nil || code != 0 {
		t.Fatalf("reply --json (exit %d): %v\n%s", code, err, out)
	}
	written, _ := w["written"].(map[string]any)
	if w["action"] != "comment" || w["request"] != "budget-climat" || written["reply_to"] != ref || written["body"] != "Merci.\n\nPublication **prévue** en juin.\n" || !strings.HasPrefix(w["path"].(string), "requests/budget-climat/comments/") {
		t.Fatalf("reply json: %v", w)
	}
	if got := gitc(t, reg, "show", "--name-only", "--format=", "HEAD"); strings.Contains(got, "registry.yaml") {
		t.Fatalf("the second comment touched registry.yaml:\n%s", got)
	}
	out, _, _ = cli(t, "--registry", reg, "show", "requests/budget-climat")
	if !strings.Contains(out, "Commentaires (2)") || !strings.Contains(out, "↳ en réponse à Service données – Ville de Vanves, Meudon ["+ref+"]") || !strings.Contains(out, "    Publication **prévue** en juin.") {
		t.Fatalf("show:\n%s", out)
	}
	if _, errOut, code := cli(t, "lint", reg); code != 0 {
		t.Fatalf("lint after comments: %s", errOut)
	}
	if st := gitc(t, reg, "status", "--porcelain"); st != "" {
		t.Fatalf("git status:\n%s", st)
	}
}

// Bad input: one sentence, a non-zero exit, nothing written.
func TestRequestCommentBadInputWritesNothing(t *testing.T) {
	identify(t)
	reg := demoRegistry(t)
	head := gitc(t, reg, "rev-parse", "HEAD")
	big := filepath.Join(t.TempDir(), "long.md")
	os.WriteFile(big, []byte(strings.Repeat("Trop long. ", 7000)), 0o644)
	cases := []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"no body", "", []string{"budget-climat"}, "le commentaire manque"},
		{"both", "", []string{"budget-climat", "--body", "x", "--body-file", "-"}, "pas les deux"},
		{"empty body", "", []string{"budget-climat", "--body", " \n "}, "le commentaire est vide"},
		{"empty stdin", "", []string{"budget-climat", "--body-file", "-"}, "le commentaire est vide"},
		{"too long", "", []string{"budget-climat", "--body-file", big}, "le commentaire fait 76999 octets, 65536 au plus"},
		{"missing file", "", []string{"budget-climat", "--body-file", "/nulle/part.md"}, "lecture de /nulle/part.md impossible"},
		{"control characters", "Bonjour \x1b[2J", []string{"budget-climat", "--body-file", "-"}, "caractère de contrôle"},
		{"unknown request", "", []string{"nulle-part", "--body", "x"}, `la demande "nulle-part" n'existe pas`},
		{"unknown actor", "", []string{"budget-climat", "--as", "paris", "--body", "x"}, `l'organisation "paris" n'existe pas`},
		{"unknown reply", "", []string{"budget-climat", "--body", "x", "--reply-to", "20260101T000000Z-gpso"}, `pas de commentaire "20260101T000000Z-gpso"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := cliIn(t, c.stdin, append([]string{"--registry", reg, "request", "comment"}, c.args...)...)
			if code == 0 || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.HasPrefix(errOut, "codal : ") {
				t.Fatalf("exit %d, stdout %q, stderr %q; want a one-line error with %q", code, out, errOut, c.want)
			}
			if h := gitc(t, reg, "rev-parse", "HEAD"); h != head {
				t.Fatal("a commit was made")
			}
			if st := gitc(t, reg, "status", "--porcelain", "--untracked-files=all"); st != "" {
				t.Fatalf("files written:\n%s", st)
			}
		})
	}
}

// A format 2 registry reads; a format 3 one stops every command with the
// one sentence about the newer format, exit 2 for lint.
func TestFormatsTheCLIReads(t *testing.T) {
	isolate(t)
	if _, errOut, code := cli(t, "lint", withComments); code != 0 {
		t.Fatalf("lint of a format 2 registry: exit %d: %s", code, errOut)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "registry.yaml"), []byte("format: 3\nname: Futur\n"), 0o644)
	for _, args := range [][]string{{"lint", dir}, {"--registry", dir, "list", "requests"}} {
		out, errOut, code := cli(t, args...)
		if code == 0 || out != "" || !strings.Contains(errOut, "ce registre est au format 3, plus récent que celui que cette version de codal sait lire (2) : mettez codal à jour") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Fatalf("%v: exit %d, %q %q", args, code, out, errOut)
		}
	}
}

// A comment's hostile text reaches the terminal defused, in show's text.
func TestShowCommentsDefusesEscapes(t *testing.T) {
	isolate(t)
	dir := filepath.Join(t.TempDir(), "reg")
	if err := os.CopyFS(dir, os.DirFS(withComments)); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "requests/budget-climat/comments/20260307T000000Z-sevres.yaml"), []byte(
		"name: \"Eve\\e]0;pwned\\a\"\nemail: e@sevres.example\ndate: 2026-03-07\nbody: \"Lisez\\e]52;c;cm0gLXJmIC8=\\a ceci\\n\\e[2J\\u202Eenilno\\x9B31m fin\"\n"), 0o644)
	out, errOut, code := cli(t, "--registry", dir, "show", "requests/budget-climat")
	if code != 0 || !strings.Contains(out, "Commentaires (4)") || !strings.Contains(out, "Lisez") {
		t.Fatalf("show: exit %d %q\n%s", code, errOut, out)
	}
	for _, bad := range []string{"\x1b", "\a", "\u009b", "\u202e"} {
		if strings.Contains(out, bad) {
			t.Fatalf("%q reaches the terminal:\n%q", bad, out)
		}
	}
}
