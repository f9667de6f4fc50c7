package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
)

// newsRegistry copies the test registry into a Git repository with one
// commit, then commits each of steps (files to write) at fixed dates, by
// the authors given; it returns the opened registry.
func newsRegistry(t *testing.T, steps []gitStep) *registry.Registry {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", filepath.Join(t.TempDir(), "state"))
	dir := filepath.Join(t.TempDir(), "registre")
	if err := os.CopyFS(dir, os.DirFS("testdata/registry")); err != nil {
		t.Fatal(err)
	}
	git := func(env []string, args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), append([]string{"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=" + os.DevNull,
			"GIT_COMMITTER_NAME=codal", "GIT_COMMITTER_EMAIL=codal@example.org"}, env...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	first := []string{"GIT_AUTHOR_NAME=codal", "GIT_AUTHOR_EMAIL=codal@example.org", "GIT_AUTHOR_DATE=2026-01-10T10:00:00Z", "GIT_COMMITTER_DATE=2026-01-10T10:00:00Z"}
	git(first, "init", "-q", "-b", "main")
	git(first, "add", "-A")
	git(first, "commit", "-q", "-m", "init")
	for _, s := range steps {
		for p, data := range s.files {
			full := filepath.Join(dir, filepath.FromSlash(p))
			os.MkdirAll(filepath.Dir(full), 0o755)
			if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		env := []string{"GIT_AUTHOR_NAME=" + s.author, "GIT_AUTHOR_EMAIL=a@example.org", "GIT_AUTHOR_DATE=" + s.date, "GIT_COMMITTER_DATE=" + s.date}
		git(env, "add", "-A")
		git(env, "commit", "-q", "-m", "step")
	}
	r, err := registry.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

type gitStep struct {
	author, date string
	files        map[string]string
}

func newsSteps() []gitStep {
	return []gitStep{
		{"Ana", "2026-02-20T09:00:00Z", map[string]string{"requests/budget-climat/votes/vanves.yaml": "name: Ana\nemail: a@example.org\ndate: 2026-02-20\nneed: useful\n"}},
		{"Evil\x1b[2J", "2026-02-21T09:00:00Z", map[string]string{"requests/budget-climat/comments/20260221T090000Z-sevres.yaml": "name: Léa\nemail: l@example.org\ndate: 2026-02-21\nbody: \"Oui \\e]0;pwned\\a\\e[31mrouge\"\n"}},
	}
}

func TestNewsViewShowsUnreadAndMarksRead(t *testing.T) {
	r := newsRegistry(t, newsSteps())
	hs := newHarnessOpts(t, 120, 40, Options{Lang: i18n.FR, Store: r})
	hs.mustShow("● 2 nouveautés (N)")
	if st, _ := config.LoadState(r.Dir()); st.LastSeen != "" {
		t.Fatalf("the count moved the marker: %+v", st)
	}
	hs.keys("4", "N")
	hs.mustShow("Nouveautés depuis votre dernière lecture (2)", "Première lecture : voici les 30 derniers jours.",
		"Sèvres commente « Budget climat", "Vanves soutient « Budget climat")
	hs.mustNotShow("● 2 nouveautés")
	screen := hs.m.View().Content
	for _, bad := range []string{"\x1b]0", "\x07", "\x1b[2J", "\x1b[31m"} {
		if strings.Contains(screen, bad) {
			t.Errorf("the news view lets %q through", bad)
		}
	}
	golden.RequireEqual(t, hs.screenIn(colorprofile.ASCII))
	head, _ := r.Head()
	if st, _ := config.LoadState(r.Dir()); st.LastSeen != string(head) {
		t.Fatalf("opening the view: marker %q, want HEAD %s", st.LastSeen, head)
	}
	hs.keys("esc")
	hs.mustNotShow("nouveautés (N)", "Nouveautés depuis")
	// A reload after the marker moved: nothing new.
	hs.keys("ctrl+r", "N")
	hs.mustShow("Nouveautés depuis votre dernière lecture (0)", "Rien de nouveau.")
}

func TestNewsKeyWithoutHistory(t *testing.T) {
	hs := newHarness(t, i18n.EN, 120, 40)
	hs.keys("N")
	hs.mustShow("This registry has no Git history: no news to show.")
	hs.keys("N")
	hs.mustNotShow("no news to show")
}

// TestNewsViewCountsWhatItDoesNotHold: after a bulk import (510 actors in
// one commit) the status bar counts every item, the view shows the newest
// page and counts the rest; the app holds a page, not the import.
func TestNewsViewCountsWhatItDoesNotHold(t *testing.T) {
	bulk := map[string]string{}
	for i := range 510 {
		bulk[fmt.Sprintf("actors/asso-%03d.yaml", i)] = fmt.Sprintf("name: Association %03d\nkind: association\n", i)
	}
	r := newsRegistry(t, append(newsSteps(), gitStep{"Import", "2026-02-22T09:00:00Z", bulk}))
	hs := newHarnessOpts(t, 120, 40, Options{Lang: i18n.FR, Store: r})
	hs.mustShow("● 512 nouveautés (N)")
	if n := len(hs.m.news.items); n != newsPageMax {
		t.Fatalf("the app holds %d items, want a page of %d", n, newsPageMax)
	}
	hs.keys("4", "N")
	hs.mustShow("Nouveautés depuis votre dernière lecture (512)")
	page := hs.m.newsPage(120)
	if !strings.Contains(page, "… et 12 de plus (codal news)") {
		t.Errorf("the view does not count the items it leaves out:\n%s", page[len(page)-300:])
	}
}
