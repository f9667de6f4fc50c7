package tui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

var titleWords = []string{"Budget", "climat", "voirie", "arbres", "parkings", "écoles", "énergie", "déchets", "vélo",
	"médiathèques", "subventions", "délibérations", "équipements", "eau", "bruit", "air", "logement", "sport",
	"Sèvres", "Issy-les-Moulineaux", "Boulogne-Billancourt", "Meudon", "Vanves", "Chaville", "Ville-d'Avray"}

// titles makes n folded haystacks of 4 to 8 words, like request titles.
func titles(n int, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	out := make([]string, n)
	for i := range out {
		k := 4 + rng.IntN(5)
		ws := make([]string, k)
		for j := range ws {
			ws[j] = titleWords[rng.IntN(len(titleWords))]
		}
		out[i] = fact.Fold(strings.Join(ws, " ") + fmt.Sprintf(" n°%d", i))
	}
	return out
}

// naive is the reference: every haystack checked against every term.
func naive(hay []string, query string) []int {
	terms := catalogue.Terms(query)
	var out []int
	for i, h := range hay {
		if catalogue.MatchAll(h, terms) {
			out = append(out, i)
		}
	}
	return out
}

func TestFilterMatchesLikeTheCLI(t *testing.T) {
	hay := []string{fact.Fold("Sèvres\x00sevres\x00commune\x0092072"), fact.Fold("Vanves\x00vanves\x00commune"), fact.Fold("Budget climat\x00budget-climat\x00climat")}
	for q, want := range map[string][]int{
		"":              {0, 1, 2},
		"sevr":          {0},
		"SÈVRES":        {0},
		"sèv commune":   {0},
		"commune":       {0, 1},
		"climat budget": {2},
		"climat vanves": nil,
		"  ":            {0, 1, 2},
	} {
		var f filterIndex
		f.reset(hay)
		f.set(q)
		if !slices.Equal(f.match, want) && !(len(f.match) == 0 && len(want) == 0) {
			t.Errorf("query %q matches %v, want %v", q, f.match, want)
		}
	}
}

// TestIncrementalFilterEqualsFullScan types, erases and retypes random
// queries and checks each keystroke against a full scan.
func TestIncrementalFilterEqualsFullScan(t *testing.T) {
	hay := titles(3000, 7)
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("abcdeilmorstuvé ")
	var f filterIndex
	f.reset(hay)
	query := []rune{}
	for step := 0; step < 3000; step++ {
		switch r := rng.IntN(10); {
		case r < 6:
			query = append(query, alphabet[rng.IntN(len(alphabet))])
		case r < 9 && len(query) > 0:
			query = query[:len(query)-1]
		default:
			query = query[:0]
		}
		f.set(string(query))
		want := naive(hay, string(query))
		if !slices.Equal(f.match, want) && !(len(f.match) == 0 && len(want) == 0) {
			t.Fatalf("step %d, query %q: %d matches, a full scan finds %d", step, string(query), len(f.match), len(want))
		}
	}
}

func TestListKeepsSelectionWhileFiltering(t *testing.T) {
	var l listModel
	l.reset([]string{"alpha", "beta", "gamma", "delta"})
	l.setHeight(2)
	l.move(3) // delta
	l.setQuery("ta")
	if got := l.selected(); got != 3 {
		t.Fatalf("selected %d after filtering, want delta (3) which still matches", got)
	}
	l.setQuery("gam")
	if got := l.selected(); got != 2 {
		t.Fatalf("selected %d, want gamma, the only match", got)
	}
	l.setQuery("zzz")
	if got := l.selected(); got != -1 {
		t.Fatalf("selected %d with no match", got)
	}
	l.setQuery("")
	if l.len() != 4 {
		t.Fatalf("%d entries after clearing", l.len())
	}
	if from, to := l.window(); to-from != 2 {
		t.Fatalf("window [%d,%d) is not 2 rows", from, to)
	}
}

// typing is a query typed letter by letter and then cleared, as a user does.
const typing = "budget climat sevres"

// BenchmarkFilterKeystroke is the filtering done per keystroke over 100 000
// titles: each op is one keystroke of typing (narrowing, incremental) or the
// clearing that follows (a full reset).
func BenchmarkFilterKeystroke(b *testing.B) {
	hay := titles(100_000, 1)
	var f filterIndex
	f.reset(hay)
	queries := make([]string, 0, len(typing)+1)
	for i := 1; i <= len(typing); i++ {
		queries = append(queries, typing[:i])
	}
	queries = append(queries, "")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		f.set(queries[i%len(queries)])
	}
}

// BenchmarkFilterFullScan is the worst keystroke: a query that does not
// narrow the previous one, so all 100 000 titles are scanned.
func BenchmarkFilterFullScan(b *testing.B) {
	hay := titles(100_000, 1)
	var f filterIndex
	f.reset(hay)
	qs := []string{"climat", "ecoles", "e", "a"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		f.set(qs[i%len(qs)])
	}
}

// titleSource is a content of plain titles, for the browser benchmark.
type titleSource struct{ titles []string }

func (s titleSource) row(i, width int) string { return pad(s.titles[i], width) }
func (s titleSource) detail(i, width int) string {
	return wrap(strings.Repeat(s.titles[i]+" ", 40), width)
}

// BenchmarkBrowserKeystroke is a keystroke in the filter field of a tab of
// 100 000 entries, end to end: the key through the text field, the filter,
// the selection, and the frame (visible rows and detail) drawn at 120×40.
func BenchmarkBrowserKeystroke(b *testing.B) {
	hay := titles(100_000, 1)
	ids := make([]string, len(hay))
	for i := range ids {
		ids[i] = fmt.Sprint(i)
	}
	st := newStyles(true)
	keys := newKeyMap(i18n.FR)
	e := &env{lang: i18n.FR, keys: &keys, st: st, render: newRenderer(st)}
	br := newBrowser(e, catalogue.Requests, titleSource{hay})
	br.SetSize(120, 37)
	br.setItems(ids, hay)
	br.startFilter()
	press := func(r rune) {
		br.update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if j := i % (len(typing) + 1); j < len(typing) {
			press(rune(typing[j]))
		} else {
			br.input.SetValue("")
			br.list.setQuery("")
		}
		_ = br.View()
	}
}
