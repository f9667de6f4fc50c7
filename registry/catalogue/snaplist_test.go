package catalogue_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
)

// The lists the way `codal list` and the app computed them before the
// snapshot had a list section: the loaded catalogue's entries in order,
// filtered with MatchAll on their haystacks.

func wantActors(c *catalogue.Catalogue, terms []string) []*directory.Actor {
	var out []*directory.Actor
	for _, x := range c.Actors {
		if catalogue.MatchAll(c.ActorHaystack(x), terms) {
			out = append(out, x)
		}
	}
	return out
}

func wantSnippets(c *catalogue.Catalogue, terms []string) []*snippets.Snippet {
	var out []*snippets.Snippet
	for _, x := range c.Snippets {
		if catalogue.MatchAll(c.SnippetHaystack(x), terms) {
			out = append(out, x)
		}
	}
	return out
}

func wantSchemas(c *catalogue.Catalogue, terms []string) []*schemas.Schema {
	var out []*schemas.Schema
	for _, x := range c.Schemas {
		if catalogue.MatchAll(c.SchemaHaystack(x), terms) {
			out = append(out, x)
		}
	}
	return out
}

// wantRequests is the board filtered, each request without its votes,
// status events and positions (what ListRequests leaves out; it keeps
// transfers, without positions).
func wantRequests(c *catalogue.Catalogue, terms []string) []requests.Standing {
	var out []requests.Standing
	for _, s := range c.Board {
		if catalogue.MatchAll(c.RequestHaystack(s), terms) {
			r := *s.Request
			var transfers []*requests.Event
			for _, e := range r.Events {
				if e.IsTransfer() {
					e := *e
					e.Where = nil
					transfers = append(transfers, &e)
				}
			}
			r.Votes, r.Events, r.Comments, r.Where = nil, transfers, nil, nil
			s.Request = &r
			out = append(out, s)
		}
	}
	return out
}

// queryWords are pieces a query is made of: ids, names, titles, themes and
// random substrings of them (1 and 2 characters too), as typed (accents,
// capitals) and folded, plus words found nowhere.
func queryWords(c *catalogue.Catalogue, rng *rand.Rand) []string {
	words := []string{"é", "E", "ÉCOLE", "Sèvres", "sevres", "issy", "Île", "œ", "zzqx", "-", "a", "ab", "de", "92", "climat"}
	var texts []string
	for _, a := range c.Actors {
		texts = append(texts, a.ID, a.Name, strings.ToUpper(a.Name), string(a.Kind), a.INSEE)
		texts = append(texts, a.Competences...)
	}
	for _, s := range c.Board {
		texts = append(texts, s.Request.ID, s.Request.Title, strings.ToUpper(s.Request.Title))
		texts = append(texts, s.Request.Themes...)
	}
	for _, s := range c.Snippets {
		texts = append(texts, s.ID, s.Title, s.Language, s.Author)
		texts = append(texts, s.Tags...)
	}
	for _, s := range c.Schemas {
		texts = append(texts, s.ID, s.Title, s.Name)
	}
	for _, t := range c.Trainings {
		texts = append(texts, t.ID, t.Title, string(t.Level))
		texts = append(texts, t.Topics...)
	}
	for _, t := range c.Tips {
		texts = append(texts, t.ID, t.Title)
		texts = append(texts, t.Related...)
	}
	for range 200 {
		if len(texts) == 0 {
			break
		}
		t := []rune(texts[rng.IntN(len(texts))])
		if len(t) == 0 {
			continue
		}
		switch n := rng.IntN(4); n {
		case 0:
			words = append(words, string(t))
		default: // 1, 2 or 3 to 8 runes
			if n == 3 {
				n = 3 + rng.IntN(6)
			}
			n = min(n, len(t))
			i := rng.IntN(len(t) - n + 1)
			words = append(words, string(t[i:i+n]))
		}
	}
	return words
}

// checkLists compares every list the snapshot answers, for random queries
// and no query, with what the loaded catalogue gives.
func checkLists(t *testing.T, c *catalogue.Catalogue, data []byte, rng *rand.Rand, queries int) {
	t.Helper()
	s, err := catalogue.OpenSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	same := func(what string, got, want any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("snapshot's %s =\n  %+v\nthe catalogue gives\n  %+v", what, got, want)
		}
	}
	for k, n := range map[catalogue.Kind]int{catalogue.Actors: len(c.Actors), catalogue.Snippets: len(c.Snippets),
		catalogue.Schemas: len(c.Schemas), catalogue.Requests: len(c.Requests), catalogue.Trainings: len(c.Trainings), catalogue.Tips: len(c.Tips)} {
		same("Len("+string(k)+")", s.Len(k), n, nil)
	}
	if h, err := s.Haystacks("x"); h != nil || err != nil || s.Len("x") != 0 {
		t.Fatalf("a kind not listed: Haystacks %v, %v, Len %d", h, err, s.Len("x"))
	}
	hay := func(k catalogue.Kind, want []string) {
		got, err := s.Haystacks(k)
		if len(want) == 0 && len(got) == 0 {
			want, got = nil, nil
		}
		same("Haystacks("+string(k)+")", got, want, err)
	}
	var hs []string
	for _, x := range c.Actors {
		hs = append(hs, c.ActorHaystack(x))
	}
	hay(catalogue.Actors, hs)
	hs = nil
	for _, x := range c.Snippets {
		hs = append(hs, c.SnippetHaystack(x))
	}
	hay(catalogue.Snippets, hs)
	hs = nil
	for _, x := range c.Schemas {
		hs = append(hs, c.SchemaHaystack(x))
	}
	hay(catalogue.Schemas, hs)
	hs = nil
	for _, x := range c.Board {
		hs = append(hs, c.RequestHaystack(x))
	}
	hay(catalogue.Requests, hs)
	hs = nil
	for _, x := range c.Trainings {
		hs = append(hs, c.TrainingHaystack(x))
	}
	hay(catalogue.Trainings, hs)
	hs = nil
	for _, x := range c.Tips {
		hs = append(hs, c.TipHaystack(x))
	}
	hay(catalogue.Tips, hs)

	board, err := s.Board()
	same("Board()", board, wantRequests(c, nil), err)
	actors, err := s.Actors()
	same("Actors()", actors, wantActors(c, nil), err)

	words := queryWords(c, rng)
	for q := range queries {
		var parts []string
		for range rng.IntN(4) {
			parts = append(parts, words[rng.IntN(len(words))])
		}
		query := strings.Join(parts, " ")
		terms := catalogue.Terms(query)
		what := fmt.Sprintf("query %d %q", q, query)
		got, err := s.ListRequests(terms)
		same("ListRequests, "+what, got, wantRequests(c, terms), err)
		a, err := s.ListActors(terms)
		same("ListActors, "+what, a, wantActors(c, terms), err)
		sn, err := s.ListSnippets(terms)
		same("ListSnippets, "+what, sn, wantSnippets(c, terms), err)
		sc, err := s.ListSchemas(terms)
		same("ListSchemas, "+what, sc, wantSchemas(c, terms), err)
		tr, err := s.ListTrainings(terms)
		wantTr, _ := c.ListTrainings(terms)
		same("ListTrainings, "+what, tr, wantTr, err)
		tp, err := s.ListTips(terms)
		wantTp, _ := c.ListTips(terms)
		same("ListTips, "+what, tp, wantTp, err)
	}
}

// TestSnapshotLists: on random registries, changed at random (broken files,
// renamed actors, duplicates…), the snapshot's lists give, for random
// queries, exactly the entries, order and fields that the loaded catalogue
// and MatchAll give.
func TestSnapshotLists(t *testing.T) {
	seeds, steps, queries := 2, 8, 60
	if registrytest.Long() {
		seeds, steps, queries = 10, 40, 200
	}
	for seed := range uint64(seeds) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			if seed%2 == 1 { // the board decoded by several goroutines
				defer catalogue.SetListShare(4)()
			}
			m := mapRegistry(t, 40+int(seed)*30, seed+11)
			x := &mutator{m: m, rng: rand.New(rand.NewPCG(seed, 3))}
			rng := rand.New(rand.NewPCG(seed, 5))
			for i := range steps {
				c, err := catalogue.Load(m)
				if err != nil {
					t.Fatal(err)
				}
				data, err := c.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				checkLists(t, c, data, rng, queries)
				x.touched, x.did = nil, nil
				for range 1 + x.rng.IntN(3) {
					x.step()
				}
				_ = i
			}
		})
	}
}

// The fixtures: a broken registry, a small one, the demo, and an empty one.
func TestSnapshotListsFixtures(t *testing.T) {
	empty := t.TempDir()
	if err := os.WriteFile(empty+"/registry.yaml", []byte("format: 1\nname: Vide\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"testdata/broken", "testdata/mini", "../demo", empty} {
		c, err := catalogue.Load(os.DirFS(dir))
		if err != nil {
			t.Fatal(err)
		}
		data, err := c.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		checkLists(t, c, data, rand.New(rand.NewPCG(1, 2)), 100)
	}
}

// A damaged list section is refused when opened, or when a list is read:
// never a panic, never a wrong list.
func TestSnapshotListsDamaged(t *testing.T) {
	c, err := catalogue.Load(os.DirFS("../demo"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	want := wantRequests(c, nil)
	rng := rand.New(rand.NewPCG(4, 4))
	for range 300 {
		bad := append([]byte(nil), data...)
		i := rng.IntN(len(bad))
		bad[i] ^= byte(1 + rng.IntN(255))
		s, err := catalogue.OpenSnapshot(bad)
		if err != nil {
			continue
		}
		// A byte changed inside a string changes that string only; a
		// changed length or offset must give ErrBadSnapshot or a board
		// of the right size.
		if got, err := s.Board(); err == nil && len(got) != len(want) {
			t.Fatalf("byte %d changed: a board of %d requests, want %d or an error", i, len(got), len(want))
		}
		s.Actors()
		s.ListSnippets([]string{"a"})
		s.ListSchemas(nil)
		s.Haystacks(catalogue.Requests)
	}
}
