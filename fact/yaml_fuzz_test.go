package fact

import (
	"testing"
)

type fuzzTarget struct {
	Name  string   `yaml:"name"`
	N     int      `yaml:"n"`
	B     bool     `yaml:"b"`
	L     []string `yaml:"l"`
	D     Date     `yaml:"d"`
	Items []struct {
		Role  string `yaml:"role"`
		Email string `yaml:"email"`
	} `yaml:"items"`
}

// FuzzDecodeYAML checks that no input makes decoding panic and that every
// problem has a place and a code.
func FuzzDecodeYAML(f *testing.F) {
	for _, s := range []string{
		"name: x\nn: 3\nb: true\nl: [a, b]\nd: 2026-01-02\n",
		"items:\n  - role: r\n    email: e@x.fr\n",
		"name: |\n  bloc\n  texte\n",
		"- a\n- b\n", "", "name: [", "&a x: *a", "name: !!binary aGVsbG8=", "n: 0x1F\nn: 1",
		"? complex\n: key\n", "name: \"\\u00e9\"\n", "---\na: 1\n---\nb: 2\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var v fuzzTarget
		doc, probs := DecodeYAML("f.yaml", []byte(src), &v)
		for _, p := range probs {
			if p.Line < 1 || p.Col < 1 || p.Code == "" {
				t.Fatalf("problem without place or code: %+v", p)
			}
		}
		_ = doc.Pos("$.items[0].email")
		_ = doc.Where()
	})
}
