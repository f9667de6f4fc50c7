package catalogue

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/requests"
)

// writeFiles writes files (path from dir → content) into dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, body := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// problemsUnder lists "path:line:col code severity" for the problems under
// prefix, sorted.
func problemsUnder(ps []fact.Problem, prefix string) []string {
	var out []string
	for _, p := range ps {
		if strings.HasPrefix(p.Path, prefix) {
			out = append(out, fmt.Sprintf("%s:%d:%d %s %s", p.Path, p.Line, p.Col, p.Code, p.Severity))
		}
	}
	sort.Strings(out)
	return out
}

func transferEvent(to string) string {
	return "transfer_to: " + to + "\nname: Mission\nemail: m@b.example\ndate: 2026-04-03\nnote: Ils ont les données.\n"
}

func TestLintTransfers(t *testing.T) {
	dir := copyTree(t, "testdata/mini")
	const bancs = "requests/bancs/"
	writeFiles(t, dir, map[string]string{
		// arbres: sevres → gpso (a triager).
		"requests/arbres/events/20260403T100000Z-gpso.yaml":                transferEvent("meudon"),
		"requests/arbres/events/20260404T100000Z-gpso.yaml":                transferEvent("meudon"),
		"requests/arbres/events/20260405T100000Z-issy-les-moulineaux.yaml": transferEvent("sevres"),
		"requests/arbres/events/20260406T100000Z-meudon.yaml":              transferEvent("inconnu"),
		"requests/arbres/events/20260407T100000Z-gpso.yaml":                "status: planned\ntransfer_to: meudon\nname: M\nemail: m@b.example\ndate: 2026-04-07\n",
		// bancs: sevres → issy (not a triager), which sends it on to meudon.
		bancs + "request.yaml": "title: Bancs publics\nrequested_by: sevres\naddressed_to: issy-les-moulineaux\ncreated: 2026-04-01\n",
		bancs + "events/20260402T100000Z-issy-les-moulineaux.yaml": transferEvent("meudon"),
		bancs + "events/20260403T100000Z-issy-les-moulineaux.yaml": "status: planned\nname: Issy\nemail: i@b.example\ndate: 2026-04-03\n",
		bancs + "events/20260404T100000Z-meudon.yaml":              "status: in-progress\nname: Meudon\nemail: m@b.example\ndate: 2026-04-04\n",
	})
	c, err := Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	got := problemsUnder(c.Problems, "requests/")
	want := []string{
		"requests/arbres/events/20260403T100000Z-gpso.yaml:1:14 format-too-old error",
		"requests/arbres/events/20260404T100000Z-gpso.yaml:1:14 format-too-old error",
		"requests/arbres/events/20260404T100000Z-gpso.yaml:1:14 invalid-transfer error",
		"requests/arbres/events/20260405T100000Z-issy-les-moulineaux.yaml:1:14 format-too-old error",
		"requests/arbres/events/20260405T100000Z-issy-les-moulineaux.yaml:1:14 invalid-transfer error",
		"requests/arbres/events/20260405T100000Z-issy-les-moulineaux.yaml:1:14 not-triager warning",
		"requests/arbres/events/20260406T100000Z-meudon.yaml:1:14 format-too-old error",
		// The hop to sevres, though refused, is recorded: sevres is the
		// addressee in force for the next event.
		"requests/arbres/events/20260406T100000Z-meudon.yaml:1:14 not-triager warning",
		"requests/arbres/events/20260406T100000Z-meudon.yaml:1:14 unknown-actor error",
		"requests/arbres/events/20260407T100000Z-gpso.yaml:2:14 format-too-old error",
		"requests/arbres/events/20260407T100000Z-gpso.yaml:2:14 status-and-transfer error",
		"requests/bancs/events/20260402T100000Z-issy-les-moulineaux.yaml:1:14 format-too-old error",
		"requests/bancs/events/20260403T100000Z-issy-les-moulineaux.yaml:1:9 not-triager warning",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	r := c.Request("bancs")
	if r.CurrentAddressee() != "meudon" || r.AddressedTo != "issy-les-moulineaux" || r.Status() != "in-progress" {
		t.Fatalf("bancs: addressee %s (addressed_to %s), status %s", r.CurrentAddressee(), r.AddressedTo, r.Status())
	}
	if c.MayChangeStatus(r, "issy-les-moulineaux", "planned") || !c.MayChangeStatus(r, "meudon", "planned") || !c.MayChangeStatus(r, "gpso", "planned") {
		t.Fatal("MayChangeStatus must follow the current addressee")
	}
	if c.MayTransfer(r, "issy-les-moulineaux") || !c.MayTransfer(r, "meudon") || !c.MayTransfer(r, "gpso") {
		t.Fatal("MayTransfer must follow the current addressee")
	}
}

func TestLintResponseDays(t *testing.T) {
	cases := []struct {
		line  string
		clock int
		want  []string
	}{
		{"", 30, nil},
		{"response_days: 45\n", 45, nil},
		{"response_days: 3650\n", 3650, nil},
		{"response_days: 0\n", 30, []string{"registry.yaml:3:16 invalid-value error"}},
		{"response_days: -5\n", 30, []string{"registry.yaml:3:16 invalid-value error"}},
		{"response_days: 3651\n", 30, []string{"registry.yaml:3:16 invalid-value error"}},
		{"response_days: trente\n", 30, []string{"registry.yaml:3:16 field-type error"}},
	}
	for _, k := range cases {
		dir := copyTree(t, "testdata/mini")
		writeFiles(t, dir, map[string]string{MetaFile: "format: 1\nname: Mini\n" + k.line + "triagers:\n  - gpso\n"})
		c, err := Load(os.DirFS(dir))
		if err != nil {
			t.Fatal(err)
		}
		if got := problemsUnder(c.Problems, MetaFile); !reflect.DeepEqual(got, k.want) || c.Meta.ResponseClock() != k.clock {
			t.Errorf("%q: problems %v, clock %d; want %v, %d", k.line, got, c.Meta.ResponseClock(), k.want, k.clock)
		}
	}
}

func TestCatalogueOverdue(t *testing.T) {
	dir := copyTree(t, "testdata/mini")
	writeFiles(t, dir, map[string]string{MetaFile: "format: 1\nname: Mini\nresponse_days: 10\ntriagers:\n  - gpso\n"})
	c, err := Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	// arbres, filed 2026-04-02 with no answer, is due 2026-04-12;
	// budget-climat was answered by gpso.
	late := c.Overdue(time.Date(2026, 4, 15, 9, 0, 0, 0, time.UTC))
	if len(late) != 1 || late[0].ID != "arbres" || late[0].Days != 3 || late[0].Due.String() != "2026-04-12" || late[0].Addressee != "gpso" {
		t.Fatalf("Overdue = %+v", late)
	}
}

// Preparing a transfer asks for registry format 2 and writes one event file.
func TestPrepareTransfer(t *testing.T) {
	c, err := Load(os.DirFS("testdata/mini"))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 4, 3, 10, 0, 0, 0, time.UTC)
	who := Identity{Name: "Mission", Email: "m@gpso.example", Actor: "gpso"}
	p, err := c.Transfer("arbres", "gpso", "meudon", "Ils ont les données.", who, at)
	if err != nil {
		t.Fatal(err)
	}
	want := "requests/arbres/events/20260403T100000Z-gpso.yaml"
	if p.Change.MinFormat != 2 || p.Path != want || len(p.Change.Files) != 1 || p.Event.TransferTo != "meudon" ||
		string(p.Change.Files[want]) != "transfer_to: meudon\nname: Mission\nemail: m@gpso.example\ndate: 2026-04-03\nnote: Ils ont les données.\n" {
		t.Fatalf("prepared %+v\n%s", p.Change, p.Change.Files[want])
	}
	// A status change needs no newer format.
	p, err = c.ChangeStatus("arbres", "gpso", requestsAnswer("under-review"), who, at)
	if err != nil || p.Change.MinFormat != 0 {
		t.Fatalf("status change: MinFormat %d, %v", p.Change.MinFormat, err)
	}
}

func requestsAnswer(s string) requests.Answer { return requests.Answer{Status: requests.Status(s)} }
