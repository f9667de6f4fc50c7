package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/share/sharetest"
)

var shareUpstream = map[string]string{
	"registry.yaml":                    "format: 1\nname: Registre de test\nlanguage: fr\ngithub: acme/registre\n",
	"actors/gpso.yaml":                 "name: Grand Paris Seine Ouest\nkind: ept\n",
	"actors/sevres.yaml":               "name: Sèvres\nkind: commune\ninsee: \"92072\"\n",
	"snippets/hello/snippet.yaml":      "title: Bonjour\nlanguage: python\nauthor: gpso\nlicense: etalab-2.0\nfiles:\n  - hello.py\n",
	"snippets/hello/hello.py":          "print('bonjour')\n",
	"requests/.keep":                   "",
	"schemas/.keep":                    "",
	"actors/boulogne-billancourt.yaml": "name: Boulogne-Billancourt\nkind: commune\ninsee: \"92012\"\n",
}

// shareSetup starts a fake GitHub, clones its registry with codal init and
// sets the environment codal reads: identity, token and API address.
func shareSetup(t *testing.T) (*sharetest.Server, string) {
	t.Helper()
	isolate(t)
	srv := sharetest.New(t, shareUpstream)
	dir := filepath.Join(t.TempDir(), "registre")
	if _, errOut, code := cli(t, "init", dir, "--from", srv.UpstreamURL(), "--keep-default"); code != 0 {
		t.Fatalf("init: %s", errOut)
	}
	t.Setenv("CODAL_NAME", "Camille Martin")
	t.Setenv("CODAL_EMAIL", "camille.martin@example.org")
	t.Setenv("CODAL_ACTOR", "sevres")
	t.Setenv("GH_TOKEN", srv.Token)
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("CODAL_GITHUB_API", srv.APIURL())
	return srv, dir
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSnippetAddThenShare(t *testing.T) {
	srv, dir := shareSetup(t)
	srv.Push = true
	code := []byte("from pyproj import Transformer\n# Lambert-93 → WGS84\r\nt = Transformer.from_crs(2154, 4326)\n")
	py := writeTemp(t, "l93.py", code)
	sql := writeTemp(t, "extra/requete.sql", []byte("select 1;\n"))
	head := sharetest.RunGit(t, dir, "rev-parse", "HEAD")

	out, errOut, rc := cli(t, "--registry", dir, "snippet", "add", py, sql, "--title", "Lambert-93 vers WGS84",
		"--tag", "sig", "--tag", "projection", "--description", "Convertit des coordonnées.\n\nAvec **pyproj**.")
	if rc != 0 {
		t.Fatalf("snippet add: exit %d: %s", rc, errOut)
	}
	id := strings.TrimSpace(out)
	if id != "lambert-93-vers-wgs84" || !strings.Contains(errOut, "codal share snippets/lambert-93-vers-wgs84") {
		t.Fatalf("snippet add printed %q / %q", out, errOut)
	}
	got, err := os.ReadFile(filepath.Join(dir, "snippets", id, "l93.py"))
	if err != nil || string(got) != string(code) {
		t.Errorf("l93.py not copied byte for byte: %q %v", got, err)
	}
	meta, _ := os.ReadFile(filepath.Join(dir, "snippets", id, "snippet.yaml"))
	for _, want := range []string{"title: Lambert-93 vers WGS84\n", "language: python\n", "author: sevres\n", "license: etalab-2.0\n", "  - l93.py\n  - requete.sql\n", "  - sig\n  - projection\n", "**pyproj**"} {
		if !strings.Contains(string(meta), want) {
			t.Errorf("snippet.yaml lacks %q:\n%s", want, meta)
		}
	}
	// main and HEAD did not move; the branch holds the snippet on top of them.
	if h := sharetest.RunGit(t, dir, "rev-parse", "HEAD"); h != head {
		t.Errorf("HEAD moved")
	}
	if parent := sharetest.RunGit(t, dir, "rev-parse", "codal/snippet-"+id+"^"); parent != head {
		t.Errorf("branch parent %s, HEAD %s", parent, head)
	}
	if files := sharetest.RunGit(t, dir, "diff", "--name-only", "HEAD", "codal/snippet-"+id); files != "snippets/"+id+"/l93.py\nsnippets/"+id+"/requete.sql\nsnippets/"+id+"/snippet.yaml" {
		t.Errorf("branch diff: %q", files)
	}
	if _, errOut, rc := cli(t, "lint", dir); rc != 0 || !strings.Contains(errOut, "aucun problème") {
		t.Errorf("lint after add: exit %d %s", rc, errOut)
	}
	if out, _, _ := cli(t, "--registry", dir, "list", "snippets"); !strings.Contains(out, id) {
		t.Errorf("list snippets:\n%s", out)
	}

	// The same title again gets -2.
	out, errOut, rc = cli(t, "--registry", dir, "snippet", "add", py, "--title", "Lambert-93 vers WGS84", "--author", "gpso", "--language", "Python")
	if rc != 0 || strings.TrimSpace(out) != id+"-2" {
		t.Fatalf("second add: %q %q %d", out, errOut, rc)
	}

	// Share it.
	out, errOut, rc = cli(t, "--registry", dir, "share", "snippets/"+id, "--json")
	if rc != 0 {
		t.Fatalf("share: exit %d: %s", rc, errOut)
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("share --json: %v\n%s", err, out)
	}
	if len(res) != 3 || res["number"] != 1.0 || res["branch"] != "codal/snippet-"+id || !strings.HasSuffix(res["url"].(string), "/pull/1") {
		t.Errorf("share --json: %v", res)
	}
	pr := srv.PRs()[0]
	if pr.Title != "Extrait de code : Lambert-93 vers WGS84" || !strings.Contains(pr.Body, "(ajouté)") {
		t.Errorf("PR %+v", pr)
	}
	// Again, in English: the open pull request is reused.
	out, errOut, rc = cli(t, "--lang", "en", "--registry", dir, "share", "snippets/"+id)
	if rc != 0 || !strings.Contains(errOut, "Pull request already open, up to date:") || !strings.HasSuffix(strings.TrimSpace(out), "/pull/1") {
		t.Errorf("second share: exit %d\n%s\n%s", rc, out, errOut)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, ".git", "config")); strings.Contains(string(b), srv.Token) {
		t.Error("token written in .git/config")
	}
}

func TestSnippetAddBadInput(t *testing.T) {
	_, dir := shareSetup(t)
	py := writeTemp(t, "ok.py", []byte("print(1)\n"))
	bin := writeTemp(t, "image.py", []byte("PNG\x00\x01\x02"))
	latin1 := writeTemp(t, "latin1.sql", []byte("select 'S\xe8vres';\n"))
	huge := writeTemp(t, "huge.sql", []byte(strings.Repeat("-- ligne\n", 30000)))
	folder := t.TempDir()
	dup := writeTemp(t, "autre/ok.py", []byte("print(2)\n"))
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"missing file", []string{"absent.py", "--title", "X"}, "absent.py n'existe pas"},
		{"binary", []string{bin, "--title", "X"}, "image.py n'est pas un fichier texte"},
		{"invalid utf-8", []string{latin1, "--title", "X"}, "latin1.sql n'est pas un fichier texte"},
		{"huge", []string{huge, "--title", "X"}, "au plus 256 Kio"},
		{"folder", []string{folder, "--title", "X"}, "est un dossier"},
		{"same names", []string{py, dup, "--title", "X"}, "portent le même nom \"ok.py\""},
		{"no title", []string{py}, "titre manquant"},
		{"title without letters", []string{py, "--title", "!!!"}, "ne donne aucun identifiant"},
		{"unknown author", []string{py, "--title", "X", "--author", "inconnu"}, "l'auteur \"inconnu\" n'est pas un acteur"},
		{"unknown license", []string{py, "--title", "X", "--license", "maison"}, "licence \"maison\" inconnue"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, rc := cli(t, append([]string{"--registry", dir, "snippet", "add"}, c.args...)...)
			if rc == 0 || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Errorf("exit %d, stderr %q; want one sentence with %q", rc, errOut, c.want)
			}
			assertUntouched(t, dir)
		})
	}
	t.Run("no author", func(t *testing.T) {
		t.Setenv("CODAL_ACTOR", "")
		_, errOut, rc := cli(t, "--lang", "en", "--registry", dir, "snippet", "add", py, "--title", "X")
		if rc == 0 || !strings.Contains(errOut, "unknown author: give --author ACTOR, or set your organisation (the CODAL_ACTOR variable") {
			t.Errorf("exit %d: %s", rc, errOut)
		}
		assertUntouched(t, dir)
	})
}

// assertUntouched fails when the registry has anything but its clone: a new
// folder, a leftover temporary folder or a branch.
func assertUntouched(t *testing.T, dir string) {
	t.Helper()
	if st := sharetest.RunGit(t, dir, "status", "--porcelain", "--ignored", "--untracked-files=all"); st != "" {
		t.Errorf("the registry was written to:\n%s", st)
	}
	if br := sharetest.RunGit(t, dir, "branch", "--list", "codal/*"); br != "" {
		t.Errorf("branches left: %s", br)
	}
}

func TestShareBadInput(t *testing.T) {
	srv, dir := shareSetup(t)
	if _, errOut, rc := cli(t, "--registry", dir, "share", "snippets"); rc != 2 || !strings.Contains(errOut, "TYPE/ID attendu") {
		t.Errorf("bad ref: exit %d %s", rc, errOut)
	}
	if _, errOut, rc := cli(t, "--registry", dir, "share", "snippets/absent"); rc != 1 || !strings.Contains(errOut, "snippets/absent n'existe pas") {
		t.Errorf("unknown entry: exit %d %s", rc, errOut)
	}
	if _, errOut, rc := cli(t, "--registry", dir, "share", "snippets/hello"); rc != 1 || !strings.Contains(errOut, "rien à proposer") {
		t.Errorf("nothing to propose: exit %d %s", rc, errOut)
	}
	// A broken entry: its problems, then one sentence.
	if err := os.MkdirAll(filepath.Join(dir, "snippets", "casse"), 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(dir, "snippets", "casse", "snippet.yaml"), []byte("title: Cassé\nlanguage: sql\nlicense: mit\nfiles:\n  - absent.sql\n"), 0o644)
	_, errOut, rc := cli(t, "--registry", dir, "share", "snippets/casse")
	if rc != 1 || !strings.Contains(errOut, "snippets/casse/snippet.yaml:") || !strings.Contains(errOut, "missing-file") || !strings.Contains(errOut, "ne passe pas la vérification") {
		t.Errorf("lint: exit %d\n%s", rc, errOut)
	}
	// No token anywhere.
	calls, path := len(srv.Calls()), os.Getenv("PATH")
	t.Setenv("GH_TOKEN", "")
	t.Setenv("PATH", t.TempDir())
	_ = os.WriteFile(filepath.Join(dir, "actors", "gpso.yaml"), []byte("name: GPSO\nkind: ept\n"), 0o644)
	_, errOut, rc = cli(t, "--registry", dir, "share", "actors/gpso")
	if rc != 1 || !strings.Contains(errOut, "aucun jeton GitHub") || !strings.Contains(errOut, "public_repo") {
		t.Errorf("no token: exit %d %s", rc, errOut)
	}
	if len(srv.Calls()) != calls {
		t.Errorf("the API was called without a token: %v", srv.Calls()[calls:])
	}
	// A registry with no GitHub home: no github field, origin elsewhere.
	t.Setenv("PATH", path)
	t.Setenv("GH_TOKEN", srv.Token)
	_ = os.WriteFile(filepath.Join(dir, "registry.yaml"), []byte("format: 1\nname: Registre de test\n"), 0o644)
	t.Setenv("CODAL_GITHUB_API", "")
	_, errOut, rc = cli(t, "--registry", dir, "share", "actors/gpso")
	if rc != 1 || !strings.Contains(errOut, "ce registre n'a pas de dépôt GitHub") {
		t.Errorf("no GitHub home: exit %d %s", rc, errOut)
	}
	if br := sharetest.RunGit(t, dir, "branch", "--list", "codal/*"); br != "" {
		t.Errorf("branches left: %s", br)
	}
}

// Issue 5 spells the code-language flag --lang: after "snippet add" it names
// the snippet's language, while a --lang before the subcommand still picks
// the interface language.
func TestSnippetAddLangIsTheCodeLanguage(t *testing.T) {
	_, dir := shareSetup(t)
	sh := writeTemp(t, "compter.txt", []byte("wc -l *.csv\n"))
	out, errOut, rc := cli(t, "--lang", "en", "--registry", dir, "snippet", "add", sh, "--title", "Compter les lignes", "--lang", "bash")
	if rc != 0 {
		t.Fatalf("snippet add --lang bash: exit %d: %s", rc, errOut)
	}
	id := strings.TrimSpace(out)
	meta, err := os.ReadFile(filepath.Join(dir, "snippets", id, "snippet.yaml"))
	if err != nil || !strings.Contains(string(meta), "language: bash\n") {
		t.Errorf("snippet.yaml %q (%v): want language bash", meta, err)
	}
	if !strings.Contains(errOut, "Snippet added") {
		t.Errorf("the interface should be English: %q", errOut)
	}
}
