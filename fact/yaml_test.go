package fact

import (
	"reflect"
	"testing"
)

type sample struct {
	Name  string   `yaml:"name"`
	Code  string   `yaml:"code"`
	Count int      `yaml:"count"`
	Flag  bool     `yaml:"flag"`
	Tags  []string `yaml:"tags"`
	Day   Date     `yaml:"day"`
}

func TestDecodeYAMLKeepsTextAndPositions(t *testing.T) {
	src := "name: Sèvres\ncode: 01004\ncount: 3\nflag: true\ntags: [a, 2]\nday: 2026-03-02\n"
	var s sample
	doc, probs := DecodeYAML("x.yaml", []byte(src), &s)
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	want := sample{Name: "Sèvres", Code: "01004", Count: 3, Flag: true, Tags: []string{"a", "2"}}
	want.Day, _ = ParseDate("2026-03-02")
	if !reflect.DeepEqual(s, want) {
		t.Errorf("decoded %+v, want %+v", s, want)
	}
	if p := doc.Pos("count"); p != (Pos{3, 8}) {
		t.Errorf("Pos(count) = %v, want 3:8", p)
	}
	if p := doc.ListPos("tags", 1); p != (Pos{5, 11}) {
		t.Errorf("ListPos(tags, 1) = %v, want 5:11", p)
	}
}

func TestDecodeYAMLProblems(t *testing.T) {
	cases := []struct {
		src   string
		codes []string
		pos   Pos
	}{
		{"name: [unclosed\n", []string{"yaml-syntax"}, Pos{}},
		{"- a\n- b\n", []string{"yaml-shape"}, Pos{1, 1}},
		{"", []string{"yaml-shape"}, Pos{1, 1}},
		{"name: x\ncount: many\n", []string{"field-type"}, Pos{2, 8}},
		{"name: x\nflag: oui\n", []string{"field-type"}, Pos{2, 7}},
		{"name: x\nextra: 1\n", []string{"unknown-field"}, Pos{2, 1}},
		{"name: x\nname: y\n", []string{"yaml-syntax"}, Pos{}},
		{"name: x\nday: 02/03/2026\n", []string{"field-type"}, Pos{2, 6}},
		{"name: x\ntags: notalist\n", []string{"field-type"}, Pos{2, 7}},
	}
	for _, c := range cases {
		var s sample
		_, probs := DecodeYAML("x.yaml", []byte(c.src), &s)
		var codes []string
		for _, p := range probs {
			codes = append(codes, p.Code)
		}
		if !reflect.DeepEqual(codes, c.codes) {
			t.Errorf("%q: codes %v, want %v (%v)", c.src, codes, c.codes, probs)
			continue
		}
		if c.pos != (Pos{}) && (Pos{probs[0].Line, probs[0].Col}) != c.pos {
			t.Errorf("%q: at %d:%d, want %v", c.src, probs[0].Line, probs[0].Col, c.pos)
		}
		if probs[0].Line < 1 || probs[0].Message("fr") == "" {
			t.Errorf("%q: problem without line or message: %+v", c.src, probs[0])
		}
	}
}

// TestTagOnAScalarWhereAListIsWanted covers what the fuzzer found (CI,
// FuzzDecodeYAML/19fdd9b9b2370bb7): a tag on a scalar where a list of
// records is wanted made the YAML library dereference a nil list. It must be
// one field-type problem at the tag, through anchors and aliases too, and a
// tagged list must still decode.
func TestTagOnAScalarWhereAListIsWanted(t *testing.T) {
	for _, c := range []struct {
		src string
		pos Pos
	}{
		{"items: !x a\n", Pos{1, 8}},
		{"items: !!str a\n", Pos{1, 8}},
		{"items: &a !x b\n", Pos{1, 11}},
		{"items: !x {role: r}\n", Pos{1, 8}},
		{"items:\n  - role: r\n    email: e\n  - &b !x c\n", Pos{4, 8}},
	} {
		var v fuzzTarget
		_, probs := DecodeYAML("f.yaml", []byte(c.src), &v)
		if len(probs) != 1 || probs[0].Code != "field-type" || (Pos{probs[0].Line, probs[0].Col}) != c.pos {
			t.Errorf("%q: %v, want one field-type problem at %v", c.src, probs, c.pos)
		}
	}
	var v fuzzTarget
	if _, probs := DecodeYAML("f.yaml", []byte("items: !x\n  - role: r\n"), &v); len(probs) != 0 || len(v.Items) != 1 || v.Items[0].Role != "r" {
		t.Errorf("a tagged list: %v, %+v", probs, v.Items)
	}
}
