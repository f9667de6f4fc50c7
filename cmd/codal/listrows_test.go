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
// in French and in English, as a table and as JSON; on a generated registry
// with hostile and long titles, and on the demo (transfers, every status).
func TestRequestTableIsTheListing(t *testing.T) {
	gen := filepath.Join(t.TempDir(), "gen")
	if err := registrytest.Generate(gen, registrytest.Scale(600), 1); err != nil {
		t.Fatal(err)
	}
	// titles a table must clean, cut and align: a control character, a
	// line break, a tab, long accented text, wide characters
	titles := map[string]string{
		"demande-1": `"Eau rouge et\ttabulation"`,
		"demande-2": `"Eau potable\nsur deux lignes"`,
		"demande-3": `"Données sur l'eau à Sèvres, Issy-les-Moulineaux, Meudon et Chaville, ligne à ligne, chaque mois"`,
		"demande-4": `"水の質 — qualité de l'eau ✓"`,
	}
	for id, title := range titles {
		p := filepath.Join(gen, "requests", id, "request.yaml")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitN(string(data), "\n", 2)
		if !strings.HasPrefix(lines[0], "title: ") {
			t.Fatalf("%s: %q", p, lines[0])
		}
		if err := os.WriteFile(p, []byte("title: "+title+"\n"+lines[1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := registrytest.CommitAll(gen, "generated"); err != nil {
		t.Fatal(err)
	}
	isolate(t)
	regs := map[string]string{"generated": gen, "demo": demoRegistry(t)}
	// files written in the second the index is built are read again by
	// every command (racy, as in Git): the index is built in the next one
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 50*time.Millisecond)))
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
