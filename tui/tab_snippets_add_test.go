package tui

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

func TestAddSnippetFromTheSnippetsTab(t *testing.T) {
	reg := memRegistry(t)
	head, err := reg.Head()
	if err != nil {
		t.Fatal(err)
	}
	hs := newStoreHarness(t, reg, sevres)
	code := "from pyproj import Transformer\r\nt = Transformer.from_crs(2154, 4326)\n"
	py := writeFile(t, "l93.py", code)
	sql := writeFile(t, "avec espace/ma requête.sql", "select 1;\n")

	hs.fkeys("2", "a")
	if hs.quit || hs.m.modal == nil {
		t.Fatalf("a opens no form:\n%s", hs.text())
	}
	hs.mustShow("Nouvel extrait de code", "Fichiers", "Titre", "Langage", "Mots-clés")
	hs.fkeys(py+" '"+sql+"'", "enter")
	hs.fkeys("Lambert-93 vers WGS84", "enter")
	hs.mustShow("python (deviné d'après le premier fichier)") // the language's default
	hs.fkeys("enter")                                         // keep it
	hs.fkeys("sig, projection", "enter")
	hs.mustShow("Description (Markdown)", "Auteur", "Sèvres")
	hs.fkeys("Convertit des coordonnées.", "tab")
	hs.fkeys("enter") // author: the user's organisation, preselected
	if hs.m.modal != nil {
		t.Fatalf("the form is still open:\n%s", hs.text())
	}
	const id = "lambert-93-vers-wgs84"
	hs.mustShow("Extrait ajouté, p pour le proposer : " + id)
	if hs.selected() != id || hs.m.tab().Kind() != catalogue.Snippets {
		t.Fatalf("selected %q on %s, want the new snippet", hs.selected(), hs.m.tab().Kind())
	}
	hs.mustShow("ID              " + id)

	// As codal snippet add: committed on the share branch on top of HEAD,
	// HEAD does not move, the folder is in the work tree, files kept byte
	// for byte.
	if got, _ := reg.Head(); got != head {
		t.Fatal("HEAD moved")
	}
	branch := "codal/snippet-" + id
	tip, ok, err := reg.BranchHead(branch)
	if err != nil || !ok {
		t.Fatalf("no branch %s: %v", branch, err)
	}
	if parents := reg.Parents(tip); len(parents) != 1 || parents[0] != head {
		t.Fatalf("branch parents %v, want HEAD %s", parents, head)
	}
	atTip, err := reg.EntryFilesAt(tip, catalogue.Snippets, id)
	if err != nil {
		t.Fatal(err)
	}
	meta := strings.TrimSpace(string(atTip["snippets/"+id+"/snippet.yaml"]))
	want := "title: Lambert-93 vers WGS84\ndescription: |\n  Convertit des coordonnées.\nlanguage: python\ntags:\n  - sig\n  - projection\nauthor: sevres\nlicense: etalab-2.0\nfiles:\n  - l93.py\n  - ma requête.sql"
	if meta != want {
		t.Fatalf("snippet.yaml:\n%s\nwant:\n%s", meta, want)
	}
	if got, err := reg.ReadFile("snippets/" + id + "/l93.py"); err != nil || string(got) != code {
		t.Fatalf("l93.py %q %v", got, err)
	}
}

// A refused snippet says why in the status bar and gives the form back as
// the user left it; nothing is written. (The form is filled by its values
// here: typing through it is TestAddSnippetFromTheSnippetsTab's business.)
func TestAddSnippetRefusedGivesTheFormBack(t *testing.T) {
	reg := memRegistry(t)
	hs := newStoreHarness(t, reg, sevres)
	hs.fkeys("2")
	for _, c := range []struct {
		files, why string
	}{
		{"absent.py", "le fichier absent.py n'existe pas"},
		{writeFile(t, "image.png", "\x89PNG\x00\x00"), "image.png n'est pas un fichier texte"},
		{t.TempDir(), "est un dossier : donnez les fichiers de code un par un"},
	} {
		in := &snippetInput{files: c.files, title: "Essai", author: "sevres"}
		hs.run(addSnippetCmd(reg, sevres, hs.m.env.now, in))
		if !strings.Contains(hs.statusText(), c.why) || !hs.m.status.err {
			t.Fatalf("status %q, want %q", hs.statusText(), c.why)
		}
		modalOf[*formModal](t, hs)
		hs.mustShow("Nouvel extrait de code", "> Essai")
		hs.send(closeModalMsg{})
	}
	// An author the directory does not know.
	in := &snippetInput{files: writeFile(t, "a.sh", "echo 1\n"), title: "Essai", author: "nulle-part"}
	hs.run(addSnippetCmd(reg, sevres, hs.m.env.now, in))
	hs.mustShow("l'auteur \"nulle-part\" n'est pas un acteur de l'annuaire")

	if branches, err := reg.ShareBranches(); err != nil || len(branches) != 0 {
		t.Fatalf("a refused snippet left a branch: %s %v", branches, err)
	}
	if files, _ := reg.EntryFiles(catalogue.Snippets, "essai"); len(files) != 0 {
		t.Fatalf("a refused snippet left its folder: %v", files)
	}
	cleanTree(t, reg)
}

func TestAddSnippetNeedsAWritableRegistryAndAnIdentity(t *testing.T) {
	ro := newHarness(t, i18n.FR, 120, 40)
	ro.keys("2", "a")
	if ro.m.modal != nil {
		t.Fatal("a form on a read-only registry")
	}
	ro.mustShow("Ce registre est en lecture seule")

	hs := newHarnessOpts(t, 120, 40, Options{Lang: i18n.FR, Store: memRegistry(t),
		IdentityErr: errors.New("identité inconnue : indiquez votre nom")})
	hs.keys("2", "a")
	if hs.m.modal != nil {
		t.Fatal("a form without an identity")
	}
	hs.mustShow("identité inconnue : indiquez votre nom")
}

// The help line offers a in Extraits de code only.
func TestAddSnippetKeyInTheHelp(t *testing.T) {
	hs := newHarness(t, i18n.FR, 160, 40)
	hs.mustNotShow("a ajouter")
	hs.keys("2")
	hs.mustShow("a ajouter")
}

func TestSplitPaths(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"a.py b.sql", []string{"a.py", "b.sql"}},
		{"  a.py,  b.sql, ", []string{"a.py", "b.sql"}},
		{`'ma requête.sql' "x y.py" z\ w.sh`, []string{"ma requête.sql", "x y.py", "z w.sh"}},
		{"'a,'", []string{"a,"}},
		{"~/code/x.py", []string{"~/code/x.py"}},
		{"", nil},
	} {
		if got := splitPaths(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("splitPaths(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if g := guessLanguage("'mon script.ps1' b.py"); g != "powershell" {
		t.Errorf("guessed %q", g)
	}
	if !strings.Contains(guessLanguage("x.sql"), "sql") {
		t.Error("sql not guessed")
	}
}
