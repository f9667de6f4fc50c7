package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
)

// plainLister hides a Lister's RequestRowLister: the list then goes
// through ListRequests, as it does for a Lister without rows (a loaded
// catalogue, an overlay).
type plainLister struct{ catalogue.Lister }

// listOutput runs list as `codal list requests` does with l.
func listOutput(t *testing.T, l catalogue.Lister, lang i18n.Lang, terms []string, asJSON bool) string {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{lang: lang, stdout: &out, stderr: &errb, now: clock}
	if err := a.list(l, catalogue.Requests, terms, asJSON); err != nil {
		t.Fatalf("list %q: %v", terms, err)
	}
	return out.String() + "\x00stderr\x00" + errb.String()
}

// TestRequestTableIsTheListing: the table of requests printed from the
// index's rows (requestTable, through catalogue.RequestRowLister) is byte
// for byte the one printed from ListRequests' standings, and from a full
// load of the work tree, for queries that keep many rows, a few and none,
// in French and in English, as a table and as JSON; on the demo (transfers,
// every status) and, in the long suite, a generated registry, each with
// titles a table must clean, cut and align.
func TestRequestTableIsTheListing(t *testing.T) {
	isolate(t)
	regs := map[string]string{"demo": demoRegistry(t)}
	if registrytest.Long() {
		gen := filepath.Join(t.TempDir(), "gen")
		if err := registrytest.Generate(gen, registrytest.Scale(400), 1); err != nil {
			t.Fatal(err)
		}
		if _, err := registrytest.CommitAll(gen, "generated"); err != nil {
			t.Fatal(err)
		}
		regs["generated"] = gen
	}
	for _, dir := range regs {
		hostileTitles(t, dir)
		// files written in the second the index is built are read again
		// by every command (racy, as in Git): they are dated an hour ago
		agedFiles(t, dir)
	}
	for name, dir := range regs {
		t.Run(name, func(t *testing.T) {
			r, err := registry.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			r.IndexPath = filepath.Join(t.TempDir(), "index")
			if _, err := r.Catalogue(); err != nil { // builds the index
				t.Fatal(err)
			}
			l, err := r.Lister(catalogue.Requests)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := l.(catalogue.RequestRowLister); !ok {
				t.Fatalf("the warm index's lister is a %T, without rows", l)
			}
			loaded, err := r.Load()
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{"", "eau", "EAU potable", "climat sevres", "meudon", "demande-3", "qualite", "zzzqqq"} {
				terms := catalogue.Terms(q)
				for _, lang := range []i18n.Lang{i18n.FR, i18n.EN} {
					for _, asJSON := range []bool{false, true} {
						fast := listOutput(t, l, lang, terms, asJSON)
						if plain := listOutput(t, plainLister{l}, lang, terms, asJSON); fast != plain {
							t.Fatalf("--query %q, %s, json %v: the rows differ from ListRequests': %s", q, lang, asJSON, firstDiff(fast, plain))
						}
						if full := listOutput(t, loaded, lang, terms, asJSON); fast != full {
							t.Fatalf("--query %q, %s, json %v: the rows differ from a full load's: %s", q, lang, asJSON, firstDiff(fast, full))
						}
					}
				}
			}
		})
	}
}

// hostileTitles gives the first requests of the registry in dir titles a
// table must clean, cut and align (a tab, a line break, long accented
// text, wide characters), and commits them.
func hostileTitles(t *testing.T, dir string) {
	t.Helper()
	titles := []string{
		`"Eau rouge et\ttabulation"`,
		`"Eau potable\nsur deux lignes"`,
		`"Données sur l'eau à Sèvres, Issy-les-Moulineaux, Meudon et Chaville, ligne à ligne, chaque mois"`,
		`"水の質 — qualité de l'eau ✓"`,
	}
	ids, err := os.ReadDir(filepath.Join(dir, "requests"))
	if err != nil || len(ids) < len(titles) {
		t.Fatalf("requests of %s: %d, %v", dir, len(ids), err)
	}
	for i, title := range titles {
		p := filepath.Join(dir, "requests", ids[i].Name(), "request.yaml")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "title:") {
				line = "title: " + title
			}
			out = append(out, line)
		}
		if err := os.WriteFile(p, []byte(strings.Join(out, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"add", "-A"}, {"commit", "-q", "--no-gpg-sign", "-m", "titles"}} {
		if out, err := registrytest.Git(dir, args...); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

// firstDiff names the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d (of %d and %d):\n%q\n%q", i+1, len(g), len(w), a, b)
		}
	}
	return "same lines"
}

// agedFiles dates every file and folder of dir but .git an hour ago.
func agedFiles(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.Type()&os.ModeSymlink != 0 {
			return nil
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
}
