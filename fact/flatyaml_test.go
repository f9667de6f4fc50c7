package fact

import (
	"fmt"
	"reflect"
	"testing"
)

// flatTarget has the shapes of votes and events (texts and a date) plus
// fields of other kinds, which send a file to the general path.
type flatTarget struct {
	Name   string `yaml:"name"`
	Email  string `yaml:"email"`
	D      Date   `yaml:"date"`
	Need   kindOfText
	Note   string     `yaml:"note"`
	N      int        `yaml:"n"`
	L      []string   `yaml:"l"`
	Status kindOfText `yaml:"status"`
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
	for _, k := range []string{"name", "email", "date", "need", "note", "n", "l", "status", "other", "x_1"} {
		if fd.Has(k) != sd.Has(k) {
			t.Fatalf("%q: Has(%q) flat %v, parser %v", src, k, fd.Has(k), sd.Has(k))
		}
		for _, p := range []string{k, "$." + k, "$." + k + "[0]", "$." + k + ".x"} {
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
	"x_1: w\n", "name: <b>\n", "name: 100%\n", "name: a@b\n", "name: é\u00a0f\n",
}

// TestFlatPathAsTheParser checks the flat path against the parser on the
// files codal writes and on near misses, and that it takes the common ones.
func TestFlatPathAsTheParser(t *testing.T) {
	for _, s := range flatSeeds {
		sameAsParser(t, s)
	}
	for _, s := range flatSeeds[:2] {
		if !sameAsParser(t, s) {
			t.Errorf("%q: a vote or an event should take the flat path", s)
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
				for _, s := range flatSeeds[:2] {
					var v flatTarget
					c.dec("f.yaml", []byte(s), &v)
				}
			}
		})
	}
}
