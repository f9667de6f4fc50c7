package fact

import (
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml/parser"
)

// hostileDeep builds the files of issue 9: collections nested n levels deep
// in a few dozen kilobytes.
func hostileDeep(n int) map[string]string {
	return map[string]string{
		"flow sequence": "actor: x\ncomment: " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n",
		"flow map":      "actor: x\ncomment: " + strings.Repeat("{a: ", n) + "1" + strings.Repeat("}", n) + "\n",
		"block":         "actor: x\ncomment:\n" + strings.Repeat("- ", n) + "x\n",
		"unclosed":      "actor: x\ncomment: " + strings.Repeat("[", n) + "\n",
	}
}

func TestDecodeYAMLRefusesDeepNesting(t *testing.T) {
	for name, src := range hostileDeep(20000) {
		t.Run(name, func(t *testing.T) {
			var v struct {
				Actor   string `yaml:"actor"`
				Comment any    `yaml:"comment"`
			}
			start := time.Now()
			_, probs := DecodeYAML("requests/r/votes/x.yaml", []byte(src), &v)
			if len(probs) != 1 || probs[0].Code != "too-deep" || probs[0].Severity != Error {
				t.Fatalf("want one too-deep error, got %v", probs)
			}
			if p := probs[0]; p.Line != 2 && !(name == "block" && p.Line == 3) {
				t.Errorf("too-deep at line %d, want the nesting's line", p.Line)
			}
			want := "requests/r/votes/x.yaml:"
			if got := probs[0].Format("en"); !strings.HasPrefix(got, want) || !strings.Contains(got, "too-deep YAML nested too deeply (more than 64 levels): the file is not read") {
				t.Errorf("message %q", got)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("refusing took %v", d)
			}
		})
	}
}

func TestYAMLDepthLimit(t *testing.T) {
	for _, c := range []struct {
		src  string
		max  int
		ok   bool
		line int
	}{
		{"a: 1\n", 1, true, 0},
		{"a: [1]\n", 1, false, 1},
		{"a: [1]\n", 2, true, 0},
		{"a:\n  b:\n    c: 1\n", 3, true, 0},
		{"a:\n  b:\n    c: 1\n", 2, false, 3},
		{"a: {b: [c]}\n", 2, false, 1},
		{"- - - x\n", 3, false, 1},
		// brackets in quoted scalars, comments and block scalars are text
		{"a: \"[[[[[[[\"\nb: '{{{{{{{'\n# [[[[[[[\nc: |\n  [[[[[[\n  {\nd: x\n", 7, true, 0},
		{"a: \"[[[\n  [[[[\" \nb: 1\n", 7, true, 0},
		{"a: [\"]]]]\", '[[[[', x]\n", 4, true, 0},
		{"a: title with [brackets] and {braces}\n", 1, true, 0},
		{"a: don't [stop]\nb: [[x]]\n", 2, false, 2},
		// but a block scalar ends where its indentation does
		{"a: |\n  text\nb: [[[x]]]\n", 3, false, 3},
		{"- k: |\n    text\n- [[[x]]]\n", 3, false, 3},
		// skipped text cannot hide deep nesting either
		{"a: \"" + strings.Repeat("[", 10) + "\"\n", 5, false, 1},
		{"a: |\n  " + strings.Repeat("- ", 10) + "x\n", 5, false, 2},
	} {
		pos, ok := YAMLDepth([]byte(c.src), c.max)
		if ok != c.ok || pos.Line != c.line {
			t.Errorf("YAMLDepth(%q, %d) = %v, %v; want line %d, %v", c.src, c.max, pos, ok, c.line, c.ok)
		}
	}
}

// FuzzYAMLDepth checks the pre-scan against the parser: whenever the scan
// lets a file through, the parser must not find it nested deeper than the
// limit.
func FuzzYAMLDepth(f *testing.F) {
	for _, s := range []string{
		"a: 1\n", "a: [1, [2]]\n", "- - - x\n", "a:\n  b:\n    - c\n", "a: \"[[\"\n", "a: |\n  [[\nb: [[x]]\n",
		"a: '[[\n  ''[['\nb: {c: [d]}\n", "? [a, [b]]\n: c\n", "a: &x [b]\nc: *x\n", "--- [a]\n--- [[b]]\n",
		"a: b # [[\n", "a: {\"b\": [c], 'd': {e: f}}\n", "a: >-\n  x\n   [[\n",
	} {
		f.Add(s)
	}
	const limit = 3
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		pos, ok := YAMLDepth([]byte(src), limit)
		if !ok {
			if pos.Line < 1 || pos.Col < 1 {
				t.Fatalf("position %v", pos)
			}
			return
		}
		file, err := parser.ParseBytes([]byte(src), 0)
		if err != nil {
			return
		}
		// The scan bounds the parser's work: what it lets through nests
		// at most twice the limit (DecodeYAML then checks the parsed
		// depth exactly, checkDepth).
		for _, d := range file.Docs {
			if got := astDepth(d); got > 2*limit {
				t.Fatalf("the scan let through a file nested %d levels deep (limit %d, bound %d): %q", got, limit, 2*limit, src)
			}
		}
	})
}

func TestCheckDepthIsExact(t *testing.T) {
	for _, c := range []struct {
		src  string
		max  int
		ok   bool
		line int
	}{
		{"a:\n  b:\n    - c: 1\n", 4, true, 0},
		{"a:\n  b:\n    - c: 1\n", 3, false, 3},
		{"a: [1, {b: [2]}]\n", 3, false, 1},
		{"a: [1, {b: [2]}]\n", 4, true, 0},
	} {
		f, err := parser.ParseBytes([]byte(c.src), 0)
		if err != nil {
			t.Fatal(err)
		}
		pos, ok := checkDepth(f.Docs[0].Body, c.max)
		if ok != c.ok || pos.Line != c.line {
			t.Errorf("checkDepth(%q, %d) = %v, %v; want line %d, %v", c.src, c.max, pos, ok, c.line, c.ok)
		}
	}
}
