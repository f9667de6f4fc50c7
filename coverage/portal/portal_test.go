package portal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gpso/codal/coverage"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/schemas"
)

const demoSchema = "../../registry/demo/schemas/scdl-subventions/schema.json"
const demoCSV = "../../registry/demo/schemas/scdl-subventions/examples/subventions-2026-issy-les-moulineaux.csv"

// testClient is a client with short waits, for servers on 127.0.0.1.
func testClient() *Client {
	c := New("test")
	c.Timeout, c.ExportTimeout = 2*time.Second, 2*time.Second
	c.Backoff, c.MaxWait = time.Millisecond, 50*time.Millisecond
	c.Retries = 2
	return c
}

// odsServer answers the Explore API v2.1 with n datasets, as the public
// documentation shapes them; hook, when set, may answer first.
type odsServer struct {
	n              int
	hook           func(w http.ResponseWriter, r *http.Request) bool
	csv            map[string]string
	mu             sync.Mutex
	requests       []*http.Request
	inFlight, peak atomic.Int32
}

func (s *odsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cur := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for {
		p := s.peak.Load()
		if cur <= p || s.peak.CompareAndSwap(p, cur) {
			break
		}
	}
	s.mu.Lock()
	s.requests = append(s.requests, r)
	s.mu.Unlock()
	if s.hook != nil && s.hook(w, r) {
		return
	}
	const prefix = "/api/explore/v2.1/catalog/datasets"
	switch {
	case r.URL.Path == prefix:
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		var results []map[string]any
		for i := offset; i < min(offset+limit, s.n); i++ {
			results = append(results, odsDatasetJSON(i))
		}
		if results == nil {
			results = []map[string]any{}
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		json.NewEncoder(w).Encode(map[string]any{"total_count": s.n, "results": results})
	case strings.HasPrefix(r.URL.Path, prefix+"/") && strings.HasSuffix(r.URL.Path, "/exports/csv"):
		id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, prefix+"/"), "/exports/csv")
		body, ok := s.csv[id]
		if !ok || r.URL.Query().Get("use_labels") != "true" || r.URL.Query().Get("delimiter") != "," {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		fmt.Fprint(w, body)
	default:
		http.NotFound(w, r)
	}
}

// odsDatasetJSON is dataset i: 0 follows the subventions schema (fields
// named the Opendatasoft way, labels as published), the others are noise;
// 1's title carries escape sequences.
func odsDatasetJSON(i int) map[string]any {
	d := map[string]any{
		"dataset_id": fmt.Sprintf("jeu-%03d", i), "dataset_uid": fmt.Sprintf("da_%06d", i), "has_records": true,
		"metas": map[string]any{"default": map[string]any{"title": fmt.Sprintf("Jeu %d", i), "modified": "2026-10-01T08:00:00+00:00",
			"publisher": "GPSO", "records_count": 10}},
		"fields": []map[string]any{{"name": "nom", "label": "Nom", "type": "text"}},
	}
	switch i {
	case 0:
		d["dataset_id"] = "subventions-2026"
		var fields []map[string]any
		for _, f := range []string{"nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "nomBeneficiaire", "idBeneficiaire",
			"rnaBeneficiaire", "objet", "montant", "nature", "conditionsVersement", "datesPeriodeVersement", "idRAE", "notificationUE",
			"pourcentageSubvention", "dispositifAide"} {
			fields = append(fields, map[string]any{"name": strings.ToLower(f), "label": f, "type": "text"})
		}
		d["fields"] = fields
	case 1:
		d["metas"].(map[string]any)["default"].(map[string]any)["title"] = "Budget \x1b[2J\x1b]0;pwned\x07"
	}
	return d
}

func loadSchema(t *testing.T) *schemas.Schema {
	t.Helper()
	data, err := os.ReadFile(demoSchema)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := schemas.Parse("schemas/scdl-subventions/schema.json", data)
	return s
}

func TestOpendatasoftPaginates(t *testing.T) {
	t.Setenv("GITHUB_TOKEN", "ghp_secret")
	t.Setenv("GH_TOKEN", "ghp_secret")
	srv := &odsServer{n: 230}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ds, err := testClient().Opendatasoft(context.Background(), ts.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 230 || ds[0].ID != "subventions-2026" || ds[229].ID != "jeu-229" {
		t.Fatalf("%d datasets, first %+v", len(ds), ds[0])
	}
	if len(srv.requests) != 3 {
		t.Errorf("%d requests for 230 datasets, want 3 pages", len(srv.requests))
	}
	for _, r := range srv.requests {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("a request to a portal carries Authorization: %q", r.Header.Get("Authorization"))
		}
		if !strings.HasPrefix(r.Header.Get("User-Agent"), "codal/test") {
			t.Errorf("User-Agent %q", r.Header.Get("User-Agent"))
		}
	}
	d := ds[0]
	if d.Title != "Jeu 0" || d.Modified.IsZero() || d.URL != ts.URL+"/explore/dataset/subventions-2026/" ||
		!strings.Contains(d.CSV, "/exports/csv?use_labels=true&delimiter=%2C") {
		t.Errorf("dataset 0: %+v", d)
	}
	tg := coverage.TargetOf(loadSchema(t))
	if m, ok := coverage.Best(tg, ds); !ok || m.Dataset.ID != "subventions-2026" || m.Score != 1 {
		t.Errorf("best match: %+v %v", m, ok)
	}
}

func TestRetriesA429ThenSucceeds(t *testing.T) {
	var calls atomic.Int32
	srv := &odsServer{n: 3, hook: func(w http.ResponseWriter, r *http.Request) bool {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "3600") // capped by MaxWait
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		}
		return false
	}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	start := time.Now()
	ds, err := testClient().Opendatasoft(context.Background(), ts.URL)
	if err != nil || len(ds) != 3 {
		t.Fatalf("%d datasets, %v", len(ds), err)
	}
	if calls.Load() != 2 {
		t.Errorf("%d calls, want 2", calls.Load())
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("Retry-After was not capped")
	}
	if got := retryAfter("7"); got != 7*time.Second {
		t.Errorf("retryAfter(7) = %v", got)
	}
	if got := retryAfter(time.Now().Add(time.Minute).UTC().Format(http.TimeFormat)); got < 50*time.Second || got > time.Minute {
		t.Errorf("retryAfter(date) = %v", got)
	}
	if got := retryAfter("soon"); got != 0 {
		t.Errorf("retryAfter(soon) = %v", got)
	}
}

func TestA500IsUnreachable(t *testing.T) {
	var calls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "boom", http.StatusInternalServerError)
	}))
	defer ts.Close()
	_, err := testClient().Opendatasoft(context.Background(), ts.URL)
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
	if calls.Load() != 3 {
		t.Errorf("%d calls, want 1 + 2 retries", calls.Load())
	}
	for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
		msg := i18n.Message(err, l)
		if !strings.Contains(msg, "127.0.0.1") || strings.Contains(msg, "\n") {
			t.Errorf("%s: %q", l, msg)
		}
	}
}

func TestSlowServerTimesOut(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer ts.Close()
	c := testClient()
	c.Timeout, c.Retries = 100*time.Millisecond, 0
	start := time.Now()
	_, err := c.Opendatasoft(context.Background(), ts.URL)
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(i18n.Message(err, i18n.EN), "did not answer in time") {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 3*time.Second {
		t.Errorf("the timeout was not honoured: %v", time.Since(start))
	}
}

func TestNotAnExplorePortal(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }))
	defer ts.Close()
	if _, err := testClient().Opendatasoft(context.Background(), ts.URL); !errors.Is(err, ErrNotExplore) {
		t.Fatalf("err = %v, want ErrNotExplore", err)
	}
	ts2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"hello":"world"}`) }))
	defer ts2.Close()
	if _, err := testClient().Opendatasoft(context.Background(), ts2.URL); !errors.Is(err, ErrNotExplore) {
		t.Fatalf("err = %v, want ErrNotExplore", err)
	}
	// A site that answers a page of HTML (a CMS, a login page).
	ts3 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<!doctype html><p>Bienvenue") }))
	defer ts3.Close()
	_, err := testClient().Opendatasoft(context.Background(), ts3.URL)
	if !errors.Is(err, ErrNotExplore) || !strings.Contains(i18n.Message(err, i18n.EN), "does not answer as an Opendatasoft portal") {
		t.Fatalf("html: err = %v", err)
	}
}

func TestCapsSizeAndDepth(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"total_count":1,"results":[{"dataset_id":"x","metas":{"default":{"title":"`+strings.Repeat("a", 4096)+`"}}}]}`)
	}))
	defer ts.Close()
	c := testClient()
	c.MaxJSON = 1024
	if _, err := c.Opendatasoft(context.Background(), ts.URL); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	deep := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"total_count":1,"results":`+strings.Repeat("[", 100)+strings.Repeat("]", 100)+`}`)
	}))
	defer deep.Close()
	if _, err := testClient().Opendatasoft(context.Background(), deep.URL); !errors.Is(err, ErrTooDeep) {
		t.Errorf("err = %v, want ErrTooDeep", err)
	}
	if !shallow([]byte(`{"a":"[[[[[[\"[[["}`), 1) {
		t.Error("brackets inside strings counted")
	}
}

func TestValidateExports(t *testing.T) {
	good, err := os.ReadFile(demoCSV)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(good), "\n", 3)
	bad := lines[0] + "\n" + strings.Replace(lines[1], "2026-03-16", "16/03/2026", 1) + "\n" + strings.Replace(lines[2], "8500.00", "huit mille", 1)
	srv := &odsServer{n: 1, csv: map[string]string{"good": string(good), "bad": bad}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	s := loadSchema(t)
	c := testClient()
	export := func(id string) string {
		return ts.URL + "/api/explore/v2.1/catalog/datasets/" + id + "/exports/csv?use_labels=true&delimiter=%2C"
	}
	rep, err := c.Validate(context.Background(), s, export("good"))
	if err != nil || rep.ErrorCount != 0 || rep.Rows == 0 {
		t.Fatalf("valid export: %+v, %v", rep, err)
	}
	rep, err = c.Validate(context.Background(), s, export("bad"))
	if err != nil || rep.ErrorCount == 0 {
		t.Fatalf("invalid export: %+v, %v", rep, err)
	}
	c.MaxCSV = 100
	if _, err := c.Validate(context.Background(), s, export("good")); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("capped export: %v, want ErrTooLarge", err)
	}
}

// dgServer answers data.gouv.fr's organisation datasets, two pages.
func dgServer(t *testing.T) *httptest.Server {
	var ts *httptest.Server
	ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/1/organizations/ville-de-chaville/datasets/" {
			http.NotFound(w, r)
			return
		}
		page := r.URL.Query().Get("page")
		var body map[string]any
		if page == "" || page == "1" {
			body = map[string]any{"data": []any{
				map[string]any{"id": "64a1", "title": "Subventions \x1b[31m2025", "slug": "subventions", "page": "https://www.data.gouv.fr/fr/datasets/subventions/",
					"last_modified": "2026-09-01T10:00:00.123000+00:00", "resources": []any{
						map[string]any{"id": "r1", "url": ts.URL + "/files/subventions.csv", "format": "csv", "schema": map[string]any{"name": "scdl/subventions", "version": "2.1.1"}},
					}},
			}, "next_page": ts.URL + "/api/1/organizations/ville-de-chaville/datasets/?page=2&page_size=100", "page": 1, "page_size": 100, "total": 2}
		} else {
			body = map[string]any{"data": []any{
				map[string]any{"id": "64a2", "title": "Budget", "page": "https://www.data.gouv.fr/fr/datasets/budget/", "last_modified": "2026-01-01T00:00:00",
					"resources": []any{map[string]any{"id": "r2", "url": ts.URL + "/files/budget.csv", "format": "CSV"}}},
			}, "next_page": nil, "page": 2, "page_size": 100, "total": 2}
		}
		json.NewEncoder(w).Encode(body)
	}))
	return ts
}

func TestDataGouvPaginates(t *testing.T) {
	ts := dgServer(t)
	defer ts.Close()
	t.Setenv("CODAL_DATAGOUV_API", ts.URL+"/api/1/")
	if DataGouvAPI() != ts.URL+"/api/1" {
		t.Fatalf("DataGouvAPI = %s", DataGouvAPI())
	}
	ds, err := testClient().DataGouv(context.Background(), DataGouvAPI(), "ville-de-chaville")
	if err != nil || len(ds) != 2 {
		t.Fatalf("%+v, %v", ds, err)
	}
	if ds[0].Schemas[0] != "scdl/subventions" || ds[0].CSV != ts.URL+"/files/subventions.csv" || ds[0].Modified.IsZero() {
		t.Errorf("dataset 0: %+v", ds[0])
	}
	if ds[1].CSV != ts.URL+"/files/budget.csv" || len(ds[1].Schemas) != 0 {
		t.Errorf("dataset 1: %+v", ds[1])
	}
	tg := coverage.TargetOf(loadSchema(t))
	if m, ok := coverage.Best(tg, ds); !ok || !m.Declared || m.Dataset.ID != "64a1" {
		t.Errorf("declared schema not matched: %+v", m)
	}
	if _, err := testClient().DataGouv(context.Background(), DataGouvAPI(), "nobody"); !errors.Is(err, ErrRefused) {
		t.Errorf("unknown organisation: %v", err)
	}
}

// One portal down: the others' datasets still count, the actor's cells say
// unreachable; and no more than PerHost requests reach one host at once.
func TestGatherPartialAndPerHostLimit(t *testing.T) {
	srv := &odsServer{n: 5, hook: func(w http.ResponseWriter, r *http.Request) bool {
		time.Sleep(20 * time.Millisecond)
		return false
	}}
	up := httptest.NewServer(srv)
	defer up.Close()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
	defer down.Close()
	var where []Where
	for i := range 6 {
		where = append(where, Where{ID: "a" + strconv.Itoa(i), Portal: up.URL})
	}
	where = append(where, Where{ID: "meudon", Portal: down.URL}, Where{ID: "vanves"})
	c := testClient()
	c.PerHost = 2
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	var steps atomic.Int32
	actors := c.Gather(context.Background(), where, "", now, i18n.EN, func(done, total int, what string) {
		steps.Add(1)
		if total != 7 {
			t.Errorf("total %d", total)
		}
	})
	if steps.Load() != 7 {
		t.Errorf("%d progress steps", steps.Load())
	}
	if srv.peak.Load() > 2 {
		t.Errorf("%d requests at once to one host, limit 2", srv.peak.Load())
	}
	m := coverage.Build(actors, []coverage.Target{coverage.TargetOf(loadSchema(t))})
	if c := m.Find("a0", "scdl-subventions"); c.State != coverage.Found || c.Dataset != "subventions-2026" || !c.CheckedAt.Equal(now) {
		t.Errorf("a0: %+v", c)
	}
	if c := m.Find("meudon", "scdl-subventions"); c.State != coverage.Unreachable || !strings.Contains(c.Reason, "unreachable") {
		t.Errorf("meudon: %+v", c)
	}
	if c := m.Find("vanves", "scdl-subventions"); c.State != coverage.NoPortal {
		t.Errorf("vanves: %+v", c)
	}
}

func TestValidateFoundMarksCells(t *testing.T) {
	good, err := os.ReadFile(demoCSV)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(good), "2026-03-16", "16/03/2026", 1)
	srv := &odsServer{n: 1, csv: map[string]string{"subventions-2026": string(good)}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	srv2 := &odsServer{n: 1, csv: map[string]string{"subventions-2026": bad}}
	ts2 := httptest.NewServer(srv2)
	defer ts2.Close()
	c := testClient()
	actors := c.Gather(context.Background(), []Where{{ID: "gpso", Portal: ts.URL}, {ID: "issy", Portal: ts2.URL}}, "", time.Time{}, i18n.EN, nil)
	s := loadSchema(t)
	m := coverage.Build(actors, []coverage.Target{coverage.TargetOf(s)})
	c.ValidateFound(context.Background(), m, map[string]*schemas.Schema{s.ID: s}, i18n.EN, nil)
	if got := m.Find("gpso", s.ID); got.State != coverage.Valid {
		t.Errorf("gpso: %+v", got)
	}
	if got := m.Find("issy", s.ID); got.State != coverage.Invalid || got.ErrorCount != 1 {
		t.Errorf("issy: %+v", got)
	}
}
