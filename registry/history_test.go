package registry

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/registry/store"
)

// writeCommit writes files (nil content removes) in dir and commits them
// with git at date.
func writeCommit(t *testing.T, dir, date, msg string, files map[string]string) string {
	t.Helper()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if data == "\x00rm" {
			gitOut(t, dir, "rm", "-q", p)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		gitOut(t, dir, "add", p)
	}
	t.Setenv("GIT_AUTHOR_DATE", date)
	t.Setenv("GIT_COMMITTER_DATE", date)
	gitOut(t, dir, "commit", "-q", "-m", msg)
	return gitOut(t, dir, "rev-parse", "HEAD")
}

func history(t *testing.T, r *Registry, since store.Since) []store.Commit {
	t.Helper()
	var out []store.Commit
	if err := r.History(since, func(c store.Commit) error { out = append(out, c); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestHistoryWalksCommitsSinceAndReadsWantedFiles(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	dir := r.Dir()
	seen := gitOut(t, dir, "rev-parse", "HEAD")
	vote := writeCommit(t, dir, "2026-03-01T10:00:00Z", "vote", map[string]string{"requests/budget/votes/vanves.yaml": "name: Ana\nneed: x\n"})
	gitOut(t, dir, "checkout", "-q", "-b", "side", seen)
	side := writeCommit(t, dir, "2026-03-02T10:00:00Z", "actor", map[string]string{"actors/meudon.yaml": "name: Meudon\nkind: commune\n", "README.md": "hi\n"})
	gitOut(t, dir, "checkout", "-q", "main")
	t.Setenv("GIT_COMMITTER_DATE", "2026-03-03T10:00:00Z")
	gitOut(t, dir, "merge", "-q", "--no-edit", "side")
	rm := writeCommit(t, dir, "2026-03-04T10:00:00Z", "withdraw", map[string]string{"requests/budget/votes/vanves.yaml": "\x00rm"})

	want := func(p string) bool { return strings.HasSuffix(p, ".yaml") }
	got := history(t, r, store.Since{Commit: store.Hash(seen), Want: want})
	if len(got) != 3 {
		t.Fatalf("got %d commits, want 3 (no merge): %+v", len(got), got)
	}
	if string(got[0].Hash) != rm || got[0].Message != "withdraw\n" || got[0].Author != "Test" || !got[0].Date.Equal(time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("first commit %+v, want the withdrawal %s", got[0], rm)
	}
	c := got[0].Changes
	if len(c) != 1 || !c[0].Removed() || string(c[0].Old) != "name: Ana\nneed: x\n" || c[0].New != nil {
		t.Errorf("withdrawal changes %+v", c)
	}
	if string(got[1].Hash) != side || string(got[2].Hash) != vote {
		t.Errorf("order %s %s, want side %s then vote %s", got[1].Hash, got[2].Hash, side, vote)
	}
	sc := got[1].Changes
	if len(sc) != 2 || sc[0].Path != "README.md" || sc[0].New != nil || !sc[0].Added() || sc[1].Path != "actors/meudon.yaml" || string(sc[1].New) != "name: Meudon\nkind: commune\n" {
		t.Errorf("side changes %+v: README.md unread (not wanted), the actor read", sc)
	}
	// The same set as git's own walk.
	log := gitOut(t, dir, "log", "--no-merges", "--format=%H", seen+"..HEAD")
	var hashes []string
	for _, c := range got {
		hashes = append(hashes, string(c.Hash))
	}
	if strings.Join(hashes, "\n") != log {
		t.Errorf("walk %v, git log %v", hashes, log)
	}
	if n := len(history(t, r, store.Since{Commit: store.Hash(rm)})); n != 0 {
		t.Errorf("since HEAD: %d commits, want none", n)
	}
	byDate := history(t, r, store.Since{After: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)})
	// The first commit, made by newTestRegistry today, is after the date too.
	if len(byDate) != 3 || string(byDate[0].Hash) != rm || string(byDate[1].Hash) != side || byDate[2].Message != "init" {
		t.Errorf("since a date: %+v, want the withdrawal, the side commit and the first one", byDate)
	}
	err := r.History(store.Since{Commit: "0123456789012345678901234567890123456789"}, func(store.Commit) error { return nil })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown commit: %v, want ErrNotFound", err)
	}
}

func TestHistoryLeavesLargeFilesUnread(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	big := strings.Repeat("x", 4<<20+1)
	writeCommit(t, r.Dir(), "2026-03-01T10:00:00Z", "big", map[string]string{"schemas/s/schema.json": big})
	got := history(t, r, store.Since{After: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)})
	if len(got) != 2 || len(got[0].Changes) != 1 || !got[0].Changes[0].TooLarge || got[0].Changes[0].New != nil {
		t.Fatalf("got %+v, want the big commit first (then the first one, made today), with one change marked too large and unread", got)
	}
}

// Enough commits for several goroutines (under -race in CI), each compared
// with git's own list of the paths it changed.
func TestHistoryMatchesGitLogOverManyCommits(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	dir := r.Dir()
	base := gitOut(t, dir, "rev-parse", "HEAD")
	var stream strings.Builder
	for i := 0; i < 64; i++ {
		when := time.Date(2026, 3, 1, 0, i, 0, 0, time.UTC).Unix()
		msg := fmt.Sprintf("c%d", i)
		fmt.Fprintf(&stream, "commit refs/heads/main\nauthor A <a@example.org> %d +0000\ncommitter A <a@example.org> %d +0000\ndata %d\n%s\n", when, when, len(msg), msg)
		if i == 0 {
			fmt.Fprintf(&stream, "from %s\n", base)
		}
		body := fmt.Sprintf("name: A\nneed: useful\nn: %d\n", i)
		fmt.Fprintf(&stream, "M 100644 inline requests/budget/votes/v%d.yaml\ndata %d\n%s\n", i%5, len(body), body)
		if i%7 == 0 {
			fmt.Fprintf(&stream, "D requests/budget/votes/v%d.yaml\n", (i+1)%5)
			fmt.Fprintf(&stream, "M 100644 inline actors/a%d.yaml\ndata 8\nname: A\n\n", i)
		}
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stream.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fast-import: %v\n%s", err, out)
	}
	var got []string
	for _, c := range history(t, r, store.Since{Commit: store.Hash(base)}) {
		got = append(got, string(c.Hash))
		for _, ch := range c.Changes {
			st := "M"
			if ch.Added() {
				st = "A"
			} else if ch.Removed() {
				st = "D"
			}
			got = append(got, st+"\t"+ch.Path)
		}
	}
	want := gitOut(t, dir, "log", "--no-renames", "--name-status", "--format=%H", base+"..HEAD")
	want = strings.ReplaceAll(want, "\n\n", "\n")
	if strings.Join(got, "\n") != want {
		t.Errorf("walk:\n%s\ngit log:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestHistorySkimsBulkCommits: a commit changing more wanted files than
// Since.MaxReads comes with its paths only (Skimmed, no contents); one
// within the bound, and the same commit without a bound, are read.
func TestHistorySkimsBulkCommits(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	files := map[string]string{}
	for i := range 12 {
		files[fmt.Sprintf("requests/budget/votes/v%02d.yaml", i)] = "name: Ana\nneed: useful\n"
	}
	writeCommit(t, r.Dir(), "2026-03-01T10:00:00Z", "import", files)
	walk := func(max int) store.Commit {
		var got []store.Commit
		err := r.History(store.Since{Want: func(string) bool { return true }, MaxReads: max}, func(c store.Commit) error {
			got = append(got, c)
			return nil
		})
		if err != nil || len(got) == 0 {
			t.Fatalf("history: %v (%d commits)", err, len(got))
		}
		return got[0] // the newest: the import
	}
	for _, tc := range []struct {
		max     int
		skimmed bool
	}{{5, true}, {12, false}, {0, false}} {
		c := walk(tc.max)
		read := 0
		for _, ch := range c.Changes {
			if ch.New != nil {
				read++
			}
		}
		if c.Skimmed != tc.skimmed || len(c.Changes) != 12 || (tc.skimmed && read != 0) || (!tc.skimmed && read != 12) {
			t.Errorf("MaxReads %d: skimmed %v, %d changes, %d read", tc.max, c.Skimmed, len(c.Changes), read)
		}
	}
}
