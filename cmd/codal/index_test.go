package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/registrytest"
)

// sameWithoutIndex runs each read command through the index and with
// --no-index, and fails when their outputs or exit codes differ.
func sameWithoutIndex(t *testing.T, reg, when string) {
	t.Helper()
	out, errOut, code := cli(t, "--registry", reg, "--no-index", "list", "requests", "--json")
	if code != 0 {
		t.Fatalf("%s: list: %s", when, errOut)
	}
	var reqs []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &reqs); err != nil || len(reqs) < 2 {
		t.Fatalf("%s: list JSON: %v", when, err)
	}
	var actors []struct {
		ID string `json:"id"`
	}
	out, _, _ = cli(t, "--registry", reg, "--no-index", "list", "actors", "--json")
	if err := json.Unmarshal([]byte(out), &actors); err != nil || len(actors) == 0 {
		t.Fatalf("%s: actors JSON: %v", when, err)
	}
	var snippets []struct {
		ID string `json:"id"`
	}
	out, _, _ = cli(t, "--registry", reg, "--no-index", "list", "snippets", "--json")
	_ = json.Unmarshal([]byte(out), &snippets)
	runs := [][]string{
		{"list", "requests", "--json"}, {"list", "requests"}, {"list", "requests", "--query", "voirie"},
		{"list", "actors", "--json"}, {"list", "snippets"}, {"list", "schemas", "--json"},
		{"request", "rank", "--format", "csv"},
		{"show", "requests/" + reqs[0].ID}, {"show", "requests/" + reqs[len(reqs)-1].ID, "--json"},
		{"show", "requests/" + reqs[len(reqs)/2].ID},
		{"show", "actors/" + actors[0].ID}, {"show", "requests/nothing-here"},
	}
	if len(snippets) > 0 {
		runs = append(runs, []string{"show", "snippets/" + snippets[0].ID})
	}
	for _, args := range runs {
		o1, e1, c1 := cli(t, append([]string{"--registry", reg}, args...)...)
		o2, e2, c2 := cli(t, append([]string{"--registry", reg, "--no-index"}, args...)...)
		if o1 != o2 || e1 != e2 || c1 != c2 {
			t.Fatalf("%s: codal %s differs with the index (exit %d, %d):\n%s%s\n--- without ---\n%s%s", when, strings.Join(args, " "), c1, c2, o1, e1, o2, e2)
		}
	}
}

func TestIndexGivesWhatAFullLoadGives(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("every command through the index and without, on two registries: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	identify(t)
	gen := filepath.Join(t.TempDir(), "gen")
	size := 150 // entries of every kind
	if err := registrytest.Generate(gen, registrytest.Scale(size), 1); err != nil {
		t.Fatal(err)
	}
	if _, err := registrytest.CommitAll(gen, "generated"); err != nil {
		t.Fatal(err)
	}
	for name, reg := range map[string]string{"demo": demoRegistry(t), "generated": gen} {
		t.Run(name, func(t *testing.T) {
			sameWithoutIndex(t, reg, "first run")
			sameWithoutIndex(t, reg, "warm")
			out, _, _ := cli(t, "--registry", reg, "--no-index", "list", "requests", "--json")
			var reqs []struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal([]byte(out), &reqs); err != nil {
				t.Fatal(err)
			}
			first, last := reqs[0].ID, reqs[len(reqs)-1].ID
			var actors []struct {
				ID string `json:"id"`
			}
			out, _, _ = cli(t, "--registry", reg, "--no-index", "list", "actors", "--json")
			if err := json.Unmarshal([]byte(out), &actors); err != nil {
				t.Fatal(err)
			}
			voter := ""
			for _, a := range actors {
				if _, _, c := cli(t, "--registry", reg, "request", "vote", first, "--as", a.ID, "--comment", "indexé", "--offline"); c == 0 {
					voter = a.ID
					break
				}
			}
			if voter == "" {
				t.Fatal("no actor could vote")
			}
			sameShowsWithoutIndex(t, reg, "after a vote", first, reqs[1].ID, last)
			sameWithoutIndex(t, reg, "after a vote")
			// a status it does not have yet
			changed, lastErr := false, ""
			for _, st := range []string{"under-review", "planned", "in-progress"} {
				_, e, c := cli(t, "--registry", reg, "request", "status", reqs[1].ID, st, "--as", "gpso", "--offline")
				if changed = c == 0; changed {
					break
				}
				lastErr = e
			}
			if !changed {
				t.Fatalf("status: %s", lastErr)
			}
			sameShowsWithoutIndex(t, reg, "after a status", reqs[1].ID, first, last)
			sameWithoutIndex(t, reg, "after a status")
			// hand edits: a request's text, a vote added, a request removed
			p := filepath.Join(reg, "requests", last, "request.yaml")
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(strings.Replace(string(data), "title: ", "title: Édité — ", 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			vote := "date: 2026-02-18\nneed: essential\ncomment: à la main\n"
			if err := os.WriteFile(filepath.Join(reg, "requests", reqs[2].ID, "votes", "gpso.yaml"), []byte(vote), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.RemoveAll(filepath.Join(reg, "requests", reqs[len(reqs)/2].ID)); err != nil {
				t.Fatal(err)
			}
			sameWithoutIndex(t, reg, "after hand edits")
			if _, e, c := cli(t, "--registry", reg, "request", "unvote", first, "--as", voter, "--offline"); c != 0 {
				t.Fatalf("unvote: %s", e)
			}
			sameShowsWithoutIndex(t, reg, "after an unvote", first, reqs[1].ID)
			sameWithoutIndex(t, reg, "after an unvote")
			o, _, _ := cli(t, "--registry", reg, "show", "requests/"+last)
			if !strings.Contains(o, "Édité — ") {
				t.Fatalf("show misses the hand edit:\n%s", o)
			}
		})
	}
}

func TestNoIndexWritesNoIndex(t *testing.T) {
	isolate(t)
	cache := filepath.Join(t.TempDir(), "cache")
	t.Setenv("XDG_CACHE_HOME", cache)
	folder := filepath.Join(cache, "codal", "index")
	t.Setenv("CODAL_NO_INDEX", "1")
	if _, e, c := cli(t, "--registry", mini, "list", "requests"); c != 0 {
		t.Fatal(e)
	}
	if _, e, c := cli(t, "--registry", mini, "--no-index", "show", "requests/budget-climat"); c != 0 {
		t.Fatal(e)
	}
	if _, err := os.Stat(folder); err == nil {
		t.Fatal("an index was written with CODAL_NO_INDEX=1 or --no-index")
	}
	t.Setenv("CODAL_NO_INDEX", "")
	if _, e, c := cli(t, "--registry", mini, "show", "requests/budget-climat"); c != 0 {
		t.Fatal(e)
	}
	if entries, err := os.ReadDir(folder); err != nil || len(entries) != 1 {
		t.Fatalf("no index in %s after a show (%v)", folder, err)
	}
	// lint never reads nor writes it
	os.RemoveAll(folder)
	cli(t, "--registry", mini, "lint")
	if _, err := os.Stat(folder); err == nil {
		t.Fatal("lint wrote an index")
	}
}

// sameShowsWithoutIndex compares `show requests/ID` (text and --json) with
// and without the index, the first commands after a write: a view over the
// index the write left behind (its overlay and delta), before a list
// brings the index up to date.
func sameShowsWithoutIndex(t *testing.T, reg, when string, ids ...string) {
	t.Helper()
	for _, id := range ids {
		for _, args := range [][]string{{"show", "requests/" + id, "--json"}, {"show", "requests/" + id}} {
			o1, e1, c1 := cli(t, append([]string{"--registry", reg}, args...)...)
			o2, e2, c2 := cli(t, append([]string{"--registry", reg, "--no-index"}, args...)...)
			if o1 != o2 || e1 != e2 || c1 != c2 {
				t.Fatalf("%s: codal %s differs with the index (exit %d, %d):\n%s%s\n--- without ---\n%s%s", when, strings.Join(args, " "), c1, c2, o1, e1, o2, e2)
			}
		}
	}
}
