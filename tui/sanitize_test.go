package tui

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// mapSource serves a registry held in memory.
type mapSource struct {
	noWrites
	fsys fs.FS
}

func (m mapSource) Dir() string { return "hostile" }
func (m mapSource) Load(kinds ...catalogue.Kind) (*catalogue.Catalogue, error) {
	return catalogue.LoadOnly(m.fsys, kinds...)
}
func (m mapSource) State() (store.SyncState, error)      { return store.SyncState{}, nil }
func (m mapSource) ReadFile(name string) ([]byte, error) { return fs.ReadFile(m.fsys, name) }

// hostile is a registry whose every text tries to reach the terminal:
// clipboard writes (OSC 52), hyperlinks (OSC 8), title changes, screen
// clearing, C1 controls, bidirectional overrides. YAML's double-quoted
// escapes (\e, \a, \u202E, \x9B) put the raw bytes in the values.
var hostile = fstest.MapFS{
	"registry.yaml": {Data: []byte("format: 1\nname: \"Evil\\e]0;pwned\\aReg\"\n")},
	"actors/evil.yaml": {Data: []byte(`name: "Evil\e]52;c;ZXZpbA==\aCorp\e[2J\u202Edrowssap"
kind: commune
insee: "92012"
portal: "https://x.example/\e]8;;https://evil.example\e\\click\e]8;;\e\\"
competences: ["\e[31mrouge\e[0m"]
contacts:
  - role: "Accueil\x9B31m"
    email: a@b.example
`)},
	"actors/other.yaml": {Data: []byte("name: Other\nkind: \"entreprise\\e[5m\"\n")},
	"snippets/trap/snippet.yaml": {Data: []byte(`title: "Trap\e]52;c;cm0gLXJmIC8=\a"
description: "See [the docs](https://evil.example/\e]52;c;eA==\a) \e[8mhidden\e[0m"
language: python
tags: ["\u2066tag\u2069"]
license: MIT
files: [trap.py]
`)},
	"snippets/trap/trap.py": {Data: []byte("print('ok')\x1b]52;c;cm0gLXJmIC8=\x07\n# \u202eevil\u202c comment\n\tindented\n")},
	"schemas/s/schema.json": {Data: []byte(`{"title": "Schema\u001b[41m", "description": "[link](https://evil.example)",
"fields": [{"name": "f\u001b]8;;https://evil.example\u0007", "type": "string", "description": "d\u009b2J",
"constraints": {"pattern": "^\u001b[31m$"}}]}`)},
	"requests/r/request.yaml": {Data: []byte(`title: "Request\e[2J\e[H"
description: "Text with [a link](https://evil.example) and \e]52;c;eA==\a"
requested_by: evil
addressed_to: other
themes: ["climat\e[31m"]
created: 2026-01-01
usage: "\u202Eesu"
`)},
	"requests/r/votes/other.yaml": {Data: []byte(`name: "N\e[1m"
email: n@b.example
date: 2026-01-02
need: useful
comment: "ok\e]52;c;eA==\a\x9B2J"
`)},
	"requests/r/events/20260103T000000Z-other.yaml": {Data: []byte(`status: "under-review"
name: N
email: n@b.example
date: 2026-01-03
note: "\e]8;;https://evil.example\e\\note\e]8;;\e\\"
`)},
	// A transfer whose note and new addressee's name are hostile (the
	// detail shows the current addressee and the hop).
	"requests/r/events/20260104T000000Z-other.yaml": {Data: []byte(`transfer_to: evil
name: N
email: n@b.example
date: 2026-01-04
note: "\e]52;c;eA==\a\u202Eenon\x9B2J"
`)},
	"requests/bad/request.yaml": {Data: []byte("title: [\"\\e]52;c;eA==\\a\"\n")},
	"trainings/t/training.yaml": {Data: []byte(`title: "Training\e]0;pwned\a"
date: 2026-01-01
speakers: ["evil", {name: "N\e[5m", actor: other}]
organiser: evil
level: avancé
topics: ["\u202Etopic"]
video: "https://x.example/\e]52;c;eA==\a"
description: "[click](https://evil.example/\e]8;;x\e\\) \e[2J"
`)},
	"tips/p/tip.md": {Data: []byte("---\ntitle: \"Tip\\e[2J\\u202E\"\ntags: [\"\\e[31mred\"]\nauthor: evil\nrelated: [\"requests/r\\e[1m\"]\n---\n# Body \x1b]52;c;eA==\x07\n\nSee <https://evil.example/\x1b[2J> \u202eevil\u202c\n")},
}

// sgr matches the styling sequences codal itself writes.
var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

func TestRegistryTextNeverReachesTheTerminalRaw(t *testing.T) {
	hs := newHarnessWith(t, i18n.FR, 120, 40, mapSource{fsys: hostile})
	check := func(where string) {
		t.Helper()
		screen := hs.m.View().Content
		rest := sgr.ReplaceAllString(screen, "")
		for _, bad := range []string{"\x1b", "\a", "\u009b", "\u202e", "\u2066", "\u2069", "\u202c"} {
			if i := strings.Index(rest, bad); i >= 0 {
				t.Fatalf("%s: %q reaches the terminal: …%q…", where, bad, rest[max(i-30, 0):min(i+30, len(rest))])
			}
		}
		if !strings.Contains(ansiStrip(screen), "codal") {
			t.Fatalf("%s: nothing rendered", where)
		}
	}
	hs.mustShow("Evil]52;c;ZXZpbA==Corp", "drowssap") // the text is shown, defused
	for _, step := range [][]string{nil, {"enter"}, {"esc", "2"}, {"enter"}, {"esc", "3"}, {"enter"}, {"esc", "4"}, {"enter"}, {"G"}, {"esc", "5"}, {"enter"}, {"esc", "6"}, {"enter"}, {"esc", "!"}, {"esc", "?"}} {
		hs.keys(step...)
		check(strings.Join(step, " "))
	}
	// The transfer's hop and the current addressee were on screen, defused.
	hs.keys("esc", "esc", "4", "g", "enter")
	hs.mustShow("transférée à", "Transférée à    Evil", "enon2J")
	check("transfer")
	hs.keys("esc", "5")
	hs.mustShow("Training]0;pwned") // the toolbox's tabs show their text, defused
	hs.keys("6", "enter")
	hs.mustShow("Tip[2J", "Body ]52;c;eA==")
	hs.keys("esc", "2", "y")
	if len(hs.copied) != 1 {
		t.Fatalf("copied %d times", len(hs.copied))
	}
	code := hs.copied[0]
	if strings.ContainsAny(code, "\x1b\a\u202e\u202c") {
		t.Fatalf("copied code carries control characters: %q", code)
	}
	if !strings.Contains(code, "\tindented") {
		t.Fatalf("copied code lost its tab: %q", code)
	}
}

func ansiStrip(s string) string { return sgr.ReplaceAllString(s, "") }

func TestStripOSC(t *testing.T) {
	cases := map[string]string{
		"plain": "plain",
		"a\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\b": "alinkb",
		"a\x1b]52;c;eA==\x07b":                        "ab",
		"\x1b[1mbold\x1b[m\x1b]0;title\x07":           "\x1b[1mbold\x1b[m",
		"cut\x1b]8;;unterminated":                     "cut",
	}
	for in, want := range cases {
		if got := stripOSC(in); got != want {
			t.Errorf("stripOSC(%q) = %q, want %q", in, got, want)
		}
	}
}
