package snippets

import (
	"strings"
	"testing"
)

func TestIsText(t *testing.T) {
	if !IsText([]byte("print('é')\n")) || IsText([]byte("a\x00b")) || IsText([]byte("S\xe8vres")) || !IsText(nil) {
		t.Error("basic cases")
	}
	// A two-byte character cut by the 8 KiB limit is still text.
	cut := strings.Repeat("a", sniffLen-1) + "é" + strings.Repeat("b", 10)
	if !IsText([]byte(cut)) {
		t.Error("character cut at the limit")
	}
	// A NUL past 8 KiB is not looked at.
	if !IsText([]byte(strings.Repeat("a", sniffLen) + "\x00")) {
		t.Error("NUL after the sniffed part")
	}
}

func TestCheckCodeFile(t *testing.T) {
	if CheckCodeFile("ok.py", []byte("x = 1\n")) != nil {
		t.Error("good file refused")
	}
	for name, data := range map[string]string{
		".env": "x", "a/b.py": "x", "snippet.yaml": "x", "big.sql": strings.Repeat("x", MaxFileSize+1), "bin.py": "\x00",
	} {
		if CheckCodeFile(name, []byte(data)) == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	for _, desc := range []string{"", "Une ligne.\n", "Titre\n\n\n\n- point : un\n- « deux »\n", "Saut de ligne Markdown  \nsuite\n", "  indentée\n"} {
		s := &Snippet{ID: "x", Title: "Requête : « API » #1", Description: desc, Language: "sql", Tags: []string{"yes", "123", "sig"},
			Author: "gpso", License: "etalab-2.0", Files: []string{"a.sql", "#b.sql"}}
		data, err := s.Marshal()
		if err != nil {
			t.Fatalf("%q: %v", desc, err)
		}
		back, probs := Parse("snippets/x/snippet.yaml", data)
		if len(probs) > 0 || !sameFields(s, back) {
			t.Errorf("%q does not read back:\n%s\n%+v %v", desc, data, back, probs)
		}
	}
	s := &Snippet{ID: "x", Title: "T", Description: "a\n\nb\n", Language: "sql", License: "mit", Files: []string{"a.sql"}}
	data, _ := s.Marshal()
	if !strings.HasPrefix(string(data), "title: T\ndescription: |\n  a\n\n  b\nlanguage: sql\n") {
		t.Errorf("layout:\n%s", data)
	}
}
