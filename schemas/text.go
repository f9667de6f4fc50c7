package schemas

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gpso/codal/i18n"
)

// Helpers to build bilingual texts on the error path. i18n.Text halves are
// fmt formats sharing one argument list, so language-specific pieces are
// concatenated into the formats (with % escaped) rather than passed as
// arguments.

// lit is a bilingual literal, safe to embed in a format.
func lit(fr, en string) i18n.Text { return i18n.T(fr, en) }

// cat concatenates texts.
func cat(ts ...i18n.Text) i18n.Text {
	var fr, en strings.Builder
	for _, t := range ts {
		fr.WriteString(t.FR)
		en.WriteString(t.EN)
	}
	return i18n.T(fr.String(), en.String())
}

// quoted is a value quoted for each language: « v » and "v".
func quoted(v string) i18n.Text {
	v = showValue(v)
	return i18n.T("« "+v+" »", `"`+v+`"`)
}

// quotedList quotes values and joins them: « a », « b » ou « c ».
func quotedList(vals []string, max int) i18n.Text {
	var fr, en strings.Builder
	n := len(vals)
	shown := vals
	if max > 0 && n > max {
		shown = vals[:max]
	}
	for i, v := range shown {
		q := quoted(v)
		if i > 0 {
			if i == len(shown)-1 && len(shown) == n {
				fr.WriteString(" ou ")
				en.WriteString(" or ")
			} else {
				fr.WriteString(", ")
				en.WriteString(", ")
			}
		}
		fr.WriteString(q.FR)
		en.WriteString(q.EN)
	}
	if len(shown) < n {
		rest := strconv.Itoa(n - len(shown))
		fr.WriteString("… (" + rest + " autres valeurs)")
		en.WriteString("… (" + rest + " more values)")
	}
	return i18n.T(fr.String(), en.String())
}

// maxShown is how many characters of a cell a message quotes.
const maxShown = 80

// showValue makes a cell printable in a one-line message: control, line-break
// and bidirectional characters escaped (writeInert), long values cut.
func showValue(v string) string {
	clean := true
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] >= 0x7f { // beyond ASCII: C1 controls and bidi characters are checked below
			clean = false
			break
		}
	}
	if clean && len(v) <= maxShown {
		return v
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(v); {
		if n == maxShown {
			b.WriteString("…")
			break
		}
		r, size := utf8.DecodeRuneInString(v[i:])
		i += size
		writeInert(&b, r, size)
		n++
	}
	return b.String()
}

// cutRunes cuts s to n characters, the last one "…" when it cuts. Unlike
// fact.Truncate it only walks the first n characters of s.
func cutRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	count := 0
	for i := range s {
		if count == n-1 {
			if _, size := utf8.DecodeRuneInString(s[i:]); i+size < len(s) {
				return s[:i] + "…"
			}
			return s
		}
		count++
	}
	return s
}

// foldKey folds a value for "did you mean" suggestions: lower case, accents
// removed, spaces trimmed and collapsed.
func foldKey(s string) string {
	k, _ := foldKeyUpTo(s, -1)
	return k
}

// foldKeyUpTo is foldKey giving up (ok false) as soon as the folded key is
// longer than limit bytes (no limit when negative): a label of megabytes
// is not folded whole to be compared with short field names.
func foldKeyUpTo(s string, limit int) (key string, ok bool) {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(s) {
		if r == ' ' || r == '\t' || r == '\u00a0' || r == '_' || r == '-' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteString(foldRune(r))
		if limit >= 0 && b.Len() > limit {
			return "", false
		}
	}
	return b.String(), true
}

func foldRune(r rune) string {
	switch r {
	case 'à', 'â', 'ä', 'á', 'ã', 'å', 'À', 'Â', 'Ä', 'Á', 'Ã', 'Å':
		return "a"
	case 'ç', 'Ç':
		return "c"
	case 'é', 'è', 'ê', 'ë', 'É', 'È', 'Ê', 'Ë':
		return "e"
	case 'î', 'ï', 'í', 'ì', 'Î', 'Ï', 'Í', 'Ì':
		return "i"
	case 'ô', 'ö', 'ó', 'ò', 'õ', 'Ô', 'Ö', 'Ó', 'Ò', 'Õ':
		return "o"
	case 'ù', 'û', 'ü', 'ú', 'Ù', 'Û', 'Ü', 'Ú':
		return "u"
	case 'ÿ', 'Ÿ', 'ý', 'Ý':
		return "y"
	case 'œ', 'Œ':
		return "oe"
	case 'æ', 'Æ':
		return "ae"
	case '’', '‘', '`':
		return "'"
	}
	return strings.ToLower(string(r))
}

// editDistance is the Levenshtein distance, for key misspellings.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// keySeparators drops what people put between the words of a key.
var keySeparators = strings.NewReplacer("_", "", "-", "", " ", "")

// nearKey returns the candidate that key probably misspells, "" when none:
// equal once case, "_", "-" and spaces are ignored, or (for keys of five
// characters or more) within two edits.
func nearKey(key string, candidates ...string) string {
	norm := func(s string) string { return keySeparators.Replace(strings.ToLower(s)) }
	k := norm(key)
	best, bestD := "", 3
	for _, c := range candidates {
		if c == key {
			return ""
		}
		n := norm(c)
		if n == k {
			return c
		}
		if len(n) >= 5 && len(k) >= 4 {
			if d := editDistance(k, n); d < bestD {
				best, bestD = c, d
			}
		}
	}
	return best
}
