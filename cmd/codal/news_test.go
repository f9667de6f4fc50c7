package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/registry/registrytest"
)

// newsClones publishes the demo and clones it twice: Vanves's and
// Sèvres's copies. Both users share one state folder (the state is kept
// per registry path).
func newsClones(t *testing.T) (vanves, sevres string) {
	t.Helper()
	identify(t)
	t.Setenv("XDG_STATE_HOME", filepath.Join(t.TempDir(), "state"))
	seed := demoSource(t) // only published
	srv, err := registrytest.NewGitServer(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	url, err := srv.Publish(seed, "registre")
	if err != nil {
		t.Fatal(err)
	}
	vanves, sevres = filepath.Join(t.TempDir(), "vanves"), filepath.Join(t.TempDir(), "sevres")
	for _, dir := range []string{vanves, sevres} {
		if _, errOut, code := cli(t, "init", dir, "--from", url, "--keep-default"); code != 0 {
			t.Fatalf("clone: %s", errOut)
		}
	}
	return vanves, sevres
}

// dated hides the dates of news lines (commits made now) for golden
// comparisons.
var dated = regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\d \d\d:\d\d  `)

func undated(s string) string { return dated.ReplaceAllString(s, "DATE  ") }

func TestNewsFromEachClonesPointOfView(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("two clones through the git HTTP server: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	vanves, sevres := newsClones(t)
	as := func(actor string) { t.Setenv("CODAL_ACTOR", actor) }

	// First look: the last 30 days (the demo, committed today), one line
	// saying so; only --mark-read moves the marker.
	for _, reg := range []string{vanves, sevres} {
		out, errOut, code := cli(t, "--registry", reg, "news")
		if code != 0 || !strings.Contains(errOut, "Première lecture : voici les 30 derniers jours") || !strings.Contains(out, "nouvelle demande « Chantiers et travaux de voirie en cours et à venir »") {
			t.Fatalf("first look: exit %d, %q\n%s", code, errOut, out)
		}
		if st, _ := config.LoadState(reg); st.LastSeen != "" {
			t.Fatalf("news without --mark-read moved the marker to %s", st.LastSeen)
		}
		if _, errOut, code := cli(t, "--registry", reg, "news", "--mark-read", "--format", "json"); code != 0 {
			t.Fatalf("mark read: %s", errOut)
		}
		if st, _ := config.LoadState(reg); st.LastSeen != gitc(t, reg, "rev-parse", "HEAD") {
			t.Fatalf("--mark-read: marker %q, want HEAD", st.LastSeen)
		}
		if out, errOut, _ := cli(t, "--registry", reg, "news"); out != "" || !strings.Contains(errOut, "Rien de nouveau.") {
			t.Fatalf("after --mark-read: %q %q", out, errOut)
		}
	}

	// Vanves supports a request; Sèvres supports another and comments.
	as("vanves")
	if _, errOut, code := cli(t, "--registry", vanves, "request", "vote", "travaux-voirie", "--need", "essential"); code != 0 {
		t.Fatalf("vanves vote: %s", errOut)
	}
	as("sevres")
	if _, errOut, code := cli(t, "--registry", sevres, "request", "unvote", "bornes-recharge-irve"); code != 0 {
		t.Fatalf("sevres unvote: %s", errOut)
	}
	comment := filepath.Join(sevres, "requests/travaux-voirie/comments/20260310T120000Z-sevres.yaml")
	os.MkdirAll(filepath.Dir(comment), 0o755)
	os.WriteFile(comment, []byte("name: Léa\nemail: lea@sevres.example\ndate: 2026-03-10\nbody: \"Nous aussi \\e]0;pwned\\a!\"\n"), 0o644)
	gitc(t, sevres, "add", ".")
	gitc(t, sevres, "-c", "user.name=Léa", "-c", "user.email=lea@sevres.example", "commit", "-q", "-m", "comment")
	if _, errOut, code := cli(t, "--registry", sevres, "sync"); code != 0 {
		t.Fatalf("sevres sync: %s", errOut)
	}
	if _, errOut, code := cli(t, "--registry", vanves, "sync"); code != 0 {
		t.Fatalf("vanves sync: %s", errOut)
	}

	// Vanves's point of view: its vote, then Sèvres's two changes (newest first).
	as("vanves")
	out, errOut, code := cli(t, "--registry", vanves, "news")
	// The three commits may share a second: their order is then the walk's,
	// which differs between the clones; compare the lines as a set.
	want := "" +
		"DATE  requests/bornes-recharge-irve     Sèvres retire son soutien à « Bornes de recharge pour véhicules électriques (IRVE) sur la voirie du territoire »\n" +
		"DATE  requests/travaux-voirie           Sèvres commente « Chantiers et travaux de voirie en cours et à venir » : Nous aussi ]0;pwned!\n" +
		"DATE  requests/travaux-voirie           Vanves soutient « Chantiers et travaux de voirie en cours et à venir » (indispensable)\n"
	if code != 0 || sortedLines(undated(out)) != want || errOut != "" {
		t.Errorf("vanves news: exit %d, %q\n%s\nwant:\n%s", code, errOut, undated(out), want)
	}
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("raw control character in news: %q", out)
	}
	again, _, _ := cli(t, "--registry", vanves, "news")
	if again != out {
		t.Errorf("a second look without --mark-read differs:\n%s", again)
	}
	// --following: Vanves follows its own requests (travaux-voirie, which
	// it now supports), not bornes-recharge-irve… until it follows it.
	out, _, _ = cli(t, "--registry", vanves, "news", "--following")
	if strings.Contains(out, "bornes-recharge-irve") || strings.Count(out, "travaux-voirie") != 2 {
		t.Errorf("vanves --following:\n%s", out)
	}
	if _, errOut, code := cli(t, "--registry", vanves, "follow", "requests/bornes-recharge-irve"); code != 0 || !strings.Contains(errOut, "Vous suivez désormais requests/bornes-recharge-irve.") {
		t.Fatalf("follow: %d %q", code, errOut)
	}
	out, _, _ = cli(t, "--registry", vanves, "news", "--following")
	if strings.Count(out, "\n") != 3 {
		t.Errorf("vanves --following after follow:\n%s", out)
	}
	// JSON, and --json as its alias.
	js, _, code := cli(t, "--registry", vanves, "news", "--json")
	js2, _, _ := cli(t, "--registry", vanves, "news", "--format", "json")
	var parsed struct {
		Head  string `json:"head"`
		Items []struct {
			Kind, Entry, Actor, Need, Text, Commit string
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(js), &parsed); err != nil || code != 0 || js != js2 || len(parsed.Items) != 3 ||
		!hasItem(parsed.Items, "comment", "Nous aussi \x1b]0;pwned\a!", "") || !hasItem(parsed.Items, "support-gained", "", "essential") ||
		parsed.Head != gitc(t, vanves, "rev-parse", "HEAD") {
		t.Errorf("json: %v %+v\n%s", err, parsed, js)
	}
	// Atom, parsed back.
	atom, _, code := cli(t, "--registry", vanves, "news", "--format", "atom")
	feed, err := gofeed.NewParser().ParseString(atom)
	if err != nil || code != 0 || feed.FeedType != "atom" || len(feed.Items) != 3 || feed.Items[0].GUID != "urn:codal:"+parsed.Items[0].Commit+":0" ||
		!strings.Contains(atom, "<title type=\"text\">Vanves soutient") || strings.ContainsAny(atom, "\x1b\x07") {
		t.Errorf("atom: %v\n%s", err, atom)
	}

	// Sèvres's point of view: Vanves's vote came with its sync, and its own
	// changes.
	as("sevres")
	out, _, _ = cli(t, "--registry", sevres, "news", "--mark-read")
	if sortedLines(undated(out)) != want {
		t.Errorf("sevres news:\n%s", undated(out))
	}
	if out, errOut, _ := cli(t, "--registry", sevres, "news"); out != "" || !strings.Contains(errOut, "Rien de nouveau.") {
		t.Errorf("sevres after --mark-read: %q %q", out, errOut)
	}
	// --since a commit: what came after it.
	first := gitc(t, vanves, "rev-list", "--max-parents=0", "HEAD")
	out, _, _ = cli(t, "--registry", vanves, "news", "--since", first[:10], "--following")
	if strings.Count(out, "\n") != 3 {
		t.Errorf("--since %s:\n%s", first[:10], out)
	}
}

func sortedLines(s string) string {
	lines := strings.SplitAfter(s, "\n")
	sort.Strings(lines)
	return strings.Join(lines, "")
}

func hasItem[T interface {
	~struct{ Kind, Entry, Actor, Need, Text, Commit string }
}](items []T, kind, text, need string) bool {
	for _, x := range items {
		it := struct{ Kind, Entry, Actor, Need, Text, Commit string }(x)
		if it.Kind == kind && (text == "" || it.Text == text) && (need == "" || it.Need == need) {
			return true
		}
	}
	return false
}

func TestNewsAndFollowBadInput(t *testing.T) {
	identify(t)
	t.Setenv("XDG_STATE_HOME", filepath.Join(t.TempDir(), "state"))
	reg := demoRegistry(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"news", "--format", "rss"}, 2, "format inconnu \"rss\" : text, json, atom"},
		{[]string{"news", "--json", "--format", "atom"}, 2, "--json et --format atom se contredisent"},
		{[]string{"news", "--since", "hier"}, 2, "--since \"hier\" : une date AAAA-MM-JJ ou un commit est attendu"},
		{[]string{"news", "--since", "deadbeef"}, 2, "\"deadbeef\" ne désigne aucun commit du registre"},
		{[]string{"follow", "requests/nope"}, 1, "requests/nope n'existe pas dans le registre"},
		{[]string{"follow", "nope"}, 2, "référence \"nope\" invalide"},
		{[]string{"unfollow", "requests/budget-climat"}, 1, "vous ne suivez pas requests/budget-climat"},
	} {
		out, errOut, code := cli(t, append([]string{"--registry", reg}, c.args...)...)
		if code != c.code || out != "" || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("%v: exit %d, out %q, err %q; want exit %d and %q", c.args, code, out, errOut, c.code, c.want)
		}
	}
	if _, err := os.Stat(config.StatePath(reg)); !os.IsNotExist(err) {
		t.Errorf("bad input wrote the state: %v", err)
	}
	os.MkdirAll(filepath.Dir(config.StatePath(reg)), 0o755)
	os.WriteFile(config.StatePath(reg), []byte("\x00garbage"), 0o644)
	_, errOut, code := cli(t, "--registry", reg, "news")
	if code == 0 || !strings.Contains(errOut, "état de codal illisible") {
		t.Errorf("corrupt state: exit %d, %q", code, errOut)
	}
}
