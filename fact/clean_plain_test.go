package fact

import (
	"testing"
	"unicode/utf8"
)

// TestIsPlainIsWhatCleanKeeps: the shortcut of clean (isPlain: return s as
// it is) is taken only where the rules themselves (cleanAll) give s back
// unchanged, for every character up to U+30000 alone and between text, for
// invalid UTF-8, and with both tab rules (Clean, CleanCode).
func TestIsPlainIsWhatCleanKeeps(t *testing.T) {
	var cases []string
	for r := rune(0); r < 0x30000; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		c := string(r)
		cases = append(cases, c, "Données "+c+" à Sèvres", c+c)
	}
	cases = append(cases, "\xff", "caf\xc3", "\xed\xa0\x80", "\xc0\xaf", "a\x80b", "é\xe2\x80", "\n", "a\nb\tc", "")
	plain := 0
	for _, s := range cases {
		for _, tab := range []string{"    ", "\t"} {
			got, want := clean(s, tab), cleanAll(s, tab)
			if got != want {
				t.Fatalf("clean(%q, %q) = %q, the rules give %q", s, tab, got, want)
			}
			if isPlain(s) && want != s {
				t.Fatalf("isPlain(%q), yet the rules make it %q", s, want)
			}
		}
		if isPlain(s) {
			plain++
		}
	}
	if plain < len(cases)/2 {
		t.Fatalf("only %d of %d cases plain: the shortcut is hardly taken", plain, len(cases))
	}
}
