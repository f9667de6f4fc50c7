package catalogue_test

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
)

// An entry of the toolbox or the directory edited in place (its place in
// its kind's order kept, and for an actor what other entries read of it),
// and an entry of the toolbox moved in its list, added or removed when no
// other entry names it, are taken by the overlay, which then answers,
// lists and encodes exactly as a full load; a change that moves other
// entries (an actor renamed, added or removed; an entry a tip names
// removed) is declined.
func TestOverlayTakesOtherKinds(t *testing.T) {
	base := mapRegistry(t, 60, 3)
	// actors named but missing: a voter, a tip's author, a triager
	c, err := catalogue.Load(base)
	if err != nil {
		t.Fatal(err)
	}
	x := &mutator{m: base}
	x.write("requests/"+c.Requests[1].ID+"/votes/inconnu-1.yaml", "name: Service\nemail: a@b.example\ndate: 2026-11-01\nneed: useful\n")
	x.edit("tips/"+c.Tips[1].ID+"/tip.md", "author", "inconnu-2")
	x.edit("registry.yaml", "triagers", "[gpso, inconnu-3]")
	x.write("actors/ab.yaml", "name: Ab\nkind: association\n")
	// and every other place an actor's id goes
	req := "requests/" + c.Requests[3].ID
	x.write(req+"/comments/20261001T100000Z-inconnu-5.yaml", "name: Service\nemail: a@b.example\ndate: 2026-10-01\nbody: Avis\n")
	x.edit("snippets/"+c.Snippets[2].ID+"/snippet.yaml", "author", "inconnu-6")
	x.edit("trainings/"+c.Trainings[0].ID+"/training.yaml", "organiser", "inconnu-7")
	x.edit("trainings/"+c.Trainings[1].ID+"/training.yaml", "speakers", "[{name: Camille, actor: inconnu-8}]")
	x.edit("actors/"+c.Actors[3].ID+".yaml", "parent", "inconnu-9")
	x.edit("requests/"+c.Requests[4].ID+"/request.yaml", "requested_by", "inconnu-10")
	x.edit("requests/"+c.Requests[5].ID+"/request.yaml", "addressed_to", "inconnu-11")
	x.write(req+"/events/20261002T100000Z-inconnu-12.yaml", "status: planned\nname: M\nemail: m@b.example\ndate: 2026-10-02\nplanned_for: 2027-01-01\n")
	x.write(req+"/events/20261003T100000Z-gpso.yaml", "transfer_to: inconnu-13\nname: M\nemail: m@b.example\ndate: 2026-10-03\n")
	c, err = catalogue.Load(base)
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	// each of those ids is named: a full load reports it unknown
	for i := 1; i <= 13; i++ {
		id := fmt.Sprintf("inconnu-%d", i)
		if i == 4 {
			continue
		}
		found := false
		for _, p := range c.Problems {
			found = found || strings.Contains(p.String(), fmt.Sprintf("%q", id))
		}
		if !found {
			t.Fatalf("no problem names %s: the setup does not name it", id)
		}
	}
	actor := "actors/" + c.Actors[len(c.Actors)-2].ID + ".yaml" // not ab
	if actor == "actors/ab.yaml" {
		actor = "actors/" + c.Actors[len(c.Actors)-1].ID + ".yaml"
	}
	snippet := "snippets/" + c.Snippets[0].ID + "/snippet.yaml"
	training := "trainings/" + c.Trainings[0].ID + "/training.yaml"
	tip := "tips/" + c.Tips[0].ID + "/tip.md"
	// a snippet some tip names (and that tip), and one no tip names
	var named, namer, unnamed string
	for _, tp := range c.Tips {
		for _, r := range tp.Related {
			if id, ok := strings.CutPrefix(r, "snippets/"); ok && c.Snippet(id) != nil && named == "" {
				named, namer = id, tp.ID
			}
		}
	}
	for _, sn := range c.Snippets {
		free := true
		for _, tp := range c.Tips {
			if slices.Contains(tp.Related, "snippets/"+sn.ID) {
				free = false
			}
		}
		if free {
			unnamed = sn.ID
			break
		}
	}
	if named == "" || unnamed == "" {
		t.Fatal("the generated registry has no snippet a tip names, or none free")
	}
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
		{"an actor renamed", func(x *mutator) { x.edit(actor, "name", "Autre nom") }, true},
		{"a commune renamed", func(x *mutator) { x.edit("actors/sevres.yaml", "name", "Sèvres-sur-Seine") }, true},
		{"a commune's population", func(x *mutator) { x.edit("actors/sevres.yaml", "population", "1") }, true},
		{"a commune become an association", func(x *mutator) { x.edit("actors/sevres.yaml", "kind", "association") }, true},
		{"an actor renamed to a short name", func(x *mutator) { x.edit("actors/sevres.yaml", "name", "S") }, true},
		{"an actor whose name is too short to look for, renamed", func(x *mutator) { x.edit("actors/ab.yaml", "name", "Abc") }, false},
		{"an actor added nobody names", func(x *mutator) {
			x.write("actors/nouvelle-commune.yaml", "name: Nouvelle commune\nkind: commune\ninsee: \"92999\"\npopulation: 1000\nparent: gpso\n")
		}, true},
		{"an actor added a vote names", func(x *mutator) { x.write("actors/inconnu-1.yaml", "name: Inconnu\nkind: association\n") }, false},
		{"an actor added a tip's author names", func(x *mutator) { x.write("actors/inconnu-2.yaml", "name: Inconnu\nkind: association\n") }, false},
		{"an actor a triager names added", func(x *mutator) { x.write("actors/inconnu-3.yaml", "name: Inconnu\nkind: association\n") }, false},
		{"an actor added with the vote naming it", func(x *mutator) {
			x.write("actors/inconnu-4.yaml", "name: Inconnue\nkind: commune\ninsee: \"92998\"\npopulation: 5000\n")
			x.write("requests/"+c.Requests[2].ID+"/votes/inconnu-4.yaml", "name: Service\nemail: a@b.example\ndate: 2026-11-01\nneed: useful\n")
		}, true},
		{"an actor removed", func(x *mutator) { x.remove(actor) }, false},
		{"an actor edited through an editor's temporary file", func(x *mutator) {
			x.write("actors/sedkYlUjZ", "x")
			x.remove("actors/sedkYlUjZ")
			x.edit(actor, "competences", "[eau]")
		}, true},
		{"a snippet's title (it moves)", func(x *mutator) { x.edit(snippet, "title", "Zzz eau") }, true},
		{"a training's date (it moves)", func(x *mutator) { x.edit(training, "date", "2020-01-01") }, true},
		{"a snippet added", func(x *mutator) {
			x.write("snippets/neuf/snippet.yaml", "title: Eau neuve\nlanguage: python\nlicense: etalab-2.0\nauthor: "+c.Actors[0].ID+"\nfiles:\n  - main.py\n")
			x.write("snippets/neuf/main.py", "print(1)\n")
		}, true},
		{"a snippet nobody names removed", func(x *mutator) { x.removeAll("snippets/" + unnamed) }, true},
		{"a snippet a tip names removed", func(x *mutator) { x.removeAll("snippets/" + named) }, false},
		{"a snippet a tip names removed, and the tip with it", func(x *mutator) {
			x.removeAll("snippets/" + named)
			x.removeAll("tips/" + namer)
		}, true},
		{"a tip added, naming an absent snippet", func(x *mutator) {
			x.write("tips/neuve/tip.md", "---\ntitle: Astuce eau\nauthor: "+c.Actors[0].ID+"\nrelated:\n  - snippets/absent\n  - snippets/"+unnamed+"\n---\nTexte.\n")
		}, true},
	}
	for _, i := range []int{5, 6, 7, 8, 9, 10, 11, 12, 13} {
		id := fmt.Sprintf("inconnu-%d", i)
		cases = append(cases, struct {
			name string
			edit func(x *mutator)
			take bool
		}{"an actor added that is named: " + id, func(x *mutator) { x.write("actors/"+id+".yaml", "name: Inconnu\nkind: association\n") }, false})
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
