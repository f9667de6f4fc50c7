package snippets

import "testing"

func TestGuessLanguage(t *testing.T) {
	cases := map[string]string{
		"explore.py": "python", "requete.SQL": "sql", "a/b/convert.sh": "bash", `C:\x\Export.ps1`: "powershell",
		"siren.js": "javascript", "Dockerfile": "docker", "Makefile": "makefile", "notes": "text", "carte.geojson": "json",
	}
	for in, want := range cases {
		if got := GuessLanguage(in); got != want {
			t.Errorf("GuessLanguage(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSafeFileName(t *testing.T) {
	for _, ok := range []string{"main.py", "export csv.ps1", "données.sql"} {
		if !SafeFileName(ok) {
			t.Errorf("SafeFileName(%q) = false", ok)
		}
	}
	for _, bad := range []string{"", ".", "..", "../x", "a/b", `a\b`, ".hidden", "c:x", "a\x1bb"} {
		if SafeFileName(bad) {
			t.Errorf("SafeFileName(%q) = true", bad)
		}
	}
}

func TestParseSnippet(t *testing.T) {
	src := "title: Contrôle SIREN\nlanguage: javascript\nlicense: MIT\nauthor: sevres\ntags: [siren]\nfiles:\n  - siren.js\n  - siren.js\n  - snippet.yaml\n"
	s, probs := Parse("snippets/controle-siren/snippet.yaml", []byte(src))
	if s.ID != "controle-siren" || s.Title != "Contrôle SIREN" {
		t.Errorf("parsed %+v", s)
	}
	if len(probs) != 2 || probs[0].Code != "invalid-value" || probs[0].Line != 8 || probs[1].Line != 9 {
		t.Errorf("problems %v, want a duplicate at line 8 and snippet.yaml at line 9", probs)
	}
	_, probs = Parse("snippets/x/snippet.yaml", []byte("description: rien\n"))
	if len(probs) != 4 {
		t.Errorf("missing title, language, license and files: %v", probs)
	}
}
