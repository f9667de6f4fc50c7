package catalogue

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/i18n"
)

// TestLintReportsControlCharacters writes hand-edited fields holding
// terminal escapes into a copy of the mini registry: each is one
// control-character error at its value, and the rest of the file still loads.
func TestLintReportsControlCharacters(t *testing.T) {
	dir := copyTree(t, "testdata/mini")
	files := map[string]string{
		"actors/meudon.yaml": "name: \"Meudon\\e]0;pwned\\a\"\nkind: commune\ninsee: \"92048\"\npopulation: 46119\nparent: gpso\ncodal: true\n",
		"requests/arbres/request.yaml": "title: Arbres d'alignement\nrequested_by: sevres\naddressed_to: gpso\n" +
			"themes: [nature, \"\\x1b[2J\"]\ncreated: 2026-04-02\n",
		"requests/arbres/votes/meudon.yaml": "name: Service SIG – Ville de Meudon\nemail: sig@meudon.example\ndate: 2026-04-05\nneed: interested\n" +
			"comment: \"exe.\u202etxt\"\n",
		"requests/budget-climat/events/20260301T100000Z-gpso.yaml": "status: under-review\nname: Mission données GPSO\nemail: donnees@gpso.example\n" +
			"date: 2026-03-01\nnote: \"\\u009b31mÉtude\"\n",
		"snippets/bonjour/snippet.yaml": "title: Dire bonjour en CSV\ndescription: |\n  Écrit un CSV\n  \x1b]52;c;ZWNobyBwd25lZA==\x07 lisible.\n" +
			"language: python\ntags: [csv, excel]\nauthor: sevres\nlicense: etalab-2.0\nfiles:\n  - bonjour.py\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	schema := filepath.Join(dir, "schemas/salles/schema.json")
	data, err := os.ReadFile(schema)
	if err != nil || !strings.Contains(string(data), `"Salles municipales"`) {
		t.Fatal("schema", err)
	}
	data = []byte(strings.Replace(string(data), `"Salles municipales"`, `"Salles \u001b[8mmunicipales"`, 1))
	if err := os.WriteFile(schema, data, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.Problems {
		got = append(got, p.Format(i18n.EN))
	}
	want := []string{
		"actors/meudon.yaml:1:7: control-character the field name contains a control character (U+001B): remove it",
		"requests/arbres/request.yaml:4:18: control-character the field themes contains a control character (U+001B): remove it",
		"requests/arbres/votes/meudon.yaml:5:10: control-character the field comment contains a control character (U+202E): remove it",
		"requests/budget-climat/events/20260301T100000Z-gpso.yaml:5:7: control-character the field note contains a control character (U+009B): remove it",
		"schemas/salles/schema.json:1:1: control-character the field title contains a control character (U+001B): remove it",
		"snippets/bonjour/snippet.yaml:2:14: control-character the field description contains a control character (U+001B): remove it",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if a := c.Actor("meudon"); a == nil || !strings.HasPrefix(a.Name, "Meudon") || a.Population != 46119 {
		t.Errorf("the actor must still load: %+v", a)
	}
}

// TestLoadCapsRegistryYAML: registry.yaml is not listed by the walk, so its
// size is checked as it is read: a file over the limit (a sparse 64 MiB file
// here) stops the load with one sentence instead of filling memory.
func TestLoadCapsRegistryYAML(t *testing.T) {
	dir := copyTree(t, "testdata/mini")
	if err := os.Truncate(filepath.Join(dir, MetaFile), 64<<20); err != nil {
		t.Fatal(err)
	}
	_, err := Load(os.DirFS(dir))
	if err == nil || i18n.Message(err, i18n.EN) != "registry.yaml is too large (at most 4194304 bytes)" {
		t.Errorf("got %v", err)
	}
}
