package tui

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/share/sharetest"
)

// The GitHub side of p is faked by share/sharetest (its REST API, and real
// bare repositories behind git http-backend), as for codal share.

var shareUpstream = map[string]string{
	"registry.yaml":               "format: 1\nname: Registre partagé\nlanguage: fr\ngithub: acme/registre\n",
	"actors/gpso.yaml":            "name: Grand Paris Seine Ouest\nkind: ept\n",
	"actors/sevres.yaml":          "name: Sèvres\nkind: commune\ninsee: \"92072\"\n",
	"snippets/hello/snippet.yaml": "title: Bonjour\nlanguage: python\nauthor: gpso\nlicense: etalab-2.0\nfiles:\n  - hello.py\n",
	"snippets/hello/hello.py":     "print('bonjour')\n",
	"requests/.keep":              "",
	"schemas/.keep":               "",
}

var camille = catalogue.Identity{Name: "Camille Martin", Email: "camille.martin@example.org", Actor: "gpso"}

// shareFixture starts a fake GitHub and opens the app on a clone of its
// registry, with a token and the API's address in the environment, as
// codal would find them.
func shareFixture(t *testing.T) (*sharetest.Server, *registry.Registry) {
	t.Helper()
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(t.TempDir(), "gitconfig"))
	srv := sharetest.New(t, shareUpstream)
	reg, err := registry.Clone(context.Background(), srv.UpstreamURL(), filepath.Join(t.TempDir(), "registre"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GH_TOKEN", srv.Token)
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("CODAL_GITHUB_API", srv.APIURL())
	return srv, reg
}

// openOn opens the app on reg, as camille, and selects kind/id.
func openOn(t *testing.T, reg *registry.Registry, tab string, id string) *harness {
	t.Helper()
	hs := newHarnessOpts(t, 120, 40, Options{Lang: i18n.FR, Store: reg, Identity: camille})
	hs.fkeys(tab)
	b := hs.m.tab().(interface {
		selectID(string) (tea.Cmd, bool)
	})
	cmd, ok := b.selectID(id)
	if !ok {
		t.Fatalf("no %s in the tab", id)
	}
	hs.frun(cmd)
	return hs
}

func addLambert(t *testing.T, reg *registry.Registry) string {
	t.Helper()
	id, err := reg.AddSnippet(context.Background(), catalogue.NewSnippet{
		Title: "Lambert-93 vers WGS84", Author: "gpso",
		Files: []catalogue.CodeFile{{Name: "l93.py", Data: []byte("from pyproj import Transformer\n")}},
	}, camille, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestProposeANewSnippet(t *testing.T) {
	srv, reg := shareFixture(t)
	srv.Push = true
	id := addLambert(t, reg)
	hs := openOn(t, reg, "2", id)
	hs.mustShow("p proposer") // offered: the snippet is new here

	hs.fkeys("p")
	m := modalOf[*shareModal](t, hs)
	if m.state != shareConfirm {
		t.Fatalf("state %d\n%s", m.state, hs.text())
	}
	hs.mustShow("Proposer au registre partagé", "Extraits de code › Lambert-93 vers WGS84", "snippets/"+id,
		"acme/registre (GitHub)", "codal/snippet-"+id, "Fichiers proposés",
		"+ snippets/"+id+"/l93.py (ajouté)", "+ snippets/"+id+"/snippet.yaml (ajouté)", "entrée proposer")
	if len(srv.PRs()) != 0 {
		t.Fatal("a pull request before confirming")
	}

	hs.fkeys("enter")
	if m.state != shareDoneState {
		t.Fatalf("state %d after enter\n%s", m.state, hs.text())
	}
	prs := srv.PRs()
	if len(prs) != 1 || prs[0].Title != "Extrait de code : Lambert-93 vers WGS84" || prs[0].Head != "codal/snippet-"+id {
		t.Fatalf("pull requests: %+v", prs)
	}
	url := m.res.URL
	if !strings.HasSuffix(url, "/acme/registre/pull/1") {
		t.Fatalf("URL %q", url)
	}
	hs.mustShow("✓ Demande de fusion n°1 ouverte.", url, "Demande de fusion n°1 ouverte : "+url, "y copier l'adresse")
	if srv.Head("acme/registre", "codal/snippet-"+id) == "" {
		t.Fatal("the branch was not pushed")
	}

	hs.fkeys("y")
	if len(hs.copied) != 1 || hs.copied[0] != url {
		t.Fatalf("copied %q", hs.copied)
	}
	hs.mustShow("Adresse copiée dans le presse-papiers.")
	hs.fkeys("esc")
	if hs.m.modal != nil {
		t.Fatal("esc does not close the dialog")
	}

	// Again: the open pull request is found, nothing new.
	hs.fkeys("p", "enter")
	hs.mustShow("Demande de fusion déjà ouverte, à jour : " + url)
	if len(srv.PRs()) != 1 {
		t.Fatal("a second pull request")
	}
}

// An entry changed by hand (an actor here) is proposed the same way; the
// dialog says which file changed.
func TestProposeAChangedActor(t *testing.T) {
	srv, reg := shareFixture(t)
	srv.Push = true
	mustWrite(t, filepath.Join(reg.Dir(), "actors", "sevres.yaml"), "name: Sèvres\nkind: commune\ninsee: \"92072\"\npopulation: 23600\n")
	hs := openOn(t, reg, "1", "sevres")
	hs.fkeys("p")
	hs.mustShow("Annuaire › Sèvres", "~ actors/sevres.yaml (modifié)")
	hs.fkeys("enter")
	hs.mustShow("Demande de fusion n°1 ouverte")
	if pr := srv.PRs(); len(pr) != 1 || pr[0].Head != "codal/actor-sevres" {
		t.Fatalf("pull requests %+v", pr)
	}
}

func TestProposeNothingNew(t *testing.T) {
	_, reg := shareFixture(t)
	hs := openOn(t, reg, "2", "hello")
	hs.mustNotShow("p proposer")
	hs.fkeys("p")
	if hs.m.modal != nil {
		t.Fatalf("a dialog for an unchanged entry:\n%s", hs.text())
	}
	hs.mustShow("Rien à proposer : snippets/hello n'a été ni ajouté ni modifié ici.")
}

func TestProposeWithoutToken(t *testing.T) {
	_, reg := shareFixture(t)
	id := addLambert(t, reg)
	// No token in the environment, and a gh that is not logged in.
	t.Setenv("GH_TOKEN", "")
	bin := t.TempDir()
	mustWrite(t, filepath.Join(bin, "gh"), "#!/bin/sh\nexit 1\n")
	if err := os.Chmod(filepath.Join(bin, "gh"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	hs := openOn(t, reg, "2", id)
	hs.fkeys("p")
	m := modalOf[*shareModal](t, hs)
	if m.state != shareFailed {
		t.Fatalf("state %d", m.state)
	}
	// The whole sentence, wrapped in the dialog: how to get a token.
	hs.mustShow("aucun jeton GitHub", "public_repo", "/settings/tokens", "gh auth login")
	if !hs.m.status.err || !strings.HasPrefix(hs.statusText(), "aucun jeton GitHub : créez un jeton classique") {
		t.Fatalf("status %q", hs.statusText())
	}
}

func TestProposeRefusesLintErrors(t *testing.T) {
	srv, reg := shareFixture(t)
	mustWrite(t, filepath.Join(reg.Dir(), "actors", "sevres.yaml"), "name: Sèvres\nkind: village\ninsee: \"92072\"\n")
	hs := openOn(t, reg, "1", "sevres")
	hs.fkeys("p")
	m := modalOf[*shareModal](t, hs)
	if m.state != shareLint || len(m.problems) == 0 {
		t.Fatalf("state %d, problems %v", m.state, m.problems)
	}
	hs.mustShow("actors/sevres ne passe pas la vérification", "actors/sevres.yaml", "village")
	hs.mustShow("actors/sevres ne passe pas la vérification : corrigez-la avant de la proposer.")
	if len(srv.Calls()) != 0 {
		t.Fatalf("GitHub was called: %v", srv.Calls())
	}
}

// An API error during the work: one sentence, in the dialog and the status
// bar; the local branch is kept.
func TestProposeAPIError(t *testing.T) {
	srv, reg := shareFixture(t)
	id := addLambert(t, reg)
	srv.Fail["GET /user"] = func(w http.ResponseWriter, r *http.Request) bool {
		sharetest.WriteError(w, http.StatusUnauthorized, "Bad credentials", nil)
		return true
	}
	hs := openOn(t, reg, "2", id)
	hs.fkeys("p", "enter")
	m := modalOf[*shareModal](t, hs)
	if m.state != shareFailed {
		t.Fatalf("state %d\n%s", m.state, hs.text())
	}
	hs.mustShow("GitHub a refusé le jeton (401)", "relancez")
	if !strings.Contains(m.err, "le commit est gardé sur la branche locale codal/snippet-"+id) {
		t.Fatalf("dialog says %q", m.err)
	}
	if !hs.m.status.err || !strings.HasPrefix(hs.statusText(), "GitHub a refusé le jeton (401)") ||
		!strings.Contains(hs.statusText(), "codal/snippet-"+id) {
		t.Fatalf("status %q", hs.statusText())
	}
}

// Without a GitHub home (a registry that is no clone), p says so.
func TestProposeWithoutGitHub(t *testing.T) {
	dir := gitRegistry(t)
	mustWrite(t, filepath.Join(dir, "actors", "sevres.yaml"), "name: Sèvres\nkind: commune\ninsee: \"92072\"\npopulation: 1\n")
	reg, err := registry.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarnessOpts(t, 120, 40, Options{Lang: i18n.FR, Store: reg, Identity: camille})
	hs.fkeys("1")
	b := hs.m.tab().(*actorsTab)
	cmd, _ := b.selectID("sevres")
	hs.frun(cmd)
	hs.mustShow("p proposer")
	hs.fkeys("p")
	hs.mustShow("ce registre n'a pas de dépôt GitHub")

	// And a read-only registry says that first.
	ro := newHarness(t, i18n.FR, 120, 40)
	ro.keys("p")
	ro.mustShow("Ce registre est en lecture seule")
}
