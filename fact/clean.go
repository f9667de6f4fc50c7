package fact

import (
	"strings"
	"unicode/utf8"
)

// Clean makes registry text safe to print on a terminal. Anyone can propose
// text to a shared registry, so every control character is removed: escape
// sequences (ESC, CSI, OSC 52 clipboard writes, OSC 8 links), C1 controls,
// bidirectional overrides and isolates that could reorder what is shown, byte
// order marks, and invalid UTF-8. Newlines and tabs are kept; a tab becomes
// four spaces, a carriage return is dropped, and Unicode line and paragraph
// separators become newlines.
func Clean(s string) string { return clean(s, "    ") }

// CleanCode is Clean for code that is copied rather than shown: tabs are
// kept, since they can matter (Makefiles, Go), and everything else Clean
// drops is dropped too, so a pasted snippet carries no hidden escape sequence
// or bidirectional trick ("Trojan Source").
func CleanCode(s string) string { return clean(s, "\t") }

func clean(s, tab string) string {
	if isPlain(s) {
		return s
	}
	return cleanAll(s, tab)
}

// cleanAll is clean without isPlain's shortcut: the rules themselves.
func cleanAll(s, tab string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune('\uFFFD')
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString(tab)
		case r == 0x2028 || r == 0x2029:
			// line and paragraph separators: plain newlines
			b.WriteByte('\n')
		case isControl(r):
			// control character: dropped
		case isBidiFormat(r):
			// bidirectional formatting: dropped
		case r == 0xfeff:
			// byte order mark / zero-width no-break space: dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CleanLine is Clean for one-line text: newlines and tabs become spaces.
func CleanLine(s string) string {
	s = Clean(s)
	if strings.Contains(s, "\n") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return s
}

// isPlain reports whether clean leaves s as it is: valid UTF-8 holding no
// character the rules of cleanAll drop or rewrite (a newline is kept). Most
// French text qualifies (accents), and is then neither copied nor scanned
// twice (TestIsPlainIsWhatCleanKeeps).
func isPlain(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == 0x7f || c < 0x20 && c != '\n' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || isControl(r) || isBidiFormat(r) || r == 0xfeff || r == 0x2028 || r == 0x2029 {
			return false
		}
		i += size
	}
	return true
}

// Truncate cuts s to n characters (runes), ending with "…" when it cuts.
func Truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
