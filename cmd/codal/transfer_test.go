package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A triager transfers, the new addressee changes the status, the old one and
// a stranger are refused; show and --json tell every hop.
func TestRequestTransfer(t *testing.T) {
	identify(t)
	reg := demoRegistry(t)
	out, errOut, code := cli(t, "--registry", reg, "request", "new", "--title", "Bancs publics", "--to", "hauts-de-seine")
	if code != 0 || out != "bancs-publics\n" {
		t.Fatalf("new: exit %d, %q %q", code, out, errOut)
	}
	head := func() string { return gitc(t, reg, "rev-parse", "HEAD") }
	refused := func(want string, args ...string) {
		t.Helper()
		before := head()
		out, errOut, code := cli(t, append([]string{"--registry", reg, "--lang", "en"}, args...)...)
		if code == 0 || out != "" || !strings.Contains(errOut, want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Fatalf("%v: exit %d, out %q, err %q; want one sentence with %q", args, code, out, errOut, want)
		}
		if head() != before || gitc(t, reg, "status", "--porcelain", "--untracked-files=all") != "" {
			t.Fatalf("%v: something was written", args)
		}
	}
	refused("meudon may not transfer bancs-publics: only the registry's triagers and the current addressee (gpso, hauts-de-seine) may",
		"request", "transfer", "bancs-publics", "--to", "ile-de-france", "--as", "meudon")
	refused("is already addressed to hauts-de-seine", "request", "transfer", "bancs-publics", "--to", "hauts-de-seine", "--as", "gpso")
	refused("vanves filed the request bancs-publics: it cannot be transferred to it", "request", "transfer", "bancs-publics", "--to", "vanves", "--as", "gpso")
	refused(`the organisation "nulle-part" is not in the directory`, "request", "transfer", "bancs-publics", "--to", "nulle-part", "--as", "gpso")
	refused("missing organisation (--to)", "request", "transfer", "bancs-publics", "--as", "gpso")
	refused(`the request "absente" does not exist`, "request", "transfer", "absente", "--to", "ile-de-france", "--as", "gpso")

	out, errOut, code = cli(t, "--registry", reg, "--lang", "en", "request", "transfer", "bancs-publics", "--to", "ile-de-france", "--as", "gpso", "--note", "La Région tient l'inventaire")
	if code != 0 || out != "Request bancs-publics transferred from Département des Hauts-de-Seine to Région Île-de-France (by Grand Paris Seine Ouest).\n" {
		t.Fatalf("transfer: exit %d, %q %q", code, out, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(reg, "requests/bancs-publics/events/*-gpso.yaml"))
	if len(files) != 1 {
		t.Fatalf("event files: %v", files)
	}
	data, _ := os.ReadFile(files[0])
	if !strings.HasPrefix(string(data), "transfer_to: ile-de-france\nname: Service données – Ville de Vanves\n") || !strings.HasSuffix(string(data), "note: La Région tient l'inventaire\n") || strings.Contains(string(data), "status") {
		t.Fatalf("transfer file:\n%s", data)
	}
	if req, _ := os.ReadFile(filepath.Join(reg, "requests/bancs-publics/request.yaml")); !strings.Contains(string(req), "addressed_to: hauts-de-seine\n") {
		t.Fatalf("request.yaml changed:\n%s", req)
	}

	// The original addressee lost the right; the new one has it.
	refused("hauts-de-seine may not change the status of bancs-publics: only the registry's triagers and the current addressee (gpso, ile-de-france) may",
		"request", "status", "bancs-publics", "planned", "--as", "hauts-de-seine")
	refused("hauts-de-seine may not transfer bancs-publics", "request", "transfer", "bancs-publics", "--to", "meudon", "--as", "hauts-de-seine")
	refused("chaville may not change the status of bancs-publics", "request", "status", "bancs-publics", "under-review", "--as", "chaville")
	if _, errOut, code := cli(t, "--registry", reg, "request", "status", "bancs-publics", "under-review", "--as", "ile-de-france"); code != 0 {
		t.Fatalf("status by the new addressee: %s", errOut)
	}
	// The current addressee sends it on in turn.
	if _, errOut, code := cli(t, "--registry", reg, "request", "transfer", "bancs-publics", "--to", "metropole-du-grand-paris", "--as", "ile-de-france", "--json"); code != 0 {
		t.Fatalf("transfer by the current addressee: %s", errOut)
	}

	out, _, _ = cli(t, "--registry", reg, "show", "requests/bancs-publics", "--json")
	var d struct {
		AddressedTo      string `json:"addressed_to"`
		CurrentAddressee string `json:"current_addressee"`
		Status           string `json:"status"`
		Transfers        []struct {
			From, To, By, Date, Note string
		} `json:"transfers"`
		Events []struct {
			Status     string `json:"status"`
			TransferTo string `json:"transfer_to"`
		} `json:"events"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if d.AddressedTo != "hauts-de-seine" || d.CurrentAddressee != "metropole-du-grand-paris" || d.Status != "under-review" || len(d.Transfers) != 2 || len(d.Events) != 3 {
		t.Fatalf("show --json: %+v", d)
	}
	if h := d.Transfers[0]; h.From != "hauts-de-seine" || h.To != "ile-de-france" || h.By != "gpso" || h.Note != "La Région tient l'inventaire" || len(h.Date) != 10 {
		t.Fatalf("first hop: %+v", h)
	}
	if h := d.Transfers[1]; h.From != "ile-de-france" || h.To != "metropole-du-grand-paris" || h.By != "ile-de-france" {
		t.Fatalf("second hop: %+v", h)
	}
	if d.Events[0].TransferTo != "ile-de-france" || d.Events[0].Status != "" || d.Events[1].Status != "under-review" {
		t.Fatalf("events: %+v", d.Events)
	}
	out, _, _ = cli(t, "--registry", reg, "--lang", "en", "show", "requests/bancs-publics")
	for _, want := range []string{"Addressed to", "Département des Hauts-de-Seine", "Current addressee", "Métropole du Grand Paris",
		"Grand Paris Seine Ouest : transferred to Région Île-de-France — La Région tient l'inventaire", "Région Île-de-France : under review",
		"Région Île-de-France : transferred to Métropole du Grand Paris"} {
		if !strings.Contains(out, want) {
			t.Fatalf("show lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = cli(t, "--registry", reg, "list", "requests", "--json", "-q", "bancs")
	if !strings.Contains(out, `"current_addressee": "metropole-du-grand-paris"`) || !strings.Contains(out, `"addressed_to": "hauts-de-seine"`) {
		t.Fatalf("list --json:\n%s", out)
	}
	if n := gitc(t, reg, "rev-list", "--count", "HEAD"); n != "5" {
		t.Fatalf("%s commits, want 5 (init + new + 2 transfers + status)", n)
	}
}

// setClock fixes codal's clock for the test.
func setClock(t *testing.T, day string) {
	t.Helper()
	now, err := time.Parse(time.RFC3339, day)
	if err != nil {
		t.Fatal(err)
	}
	clock = func() time.Time { return now }
	t.Cleanup(func() { clock = time.Now })
}

func TestRequestOverdue(t *testing.T) {
	isolate(t)
	setClock(t, "2026-05-02T18:00:00Z")
	// arbres, filed 2026-04-02 and unanswered, is due 2026-05-02.
	out, errOut, code := cli(t, "--registry", mini, "request", "overdue")
	if code != 0 || out != "" || !strings.Contains(errOut, "Aucune demande en retard (délai de réponse : 30 jours)") {
		t.Fatalf("on the due day: exit %d, %q %q", code, out, errOut)
	}
	setClock(t, "2027-01-05T08:00:00Z")
	out, errOut, code = cli(t, "--registry", mini, "--lang", "en", "request", "overdue")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "DAYS LATE") ||
		!strings.HasPrefix(lines[1], "248 ") || !strings.Contains(lines[1], "arbres") || !strings.Contains(lines[1], "no answer") || !strings.Contains(lines[1], "2026-05-02") ||
		!strings.HasPrefix(lines[2], "5 ") || !strings.Contains(lines[2], "budget-climat") || !strings.Contains(lines[2], "wanted-by date passed") ||
		!strings.Contains(errOut, "2 overdue request(s)") {
		t.Fatalf("overdue: exit %d\n%s\n%s", code, out, errOut)
	}
	out, _, _ = cli(t, "--registry", mini, "request", "overdue", "--json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 2 {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if r := rows[0]; r["id"] != "arbres" || r["days_late"] != 248.0 || r["reason"] != "no-answer" || r["due"] != "2026-05-02" || r["addressee"] != "gpso" || r["response_days"] != 30.0 {
		t.Fatalf("json row: %v", r)
	}
	// The board shows the column.
	out, _, _ = cli(t, "--registry", mini, "request", "rank", "--format", "csv")
	if !strings.Contains(out, ",status,overdue_days\n") || !strings.Contains(out, ",under-review,5\n") {
		t.Fatalf("rank csv:\n%s", out)
	}
}
