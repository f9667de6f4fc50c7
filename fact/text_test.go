package fact

import (
	"strings"
	"testing"
)

type textTarget struct {
	Title       string   `yaml:"title"`
	Description string   `yaml:"description"`
	Tags        []string `yaml:"tags"`
	Contacts    []struct {
		Role string `yaml:"role"`
	} `yaml:"contacts"`
	N int `yaml:"n"`
}

func TestDecodeYAMLReportsControlCharacters(t *testing.T) {
	src := "title: \"Budget\\e]52;c;ZWNobyBwd25lZA==\\a\"\n" + // OSC 52 clipboard write
		"description: |\n  line one\n  line \x1b[2J two\n" + // raw ESC: screen clear
		"tags: [ok, \"\\u202Egnp.exe\"]\n" + // bidi override
		"contacts:\n  - role: \"\\x9b31m\"\n" + // C1 CSI
		"n: 3\n"
	var v textTarget
	_, probs := DecodeYAML("snippets/s/snippet.yaml", []byte(src), &v)
	var got []string
	for _, p := range probs {
		got = append(got, p.Format("en"))
	}
	want := []string{
		"snippets/s/snippet.yaml:1:8: control-character the field title contains a control character (U+001B): remove it",
		"snippets/s/snippet.yaml:2:14: control-character the field description contains a control character (U+001B): remove it",
		"snippets/s/snippet.yaml:5:12: control-character the field tags contains a control character (U+202E): remove it",
		"snippets/s/snippet.yaml:7:11: control-character the field contacts contains a control character (U+009B): remove it",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, p := range probs {
		if p.Severity != Error {
			t.Errorf("%s: want an error", p)
		}
	}
	if v.N != 3 || !strings.HasPrefix(v.Title, "Budget") {
		t.Errorf("the fields must still be decoded: %+v", v)
	}
}

func TestDecodeYAMLAcceptsTabsNewlinesAndCRLF(t *testing.T) {
	src := "title: \"a\\tb\"\r\ndescription: |\r\n  line\tone\r\n\r\n  line two\r\ntags: [é, 日本, \"\\u200D\"]\r\n"
	var v textTarget
	if _, probs := DecodeYAML("x.yaml", []byte(src), &v); len(probs) > 0 {
		t.Errorf("unexpected problems %v (description %q)", probs, v.Description)
	}
}

func TestCheckText(t *testing.T) {
	for s, want := range map[string]string{
		"plain":         "",
		"tab\tnew\nl":   "",
		"é ü 日本 🙂":      "",
		"bell\a":        "U+0007",
		"del\x7f":       "U+007F",
		"c1\u0085":      "U+0085",
		"iso\u2066late": "U+2066",
		"bad\xffutf8":   "UTF-8",
		"cr\r":          "U+000D",
		"cr\rlf":        "U+000D",
		"crlf\r\n":      "",
	} {
		err := CheckText("title", s)
		switch {
		case want == "" && err != nil:
			t.Errorf("CheckText(%q) = %v", s, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("CheckText(%q) = %v, want %s", s, err, want)
		}
	}
}
