package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/registry/index"
	"github.com/gpso/codal/registry/registrytest"
)

// identify isolates codal and git from the machine's configuration and gives
// the user an identity.
func identify(t *testing.T) {
	t.Helper()
	isolate(t)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(t.TempDir(), "gitconfig"))
	t.Setenv("CODAL_NAME", "Service données – Ville de Vanves")
	t.Setenv("CODAL_EMAIL", "donnees@vanves.example")
	t.Setenv("CODAL_ACTOR", "vanves")
}

func gitc(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func TestRequestCommandsWriteFilesAndCommits(t *testing.T) {
	identify(t)
	reg := demoRegistry(t)
	commits := func() string { return gitc(t, reg, "rev-list", "--count", "HEAD") }

	out, errOut, code := cli(t, "--registry", reg, "request", "new", "--title", "Stationnement vélo sécurisé", "--to", "gpso",
		"--theme", "mobilité", "--usage", "Planifier les arceaux", "--wanted-by", "2099-01-31")
	if code != 0 || out != "stationnement-velo-securise\n" || !strings.Contains(errOut, "Enregistré") {
		t.Fatalf("new: exit %d, out %q, err %q", code, out, errOut)
	}
	data, err := os.ReadFile(filepath.Join(reg, "requests/stationnement-velo-securise/request.yaml"))
	if err != nil || !strings.Contains(string(data), "requested_by: vanves\naddressed_to: gpso\nthemes:\n  - mobilité\n") {
		t.Fatalf("request.yaml:\n%s", data)
	}
	// The same title again gets a new id.
	out, _, _ = cli(t, "--registry", reg, "request", "new", "--title", "Stationnement vélo sécurisé", "--by", "meudon", "--to", "gpso")
	if out != "stationnement-velo-securise-2\n" {
		t.Fatalf("second new: %q", out)
	}

	out, errOut, code = cli(t, "--registry", reg, "request", "vote", "stationnement-velo-securise", "--as", "meudon", "--need", "essential", "--comment", "Gare de Meudon")
	if code != 0 || !strings.Contains(out, "Vote de Meudon pour stationnement-velo-securise : indispensable.") {
		t.Fatalf("vote: exit %d, %q %q", code, out, errOut)
	}
	// Voting again replaces the vote; it never duplicates it.
	out, _, code = cli(t, "--registry", reg, "request", "vote", "stationnement-velo-securise", "--as", "meudon", "--need", "useful", "--json")
	var w map[string]any
	if err := json.Unmarshal([]byte(out), &w); err != nil || code != 0 {
		t.Fatalf("vote --json (exit %d): %v\n%s", code, err, out)
	}
	if w["action"] != "vote" || w["shared"] != false || w["path"] != "requests/stationnement-velo-securise/votes/meudon.yaml" || w["written"].(map[string]any)["need"] != "useful" {
		t.Fatalf("vote json: %v", w)
	}
	out, _, _ = cli(t, "--registry", reg, "show", "requests/stationnement-velo-securise", "--json")
	var detail struct {
		Supporters []string `json:"supporters"`
		Votes      []struct {
			Actor string `json:"actor"`
			Need  string `json:"need"`
			Date  string `json:"date"`
		} `json:"votes"`
	}
	json.Unmarshal([]byte(out), &detail)
	if len(detail.Votes) != 1 || detail.Votes[0].Need != "useful" || strings.Join(detail.Supporters, ",") != "vanves,meudon" || len(detail.Votes[0].Date) != 10 {
		t.Fatalf("after re-vote: %+v", detail)
	}

	out, _, code = cli(t, "--registry", reg, "--lang", "en", "request", "status", "stationnement-velo-securise", "planned", "--as", "gpso", "--planned-for", "2099-06-01", "--note", "Au budget 2099")
	if code != 0 || out != "Status of stationnement-velo-securise: planned (by Grand Paris Seine Ouest).\n" {
		t.Fatalf("status: exit %d, %q", code, out)
	}
	events, _ := filepath.Glob(filepath.Join(reg, "requests/stationnement-velo-securise/events/*-gpso.yaml"))
	if len(events) != 1 {
		t.Fatalf("events: %v", events)
	}

	out, _, code = cli(t, "--registry", reg, "request", "unvote", "stationnement-velo-securise", "--as", "meudon")
	if code != 0 || !strings.Contains(out, "retiré") {
		t.Fatalf("unvote: exit %d, %q", code, out)
	}
	if _, err := os.Stat(filepath.Join(reg, "requests/stationnement-velo-securise/votes")); !os.IsNotExist(err) {
		t.Fatal("vote folder left after the only vote was withdrawn")
	}
	if n := commits(); n != "7" {
		t.Fatalf("%s commits, want 7 (init + 6 writes)", n)
	}
	if st := gitc(t, reg, "status", "--porcelain"); st != "" {
		t.Fatalf("git status:\n%s", st)
	}
	if _, errOut, code := cli(t, "lint", reg); code != 0 {
		t.Fatalf("lint after writes: %s", errOut)
	}
}

func TestRequestRankFormats(t *testing.T) {
	identify(t)
	reg := demoRegistry(t)
	out, _, code := cli(t, "--registry", reg, "request", "rank")
	lines := strings.Split(out, "\n")
	if code != 0 || !strings.HasPrefix(lines[0], "RANG") || !strings.Contains(lines[1], "budget-climat") || !strings.Contains(lines[1], "/8 communes") {
		t.Fatalf("table:\n%s", out)
	}
	out, _, _ = cli(t, "--registry", reg, "request", "rank", "--format", "md")
	if !strings.HasPrefix(out, "| RANG | ID | TITRE |") {
		t.Fatalf("md:\n%s", out)
	}
	out, _, _ = cli(t, "--registry", reg, "request", "rank", "--format", "csv")
	if !strings.HasPrefix(out, "rank,id,title,communes,communes_total,organisations,population,age_days,status,overdue_days\n1,budget-climat,") {
		t.Fatalf("csv:\n%s", out)
	}
	out, _, _ = cli(t, "--registry", reg, "request", "rank", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || rows[0]["id"] != "budget-climat" || rows[0]["rank"] != 1.0 {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if _, errOut, code := cli(t, "--registry", reg, "request", "rank", "--format", "xml"); code != 2 || !strings.Contains(errOut, "format inconnu") {
		t.Fatalf("bad format: exit %d %q", code, errOut)
	}
}

// Bad input: one sentence, a non-zero exit, nothing written.
func TestRequestBadInputWritesNothing(t *testing.T) {
	identify(t)
	reg := demoRegistry(t)
	head := gitc(t, reg, "rev-parse", "HEAD")
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"unknown request", nil, []string{"request", "vote", "nulle-part"}, `la demande "nulle-part" n'existe pas`},
		{"unknown actor", nil, []string{"request", "vote", "budget-climat", "--as", "paris"}, `l'organisation "paris" n'existe pas`},
		{"closed request", nil, []string{"request", "vote", "frequentation-mediatheques"}, "est close (publiée)"},
		{"addressee votes", nil, []string{"request", "vote", "budget-climat", "--as", "gpso"}, "ne peut pas soutenir une demande qui lui est adressée"},
		{"no permission", nil, []string{"request", "status", "budget-climat", "planned"}, "vanves ne peut pas changer le statut"},
		{"empty title", nil, []string{"request", "new", "--title", " ", "--to", "gpso"}, "le titre de la demande est vide"},
		{"unknown status", nil, []string{"request", "status", "budget-climat", "fini", "--as", "gpso"}, `statut inconnu "fini"`},
		{"published without dataset", nil, []string{"request", "status", "budget-climat", "published", "--as", "gpso"}, "doit donner l'URL du jeu de données"},
		{"declined without reason", nil, []string{"request", "status", "budget-climat", "declined", "--as", "gpso"}, "doit donner sa raison"},
		{"unknown original", nil, []string{"request", "status", "budget-climat", "duplicate", "--as", "gpso", "--duplicate-of", "nulle-part"}, "la demande d'origine"},
		{"bad need", nil, []string{"request", "vote", "budget-climat", "--need", "vital"}, "niveau de besoin inconnu"},
		{"bad date", nil, []string{"request", "new", "--title", "T", "--to", "gpso", "--wanted-by", "demain"}, "date invalide"},
		{"unvote without vote", nil, []string{"request", "unvote", "budget-climat", "--as", "ville-d-avray"}, "aucun vote à retirer"},
		{"no actor", map[string]string{"CODAL_ACTOR": ""}, []string{"request", "vote", "budget-climat"}, "dites pour quelle organisation vous agissez"},
		{"no identity", map[string]string{"CODAL_NAME": "", "CODAL_EMAIL": ""}, []string{"request", "vote", "budget-climat"}, "identité inconnue"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			out, errOut, code := cli(t, append([]string{"--registry", reg}, c.args...)...)
			if code == 0 || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.HasPrefix(errOut, "codal : ") {
				t.Fatalf("exit %d, stdout %q, stderr %q; want a one-line error with %q", code, out, errOut, c.want)
			}
			if h := gitc(t, reg, "rev-parse", "HEAD"); h != head {
				t.Fatal("a commit was made")
			}
			if st := gitc(t, reg, "status", "--porcelain", "--untracked-files=all"); st != "" {
				t.Fatalf("files written:\n%s", st)
			}
		})
	}
}

func TestVoteOverHTTPSharedThenSavedLocallyThenSynced(t *testing.T) {
	identify(t)
	seed := demoSource(t) // only published
	srv, err := registrytest.NewGitServer(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	url, err := srv.Publish(seed, "registre")
	if err != nil {
		t.Fatal(err)
	}
	reg := filepath.Join(t.TempDir(), "clone")
	if _, errOut, code := cli(t, "init", reg, "--from", url, "--keep-default"); code != 0 {
		t.Fatalf("clone: %s", errOut)
	}
	remoteHas := func(p string) bool {
		_, err := exec.Command("git", "-C", srv.Bare("registre"), "cat-file", "-e", "main:"+p).CombinedOutput()
		return err == nil
	}

	_, errOut, code := cli(t, "--registry", reg, "request", "vote", "travaux-voirie", "--need", "essential")
	if code != 0 || !strings.Contains(errOut, "Partagé avec le registre distant.") || !remoteHas("requests/travaux-voirie/votes/vanves.yaml") {
		t.Fatalf("shared vote: exit %d, %q", code, errOut)
	}

	srv.Stop()
	out, errOut, code := cli(t, "--registry", reg, "--lang", "en", "request", "vote", "qualite-air", "--json")
	var w map[string]any
	json.Unmarshal([]byte(out), &w)
	if code != 0 || w["shared"] != false || !strings.Contains(w["reason"].(string), "cannot reach") || w["pending"] != 1.0 {
		t.Fatalf("offline vote: exit %d, %v, %q", code, w, errOut)
	}
	_, errOut, code = cli(t, "--registry", reg, "request", "status", "qualite-air", "withdrawn", "--as", "vanves", "--reason", "Retirée", "--offline")
	if code == 0 {
		t.Fatalf("vanves may not withdraw a request it did not file: %q", errOut)
	}
	_, errOut, code = cli(t, "--registry", reg, "request", "vote", "occupation-parkings", "--offline")
	if code != 0 || !strings.Contains(errOut, "Enregistré localement, pas encore partagé : hors ligne (--offline). 2 modification(s) en attente") {
		t.Fatalf("--offline vote: exit %d, %q", code, errOut)
	}
	out, errOut, code = cli(t, "--registry", reg, "sync")
	if code != 1 || !strings.Contains(errOut, "registre partagé injoignable : impossible de joindre") {
		t.Fatalf("sync while down: exit %d, %q %q", code, out, errOut)
	}
	out, _, code = cli(t, "--registry", reg, "sync", "--offline")
	if code != 0 || !strings.Contains(out, "2 modification(s) pas encore partagée(s).") {
		t.Fatalf("sync --offline: exit %d, %q\n%s", code, out, gitc(t, reg, "log", "--all", "--graph", "--format=%h %d %ct %s"))
	}

	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = cli(t, "--registry", reg, "sync")
	if code != 0 || !strings.Contains(out, "2 modification(s) partagée(s).") || !strings.Contains(out, "À jour.") {
		t.Fatalf("sync: exit %d, %q %q", code, out, errOut)
	}
	if !remoteHas("requests/qualite-air/votes/vanves.yaml") || !remoteHas("requests/occupation-parkings/votes/vanves.yaml") {
		t.Fatal("offline votes not on the remote after sync")
	}
}

// The board on a registry crafted so that each rule of the ranking decides
// one pair: open before closed, more communes, more organisations, more
// population, older, then the id; a duplicate's supporters count for its
// original.
func TestRankOnACraftedRegistry(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	put := func(p, data string) {
		t.Helper()
		full := filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put("registry.yaml", "format: 1\nname: Classement\ntriagers: [gpso]\n")
	put("actors/gpso.yaml", "name: GPSO\nkind: ept\n")
	put("actors/agence.yaml", "name: Agence\nkind: agence\n")
	for i, pop := range []int{30000, 20000, 10000, 5000} {
		put(fmt.Sprintf("actors/c%d.yaml", i+1), fmt.Sprintf("name: Commune %d\nkind: commune\npopulation: %d\n", i+1, pop))
	}
	request := func(id, by, created string, voters ...string) {
		put("requests/"+id+"/request.yaml", fmt.Sprintf("title: %s\nrequested_by: %s\naddressed_to: gpso\ncreated: %s\n", id, by, created))
		for _, v := range voters {
			put("requests/"+id+"/votes/"+v+".yaml", "name: Service\nemail: s@example.org\ndate: "+created+"\nneed: useful\n")
		}
	}
	event := func(id, body string) {
		put("requests/"+id+"/events/20260401T080000Z-gpso.yaml", "name: CODAL\nemail: codal@gpso.example\ndate: 2026-04-01\n"+body)
	}
	request("alpha", "c1", "2026-01-05", "c2", "c3")      // 3 communes
	request("bravo", "c1", "2026-01-05", "c2", "agence")  // 2 communes, 3 organisations
	request("charlie", "c1", "2026-01-05", "c2")          // 2 communes, 2 organisations, 50 000
	request("delta", "c3", "2026-01-01", "c4")            // 15 000, older
	request("echo", "c3", "2026-02-01", "c4")             // 15 000, newer
	request("foxtrot-b", "c3", "2026-03-01", "c4")        // same as foxtrot-a: the id decides
	request("foxtrot-a", "c3", "2026-03-01", "c4")        //
	request("golf", "c4", "2026-03-15")                   // 1 commune, plus its duplicate's 3
	request("golf-dup", "c1", "2026-03-16", "c2", "c3")   // closed: duplicate of golf
	request("zulu", "c1", "2025-12-01", "c2", "c3", "c4") // 4 communes but closed
	event("golf-dup", "status: duplicate\nduplicate_of: golf\n")
	event("zulu", "status: published\ndataset: https://data.example.org/zulu\n")

	out, errOut, code := cli(t, "--registry", dir, "request", "rank", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		ids = append(ids, strings.Split(l, ",")[1])
	}
	want := "golf alpha bravo charlie delta echo foxtrot-a foxtrot-b zulu golf-dup"
	if got := strings.Join(ids, " "); got != want {
		t.Fatalf("order:\n%s\nwant:\n%s\n%s", got, want, out)
	}
	if !strings.Contains(out, "1,golf,golf,4,4,4,65000,") {
		t.Fatalf("golf's row (its duplicate's supporters count):\n%s", out)
	}
}

// A new request reads the index's view, not the whole catalogue: the ids
// it tries for its title are checked for hand edits all the same, so a
// folder made by hand (not committed, unknown to the index) keeps its id,
// and so does one further down the numbered variants, which only a second
// look finds.
func TestNewRequestIDSkipsHandMadeFolders(t *testing.T) {
	identify(t)
	reg := demoRegistry(t)
	if _, errOut, code := cli(t, "--registry", reg, "list", "requests"); code != 0 { // the index, warm
		t.Fatalf("list: %s", errOut)
	}
	byHand := func(id string) {
		t.Helper()
		dir := filepath.Join(reg, "requests", id)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "notes.md"), []byte("brouillon\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	newID := func() string {
		t.Helper()
		out, errOut, code := cli(t, "--registry", reg, "request", "new", "--title", "Arbres remarquables", "--to", "gpso")
		if code != 0 {
			t.Fatalf("new: exit %d: %s", code, errOut)
		}
		return strings.TrimSpace(out)
	}
	byHand("arbres-remarquables")
	if id := newID(); id != "arbres-remarquables-2" {
		t.Fatalf("new beside a hand-made folder: id %q, want arbres-remarquables-2", id)
	}
	byHand("arbres-remarquables-3")
	if id := newID(); id != "arbres-remarquables-4" {
		t.Fatalf("new beside hand-made folders -1 and -3: id %q, want arbres-remarquables-4", id)
	}
}

// A new request costs what it touches: the hand edit of another request,
// which a new request does not read, is left to the next command that
// reads it (the index's stat row of that file is not refreshed), where the
// whole catalogue's check used to read it again.
func TestNewRequestChecksOnlyItsRoots(t *testing.T) {
	identify(t)
	reg := demoRegistry(t)
	// the index's scan in a later second than the files were written in:
	// none of its rows racy (a racy row counts as changed, and
	// registry.yaml's would make the next command read everything again)
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 10*time.Millisecond)))
	if _, errOut, code := cli(t, "--registry", reg, "list", "requests"); code != 0 { // the index, warm
		t.Fatalf("list: %s", errOut)
	}
	const other = "requests/budget-climat/request.yaml"
	f, err := os.OpenFile(filepath.Join(reg, other), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("# relu à la main\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	edited, err := os.Stat(filepath.Join(reg, other))
	if err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := cli(t, "--registry", reg, "request", "new", "--title", "Bancs publics", "--to", "gpso"); code != 0 {
		t.Fatalf("new: %s", errOut)
	}
	idx, err := index.Read(index.Location(reg))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range idx.Stats {
		if st.Path == other && st.Size == edited.Size() {
			t.Fatalf("request new checked %s, which it does not read (its stat row was refreshed)", other)
		}
	}
}
