package catalogue

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
	"github.com/gpso/codal/toolbox"
)

// TestSortCatalogueIsTheLessOrders: sortCatalogue, which folds each title
// once, orders every list as a stable sort by lessActor, lessSnippet,
// lessSchema, lessTraining and lessTip (Update's merge orders) does, on
// titles that differ only by case, accents, ligatures and apostrophes.
func TestSortCatalogueIsTheLessOrders(t *testing.T) {
	words := []string{"École", "ecole", "ÉCOLE", "Œuvre", "oeuvre", "l’eau", "l'eau", "Zone", "zone", "Ästhetik", "a", ""}
	r := rand.New(rand.NewPCG(1, 2))
	title := func() string { return words[r.IntN(len(words))] + " " + words[r.IntN(len(words))] }
	for round := range 50 {
		c := &Catalogue{}
		for i := range 60 {
			id := "e-" + string(rune('a'+r.IntN(26))) + string(rune('a'+i%26)) + string(rune('a'+i/26))
			c.Actors = append(c.Actors, &directory.Actor{ID: id, Name: title(), Kind: directory.Kinds[r.IntN(len(directory.Kinds))]})
			c.Snippets = append(c.Snippets, &snippets.Snippet{ID: id, Title: title()})
			c.Schemas = append(c.Schemas, &schemas.Schema{ID: id, Title: title()})
			c.Trainings = append(c.Trainings, &toolbox.Training{ID: id, Title: title(), Date: fact.Date{Time: time.Date(2026, 1, 1+r.IntN(3), 0, 0, 0, 0, time.UTC)}})
			c.Tips = append(c.Tips, &toolbox.Tip{ID: id, Title: title()})
		}
		want := &Catalogue{Actors: slices.Clone(c.Actors), Snippets: slices.Clone(c.Snippets), Schemas: slices.Clone(c.Schemas),
			Trainings: slices.Clone(c.Trainings), Tips: slices.Clone(c.Tips)}
		sort.SliceStable(want.Actors, func(i, j int) bool { return lessActor(want.Actors[i], want.Actors[j]) })
		sort.SliceStable(want.Snippets, func(i, j int) bool { return lessSnippet(want.Snippets[i], want.Snippets[j]) })
		sort.SliceStable(want.Schemas, func(i, j int) bool { return lessSchema(want.Schemas[i], want.Schemas[j]) })
		sort.SliceStable(want.Trainings, func(i, j int) bool { return lessTraining(want.Trainings[i], want.Trainings[j]) })
		sort.SliceStable(want.Tips, func(i, j int) bool { return lessTip(want.Tips[i], want.Tips[j]) })
		sortCatalogue(c)
		if !slices.Equal(c.Actors, want.Actors) || !slices.Equal(c.Snippets, want.Snippets) || !slices.Equal(c.Schemas, want.Schemas) ||
			!slices.Equal(c.Trainings, want.Trainings) || !slices.Equal(c.Tips, want.Tips) {
			t.Fatalf("round %d: sortCatalogue's order differs from the less functions'", round)
		}
	}
}
