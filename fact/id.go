package fact

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/gpso/codal/i18n"
)

// MaxIDLen is the longest id allowed.
const MaxIDLen = 64

// CheckID returns nil when s is a valid entry id: lowercase ASCII letters,
// digits and single hyphens, not starting or ending with a hyphen, 64
// characters at most.
func CheckID(s string) *i18n.Error {
	switch {
	case s == "":
		return i18n.Errorf(i18n.T("l'identifiant est vide", "the id is empty"))
	case len(s) > MaxIDLen:
		return i18n.Errorf(i18n.T("l'identifiant %q dépasse %d caractères", "the id %q is longer than %d characters"), s, MaxIDLen)
	case s[0] == '-' || s[len(s)-1] == '-':
		return i18n.Errorf(i18n.T("l'identifiant %q commence ou finit par un tiret", "the id %q starts or ends with a hyphen"), s)
	case strings.Contains(s, "--"):
		return i18n.Errorf(i18n.T("l'identifiant %q contient deux tirets de suite", "the id %q has two hyphens in a row"), s)
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return i18n.Errorf(i18n.T("l'identifiant %q contient %q : seuls les minuscules sans accent, les chiffres et le tiret sont permis",
				"the id %q contains %q: only lowercase letters without accents, digits and hyphens are allowed"), s, string(r))
		}
	}
	return nil
}

// ValidID reports whether s is a valid entry id.
func ValidID(s string) bool { return CheckID(s) == nil }

// Slug turns a name into an id: accents folded, apostrophes and every other
// non-alphanumeric run become a single hyphen, lowercase, at most 64
// characters cut at a hyphen. "Ville-d'Avray" gives "ville-d-avray", "Sèvres"
// gives "sevres". Ligatures œ and æ become oe and ae.
func Slug(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
			hyphen = false
			continue
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
			hyphen = false
			continue
		case r == 'ß':
			b.WriteString("ss")
			hyphen = false
			continue
		}
		r = unicode.ToLower(r)
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			hyphen = false
			continue
		}
		if !hyphen && b.Len() > 0 {
			b.WriteByte('-')
			hyphen = true
		}
	}
	s := strings.TrimRight(b.String(), "-")
	if len(s) > MaxIDLen {
		s = s[:MaxIDLen]
		if i := strings.LastIndexByte(s, '-'); i > MaxIDLen/2 {
			s = s[:i]
		}
		s = strings.TrimRight(s, "-")
	}
	return s
}

// Fold lowercases s and removes its accents, for accent-insensitive search:
// Fold("Sèvres") == "sevres".
func Fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	var rb [utf8.UTFMax]byte
	for _, r := range norm.NFD.String(s) {
		b.Write(appendFoldRune(rb[:0], r))
	}
	return b.String()
}

// isASCII reports whether s holds only ASCII bytes (Fold is then a plain
// lowercasing).
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// appendFoldRune appends what Fold makes of one rune of a decomposed text:
// nothing for a combining mark, "oe" and "ae" for the ligatures, an
// apostrophe for the typographic one, else the rune lowercased.
func appendFoldRune(dst []byte, r rune) []byte {
	if unicode.Is(unicode.Mn, r) {
		return dst
	}
	switch r {
	case 'œ', 'Œ':
		return append(dst, "oe"...)
	case 'æ', 'Æ':
		return append(dst, "ae"...)
	case '’':
		return append(dst, '\'')
	}
	return utf8.AppendRune(dst, unicode.ToLower(r))
}

// foldIters are AppendFold's normalisers (a norm.Iter is 3 KB: one per call
// was most of what AppendFold allocated).
var foldIters = sync.Pool{New: func() any { return new(norm.Iter) }}

// AppendFold appends Fold(s) to dst, allocating nothing but dst's growth
// (Fold makes three copies of a text with accents): what packs the app's
// search texts at 100,000 entries, where that garbage kept the collector
// running back to back. Fold(a+"\x00"+b) is AppendFold of a, "\x00", then b
// (NUL is a starter: normalisation never crosses it).
func AppendFold(dst []byte, s string) []byte {
	if isASCII(s) {
		for i := 0; i < len(s); i++ {
			c := s[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
		}
		return dst
	}
	if !utf8.ValidString(s) {
		return append(dst, Fold(s)...)
	}
	it := foldIters.Get().(*norm.Iter)
	defer foldIters.Put(it)
	it.InitString(norm.NFD, s)
	for !it.Done() {
		seg := it.Next()
		for len(seg) > 0 {
			r, n := utf8.DecodeRune(seg)
			seg = seg[n:]
			dst = appendFoldRune(dst, r)
		}
	}
	return dst
}
