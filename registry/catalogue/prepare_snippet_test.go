package catalogue_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/demo"
)

func demoCatalogue(t *testing.T) *catalogue.Catalogue {
	t.Helper()
	c, err := catalogue.Load(demo.FS())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPrepareSnippet(t *testing.T) {
	c := demoCatalogue(t)
	ns := catalogue.NewSnippet{Title: "Communes GPSO géo API", Author: "chaville", Tags: []string{"geo", " geo "},
		Files: []catalogue.CodeFile{{Name: "main.py", Data: []byte("print(1)\n")}}}
	asked := []string{}
	p, err := c.PrepareSnippet(ns, func(id string) (bool, error) {
		asked = append(asked, id)
		return id == "communes-gpso-geo-api-2", nil // a share branch, say
	})
	if err != nil {
		t.Fatal(err)
	}
	// the demo has communes-gpso-geo-api: the catalogue answers for it, the
	// store for -2
	if p.Snippet.ID != "communes-gpso-geo-api-3" || p.Path != "snippets/communes-gpso-geo-api-3" {
		t.Fatalf("id %q, path %q", p.Snippet.ID, p.Path)
	}
	if strings.Join(asked, " ") != "communes-gpso-geo-api-2 communes-gpso-geo-api-3" {
		t.Errorf("taken asked for %v", asked)
	}
	if got := strings.Join(p.Change.Paths(), " "); got != "snippets/communes-gpso-geo-api-3/main.py snippets/communes-gpso-geo-api-3/snippet.yaml" {
		t.Errorf("files: %s", got)
	}
	if p.Snippet.License != catalogue.DefaultLicense || p.Snippet.Language != "python" || len(p.Snippet.Tags) != 1 {
		t.Errorf("snippet: %+v", p.Snippet)
	}
	if !strings.HasSuffix(p.Change.Message, "\n\nNouvel extrait de code, ajouté avec codal.\n") {
		t.Errorf("message %q", p.Change.Message)
	}
	if err := p.Change.Check(); err != nil {
		t.Error(err)
	}

	boom := errors.New("boom")
	if _, err := c.PrepareSnippet(ns, func(string) (bool, error) { return false, boom }); !errors.Is(err, boom) {
		t.Errorf("the store's error: %v", err)
	}
	_, err = c.PrepareSnippet(ns, func(string) (bool, error) { return true, nil })
	if !errors.Is(err, fact.ErrNoFreeID) || !strings.Contains(err.Error(), "trop d'extraits") {
		t.Errorf("all taken: %v", err)
	}
	for name, bad := range map[string]catalogue.NewSnippet{
		"control character": {Title: "x\x1b[31m", Author: "chaville", Files: ns.Files},
		"no author":         {Title: "x", Files: ns.Files},
		"unknown author":    {Title: "x", Author: "nowhere", Files: ns.Files},
		"no file":           {Title: "x", Author: "chaville"},
	} {
		if _, err := c.PrepareSnippet(bad, func(string) (bool, error) { return false, nil }); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestChangeCheck(t *testing.T) {
	for _, p := range []string{"", "/abs", "a/../b", "a//b", "./a", "a\\b", "a\x00", ".git/config", "x/.GIT/y", "a/"} {
		if catalogue.SafePath(p) {
			t.Errorf("SafePath(%q) = true", p)
		}
		if err := (catalogue.Change{Files: map[string][]byte{p: nil}}).Check(); err == nil {
			t.Errorf("Check accepts %q", p)
		}
	}
	if !catalogue.SafePath("requests/x/request.yaml") {
		t.Error("a plain path refused")
	}
	if (catalogue.Change{}).Check() == nil {
		t.Error("empty change accepted")
	}
	clash := catalogue.Change{Files: map[string][]byte{"a": []byte("1"), "a/b": []byte("2")}}
	if clash.Check() == nil {
		t.Error("a file that is also a folder accepted")
	}
}

// TestParseShareBranchIDRule: a share branch's id follows the entries' id
// rule (fact.CheckID), as memstore's copy always did; the Git store's copy
// accepted a leading, trailing or doubled hyphen.
func TestParseShareBranchIDRule(t *testing.T) {
	for _, name := range []string{"codal/snippet-a--b", "codal/snippet--a", "codal/request-a-", "codal/actor-", "codal/schema-A"} {
		if k, id, ok := catalogue.ParseShareBranch(name); ok {
			t.Errorf("%s parsed as %s %q", name, k, id)
		}
	}
	k, id, ok := catalogue.ParseShareBranch(catalogue.ShareBranch(catalogue.Requests, "budget-climat-2"))
	if !ok || k != catalogue.Requests || id != "budget-climat-2" {
		t.Errorf("round trip: %s %q %v", k, id, ok)
	}
}
