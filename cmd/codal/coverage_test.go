package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gpso/codal/coverage/portal"
	demofs "github.com/gpso/codal/registry/demo"
)

// coverageRegistry is a plain copy of the demo whose GPSO portal is a fake
// Opendatasoft portal, Issy's a portal answering 500, Chaville's data.gouv.fr
// organisation a fake API; Meudon has none. It returns the registry and the
// number of requests the fakes received.
func coverageRegistry(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	isolate(t)
	was := newPortalClient
	newPortalClient = func() *portal.Client {
		c := was()
		c.Backoff, c.MaxWait = time.Millisecond, 10*time.Millisecond
		return c
	}
	t.Cleanup(func() { newPortalClient = was })
	t.Setenv("XDG_CACHE_HOME", filepath.Join(t.TempDir(), "cache"))
	var calls atomic.Int32
	good, err := os.ReadFile("../../registry/demo/schemas/scdl-subventions/examples/subventions-2026-issy-les-moulineaux.csv")
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Split(strings.SplitN(string(good), "\n", 2)[0], ",")
	ods := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		switch r.URL.Path {
		case "/api/explore/v2.1/catalog/datasets":
			var fs []map[string]string
			for _, f := range fields {
				fs = append(fs, map[string]string{"name": strings.ToLower(f), "label": f, "type": "text"})
			}
			json.NewEncoder(w).Encode(map[string]any{"total_count": 2, "results": []any{
				map[string]any{"dataset_id": "subventions-2026", "metas": map[string]any{"default": map[string]any{
					"title": "Subventions \x1b]0;pwned\x07\x1b[2J", "modified": "2026-10-01T08:00:00+00:00"}}, "fields": fs},
				map[string]any{"dataset_id": "arbres", "metas": map[string]any{"default": map[string]any{"title": "Arbres"}},
					"fields": []any{map[string]any{"name": "espece"}}},
			}})
		case "/api/explore/v2.1/catalog/datasets/subventions-2026/exports/csv":
			fmt.Fprint(w, strings.Replace(string(good), "8500.00", "huit mille", 1))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(ods.Close)
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Not counted: a failed reading is asked again at each run.
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(down.Close)
	dg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.URL.Path != "/api/1/organizations/ville-de-chaville/datasets/" {
			http.NotFound(w, r)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"data": []any{map[string]any{"id": "64b0", "title": "Budget primitif",
			"page": "https://www.data.gouv.fr/fr/datasets/budget-chaville/", "last_modified": "2026-03-01T00:00:00",
			"resources": []any{map[string]any{"id": "r", "url": "http://127.0.0.1:1/budget.csv", "format": "csv", "schema": map[string]any{"name": "scdl/budget"}}}}},
			"next_page": nil})
	}))
	t.Cleanup(dg.Close)
	t.Setenv("CODAL_DATAGOUV_API", dg.URL+"/api/1")
	t.Setenv("GITHUB_TOKEN", "ghp_never_sent")

	dir := filepath.Join(t.TempDir(), "registre")
	if err := os.CopyFS(dir, demofs.FS()); err != nil {
		t.Fatal(err)
	}
	edit := func(actor, from, to string) {
		p := filepath.Join(dir, "actors", actor+".yaml")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if from == "" {
			data = append(data, to...)
		} else {
			data = []byte(strings.Replace(string(data), from, to, 1))
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("gpso", "https://data.seineouest.fr", ods.URL)
	edit("issy-les-moulineaux", "https://data.issy.com", down.URL)
	edit("chaville", "", "datagouv: ville-de-chaville\n")
	return dir, &calls
}

var coverageArgs = []string{"coverage", "--actor", "gpso", "--actor", "issy-les-moulineaux", "--actor", "chaville", "--actor", "meudon",
	"--schema", "scdl-subventions", "--schema", "scdl-budget"}

func TestCoverageCommand(t *testing.T) {
	reg, calls := coverageRegistry(t)
	run := func(extra ...string) (string, string, int) {
		return cli(t, append(append([]string{"--registry", reg, "--lang", "en"}, coverageArgs...), extra...)...)
	}
	out, errOut, code := run("--validate")
	want := "actor                scdl-subventions  scdl-budget\n" +
		"gpso                 invalid (1)       missing\n" +
		"issy-les-moulineaux  unreachable       unreachable\n" +
		"chaville             missing           found\n" +
		"meudon               no-portal         no-portal\n"
	if code != 0 || out != want {
		t.Fatalf("exit %d\n%s\nwant\n%s\nstderr: %s", code, out, want, errOut)
	}
	if !strings.Contains(errOut, "issy-les-moulineaux: the portal 127.0.0.1") || !strings.Contains(errOut, "chaville × scdl-budget: not checked") {
		t.Errorf("stderr: %s", errOut)
	}
	if strings.ContainsAny(out+errOut, "\x1b\x07") {
		t.Errorf("a control character reached the terminal: %q", out+errOut)
	}
	n := calls.Load()

	// The cache answers the second time, with no request but to the portal
	// that failed; --offline says its age.
	out2, _, code := run()
	if code != 0 || out2 != want || calls.Load() != n {
		t.Errorf("cached run: exit %d, %d more requests\n%s", code, calls.Load()-n, out2)
	}
	js, errOut, code := run("--offline", "--json")
	var cells []map[string]any
	if code != 0 || json.Unmarshal([]byte(js), &cells) != nil || len(cells) != 8 || calls.Load() != n {
		t.Fatalf("offline json: exit %d %s\n%s", code, errOut, js)
	}
	if !strings.Contains(errOut, "Results of ") || !strings.Contains(errOut, "no network") {
		t.Errorf("offline stderr: %s", errOut)
	}
	c := cells[0]
	if c["actor"] != "gpso" || c["schema"] != "scdl-subventions" || c["state"] != "invalid" || c["error_count"] != 1.0 ||
		c["dataset"] != "subventions-2026" || !strings.HasSuffix(c["url"].(string), "/explore/dataset/subventions-2026/") || c["checked_at"] == nil {
		t.Errorf("cell: %v", c)
	}
	if _, _, code := run("--refresh"); code != 0 || calls.Load() == n {
		t.Errorf("--refresh read nothing: exit %d", code)
	}
}

func TestCoverageRefusals(t *testing.T) {
	reg, _ := coverageRegistry(t)
	for _, args := range [][]string{
		{"coverage", "--offline", "--refresh"},
		{"coverage", "--schema", "nope"},
		{"coverage", "--actor", "nope"},
		{"coverage", "--format", "xml"},
	} {
		_, errOut, code := cli(t, append([]string{"--registry", reg}, args...)...)
		if code != 2 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	_, errOut, code := cli(t, "--registry", reg, "coverage", "--offline")
	if code == 0 || !strings.Contains(errOut, "codal coverage") {
		t.Errorf("offline with no cache: exit %d, %q", code, errOut)
	}
}

func TestShowActorGivesItsDataGouvOrganisation(t *testing.T) {
	reg, _ := coverageRegistry(t)
	out, errOut, code := cli(t, "--registry", reg, "show", "actors/chaville")
	if code != 0 || !strings.Contains(out, "data.gouv.fr : ville-de-chaville") {
		t.Fatalf("exit %d %s\n%s", code, errOut, out)
	}
	js, _, code := cli(t, "--registry", reg, "show", "actors/chaville", "--json")
	if code != 0 || !strings.Contains(js, `"datagouv": "ville-de-chaville"`) {
		t.Fatalf("json: exit %d\n%s", code, js)
	}
}
