package catalogue_test

import (
	"bytes"
	"maps"
	"math/rand/v2"
	"testing"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
)

// An entry of the toolbox or the directory edited in place (its place in
// its kind's order kept, and for an actor what other entries read of it)
// is taken by the overlay, which then answers, lists and encodes exactly as
// a full load; an edit that moves a list or other entries is declined.
func TestOverlayTakesEditsInPlace(t *testing.T) {
	base := mapRegistry(t, 60, 3)
	c, err := catalogue.Load(base)
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	actor := "actors/" + c.Actors[len(c.Actors)-1].ID + ".yaml"
	snippet := "snippets/" + c.Snippets[0].ID + "/snippet.yaml"
	training := "trainings/" + c.Trainings[0].ID + "/training.yaml"
	tip := "tips/" + c.Tips[0].ID + "/tip.md"
	cases := []struct {
		name string
		edit func(x *mutator)
		take bool
	}{
		{"an actor's competences", func(x *mutator) { x.edit(actor, "competences", "[eau, voirie]") }, true},
		{"an actor's parent, unknown", func(x *mutator) { x.edit(actor, "parent", "inconnu-9") }, true},
		{"a snippet's tags and author", func(x *mutator) {
			x.edit(snippet, "tags", "[eau]")
			x.edit(snippet, "author", c.Actors[0].ID)
		}, true},
		{"a schema's README", func(x *mutator) { x.write("schemas/"+c.Schemas[0].ID+"/README.md", "# Eau\n") }, true},
		{"a training's organiser and topics", func(x *mutator) {
			x.edit(training, "organiser", c.Actors[1].ID)
			x.edit(training, "topics", "[eau]")
		}, true},
		{"a tip's related entries", func(x *mutator) {
			x.edit(tip, "related", "[requests/"+c.Requests[0].ID+", requests/absente, snippets/"+c.Snippets[1].ID+"]")
		}, true},
		{"an actor renamed", func(x *mutator) { x.edit(actor, "name", "Autre nom") }, false},
		{"an actor's population", func(x *mutator) { x.edit("actors/sevres.yaml", "population", "1") }, false},
		{"a snippet's title", func(x *mutator) { x.edit(snippet, "title", "Zzz eau") }, false},
		{"a training's date", func(x *mutator) { x.edit(training, "date", "2020-01-01") }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := maps.Clone(base)
			x := &mutator{m: m, rng: rand.New(rand.NewPCG(1, 2))}
			tc.edit(x)
			if len(x.touched) == 0 {
				t.Fatal("the edit touched nothing")
			}
			snap, err := catalogue.OpenSnapshot(data)
			if err != nil {
				t.Fatal(err)
			}
			o, ok := snap.Overlay(m, x.touched)
			if ok != tc.take {
				t.Fatalf("Overlay took the edit: %v, want %v", ok, tc.take)
			}
			if !ok {
				return
			}
			want, err := catalogue.Load(m)
			if err != nil {
				t.Fatal(err)
			}
			checkView(t, want, o)
			for _, terms := range [][]string{nil, {"eau"}, {"voirie"}, {fact.Fold(c.Actors[0].Name)}} {
				checkOtherLists(t, 0, terms, o, want)
			}
			got, err := o.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			w, err := want.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, w) {
				t.Fatal("the overlay's encoding differs from a full load's")
			}
		})
	}
}
