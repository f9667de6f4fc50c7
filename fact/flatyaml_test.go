package fact

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// flatTarget has the shapes of votes and events (texts and a date) plus
// fields of other kinds, which send a file to the general path.
type flatTarget struct {
	Name   string `yaml:"name"`
	Email  string `yaml:"email"`
	D      Date   `yaml:"date"`
	Need   kindOfText
	Note   string       `yaml:"note"`
	N      int          `yaml:"n"`
	L      []string     `yaml:"l"`
	Status kindOfText   `yaml:"status"`
	Desc   string       `yaml:"description"`
	Themes []kindOfText `yaml:"themes"`
	Files  []string     `yaml:"files"`
}

type kindOfText string

// sameAsParser decodes src both ways and fails when the flat path accepted
// it and differs from the parser in any value, problem or position; it
// reports whether the flat path accepted it.
func sameAsParser(t *testing.T, src string) bool {
	t.Helper()
	var fast, slow flatTarget
	fd, fp, ok := decodeFlat("f.yaml", []byte(src), &fast)
	sd, sp := decodeYAML("f.yaml", []byte(src), &slow)
	if !ok {
		if !reflect.DeepEqual(fast, flatTarget{}) {
			t.Fatalf("%q: the flat path refused the file but changed the value: %+v", src, fast)
		}
		return false
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("%q: values differ\nflat:   %+v\nparser: %+v", src, fast, slow)
	}
	if fmt.Sprint(fp) != fmt.Sprint(sp) {
		t.Fatalf("%q: problems differ\nflat:   %v\nparser: %v", src, fp, sp)
	}
	if !reflect.DeepEqual(fd.Where(), sd.Where()) {
		t.Fatalf("%q: positions differ\nflat:   %v\nparser: %v", src, fd.Where(), sd.Where())
	}
	for _, k := range []string{"name", "email", "date", "need", "note", "n", "l", "status", "other", "x_1", "description", "themes", "files"} {
		if fd.Has(k) != sd.Has(k) {
			t.Fatalf("%q: Has(%q) flat %v, parser %v", src, k, fd.Has(k), sd.Has(k))
		}
		for _, p := range []string{k, "$." + k, "$." + k + "[0]", "$." + k + "[1]", "$." + k + "[2]", "$." + k + "[01]", "$." + k + "[0].x", "$." + k + ".x"} {
			if fd.Pos(p) != sd.Pos(p) {
				t.Fatalf("%q: Pos(%q) flat %v, parser %v", src, p, fd.Pos(p), sd.Pos(p))
			}
		}
	}
	return true
}

var flatSeeds = []string{
	"name: Service données – Association n°27\nemail: donnees@association-27.example\ndate: 2024-03-04\nneed: useful\n",
	"status: under-review\nname: Secrétariat du CODAL – Grand Paris Seine Ouest\nemail: codal@gpso.example\ndate: 2026-08-22\nnote: À l'étude.\n",
	"name: x\n\nother: y\n", "name: x", "name:  deux espaces\n", "date: 2024-13-45\n", "date: hier\n",
	"name: 1e3\nnote: 0x1F\nemail: true\n", "name: yes\nnote: .inf\n", "name: a, b; c = d\n",
	"name: x\u202e\n", "name: x\u0085y\n", "n: 3\n", "l: a\n", "name: a\nname: b\n", "name: null\n",
	"name: ~\n", "Name: x\n", "name: a:b\n", "name: a #b\n", "name: x \n", "name:\n", "name: -1\n",
	"x_1: w\n",
	"title: Données budget et arbres n°0\ndescription: |\n  Nous souhaitons les données **budget** du territoire, ligne à ligne,\n  mises à jour chaque mois, au format du schéma commun.\nrequested_by: meudon\naddressed_to: gpso\nthemes: [budget, arbres]\ncreated: 2024-01-19\nwanted_by: 2024-11-19\nusage: |\n  Tableau de bord arbres et publication sur le portail.\n",
	"title: Extrait 0 sur budget\ndescription: |\n  Exemple **0**.\nlanguage: python\ntags: [budget, arbres]\nauthor: association-105\nlicense: etalab-2.0\nfiles:\n  - main.py\n",
	"name: Association n°10\nkind: association\ncompetences: [subventions]\n",
	"description: |\n  a\n\n    b: c # d\n\n\nnote: x\n", "description: |\n  a\n", "description: |\n  a", "description: |\n", "description: |\n  a\n b\n",
	"themes: []\n", "themes: [ ]\n", "themes: [a,b ,  c]\n", "themes: [a,,b]\n", "themes: [a, b]x\n", "files:\n  - a\n  - b\n\nnote: x\n", "files:\n- a\n",
	"files:\n    - a\n    -  b\n", "files:\n  - a\n   - b\n", "themes:\n  - a\n", "name: [a]\n", "files: a\n", "date: |\n  2024-01-01\n", "name: <b>\n", "name: 100%\n", "name: a@b\n", "name: é\u00a0f\n",
}

// TestFlatPathAsTheParser checks the flat path against the parser on the
// files codal writes and on near misses, and that it takes the common ones.
func TestFlatPathAsTheParser(t *testing.T) {
	for _, s := range flatSeeds {
		sameAsParser(t, s)
	}
	for _, s := range flatSeeds {
		common := strings.HasPrefix(s, "name: Service") || strings.HasPrefix(s, "status: under-review") ||
			strings.HasPrefix(s, "title: ") || strings.HasPrefix(s, "name: Association")
		if common && !sameAsParser(t, s) {
			t.Errorf("%q: a vote, event, request, snippet or actor as codal writes it should take the flat path", s)
		}
	}
	for _, s := range []string{"name: a:b\n", "name: null\n", "n: 3\n", "name: a\nname: b\n", "name: a #b\n"} {
		if sameAsParser(t, s) {
			t.Errorf("%q: the flat path should leave this file to the parser", s)
		}
	}
}

// FuzzFlatYAML checks the flat path against the parser on every input it
// accepts: same values, problems and positions.
func FuzzFlatYAML(f *testing.F) {
	for _, s := range flatSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		sameAsParser(t, src)
	})
}

// BenchmarkDecodeVote decodes a vote and an event as codal writes them, by
// the flat path and by the parser, in the same run.
func BenchmarkDecodeVote(b *testing.B) {
	for _, c := range []struct {
		name string
		dec  func(string, []byte, any) (*Doc, []Problem)
	}{{"flat", DecodeYAML}, {"parser", decodeYAML}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range append(flatSeeds[:2:2], flatSeeds[29:32]...) {
					var v flatTarget
					c.dec("f.yaml", []byte(s), &v)
				}
			}
		})
	}
}

// TestFlatPathLeavesManyKeysToTheParser: a file of thousands of keys (its
// duplicate check would be quadratic) takes the parser.
func TestFlatPathLeavesManyKeysToTheParser(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, "k%d: v\n", i)
	}
	var v flatTarget
	if _, _, ok := decodeFlat("f.yaml", []byte(b.String()), &v); ok {
		t.Error("the flat path took a file of 5,000 keys")
	}
	if sameAsParser(t, "name: a\nnote: b\n") != true {
		t.Error("a two-key file should still take the flat path")
	}
}
