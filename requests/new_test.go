package requests

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

var texts = []string{
	"Budget climat",
	"Budget climat (budget vert) de GPSO et des communes, ligne à ligne",
	"Sèvres : arbres d'alignement",
	"title: not a key",
	"a # not a comment",
	"ends with colon:",
	"- looks like a list",
	"[flow]", "{flow}", "* alias", "& anchor", "! tag", "% directive", "@at", "`tick`",
	"'single'", "\"double\"", "back\\slash",
	"yes", "No", "on", "OFF", "true", "null", "~", "", " ", "  lead", "trail  ", "NaN", ".inf",
	"2026-03-02", "12", "0x1F", "1e3", "92012", "+33 1 99 00 00 00",
	"https://data.seineouest.fr/explore/dataset/x/?q=a#b",
	"donnees@vanves.example",
	"tab\there", "bell\x07", "esc\x1b[31m", "nul\x00", "del\x7f", "c1\u0085", "bidi\u202e", "bom\ufeff", "ls\u2028ps\u2029",
	"emoji 🌳 ok",
	"one line\n",
	"two\nlines",
	"two\nlines\n",
	"trailing blank line\n\n",
	"\nleading newline",
	" leading space\nsecond",
	"para one\n\npara two\n",
	"- item\n  - nested\n- item\n",
	"trailing space \non a line\n",
	"tab\tin\nblock\n",
	"# heading\n\n**bold** and `code`: ok\n",
	"crlf\r\nline\r\n",
	"---\ndocument marker\n",
	"...\nend marker\n",
	"key: value\nother: value\n",
	"|\n>\n",
}

func TestYAMLRoundTripsThroughTheParsers(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	all := append([]string{}, texts...)
	for range 300 {
		all = append(all, randomText(rng))
	}
	for _, s := range all {
		r := &Request{ID: "x", Title: s, Description: s, RequestedBy: "sevres", AddressedTo: "gpso",
			Themes: []string{s, "climat"}, Created: day("2026-02-10"), WantedBy: day("2026-06-30"), Usage: s}
		back, _ := Parse("requests/x/request.yaml", r.YAML())
		back.Where = nil
		if !reflect.DeepEqual(back, r) {
			t.Errorf("request with %q:\n%s\nread back as %#v", s, r.YAML(), back)
		}
		v := &Vote{Actor: "sevres", Name: s, Email: "donnees@sevres.example", Date: day("2026-03-02"), Need: Useful, Comment: s}
		vb, _ := ParseVote("requests/x/votes/sevres.yaml", v.YAML())
		if !reflect.DeepEqual(vb, v) {
			t.Errorf("vote with %q:\n%s\nread back as %#v", s, v.YAML(), vb)
		}
		e := &Event{Stamp: time.Date(2026, 3, 5, 9, 30, 0, 0, time.UTC), Actor: "gpso", Status: Declined, Name: s, Email: "codal@gpso.example",
			Date: day("2026-03-05"), Note: s, PlannedFor: day("2026-10-15"), Dataset: s, DuplicateOf: s, Reason: s}
		eb, _ := ParseEvent("requests/x/events/20260305T093000Z-gpso.yaml", e.YAML())
		eb.Where = nil
		if !reflect.DeepEqual(eb, e) {
			t.Errorf("event with %q:\n%s\nread back as %#v", s, e.YAML(), eb)
		}
	}
}

func TestYAMLReplacesInvalidUTF8(t *testing.T) {
	// YAML is Unicode: bytes that are not UTF-8 cannot be written (the
	// constructors refuse them); the renderer writes U+FFFD instead.
	v := &Vote{Name: "bad \xff byte", Email: "a@b.example", Need: Useful}
	back, _ := ParseVote("requests/x/votes/a.yaml", v.YAML())
	if back.Name != "bad \ufffd byte" {
		t.Errorf("got %q", back.Name)
	}
}

func randomText(rng *rand.Rand) string {
	alphabet := []rune("aé :#-'\"\\\n\t|>{}[],&*!%@`?=~0123456789 🌳ÉœŒ\u00a0\u2028\u202e\x01\x1b\r.")
	n := rng.IntN(30)
	var b strings.Builder
	for range n {
		b.WriteRune(alphabet[rng.IntN(len(alphabet))])
	}
	return b.String()
}

func TestYAMLKeepsTheFormatsKeyOrderAndStyle(t *testing.T) {
	r := &Request{ID: "budget-climat", Title: "Budget climat (budget vert) de GPSO et des communes, ligne à ligne",
		Description: "Issy-les-Moulineaux demande :\n\n- le budget vert ;\n- ligne à ligne.\n",
		RequestedBy: "issy-les-moulineaux", AddressedTo: "gpso", Themes: []string{"finances", "budget vert"},
		Created: day("2026-02-10"), WantedBy: day("2026-06-30"), Usage: "Consolider un budget vert."}
	want := `title: Budget climat (budget vert) de GPSO et des communes, ligne à ligne
description: |
  Issy-les-Moulineaux demande :

  - le budget vert ;
  - ligne à ligne.
requested_by: issy-les-moulineaux
addressed_to: gpso
themes:
  - finances
  - budget vert
created: 2026-02-10
wanted_by: 2026-06-30
usage: Consolider un budget vert.
`
	if got := string(r.YAML()); got != want {
		t.Errorf("request.yaml:\n%s\nwant:\n%s", got, want)
	}
	v := &Vote{Name: "Service données – Ville de Chaville", Email: "donnees@chaville.example", Date: day("2026-02-16"), Need: Essential}
	if got := string(v.YAML()); got != "name: Service données – Ville de Chaville\nemail: donnees@chaville.example\ndate: 2026-02-16\nneed: essential\n" {
		t.Errorf("vote:\n%s", got)
	}
	e := &Event{Status: Published, Name: "DIG – GPSO", Email: "donnees@gpso.example", Date: day("2026-04-07"),
		Dataset: "https://data.seineouest.fr/explore/dataset/frequentation/", Note: "Publié : mise à jour le 10."}
	if got := string(e.YAML()); got != "status: published\nname: DIG – GPSO\nemail: donnees@gpso.example\ndate: 2026-04-07\ndataset: https://data.seineouest.fr/explore/dataset/frequentation/\nnote: \"Publié : mise à jour le 10.\"\n" {
		t.Errorf("event:\n%s", got)
	}
}

func TestNewID(t *testing.T) {
	taken := map[string]bool{"budget-climat": true, "budget-climat-2": true}
	has := func(id string) bool { return taken[id] }
	newID := func(title string) string {
		t.Helper()
		id, err := NewID(title, has)
		if err != nil {
			t.Fatalf("NewID(%q): %v", title, err)
		}
		return id
	}
	if got := newID("Budget climat"); got != "budget-climat-3" {
		t.Errorf("got %q", got)
	}
	if got := newID("Qualité de l'air à Sèvres"); got != "qualite-de-l-air-a-sevres" {
		t.Errorf("got %q", got)
	}
	if got := newID("!!!"); got != "demande" {
		t.Errorf("got %q", got)
	}
	long := strings.Repeat("données ouvertes ", 10)
	base := newID(long)
	taken[base] = true
	next := newID(long)
	if len(next) > fact.MaxIDLen || !fact.ValidID(next) || !strings.HasSuffix(next, "-2") || next == base {
		t.Errorf("long: %q then %q", base, next)
	}
}

// TestNewIDGivesUp: when every variant is taken, NewID says so with an
// error instead of looping for ever (the same rule as snippets' ids).
func TestNewIDGivesUp(t *testing.T) {
	_, err := NewID("Budget climat", func(string) bool { return true })
	if !errors.Is(err, fact.ErrNoFreeID) {
		t.Fatalf("err = %v, want fact.ErrNoFreeID", err)
	}
}

var at = time.Date(2026, 3, 2, 10, 15, 30, 0, time.UTC)
var who = Author{Name: "Service données – Ville de Vanves", Email: "donnees@vanves.example"}

func message(err *i18n.Error) string {
	if err == nil {
		return ""
	}
	return err.In(i18n.EN)
}

func TestNewRequestChecksAndTidies(t *testing.T) {
	r, err := NewRequest("arbres", Draft{Title: "  Arbres\n d'alignement ", Description: "ligne 1  \r\nligne 2\r\n\r\n", RequestedBy: "vanves", AddressedTo: "gpso",
		Themes: []string{"Nature", " nature ", "", "voirie"}, Usage: "\n\nCarte.\n\n"}, at)
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Arbres d'alignement" || r.Description != "ligne 1\nligne 2\n" || r.Usage != "Carte." || !reflect.DeepEqual(r.Themes, []string{"Nature", "voirie"}) || r.Created.String() != "2026-03-02" {
		t.Errorf("tidied: %#v", r)
	}
	bad := []struct {
		d    Draft
		want string
	}{
		{Draft{Title: "  ", RequestedBy: "vanves", AddressedTo: "gpso"}, "title is empty"},
		{Draft{Title: strings.Repeat("x", 201), RequestedBy: "vanves", AddressedTo: "gpso"}, "at most 200"},
		{Draft{Title: "T", RequestedBy: "", AddressedTo: "gpso"}, "missing organisation"},
		{Draft{Title: "T", RequestedBy: "Vanves", AddressedTo: "gpso"}, "invalid organisation id"},
		{Draft{Title: "T", RequestedBy: "gpso", AddressedTo: "gpso"}, "to itself"},
		{Draft{Title: "T", RequestedBy: "vanves", AddressedTo: "gpso", WantedBy: day("2026-03-01")}, "in the past"},
		{Draft{Title: "T\x1b[31m", RequestedBy: "vanves", AddressedTo: "gpso"}, "control character"},
		{Draft{Title: "T", Description: "bidi \u202e", RequestedBy: "vanves", AddressedTo: "gpso"}, "control character"},
		{Draft{Title: "T", Description: strings.Repeat("x", 4<<20-10), RequestedBy: "vanves", AddressedTo: "gpso"}, "over the registry's limit (4 MiB): shorten the description"},
	}
	for _, b := range bad {
		if _, err := NewRequest("x", b.d, at); !strings.Contains(message(err), b.want) {
			t.Errorf("%+v: got %q, want %q", b.d, message(err), b.want)
		}
	}
}

func TestNewVoteRules(t *testing.T) {
	open := &Request{ID: "r", RequestedBy: "issy", AddressedTo: "gpso"}
	v, err := NewVote(open, "vanves", who, Essential, "Pour le PCAET.", at)
	if err != nil || v.Actor != "vanves" || v.Need != Essential || v.Date.String() != "2026-03-02" || v.Comment != "Pour le PCAET." {
		t.Fatalf("%+v %v", v, err)
	}
	closed := &Request{ID: "r", RequestedBy: "issy", AddressedTo: "gpso", Events: []*Event{{Status: Published}}}
	cases := []struct {
		r     *Request
		actor string
		need  Need
		who   Author
		want  string
	}{
		{closed, "vanves", Useful, who, "is closed"},
		{open, "gpso", Useful, who, "cannot support a request addressed to it"},
		{open, "vanves", "vital", who, "unknown need"},
		{open, "vanves", Useful, Author{Name: "X", Email: "pas un mail"}, "invalid e-mail"},
		{open, "vanves", Useful, Author{Email: "a@b.example"}, "name is missing"},
		{open, "", Useful, who, "missing organisation"},
	}
	for _, c := range cases {
		if _, err := NewVote(c.r, c.actor, c.who, c.need, "", at); !strings.Contains(message(err), c.want) {
			t.Errorf("%s/%s: got %q, want %q", c.actor, c.need, message(err), c.want)
		}
	}
	if err := CheckUnvote(closed, "vanves"); !strings.Contains(message(err), "closed") {
		t.Errorf("unvote closed: %v", err)
	}
	if err := CheckUnvote(open, "vanves"); !strings.Contains(message(err), "no vote to withdraw") {
		t.Errorf("unvote without vote: %v", err)
	}
	if err := CheckUnvote(open, "issy"); !strings.Contains(message(err), "withdrawn") {
		t.Errorf("unvote by the requester: %v", err)
	}
	open.Votes = []*Vote{{Actor: "vanves"}}
	if err := CheckUnvote(open, "vanves"); err != nil {
		t.Errorf("unvote: %v", err)
	}
}

func TestNewEventRules(t *testing.T) {
	r := &Request{ID: "r", RequestedBy: "issy", AddressedTo: "gpso"}
	e, err := NewEvent(r, "gpso", who, Answer{Status: Planned, PlannedFor: day("2026-10-15"), Note: "Au comité."}, at)
	if err != nil || e.Stamp != time.Date(2026, 3, 2, 10, 15, 30, 0, time.UTC) || EventPath("r", e) != "requests/r/events/20260302T101530Z-gpso.yaml" {
		t.Fatalf("%+v %v", e, err)
	}
	cases := []struct {
		a    Answer
		want string
	}{
		{Answer{Status: "done"}, "unknown status"},
		{Answer{Status: Published}, "needs the dataset URL"},
		{Answer{Status: Declined}, "needs a reason"},
		{Answer{Status: Duplicate}, "original request's id"},
		{Answer{Status: Published, Dataset: "data.gouv.fr"}, "full http(s) URL"},
		{Answer{Status: Planned, Dataset: "https://x.example/"}, "dataset only goes with the status published/already-available"},
		{Answer{Status: Published, Dataset: "https://x.example/", PlannedFor: day("2026-12-01")}, "planned_for only goes"},
		{Answer{Status: UnderReview, DuplicateOf: "autre"}, "duplicate_of only goes"},
		{Answer{Status: Planned, Reason: "parce que"}, "reason only goes"},
		{Answer{Status: Planned, PlannedFor: day("2026-01-01")}, "in the past"},
		{Answer{Status: Duplicate, DuplicateOf: "r"}, "cannot duplicate itself"},
		{Answer{Status: Duplicate, DuplicateOf: "Pas Un Id"}, "id"},
		{Answer{Status: Submitted}, "already has the status submitted"},
	}
	for _, c := range cases {
		if _, err := NewEvent(r, "gpso", who, c.a, at); !strings.Contains(message(err), c.want) {
			t.Errorf("%+v: got %q, want %q", c.a, message(err), c.want)
		}
	}
	if _, err := NewEvent(r, "gpso", who, Answer{Status: Submitted, Note: "Rappel."}, at); err != nil {
		t.Errorf("same status with a note: %v", err)
	}
}

func TestWriteBoardFormats(t *testing.T) {
	board := []Standing{
		{Rank: 1, Request: &Request{ID: "budget-climat", Title: "Budget | climat", Created: day("2026-02-10")}, Status: UnderReview,
			Supporters: []string{"issy", "meudon", "alec"}, Communes: []string{"issy", "meudon"}, Population: 114000},
		{Rank: 2, Request: &Request{ID: "menus", Title: "=HYPERLINK(\"x\")", Created: day("2026-03-01")}, Status: Declined,
			Supporters: []string{"vanves"}, Communes: []string{"vanves"}, Population: 28000},
	}
	o := BoardOptions{Lang: i18n.FR, Communes: 8, Now: at}
	var b bytes.Buffer
	if err := WriteBoard(&b, board, "table", o); err != nil {
		t.Fatal(err)
	}
	want := "RANG  ID             TITRE            COMMUNES      ORGANISATIONS  POPULATION  ÂGE (JOURS)  STATUT\n" +
		"1     budget-climat  Budget | climat  2/8 communes  3              114\u202f000     20           à l'étude\n" +
		"2     menus          =HYPERLINK(\"x\")  1/8 communes  1              28\u202f000      1            refusée\n"
	if b.String() != want {
		t.Errorf("table:\n%q\nwant:\n%q", b.String(), want)
	}
	b.Reset()
	WriteBoard(&b, board, "md", BoardOptions{Lang: i18n.EN, Communes: 8, Now: at})
	if !strings.Contains(b.String(), "| 1 | budget-climat | Budget \\| climat | 2/8 communes | 3 | 114,000 | 20 | under review |") {
		t.Errorf("md:\n%s", b.String())
	}
	b.Reset()
	WriteBoard(&b, board, "csv", o)
	if b.String() != "rank,id,title,communes,communes_total,organisations,population,age_days,status\n1,budget-climat,Budget | climat,2,8,3,114000,20,under-review\n2,menus,\"'=HYPERLINK(\"\"x\"\")\",1,8,1,28000,1,declined\n" {
		t.Errorf("csv:\n%s", b.String())
	}
	b.Reset()
	WriteBoard(&b, board, "json", o)
	if !strings.Contains(b.String(), `"communes": [
      "issy",
      "meudon"
    ],
    "communes_total": 8,
    "organisations": 3,`) {
		t.Errorf("json:\n%s", b.String())
	}
	if err := WriteBoard(&b, board, "xml", o); err == nil {
		t.Error("unknown format accepted")
	}
}
