package catalogue

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gpso/codal/fact"
)

// A format 2 registry loads with its comments attached oldest first (time
// stamp, then actor) and no problem; a format 1 registry reads too.
func TestLoadReadsFormat2AndComments(t *testing.T) {
	c, err := Load(os.DirFS("testdata/comments"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) != 0 {
		t.Errorf("problems: %v", c.Problems)
	}
	r := c.Request("budget-climat")
	var got []string
	for _, cm := range r.Comments {
		got = append(got, cm.Ref()+">"+cm.ReplyTo)
	}
	want := "20260305T093000Z-issy-les-moulineaux> 20260305T093000Z-meudon> 20260306T080000Z-gpso>20260305T093000Z-meudon"
	if strings.Join(got, " ") != want {
		t.Errorf("comments:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if c.Meta.Format != 2 {
		t.Errorf("format %d", c.Meta.Format)
	}
	if _, err := Load(os.DirFS("testdata/mini")); err != nil {
		t.Errorf("format 1: %v", err)
	}
}

// The comment rules of lint, each at its place.
func TestLintComments(t *testing.T) {
	c, err := Load(os.DirFS("testdata/broken"))
	if err != nil {
		t.Fatal(err)
	}
	dir := "requests/climat/comments/"
	for _, w := range []struct {
		path, code string
		line, col  int
	}{
		{dir + "20260305T093000Z-meudon.yaml", "format-too-old", 1, 1},
		{dir + "20260306T100000Z-paris.yaml", "unknown-actor", 1, 1},
		{dir + "20260306T100000Z-paris.yaml", "unknown-comment", 4, 11},
		{dir + "20260307T100000Z-gpso.yaml", "missing-field", 1, 1},
		{dir + "avant-hier-gpso.yaml", "bad-filename", 1, 1},
		{dir + "sous-dossier", "bad-filename", 1, 1},
	} {
		found := false
		for _, p := range c.Problems {
			if p.Path == w.path && p.Code == w.code && p.Line == w.line && p.Col == w.col {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s at %s:%d:%d", w.code, w.path, w.line, w.col)
		}
	}
	// The reply to a comment that exists is no problem.
	for _, p := range c.Problems {
		if p.Code == "unknown-comment" && strings.Contains(p.Path, "-gpso") {
			t.Errorf("reply to an existing comment reported: %s", p)
		}
	}
	if n := len(c.Request("climat").Comments); n != 4 {
		t.Errorf("%d comments attached, want 4 (broken ones too)", n)
	}
	if !fact.HasCode(c.Problems, "format-too-old") {
		t.Error("no format-too-old")
	}
}

func TestPrepareComment(t *testing.T) {
	c, err := Load(os.DirFS("testdata/comments"))
	if err != nil {
		t.Fatal(err)
	}
	who := Identity{Name: "Service données", Email: "donnees@meudon.example"}
	at := time.Date(2026, 3, 5, 9, 30, 0, 0, time.UTC) // the second of meudon's comment: taken
	p, err := c.Comment("budget-climat", "meudon", "Merci **GPSO**.", "20260306T080000Z-gpso", who, at)
	if err != nil {
		t.Fatal(err)
	}
	if p.Path != "requests/budget-climat/comments/20260305T093001Z-meudon.yaml" || p.Change.MinFormat != 2 || p.Comment.ReplyTo != "20260306T080000Z-gpso" {
		t.Errorf("prepared: %s %d %+v", p.Path, p.Change.MinFormat, p.Comment)
	}
	if string(p.Change.Files[p.Path]) != "name: Service données\nemail: donnees@meudon.example\ndate: 2026-03-05\nreply_to: \"20260306T080000Z-gpso\"\nbody: Merci **GPSO**.\n" {
		t.Errorf("file:\n%s", p.Change.Files[p.Path])
	}
	for _, bad := range []struct{ id, actor, body, reply string }{
		{"absente", "meudon", "x", ""},
		{"budget-climat", "inconnue", "x", ""},
		{"budget-climat", "meudon", "  ", ""},
		{"budget-climat", "meudon", "x", "20260101T000000Z-gpso"},
	} {
		if _, err := c.Comment(bad.id, bad.actor, bad.body, bad.reply, who, at); err == nil {
			t.Errorf("Comment(%+v) accepted", bad)
		}
	}
}

// A comment that answers itself is an invalid value at its reply_to.
func TestLintCommentAnsweringItself(t *testing.T) {
	m := fstest.MapFS{
		"registry.yaml":           {Data: []byte("format: 2\nname: R\n")},
		"actors/gpso.yaml":        {Data: []byte("name: GPSO\nkind: ept\n")},
		"actors/sevres.yaml":      {Data: []byte("name: Sèvres\nkind: commune\ninsee: \"92072\"\npopulation: 23500\n")},
		"requests/r/request.yaml": {Data: []byte("title: R\nrequested_by: sevres\naddressed_to: gpso\ncreated: 2026-01-05\n")},
		"requests/r/comments/20260105T100000Z-gpso.yaml": {Data: []byte("name: G\nemail: g@gpso.example\ndate: 2026-01-05\nbody: x\nreply_to: 20260105T100000Z-gpso\n")},
	}
	c, err := Load(m)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) != 1 || c.Problems[0].Code != "invalid-value" || c.Problems[0].Line != 5 || c.Problems[0].Col != 11 {
		t.Fatalf("problems: %v", c.Problems)
	}
}
