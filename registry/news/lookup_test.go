package news

import (
	"testing"
	"testing/fstest"

	"github.com/gpso/codal/registry/catalogue"
)

// Titles answers each kind's titles (an actor's name) and "" for anything
// else, without building a table of every title first: the app asks for
// its news on each start, most often for no item at all.
func TestTitlesLooksUpWhenAsked(t *testing.T) {
	c, err := catalogue.Load(fstest.MapFS{
		"registry.yaml":                  {Data: []byte("format: 1\nname: Test\n")},
		"actors/vanves.yaml":             {Data: []byte("name: Vanves\nkind: commune\ninsee: \"92075\"\n")},
		"requests/budget/request.yaml":   {Data: []byte("title: Budget\nrequested_by: vanves\naddressed_to: vanves\ndescription: d\ncreated: 2026-01-02\n")},
		"snippets/clean/snippet.yaml":    {Data: []byte("title: Nettoyage\nlanguage: python\nauthor: vanves\nlicense: MIT\n")},
		"snippets/clean/clean.py":        {Data: []byte("print(1)\n")},
		"requests/budget/votes/x/y.yaml": {Data: []byte("\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	titles := Titles(c)
	for entry, want := range map[string]string{
		"actors/vanves": "Vanves", "requests/budget": "Budget", "snippets/clean": "Nettoyage",
		"requests/none": "", "actors": "", "schemas/budget": "", "requests/budget/votes": "", "": "",
	} {
		if got := titles(entry); got != want {
			t.Errorf("titles(%q) = %q, want %q", entry, got, want)
		}
	}
	if n := testing.AllocsPerRun(10, func() { Titles(c) }); n > 1 {
		t.Errorf("Titles allocates %v times before any question (a table of every title)", n)
	}
}
