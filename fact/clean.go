package fact

import (
	"strings"
	"unicode/utf8"
)

// Clean makes registry text safe to print on a terminal. Anyone can propose
// text to a shared registry, so every control character is removed: escape
// sequences (ESC, CSI, OSC 52 clipboard writes, OSC 8 links), C1 controls,
// bidirectional overrides and isolates that could reorder what is shown, byte
// order marks, and invalid UTF-8. Newlines and tabs are kept; a tab becomes four spaces and a
// carriage return is dropped.
func Clean(s string) string {
	if isPlain(s) {
		return s
	}
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
			b.WriteString("    ")
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			// control character: dropped
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
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
	if strings.ContainsAny(s, "\n") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return s
}

// isPlain reports whether s is printable ASCII (plus newline), needing no
// cleaning.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x7f || c < 0x20 && c != '\n' {
			return false
		}
	}
	return true
}
