package tui

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/coverage/portal"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store/memstore"
)

// coverageHarness opens the app on the test registry whose GPSO portal is a
// fake Opendatasoft portal publishing the sports facilities (a title with
// escape sequences), Boulogne's an empty one, Issy's a portal answering
// 500; Sèvres has none.
func coverageHarness(t *testing.T) *harness {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", filepath.Join(t.TempDir(), "cache"))
	was := newPortalClient
	newPortalClient = func() *portal.Client {
		c := was()
		c.Backoff, c.MaxWait, c.Retries = time.Millisecond, time.Millisecond, 1
		return c
	}
	t.Cleanup(func() { newPortalClient = was })
	ods := func(results []any) *httptest.Server {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/exports/csv") {
				w.Write([]byte("id,nom,commune_insee,type,capacite,accessible_pmr\n"))
				return
			}
			json.NewEncoder(w).Encode(map[string]any{"total_count": len(results), "results": results})
		}))
		t.Cleanup(ts.Close)
		return ts
	}
	var fields []any
	for _, f := range []string{"id", "nom", "commune_insee", "type", "capacite"} {
		fields = append(fields, map[string]any{"name": f})
	}
	gpso := ods([]any{map[string]any{"dataset_id": "equipements", "fields": fields,
		"metas": map[string]any{"default": map[string]any{"title": "Équipements \x1b]0;pwned\x07\x1b[2Jsportifs"}}}})
	boulogne := ods([]any{})
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }))
	t.Cleanup(down.Close)

	dir := filepath.Join(t.TempDir(), "registre")
	if err := os.CopyFS(dir, os.DirFS("testdata/registry")); err != nil {
		t.Fatal(err)
	}
	for actor, url := range map[string]string{"gpso": gpso.URL, "boulogne-billancourt": boulogne.URL, "issy-les-moulineaux": down.URL} {
		p := filepath.Join(dir, "actors", actor+".yaml")
		data, _ := os.ReadFile(p)
		lines := strings.Split(string(data), "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, "portal:") {
				lines[i] = "portal: " + url
			}
		}
		os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644)
	}
	s, err := memstore.New(os.DirFS(dir), catalogue.Identity{Name: "Test", Email: "test@example.org"}, testNow, memstore.Options{Name: "registre"})
	if err != nil {
		t.Fatal(err)
	}
	return newStoreHarness(t, s, sevres)
}

func TestCoverageViewMatrixReportAndRequest(t *testing.T) {
	hs := coverageHarness(t)
	hs.keys("C")
	hs.mustShow("Couverture des publications", "equipements-spor", "gpso", "found", "missing", "unreachable", "no-portal")
	inert := func() {
		t.Helper()
		if s := hs.m.View().Content; strings.Contains(s, "\x1b]0;") || strings.Contains(s, "\x07") || strings.Contains(s, "\x1b[2J") {
			t.Fatalf("a hostile title reached the screen: %q", s)
		}
	}
	inert()
	// Rows are the members in the directory's order: find GPSO's and open it.
	row := -1
	for i, a := range hs.m.cov.m.Actors {
		if a.ID == "gpso" {
			row = i
		}
	}
	for range row {
		hs.keys("down")
	}
	hs.keys("enter")
	inert()
	hs.mustShow("gpso × equipements-sportifs", "Équipements ]0;pwned[2Jsportifs", "noms de champs (83 %)", "/explore/dataset/equipements/", "exports/csv?use_labels=true")
	hs.keys("esc")
	hs.mustShow("Couverture des publications")

	// n on a found cell says no; on Boulogne's missing cell it pre-fills a request.
	hs.keys("n")
	if !strings.Contains(hs.statusText(), "missing") {
		t.Errorf("status: %q", hs.statusText())
	}
	for i, a := range hs.m.cov.m.Actors {
		if a.ID == "boulogne-billancourt" {
			hs.m.cov.row = i
		}
	}
	hs.keys("n")
	hs.mustShow("Nouvelle demande de données", "Publication : Équipements sportifs", "Boulogne-Billancourt")
}

// The cache answers the second opening of another app (only the portal that
// failed is asked again, here in vain); ctrl+r reads again.
func TestCoverageViewUsesTheCache(t *testing.T) {
	hs := coverageHarness(t)
	hs.keys("C")
	hs.mustShow("found")
	calls := 0
	newPortalClient = func() *portal.Client {
		calls++
		c := portal.New("test")
		c.Timeout, c.Retries = time.Millisecond, 0
		return c
	}
	hs2 := newStoreHarness(t, hs.m.src, sevres)
	hs2.keys("C")
	hs2.mustShow("found", "Résultats du")
	hs2.keys("ctrl+r")
	if calls != 2 {
		t.Errorf("%d clients made, want 2 (one per reading)", calls)
	}
}

func TestCoverageViewValidates(t *testing.T) {
	hs := coverageHarness(t)
	hs.keys("C")
	gpsoRow := regexp.MustCompile(`gpso +(\S+)`)
	state := func() string {
		m := gpsoRow.FindStringSubmatch(hs.text())
		if m == nil {
			t.Fatalf("no gpso row:\n%s", hs.text())
		}
		return m[1]
	}
	if s := state(); s != "found" {
		t.Fatalf("before v: %s", s)
	}
	hs.keys("v")
	if s := state(); s != "valid" {
		t.Fatalf("after v: %s\n%s", s, hs.text())
	}
}
