package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/registrytest"
)

// An actor's page through the index (the board's rows naming it, then the
// votes of those counting it as a supporter) is the page a full load
// prints, for every actor of a generated registry with votes and
// duplicates, before and after a vote added by hand and not committed.
func TestShowActorThroughTheIndexIsTheFullLoad(t *testing.T) {
	identify(t)
	reg := filepath.Join(t.TempDir(), "gen")
	if err := registrytest.Generate(reg, registrytest.Scale(60), 2); err != nil {
		t.Fatal(err)
	}
	// a voter who supports demande-1 only through a duplicate: its row
	// counts them, its page must not list it
	orig, err := os.ReadFile(filepath.Join(reg, "requests", "demande-1", "request.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := os.ReadDir(filepath.Join(reg, "actors"))
	if err != nil {
		t.Fatal(err)
	}
	voter := ""
	for _, f := range files {
		id := strings.TrimSuffix(f.Name(), ".yaml")
		_, voted := os.Stat(filepath.Join(reg, "requests", "demande-1", "votes", f.Name()))
		if id != "gpso" && voted != nil && !strings.Contains(string(orig), ": "+id+"\n") {
			voter = id
			break
		}
	}
	dup := filepath.Join(reg, "requests", "doublon-test")
	for p, body := range map[string]string{
		"request.yaml":                      "title: Doublon\nrequested_by: gpso\naddressed_to: gpso\ncreated: 2026-01-01\n",
		"votes/" + voter + ".yaml":          "name: Service\nemail: a@b.example\ndate: 2026-02-01\nneed: useful\n",
		"events/20260301T100000Z-gpso.yaml": "status: duplicate\nname: M\nemail: m@b.example\ndate: 2026-03-01\nduplicate_of: demande-1\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dup, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dup, p), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := registrytest.CommitAll(reg, "generated"); err != nil {
		t.Fatal(err)
	}
	out, _, _ := cli(t, "--registry", reg, "--no-index", "list", "actors", "--json")
	var actors []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &actors); err != nil || len(actors) < 5 {
		t.Fatalf("actors JSON: %v", err)
	}
	compare := func(when string) {
		t.Helper()
		supported := 0
		for _, a := range actors {
			o1, e1, c1 := cli(t, "--registry", reg, "show", "actors/"+a.ID)
			o2, e2, c2 := cli(t, "--registry", reg, "--no-index", "show", "actors/"+a.ID)
			if o1 != o2 || e1 != e2 || c1 != c2 {
				t.Fatalf("%s: show actors/%s differs with the index (exit %d, %d):\n%s%s\n--- without ---\n%s%s", when, a.ID, c1, c2, o1, e1, o2, e2)
			}
			if strings.Contains(o1, "Demandes soutenues") {
				supported++
			}
		}
		if supported == 0 {
			t.Fatalf("%s: no actor page lists requests supported: the test proves nothing", when)
		}
	}
	compare("committed")
	before, _, _ := cli(t, "--registry", reg, "--no-index", "show", "actors/"+actors[0].ID)
	out, _, _ = cli(t, "--registry", reg, "--no-index", "list", "requests", "--json")
	var reqs []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &reqs); err != nil || len(reqs) < 3 {
		t.Fatalf("requests JSON: %v", err)
	}
	// a request the first actor neither filed, is addressed, nor supports
	target := ""
	for _, r := range reqs {
		data, err := os.ReadFile(filepath.Join(reg, "requests", r.ID, "request.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		_, voted := os.Stat(filepath.Join(reg, "requests", r.ID, "votes", actors[0].ID+".yaml"))
		if !strings.Contains(string(data), ": "+actors[0].ID+"\n") && voted != nil {
			target = r.ID
			break
		}
	}
	if target == "" {
		t.Fatal("no request to vote on by hand")
	}
	vote := "name: Service\nemail: a@b.example\ndate: 2026-02-18\nneed: essential\n"
	dir := filepath.Join(reg, "requests", target, "votes")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, actors[0].ID+".yaml"), []byte(vote), 0o644); err != nil {
		t.Fatal(err)
	}
	compare("after a vote by hand")
	if after, _, _ := cli(t, "--registry", reg, "--no-index", "show", "actors/"+actors[0].ID); after == before {
		t.Fatal("the vote by hand changed nothing on the actor's page: the test proves nothing")
	}
}
