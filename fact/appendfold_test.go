package fact

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// AppendFold is Fold, appended, part by part: over texts mixing ASCII,
// accents precomposed or not, long runs of combining marks, ligatures,
// typographic apostrophes, capitals and invalid bytes, folding parts
// joined by NUL equals appending each part's fold after a NUL.
func TestAppendFoldIsFold(t *testing.T) {
	pieces := []string{"a", "Z", "é", "E\u0301", "\u0301", "\u0327\u0301\u0300", strings.Repeat("\u0301", 40), "œ", "Æ",
		"’", "ß", "İ", "ǅ", "Ⅻ", "\xff", "\xe9", " ", "\x00", "Sèvres", "Données", "n°", "日本", "ﬁ", "\u212b", "\ufffd"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var parts []string
		for range 1 + rng.IntN(4) {
			var b strings.Builder
			for range rng.IntN(6) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			parts = append(parts, b.String())
		}
		want := Fold(strings.Join(parts, "\x00"))
		got := []byte("prefix")
		for i, p := range parts {
			if i > 0 {
				got = append(got, 0)
			}
			got = AppendFold(got, p)
		}
		if string(got) != "prefix"+want {
			t.Fatalf("parts %q: AppendFold %q, Fold %q", parts, got[6:], want)
		}
	}
}

// Folding a text with accents into a buffer with room allocates nothing.
func TestAppendFoldAllocatesNothing(t *testing.T) {
	buf := make([]byte, 0, 1024)
	for _, s := range []string{"Données énergie et médiathèques n°51", "SÈVRES", "plain ascii"} {
		if n := testing.AllocsPerRun(100, func() { AppendFold(buf[:0], s) }); n != 0 {
			t.Errorf("AppendFold(%q) allocates %.0f times", s, n)
		}
	}
}
