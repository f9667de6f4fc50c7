package news

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/store"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func added(p, data string) store.FileChange {
	return store.FileChange{Path: p, HasNew: true, New: []byte(data)}
}

func removed(p, data string) store.FileChange {
	return store.FileChange{Path: p, HadOld: true, Old: []byte(data)}
}

func changed(p, old, data string) store.FileChange {
	return store.FileChange{Path: p, HadOld: true, HasNew: true, Old: []byte(old), New: []byte(data)}
}

func day(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, time.UTC) }

// sampleHistory is a walk's output, newest first: one of each kind.
func sampleHistory() []store.Commit {
	return []store.Commit{
		{Hash: "c5", Author: "Léa", Date: day(5), Changes: []store.FileChange{
			added("requests/budget/comments/20260305T100000Z-vanves.yaml", "name: Léa\nbody: \"Merci \\e[31m!\"\n"),
			added("requests/budget/events/20260305T100000Z-gpso.yaml", "name: Paul\ntransfer_to: meudon\nnote: Meudon détient les données\n"),
		}},
		{Hash: "c4", Author: "Paul", Date: day(4), Changes: []store.FileChange{
			added("requests/budget/events/20260304T100000Z-gpso.yaml", "name: Paul\nstatus: under-review\n"),
			removed("requests/budget/votes/issy.yaml", "name: Ana\nneed: useful\n"),
			{Path: "README.md", HasNew: true},
		}},
		{Hash: "c3", Author: "Ana", Date: day(3), Changes: []store.FileChange{
			added("requests/budget/votes/vanves.yaml", "name: Ana\nneed: essential\n"),
			changed("snippets/siren/siren.js", "a", "b"),
			changed("snippets/siren/README.md", "a", "b"),
			added("schemas/voirie/schema.json", `{"title": "Voirie"}`),
			added("schemas/voirie/README.md", "x"),
			removed("actors/boulogne.yaml", "name: Boulogne\nkind: commune\n"),
		}},
		{Hash: "c1", Author: "Jean", Date: day(1), Changes: []store.FileChange{
			added("requests/budget/request.yaml", "title: Budget\nrequested_by: sevres\naddressed_to: gpso\n"),
			added("actors/meudon.yaml", "name: Meudon\nkind: commune\n"),
		}},
	}
}

func TestFromHistoryClassifiesEveryKindNewestFirst(t *testing.T) {
	items := FromHistory(sampleHistory(), func(e string) string { return "[" + e + "]" })
	var got []string
	for _, it := range items {
		got = append(got, strings.Join([]string{it.Commit, string(it.Kind), it.Entry, it.Title, it.Actor, it.Need, it.Status, it.To, it.Text}, "|"))
	}
	want := []string{
		"c5|comment|requests/budget|[requests/budget]|vanves||||Merci \x1b[31m!",
		"c5|transfer|requests/budget|[requests/budget]|gpso|||meudon|Meudon détient les données",
		"c4|status-changed|requests/budget|[requests/budget]|gpso||under-review||",
		"c4|support-withdrawn|requests/budget|[requests/budget]|issy|useful|||",
		"c3|support-gained|requests/budget|[requests/budget]|vanves|essential|||",
		"c3|entry-changed|snippets/siren|[snippets/siren]|||||",
		"c3|entry-added|schemas/voirie|Voirie|||||",
		"c3|entry-removed|actors/boulogne|Boulogne|||||",
		"c1|request-filed|requests/budget|Budget|sevres||||",
		"c1|entry-added|actors/meudon|Meudon|||||",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("items:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if items[1].Seq != 1 || items[0].Seq != 0 || EntryID(items[1]) != "urn:codal:c5:1" {
		t.Errorf("seq %d %d, id %s", items[0].Seq, items[1].Seq, EntryID(items[1]))
	}
}

func TestFollowingKeepsFollowedAndOwnRequests(t *testing.T) {
	items := FromHistory(sampleHistory(), nil)
	entries := func(xs []Item) string {
		var s []string
		for _, it := range xs {
			s = append(s, it.Entry)
		}
		return strings.Join(s, ",")
	}
	if got := entries(Following(items, Interest{Follows: []string{"schemas/voirie"}})); got != "schemas/voirie" {
		t.Errorf("followed schema: %s", got)
	}
	// vanves supported budget within the items: its news is followed.
	if got := entries(Following(items, Interest{Actor: "vanves"})); strings.Count(got, "requests/budget") != 6 || strings.Contains(got, "schemas") {
		t.Errorf("vanves follows its request: %s", got)
	}
	// meudon received it by transfer.
	if got := entries(Following(items, Interest{Actor: "meudon"})); strings.Count(got, "requests/budget") != 6 {
		t.Errorf("meudon follows what was transferred to it: %s", got)
	}
	if got := Following(items, Interest{Actor: "chaville", Own: []string{"requests/other"}}); len(got) != 0 {
		t.Errorf("chaville follows nothing here: %+v", got)
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n%s\nwant:\n%s", name, got, want)
	}
}

func names(id string) string {
	return map[string]string{"vanves": "Vanves", "gpso": "GPSO", "meudon": "Meudon", "sevres": "Sèvres"}[id]
}

func TestWriteTextGoldenAndInert(t *testing.T) {
	items := FromHistory(sampleHistory(), nil)
	for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
		var b bytes.Buffer
		if err := WriteText(&b, items, l, names); err != nil {
			t.Fatal(err)
		}
		if bytes.ContainsAny(b.Bytes(), "\x1b\x07") {
			t.Errorf("raw control character in the text output:\n%q", b.String())
		}
		golden(t, "news."+string(l)+".txt", b.Bytes())
	}
}

func TestWriteAtomIsAValidFeed(t *testing.T) {
	items := FromHistory(sampleHistory(), nil)
	var b bytes.Buffer
	if err := WriteAtom(&b, items, Feed{ID: "urn:codal:registry:test", Title: "Test \x1b]0;x\x07", Lang: i18n.FR, Names: names}); err != nil {
		t.Fatal(err)
	}
	// Well-formed XML.
	dec := xml.NewDecoder(bytes.NewReader(b.Bytes()))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, b.String())
		}
	}
	if bytes.ContainsAny(b.Bytes(), "\x1b\x07") {
		t.Errorf("raw control character in the feed")
	}
	f, err := gofeed.NewParser().ParseString(b.String())
	if err != nil {
		t.Fatal(err)
	}
	if f.FeedType != "atom" || f.FeedVersion != "1.0" || f.Title != "Nouveautés — Test ]0;x" || f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(day(5)) {
		t.Errorf("feed %s %s %q %v", f.FeedType, f.FeedVersion, f.Title, f.UpdatedParsed)
	}
	if len(f.Items) != len(items) {
		t.Fatalf("%d entries, want %d", len(f.Items), len(items))
	}
	e := f.Items[1]
	if e.GUID != "urn:codal:c5:1" || !strings.HasPrefix(e.Title, "GPSO transmet « requests/budget » à Meudon") ||
		e.Author == nil || e.Author.Name != "Léa" || e.UpdatedParsed == nil || !e.UpdatedParsed.Equal(day(5)) || e.Content != "Meudon détient les données" {
		t.Errorf("entry %+v", e)
	}
	golden(t, "news.atom", b.Bytes())
}
