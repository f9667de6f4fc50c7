package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// hostile carries what a pull request can smuggle into registry text to act
// on the reader's terminal: a screen clear, an OSC 0 title change, an OSC 52
// clipboard write, a C1 CSI (U+009B), BEL, a carriage return (overwrites
// what was printed) and a right-to-left override.
const hostile = "Piège\x1b[2J\x1b]0;pwned\a\x1b]52;c;cm0gLXJmIH4=\a\u009b31m\a\rfin\u202eevil"

// forbidden are the characters no output may hold raw.
var forbidden = []string{"\x1b", "\a", "\u009b", "\r", "\u202e"}

// yq writes s as a YAML double-quoted scalar: Go's escapes (\x1b, \a, \r,
// \u009b…) are YAML's too.
func yq(s string) string { return strconv.Quote(s) }

// hostileRegistry copies the mini registry into a new Git repository and
// puts hostile text in every hand-written text field, in file names, and in
// the remote's URL.
func hostileRegistry(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "registre")
	err := filepath.WalkDir(mini, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(mini, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	h := yq(hostile)
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("actors/sevres.yaml", "name: "+h+"\nkind: commune\ninsee: \"92072\"\npopulation: 23724\nparent: gpso\ncodal: true\n"+
		"contacts:\n  - role: "+h+"\n    name: "+h+"\n    email: sig@sevres.example\n")
	write("requests/budget-climat/request.yaml", "title: "+yq(hostile+"\nseconde ligne")+"\ndescription: "+h+
		"\nrequested_by: issy-les-moulineaux\naddressed_to: gpso\nthemes: ["+h+", budget]\ncreated: 2026-02-10\nusage: "+h+"\n")
	write("requests/budget-climat/votes/sevres.yaml", "name: "+h+"\nemail: sig@sevres.example\ndate: 2026-03-02\nneed: essential\ncomment: "+h+"\n")
	write("requests/budget-climat/events/20260301T100000Z-gpso.yaml", "status: under-review\nname: "+h+
		"\nemail: donnees@gpso.example\ndate: 2026-03-01\nnote: "+h+"\n")
	write("snippets/bonjour/snippet.yaml", "title: "+h+"\ndescription: "+h+"\nlanguage: python\ntags: ["+h+"]\nauthor: sevres\n"+
		"license: etalab-2.0\nfiles:\n  - bonjour.py\n  - "+yq("y\x1b[2J\u202e.py")+"\n")
	write("snippets/bonjour/y\x1b[2J\u202e.py", "y = 1\n")
	write("snippets/bonjour/bonjour.py", "print('"+hostile+"')\n")
	// File names: an unlisted snippet file and an actor whose name is no id.
	write("snippets/bonjour/x\x1b[2J\u202e.py", "x = 1\n")
	write("actors/evil\x1b]0;x\a.yaml", "name: Evil\nkind: commune\n")
	js, _ := json.Marshal(hostile)
	write("schemas/salles/schema.json", `{"name": "salles", "title": `+string(js)+`, "description": `+string(js)+`, "version": "0.1.0",
  "fields": [{"name": "id", "type": "integer", "title": `+string(js)+`}, {"name": "nom", "type": "string", "description": `+string(js)+`}],
  "examples": [`+string(js)+`]}`)
	gitc(t, dir, "init", "-q", "-b", "main")
	gitc(t, dir, "add", "-A")
	gitc(t, dir, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "hostile")
	gitc(t, dir, "remote", "add", "origin", filepath.Join(t.TempDir(), "absent\x1b]0;remote\a\u202e.git"))
	return dir
}

// assertClean fails when out holds a raw control or bidi character.
func assertClean(t *testing.T, what, out string) {
	t.Helper()
	for _, bad := range forbidden {
		if strings.Contains(out, bad) {
			t.Errorf("%s prints a raw %q:\n%q", what, bad, out)
		}
	}
}

// Every command and format on a registry full of escape sequences prints
// none of them raw; JSON keeps the exact strings, escaped.
func TestHostileRegistryOutputsAreClean(t *testing.T) {
	identify(t)
	reg := hostileRegistry(t)
	csvFile := writeCSV(t, "id,"+strings.ReplaceAll(hostile, "\r", "")+"\n1,"+hostile+"\nx\x1b[2J,a\n")
	codeFile := filepath.Join(t.TempDir(), "code\x1b[2J\u202e.py")
	if err := os.WriteFile(codeFile, []byte("print(1)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runs := [][]string{
		{"list", "actors"}, {"list", "snippets"}, {"list", "schemas"}, {"list", "requests"},
		{"list", "actors", "--json"}, {"list", "snippets", "--json"}, {"list", "schemas", "--json"}, {"list", "requests", "--json"},
		{"show", "actors/sevres"}, {"show", "snippets/bonjour"}, {"show", "schemas/salles"}, {"show", "requests/budget-climat"},
		{"show", "actors/sevres", "--json"}, {"show", "snippets/bonjour", "--json"}, {"show", "schemas/salles", "--json"},
		{"show", "requests/budget-climat", "--json"},
		{"request", "rank"}, {"request", "rank", "--format", "md"}, {"request", "rank", "--format", "csv"}, {"request", "rank", "--format", "json"},
		{"lint"}, {"lint", "--format", "json"}, {"lint", "--format", "github"},
		{"schema", "validate", "salles", csvFile}, {"schema", "validate", "salles", csvFile, "--json"},
		{"schema", "validate", "salles", filepath.Join(t.TempDir(), "absent\x1b[2J\u202e.csv")},
		{"show", "requests/\x1b]0;x\a"}, {"list", "\x1b[2J"}, {"no-such-command\x1b[2J"},
		{"__complete", "show", ""}, {"__complete", "schema", "validate", ""},
		{"sync"}, {"sync", "--json"},
		{"request", "vote", "arbres", "--as", "issy-les-moulineaux"},
		{"request", "vote", "budget-climat", "--as", "meudon", "--json"},
		{"share", "snippets/bonjour"}, {"share", "snippets/bonjour", "--json"},
		{"help", "\x1b[2J"},
		{"init", filepath.Join(t.TempDir(), "clone"), "--from", filepath.Join(t.TempDir(), "absent\x1b]0;x\a\u202e"), "--keep-default"},
		{"snippet", "add", codeFile, "--title", "Extrait"},
	}
	for _, args := range runs {
		for _, lang := range []string{"fr", "en"} {
			full := append([]string{"--registry", reg, "--lang", lang}, args...)
			out, errOut, _ := cli(t, full...)
			what := strings.Join(args, " ") + " (" + lang + ")"
			assertClean(t, what+" stdout", out)
			assertClean(t, what+" stderr", errOut)
		}
	}
	// The hostile text did reach the outputs (cleaned), so the test sees it.
	out, _, _ := cli(t, "--registry", reg, "request", "rank", "--format", "csv")
	if !strings.Contains(out, "Piège[2J]0;pwned]52;c;cm0gLXJmIH4=31mfinevil seconde ligne") {
		t.Errorf("csv title not cleaned as expected:\n%s", out)
	}
	out, _, _ = cli(t, "--registry", reg, "lint", "--format", "github")
	if !strings.Contains(out, "file=snippets/bonjour/x[2J.py,") {
		t.Errorf("github annotations: the hostile file name is missing or not cleaned:\n%s", out)
	}
}

// JSON outputs decode back to the exact hostile strings.
func TestHostileRegistryJSONKeepsTheText(t *testing.T) {
	identify(t)
	reg := hostileRegistry(t)
	title := hostile + "\nseconde ligne"
	var list []map[string]any
	out, _, _ := cli(t, "--registry", reg, "list", "requests", "--json")
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("list requests --json: %v\n%s", err, out)
	}
	if list[0]["title"] != title {
		t.Errorf("list requests --json title %q, want %q", list[0]["title"], title)
	}
	out, _, _ = cli(t, "--registry", reg, "request", "rank", "--format", "json")
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("rank json: %v\n%s", err, out)
	}
	if list[0]["title"] != title {
		t.Errorf("rank json title %q, want %q", list[0]["title"], title)
	}
	var one struct {
		Title string `json:"title"`
		Votes []struct {
			Comment string `json:"comment"`
		} `json:"votes"`
		Events []struct {
			Note string `json:"note"`
		} `json:"events"`
	}
	out, _, _ = cli(t, "--registry", reg, "show", "requests/budget-climat", "--json")
	if err := json.Unmarshal([]byte(out), &one); err != nil {
		t.Fatalf("show --json: %v\n%s", err, out)
	}
	if one.Title != title || len(one.Votes) == 0 || one.Votes[len(one.Votes)-1].Comment != hostile && one.Votes[0].Comment != hostile ||
		len(one.Events) != 1 || one.Events[0].Note != hostile {
		t.Errorf("show --json lost the hostile text: %+v", one)
	}
	var actor map[string]any
	out, _, _ = cli(t, "--registry", reg, "show", "actors/sevres", "--json")
	if err := json.Unmarshal([]byte(out), &actor); err != nil || actor["name"] != hostile {
		t.Errorf("show actors/sevres --json: %v, name %q", err, actor["name"])
	}
}
