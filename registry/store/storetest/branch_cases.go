package storetest

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// luhn is a snippet to add.
var luhn = catalogue.NewSnippet{
	Title:  "Clé de Luhn",
	Author: "gpso",
	Tags:   []string{"siren", "siren", " "},
	Files:  []catalogue.CodeFile{{Name: "luhn.py", Data: []byte("def luhn(s):\n    return True\n")}},
}

func branchCases() []testCase {
	return []testCase{
		{"Branches/SetListDelete", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			hd := head(t, s)
			if _, ok, err := s.BranchHead("codal/actor-gpso"); ok || err != nil {
				t.Fatalf("branch before setting it: %v %v", ok, err)
			}
			for _, b := range []string{"codal/request-budget", "codal/actor-gpso", "not-a-share-branch"} {
				if err := s.SetBranch(b, hd, Someone, At); err != nil {
					t.Fatal(err)
				}
			}
			if got, ok, err := s.BranchHead("codal/actor-gpso"); err != nil || !ok || got != hd {
				t.Fatalf("branch head %s %v %v", got, ok, err)
			}
			if bs, err := s.ShareBranches(); err != nil || !reflect.DeepEqual(bs, []string{"codal/actor-gpso", "codal/request-budget"}) {
				t.Fatalf("share branches %q %v", bs, err)
			}
			if err := s.SetBranch("main", hd, Someone, At); err == nil {
				t.Fatal("moved the checked-out branch")
			}
			if err := s.DeleteBranch("main"); err == nil {
				t.Fatal("deleted the checked-out branch")
			}
			if err := s.DeleteBranch("codal/actor-gpso"); err != nil {
				t.Fatal(err)
			}
			if bs, _ := s.ShareBranches(); !reflect.DeepEqual(bs, []string{"codal/request-budget"}) {
				t.Fatalf("after delete %q", bs)
			}
			if head(t, s) != hd {
				t.Fatal("the checked-out branch moved")
			}
		}},
		{"Branches/UnsharedComparesTheWorkTree", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			check := func(k catalogue.Kind, id string, want store.Unshared) {
				t.Helper()
				got, err := s.Unshared(k, id)
				if err != nil {
					t.Fatal(err)
				}
				want.Base = got.Base
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("Unshared(%s/%s) = %+v, want %+v", k, id, got, want)
				}
				if got.Any() != (!want.Diff.Empty() || want.Branch != "") {
					t.Fatalf("Any() = %v for %+v", got.Any(), got)
				}
			}
			check(catalogue.Actors, "sevres", store.Unshared{})
			check(catalogue.Requests, "budget", store.Unshared{})
			if u, _ := s.Unshared(catalogue.Actors, "sevres"); u.Remote || u.Base != head(t, s) {
				t.Fatalf("base %s (remote %v), want HEAD", u.Base, u.Remote)
			}
			h.EditFile(t, s, "actors/sevres.yaml", []byte("name: Sèvres\nkind: commune\ninsee: \"92072\"\npopulation: 23600\n"))
			h.EditFile(t, s, "requests/budget/votes/sevres.yaml", []byte("need: useful\n"))
			h.EditFile(t, s, "requests/budget/.hidden", []byte("ignored\n"))
			h.EditFile(t, s, "actors/vanves.yaml", nil)
			check(catalogue.Actors, "sevres", store.Unshared{Diff: store.EntryDiff{Modified: []string{"actors/sevres.yaml"}}})
			check(catalogue.Requests, "budget", store.Unshared{Diff: store.EntryDiff{Added: []string{"requests/budget/votes/sevres.yaml"}}})
			check(catalogue.Actors, "vanves", store.Unshared{Diff: store.EntryDiff{Removed: []string{"actors/vanves.yaml"}}})
			check(catalogue.Actors, "gpso", store.Unshared{})
			// A share branch counts even when the files are the same here.
			if err := s.SetBranch("codal/actor-gpso", head(t, s), Someone, At); err != nil {
				t.Fatal(err)
			}
			check(catalogue.Actors, "gpso", store.Unshared{Branch: "codal/actor-gpso"})
		}},
		{"Branches/UnsharedComparesWithTheRemote", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			base := head(t, s)
			write(t, s, change("Sèvres grandit", "actors/sevres.yaml", "name: Sèvres\nkind: commune\ninsee: \"92072\"\npopulation: 23600\n"), store.WriteOptions{Offline: true})
			u, err := s.Unshared(catalogue.Actors, "sevres")
			if err != nil || !u.Remote || u.Base != base || !reflect.DeepEqual(u.Diff.Modified, []string{"actors/sevres.yaml"}) {
				t.Fatalf("committed but not pushed: %+v %v", u, err)
			}
			doSync(t, s)
			u, err = s.Unshared(catalogue.Actors, "sevres")
			if err != nil || !u.Remote || u.Base != head(t, s) || u.Any() {
				t.Fatalf("after sync: %+v %v", u, err)
			}
		}},
		{"Branches/PruneAfterTheEntryLandsUpstream", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			files := map[string][]byte{"actors/issy.yaml": []byte("name: Issy-les-Moulineaux\nkind: commune\ninsee: \"92040\"\npopulation: 69000\n")}
			c, err := s.BuildShare(head(t, s), "", catalogue.Actors, "issy", files, "Issy", Someone, At)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SetBranch("codal/actor-issy", c, Someone, At); err != nil {
				t.Fatal(err)
			}
			// Not upstream yet: the branch stays.
			if res := doSync(t, s); len(res.Pruned) != 0 {
				t.Fatalf("pruned %q before the merge", res.Pruned)
			}
			// Upstream, but different: the branch stays.
			h.PushAs(t, change("Issy", "actors/issy.yaml", "name: Issy\nkind: commune\n"), Other)
			if res := doSync(t, s); len(res.Pruned) != 0 {
				t.Fatalf("pruned %q for another content", res.Pruned)
			}
			// Upstream as on the branch (the pull request was merged): pruned.
			h.PushAs(t, catalogue.Change{Message: "Merge", Files: files}, Other)
			res := doSync(t, s)
			if !reflect.DeepEqual(res.Pruned, []string{"codal/actor-issy"}) {
				t.Fatalf("pruned %q", res.Pruned)
			}
			if bs, _ := s.ShareBranches(); len(bs) != 0 {
				t.Fatalf("share branches left %q", bs)
			}
			if pruned, err := s.PruneShareBranches(); err != nil || len(pruned) != 0 {
				t.Fatalf("prune again: %q %v", pruned, err)
			}
		}},
		{"Branches/PruneWithoutRemoteDoesNothing", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			if err := s.SetBranch("codal/actor-gpso", head(t, s), Someone, At); err != nil {
				t.Fatal(err)
			}
			if pruned, err := s.PruneShareBranches(); err != nil || len(pruned) != 0 {
				t.Fatalf("pruned %q %v", pruned, err)
			}
		}},
		{"Branches/AddSnippetOnItsShareBranch", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			before := head(t, s)
			id, err := s.AddSnippet(context.Background(), luhn, Someone, At)
			if err != nil || id != "cle-de-luhn" {
				t.Fatalf("id %q, %v", id, err)
			}
			if head(t, s) != before {
				t.Fatal("the checked-out branch moved")
			}
			tip, ok, err := s.BranchHead("codal/snippet-cle-de-luhn")
			if err != nil || !ok {
				t.Fatalf("no share branch: %v", err)
			}
			at, err := s.EntryFilesAt(tip, catalogue.Snippets, id)
			if err != nil || len(at) != 2 || string(at["snippets/cle-de-luhn/luhn.py"]) != "def luhn(s):\n    return True\n" {
				t.Fatalf("branch files %v %v", at, err)
			}
			if y := string(at["snippets/cle-de-luhn/snippet.yaml"]); !strings.Contains(y, "etalab-2.0") || strings.Count(y, "siren") != 1 {
				t.Fatalf("snippet.yaml:\n%s", y)
			}
			c, err := s.Load()
			if err != nil || c.Snippet(id) == nil || len(c.ProblemsUnder("snippets")) != 0 {
				t.Fatalf("work tree: %v", err)
			}
			u, err := s.Unshared(catalogue.Snippets, id)
			if err != nil || u.Branch != "codal/snippet-cle-de-luhn" || len(u.Diff.Added) != 2 {
				t.Fatalf("unshared %+v %v", u, err)
			}
			// The same title again gets the next free id.
			if id2, err := s.AddSnippet(context.Background(), luhn, Someone, At); err != nil || id2 != "cle-de-luhn-2" {
				t.Fatalf("second id %q, %v", id2, err)
			}
		}},
		{"Branches/AddSnippetRefusedWritesNothing", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			bad := luhn
			bad.Author = "nobody"
			if _, err := s.AddSnippet(context.Background(), bad, Someone, At); err == nil {
				t.Fatal("an unknown author accepted")
			}
			bad = luhn
			bad.Files = nil
			if _, err := s.AddSnippet(context.Background(), bad, Someone, At); err == nil {
				t.Fatal("a snippet with no file accepted")
			}
			if bs, _ := s.ShareBranches(); len(bs) != 0 {
				t.Fatalf("branches %q", bs)
			}
			if files, _ := s.EntryFiles(catalogue.Snippets, "cle-de-luhn"); len(files) != 0 {
				t.Fatalf("files written: %v", files)
			}
		}},
	}
}
