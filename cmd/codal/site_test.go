package main

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// siteFiles reads every file of a written site.
func siteFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// siteClock sets codal's clock for the rest of the test.
func siteClock(t *testing.T, now time.Time) {
	clock = func() time.Time { return now }
	t.Cleanup(func() { clock = time.Now })
}

// codal site on the demo registry: the pages, data/*.json equal to codal
// list KIND --json, board.csv equal to codal request rank --format csv on
// HEAD's day, an Atom feed; the clock changes nothing (every date comes
// from HEAD's commit), and a second run replaces the first. Then, on the
// same registry, --base-url and --lang en, and the refusals.
func TestSiteOnTheDemo(t *testing.T) {
	identify(t)
	reg := demoRegistry(t)
	head, err := time.Parse(time.RFC3339, gitc(t, reg, "log", "-1", "--format=%aI"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	siteClock(t, head.AddDate(0, 3, 0))
	if _, errOut, code := cli(t, "--registry", reg, "site", out); code != 0 || !strings.Contains(errOut, "Site écrit dans") {
		t.Fatalf("site: exit %d: %s", code, errOut)
	}
	first := siteFiles(t, out)
	for _, want := range []string{"index.html", "requests/budget-climat.html", "actors.html", "snippets.html", "schemas.html",
		"trainings.html", "tips.html", "style.css", "board.csv", "feed.atom", ".codal-site"} {
		if first[want] == nil {
			t.Errorf("%s not written (files: %d)", want, len(first))
		}
	}
	if !bytes.Contains(first["index.html"], []byte(`<html lang="fr">`)) {
		t.Error("the board is not in French")
	}

	siteClock(t, head.AddDate(2, 0, 0))
	if _, errOut, code := cli(t, "--registry", reg, "site", out); code != 0 {
		t.Fatalf("second site: exit %d: %s", code, errOut)
	}
	second := siteFiles(t, out)
	if len(second) != len(first) {
		t.Errorf("%d files, then %d", len(first), len(second))
	}
	for name, data := range first {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s changed with the clock", name)
		}
	}

	for _, kind := range []string{"actors", "snippets", "schemas", "requests", "trainings", "tips"} {
		want, errOut, code := cli(t, "--registry", reg, "list", kind, "--json")
		if code != 0 {
			t.Fatalf("list %s: %s", kind, errOut)
		}
		if got := string(first["data/"+kind+".json"]); got != want {
			t.Errorf("data/%s.json differs from codal list %s --json:\n%s\nwant:\n%s", kind, kind, got, want)
		}
	}
	siteClock(t, head)
	want, _, _ := cli(t, "--registry", reg, "request", "rank", "--format", "csv")
	if got := string(first["board.csv"]); got != want {
		t.Errorf("board.csv differs from codal request rank --format csv on HEAD's day:\n%s\nwant:\n%s", got, want)
	}
	if rows, err := csv.NewReader(bytes.NewReader(first["board.csv"])).ReadAll(); err != nil || len(rows) < 2 {
		t.Errorf("board.csv: %v (%d rows)", err, len(rows))
	}
	feed, err := gofeed.NewParser().ParseString(string(first["feed.atom"]))
	if err != nil || feed.FeedType != "atom" || len(feed.Items) == 0 {
		t.Errorf("feed.atom: %v", err)
	} else if !feed.UpdatedParsed.Equal(head) {
		t.Errorf("feed updated %v, want HEAD's date %v", feed.UpdatedParsed, head)
	}
	siteBaseURLAndEnglish(t, reg)
	siteRefusals(t, reg)
}

// siteBaseURLAndEnglish: --base-url gives the canonical links; --lang en
// writes English pages.
func siteBaseURLAndEnglish(t *testing.T, reg string) {
	out := filepath.Join(t.TempDir(), "public")
	if _, errOut, code := cli(t, "--registry", reg, "--lang", "en", "site", out, "--base-url", "https://gpso.github.io/registre-codal/"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	page, _ := os.ReadFile(filepath.Join(out, "requests", "budget-climat.html"))
	for _, want := range []string{`<html lang="en">`, `<link rel="canonical" href="https://gpso.github.io/registre-codal/requests/budget-climat.html">`,
		`href="../index.html" aria-current="true"`, "Skip to content"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("missing %s", want)
		}
	}
}

// siteRefusals: a non-empty folder that is not a codal site, a bad
// --base-url, a plain folder without Git: one sentence, a non-zero exit,
// nothing written.
func siteRefusals(t *testing.T, reg string) {
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("keep"), 0o644)
	_, errOut, code := cli(t, "--registry", reg, "site", other)
	if code == 0 || !strings.Contains(errOut, "n'est pas un site codal") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("non-empty folder: exit %d: %q", code, errOut)
	}
	if entries, _ := os.ReadDir(other); len(entries) != 1 {
		t.Errorf("the refused folder holds %d entries", len(entries))
	}
	_, errOut, code = cli(t, "--registry", reg, "site", filepath.Join(t.TempDir(), "x"), "--base-url", "javascript:alert(1)")
	if code != 2 || !strings.Contains(errOut, "--base-url") {
		t.Errorf("bad --base-url: exit %d: %q", code, errOut)
	}
	_, errOut, code = cli(t, "--registry", mini, "site", filepath.Join(t.TempDir(), "x"))
	if code == 0 || errOut == "" {
		t.Errorf("a registry without Git: exit %d: %q", code, errOut)
	}
}
