package requests

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/fact"
)

func TestCommentYAMLRoundTrips(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	all := append([]string{}, texts...)
	for range 300 {
		all = append(all, randomText(rng))
	}
	for _, s := range all {
		c := &Comment{Stamp: time.Date(2026, 3, 5, 9, 30, 0, 0, time.UTC), Actor: "meudon", Name: s, Email: "donnees@meudon.example",
			Date: day("2026-03-05"), Body: s, ReplyTo: "20260304T080000Z-gpso"}
		back, _ := ParseComment("requests/x/comments/20260305T093000Z-meudon.yaml", c.YAML())
		back.Where = nil
		if !reflect.DeepEqual(back, c) {
			t.Errorf("comment with %q:\n%s\nread back as %#v", s, c.YAML(), back)
		}
	}
}

func TestParseCommentProblems(t *testing.T) {
	cases := []struct {
		file, yaml string
		code       string
		line, col  int
	}{
		{"requests/x/comments/hier-meudon.yaml", "name: A\nemail: a@b.example\ndate: 2026-03-05\nbody: ok\n", "bad-filename", 1, 1},
		{"requests/x/comments/20260305T093000Z-meudon.yaml", "name: A\nemail: a@b.example\ndate: 2026-03-05\n", "missing-field", 1, 1},
		{"requests/x/comments/20260305T093000Z-meudon.yaml", "name: A\nemail: a@b.example\ndate: 2026-03-05\nbody: \"  \"\n", "missing-field", 4, 7},
		{"requests/x/comments/20260305T093000Z-meudon.yaml", "name: A\nemail: nope\ndate: 2026-03-05\nbody: ok\n", "bad-email", 2, 8},
		{"requests/x/comments/20260305T093000Z-meudon.yaml", "name: A\nemail: a@b.example\nbody: ok\n", "missing-field", 1, 1},
		{"requests/x/comments/20260305T093000Z-meudon.yaml", "name: A\nemail: a@b.example\ndate: 2026-03-05\nbody: ok\nreply_to: hier\n", "invalid-value", 5, 11},
		{"requests/x/comments/20260305T093000Z-meudon.yaml", "name: A\nemail: a@b.example\ndate: 2026-03-05\nbody: \"esc \\e[31m\"\n", "control-character", 4, 7},
		{"requests/x/comments/20260305T093000Z-meudon.yaml", "name: A\nemail: a@b.example\ndate: 2026-03-05\nbody: " + strings.Repeat("a", MaxCommentSize+1) + "\n", "too-large", 4, 7},
	}
	for _, tc := range cases {
		_, ps := ParseComment(tc.file, []byte(tc.yaml))
		found := false
		for _, p := range ps {
			if p.Code == tc.code && p.Line == tc.line && p.Col == tc.col {
				found = true
			}
		}
		if !found {
			t.Errorf("%s %q: want %s at %d:%d, got %v", tc.file, tc.yaml[:min(len(tc.yaml), 60)], tc.code, tc.line, tc.col, ps)
		}
	}
	c, ps := ParseComment("requests/x/comments/20260305T093000Z-meudon.yaml", []byte("name: A\nemail: a@b.example\ndate: 2026-03-05\nbody: |\n  **gras**\n\n  > cité\n"))
	if len(ps) != 0 || c.Body != "**gras**\n\n> cité\n" || c.Ref() != "20260305T093000Z-meudon" {
		t.Errorf("good comment: %+v %v", c, ps)
	}
}

func TestNewCommentRules(t *testing.T) {
	r := &Request{ID: "x", RequestedBy: "sevres", AddressedTo: "gpso"}
	who := Author{Name: "Service données", Email: "donnees@meudon.example"}
	at := time.Date(2026, 3, 5, 9, 30, 12, 500, time.FixedZone("Paris", 3600))
	c, err := NewComment(r, "meudon", who, "\nBonjour\r\n\r\nmerci  \r\n\n", "", at)
	if err != nil {
		t.Fatal(err)
	}
	if c.Body != "Bonjour\n\nmerci\n" || c.Ref() != "20260305T083012Z-meudon" || !c.Date.Equal(fact.DateOf(at).Time) {
		t.Errorf("comment: %+v", c)
	}
	r.Comments = []*Comment{c}
	for _, bad := range []struct{ actor, body, reply string }{
		{"meudon", " \n\t\n", ""},
		{"meudon", strings.Repeat("a", MaxCommentSize+1), ""},
		{"meudon", "esc \x1b[2J", ""},
		{"Meudon!", "ok", ""},
		{"meudon", "ok", "20260101T000000Z-gpso"},
	} {
		if _, err := NewComment(r, bad.actor, who, bad.body, bad.reply, at); err == nil {
			t.Errorf("NewComment(%q, %q, reply %q) accepted", bad.actor, bad.body[:min(len(bad.body), 20)], bad.reply)
		}
	}
	reply, err := NewComment(r, "gpso", Author{Name: "GPSO", Email: "codal@gpso.example"}, "Réponse", "20260305T083012Z-meudon.yaml", at.Add(time.Hour))
	if err != nil || reply.ReplyTo != "20260305T083012Z-meudon" {
		t.Errorf("reply: %+v %v", reply, err)
	}
}
