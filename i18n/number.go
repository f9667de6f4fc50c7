package i18n

import (
	"strconv"
	"strings"
)

// Number writes n with the language's thousands separator: "68 451" (a
// narrow no-break space) in French, "68,451" in English.
func Number(l Lang, n int) string {
	sep := "\u202f"
	if l == EN {
		sep = ","
	}
	s := strconv.Itoa(n)
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
		s = s[1:]
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}
