package index_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/requests"
)

// The embedded demo as a Git repository (registry.InitDemo), written once
// per process and copied for each test (demo): the same files and objects
// for about a third fewer new inodes, which cost the most here (CopyRepo).
var (
	demoOnce sync.Once
	demoDir  string // the folder holding the demo (reg); TestMain removes it
	demoErr  error
	demoWas  string // its registrytest.RepoState
)

// TestMain removes the demo the tests copy, and fails when a test changed
// it.
func TestMain(m *testing.M) {
	code := m.Run()
	if demoWas != "" {
		if now, err := registrytest.RepoState(filepath.Join(demoDir, "reg")); now != demoWas {
			fmt.Fprintf(os.Stderr, "a test changed the shared demo (%v):\n%s\nwas:\n%s\n", err, now, demoWas)
			code = 1
		}
	}
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	os.Exit(code)
}

// demo writes the embedded demo as a Git repository whose files all date
// from an hour ago (so no stat row is racy), with its index in a temporary
// file: a copy of the one registry.InitDemo wrote for the first test.
func demo(t *testing.T) *registry.Registry {
	t.Helper()
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(t.TempDir(), "gitconfig"))
	t.Setenv("GIT_AUTHOR_NAME", "Test")
	t.Setenv("GIT_AUTHOR_EMAIL", "test@example.org")
	t.Setenv("GIT_COMMITTER_NAME", "Test")
	t.Setenv("GIT_COMMITTER_EMAIL", "test@example.org")
	demoOnce.Do(func() {
		if demoDir, demoErr = os.MkdirTemp("", "codal-index-demo-"); demoErr != nil {
			return
		}
		if _, demoErr = registry.InitDemo(filepath.Join(demoDir, "reg")); demoErr == nil {
			demoWas, demoErr = registrytest.RepoState(filepath.Join(demoDir, "reg"))
		}
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	dir := filepath.Join(t.TempDir(), "reg")
	if err := registrytest.CopyRepo(dir, filepath.Join(demoDir, "reg")); err != nil {
		t.Fatal(err)
	}
	age(t, dir)
	r, err := registry.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r.IndexPath = filepath.Join(t.TempDir(), "cache", "index")
	return r
}

// age sets every path of the work tree (not .git) an hour back.
func age(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.Name() == ".git" {
			return filepath.SkipDir
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			return nil
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// canon is what a catalogue says, in a form two catalogues can be compared
// by: every entry, the board, the problems (with their English sentence).
func canon(t *testing.T, c *catalogue.Catalogue) string {
	t.Helper()
	type problem struct{ Path, Code, Message string }
	var probs []problem
	for _, p := range c.Problems {
		probs = append(probs, problem{p.Path, p.Code, p.Message("en")})
	}
	data, err := json.Marshal(struct {
		Meta                                  catalogue.Meta
		Actors, Snippets, Schemas, Board, Req any
		Problems                              []problem
	}{c.Meta, c.Actors, c.Snippets, c.Schemas, c.Board, c.Requests, probs})
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// same checks that the index's catalogue is exactly a full load's.
func same(t *testing.T, r *registry.Registry, what string) *catalogue.Catalogue {
	t.Helper()
	got, err := r.Catalogue()
	if err != nil {
		t.Fatalf("%s: Catalogue: %v", what, err)
	}
	want, err := catalogue.Load(os.DirFS(r.Dir()))
	if err != nil {
		t.Fatalf("%s: Load: %v", what, err)
	}
	if canon(t, got) != canon(t, want) {
		t.Fatalf("%s: the index's catalogue differs from a full load", what)
	}
	return got
}

func valid(t *testing.T, r *registry.Registry) *index.File {
	t.Helper()
	f, err := index.Read(r.IndexPath)
	if err != nil {
		t.Fatalf("index not rewritten: %v", err)
	}
	return f
}

func TestIndexRebuiltWhenBad(t *testing.T) {
	r := demo(t)
	same(t, r, "first load")
	good, err := os.ReadFile(r.IndexPath)
	if err != nil {
		t.Fatal(err)
	}
	if f := valid(t, r); f.Tree == "" || f.Commit == "" || len(f.Stats) < 50 {
		t.Fatalf("index: tree %q, commit %q, %d stat rows", f.Tree, f.Commit, len(f.Stats))
	}
	// an edit the stale index does not know about: a rebuild must see it
	vote := filepath.Join(r.Dir(), "requests/budget-climat/votes/meudon.yaml")
	for name, bad := range map[string]func([]byte) []byte{
		"a flipped byte": func(b []byte) []byte { b[len(b)/2] ^= 0x40; return b },
		"truncated":      func(b []byte) []byte { return b[:len(b)-100] },
		"empty":          func([]byte) []byte { return nil },
		"foreign version": func(b []byte) []byte {
			b[8] = 99 // the version follows the 8-byte magic
			return b
		},
		"another program's file": func([]byte) []byte { return []byte("not an index at all\n") },
		"a flipped byte in the header": func(b []byte) []byte {
			b[16+2] ^= 0x40 // the header follows magic, version and its length
			return b
		},
		"a flipped byte in the stat table":   func(b []byte) []byte { b[bodyAt(t, b)+3] ^= 0x40; return b },
		"a flipped byte in a snapshot block": func(b []byte) []byte { b[len(b)-3] ^= 0x40; return b },
	} {
		data := bad(append([]byte(nil), good...))
		if err := os.WriteFile(r.IndexPath, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := index.Read(r.IndexPath); !errors.Is(err, index.ErrBad) {
			t.Fatalf("%s: Read: %v, want ErrBad", name, err)
		}
		if err := os.WriteFile(vote, voteYAML(name), 0o644); err != nil {
			t.Fatal(err)
		}
		c := same(t, r, name)
		if v := c.Request("budget-climat").Votes; !hasComment(v, name) {
			t.Fatalf("%s: the rebuilt catalogue misses the edit", name)
		}
		valid(t, r)
	}
}

// bodyAt is where an index file's body (stat rows, row offsets, snapshot)
// begins: after the magic, the version, the header's length, the header and
// its checksum.
func bodyAt(t *testing.T, b []byte) int {
	t.Helper()
	if len(b) < 16 {
		t.Fatal("index file too short")
	}
	return 16 + int(binary.LittleEndian.Uint32(b[12:])) + 4
}

// TestViewReadsOnlyItsBlocks: a View checks the blocks it reads (its
// roots' stat rows, the snapshot), not the whole file; a damaged block it
// does not read is found by the next whole check, which rebuilds.
func TestViewReadsOnlyItsBlocks(t *testing.T) {
	defer index.SetBlockSize(256)()
	r := demo(t)
	same(t, r, "first load")
	good, err := os.ReadFile(r.IndexPath)
	if err != nil {
		t.Fatal(err)
	}
	// the first block of the body: the first stat rows (".", "actors", the
	// first actors), far from the request's rows
	bad := append([]byte(nil), good...)
	bad[bodyAt(t, bad)+3] ^= 0x40
	if err := os.WriteFile(r.IndexPath, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := index.Read(r.IndexPath); !errors.Is(err, index.ErrBad) {
		t.Fatalf("Read of a damaged stat row: %v, want ErrBad", err)
	}
	v, err := r.View("requests/budget-climat")
	if err != nil {
		t.Fatal(err)
	}
	if v.Request("budget-climat") == nil {
		t.Fatal("the view lost its request")
	}
	if now, _ := os.ReadFile(r.IndexPath); string(now) != string(bad) {
		t.Fatal("the view read (and rebuilt for) a block it does not need")
	}
	same(t, r, "the whole check after a damaged stat row")
	valid(t, r)

	// a damaged snapshot block in another entry's record (the last one):
	// the view does not read it, the next whole check rebuilds
	bad = append([]byte(nil), good...)
	bad[len(bad)-3] ^= 0x40
	if err := os.WriteFile(r.IndexPath, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if v, err := r.View("requests/budget-climat"); err != nil || v.Request("budget-climat") == nil {
		t.Fatalf("view after a damaged snapshot block: %v", err)
	}
	if now, _ := os.ReadFile(r.IndexPath); string(now) != string(bad) {
		t.Fatal("the view read (and rebuilt for) a record it does not read")
	}
	same(t, r, "the whole check after a damaged record")
	valid(t, r)

	// a damaged block in the view's own record (the last place its title
	// is written: the records follow the list section): rebuilt
	good, err = os.ReadFile(r.IndexPath)
	if err != nil {
		t.Fatal(err)
	}
	title := v.Request("budget-climat").Title
	at := strings.LastIndex(string(good), title)
	if at < 0 {
		t.Fatalf("title %q not in the index file", title)
	}
	bad = append([]byte(nil), good...)
	bad[at+1] ^= 0x40
	if err := os.WriteFile(r.IndexPath, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if v, err := r.View("requests/budget-climat"); err != nil || v.Request("budget-climat") == nil || v.Request("budget-climat").Title != title {
		t.Fatalf("view after a damaged block of its record: %v", err)
	}
	valid(t, r)
}

// hasComment reports whether one of the votes carries comment s.
func hasComment(vs []*requests.Vote, s string) bool {
	for _, v := range vs {
		if strings.TrimSpace(v.Comment) == s {
			return true
		}
	}
	return false
}

// voteYAML is a valid vote file carrying a comment.
func voteYAML(comment string) []byte {
	return []byte("name: Test\nemail: test@example.org\ndate: 2026-02-18\nneed: useful\ncomment: " + comment + "\n")
}

func write(t *testing.T, dir, p string, data []byte) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestHandEditsFound(t *testing.T) {
	r := demo(t)
	dir := r.Dir()
	same(t, r, "first load")

	// in place, same size: only the time tells
	p := filepath.Join(dir, "requests/budget-climat/votes/meudon.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "Utile pour", "Utile vers", 1)
	if len(edited) != len(data) || edited == string(data) {
		t.Fatal("the demo's vote changed: adapt the test")
	}
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	c := same(t, r, "same-size edit")
	if !strings.Contains(c.Request("budget-climat").Votes[0].Comment+c.Request("budget-climat").Votes[1].Comment+c.Request("budget-climat").Votes[2].Comment+c.Request("budget-climat").Votes[3].Comment, "Utile vers") {
		t.Fatal("same-size edit not seen")
	}

	// another request than the last step's (whose rows, scanned in the
	// second of its edit, are racy and so re-read anyway)
	write(t, dir, "requests/bornes-recharge-irve/votes/vanves.yaml", voteYAML("ajouté à la main"))
	c = same(t, r, "a vote added")
	if !hasComment(c.Request("bornes-recharge-irve").Votes, "ajouté à la main") {
		t.Fatal("added vote not seen")
	}

	if err := os.RemoveAll(filepath.Join(dir, "requests/accessibilite-erp")); err != nil {
		t.Fatal(err)
	}
	if c = same(t, r, "a request removed"); c.Request("accessibilite-erp") != nil {
		t.Fatal("removed request still there")
	}

	link := filepath.Join(dir, "requests/budget-climat/votes/chaville.yaml")
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("meudon.yaml", link); err != nil {
		t.Fatal(err)
	}
	c = same(t, r, "a vote replaced by a link")
	found := false
	for _, p := range c.ProblemsUnder("requests/budget-climat") {
		found = found || p.Code == "symlink"
	}
	if !found {
		t.Fatal("the link is not reported as Load reports it")
	}

	meta, err := os.ReadFile(filepath.Join(dir, catalogue.MetaFile))
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, catalogue.MetaFile, []byte(strings.Replace(string(meta), "triagers:", "triagers:\n  - vanves", 1)))
	if c = same(t, r, "registry.yaml edited"); !c.IsTriager("vanves") {
		t.Fatal("registry.yaml's edit not seen")
	}
	// a file outside what the catalogue reads changes nothing
	write(t, dir, "NOTES.md", []byte("notes\n"))
	same(t, r, "a file outside the catalogue")
	valid(t, r)
}

// row returns the stat row of path p in the index file.
func row(t *testing.T, f *index.File, p string) index.Stat {
	t.Helper()
	for _, s := range f.Stats {
		if s.Path == p {
			return s
		}
	}
	t.Fatalf("no stat row for %s", p)
	return index.Stat{}
}

func TestViewChecksOnlyItsRoots(t *testing.T) {
	r := demo(t)
	dir := r.Dir()
	same(t, r, "first load")
	before := valid(t, r)
	mine, other := "requests/budget-climat/votes/meudon.yaml", "requests/accessibilite-erp/votes/issy-les-moulineaux.yaml"
	write(t, dir, mine, voteYAML("vu par show"))
	write(t, dir, other, voteYAML("pas encore regardé"))

	v, err := r.View("requests/budget-climat")
	if err != nil {
		t.Fatal(err)
	}
	if !hasComment(v.Request("budget-climat").Votes, "vu par show") {
		t.Fatal("the view misses an edit in its own root")
	}
	if v.Communes == 0 {
		t.Fatal("the view counts no commune")
	}
	after := valid(t, r)
	if row(t, after, mine) == row(t, before, mine) {
		t.Fatal("the root's stat rows were not refreshed")
	}
	if row(t, after, other) != row(t, before, other) {
		t.Fatal("the view checked (and recorded) a file outside its roots")
	}
	c := same(t, r, "after the view")
	if !hasComment(c.Request("accessibilite-erp").Votes, "pas encore regardé") {
		t.Fatal("the whole check misses the other edit")
	}
}

func TestCommitsAppliedByTreeDiff(t *testing.T) {
	r := demo(t)
	dir := r.Dir()
	same(t, r, "first load")
	from := valid(t, r).Tree

	write(t, dir, "requests/budget-climat/votes/vanves.yaml", voteYAML("commité"))
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "vote")
	to, err := r.HeadTree()
	if err != nil || to == from {
		t.Fatalf("HeadTree %q (%v), was %q", to, err, from)
	}
	paths, err := r.ChangedPaths(from, to)
	if want := git(t, dir, "diff", "--name-only", string(from), string(to)); err != nil || strings.Join(paths, "\n") != want {
		t.Fatalf("ChangedPaths = %q, %v; git diff says %q", paths, err, want)
	}
	// the view checks another entry's files only: the commit reaches it
	// through the tree diff
	v, err := r.View("requests/accessibilite-erp")
	if err != nil {
		t.Fatal(err)
	}
	if !hasComment(v.Request("budget-climat").Votes, "commité") {
		t.Fatal("a commit since the index was written is not applied")
	}
	same(t, r, "after a commit")
	// (the view answered over the index; the whole read brought it up to
	// date: TestViewAfterACommitLeavesTheIndex)
	if f := valid(t, r); f.Tree != to {
		t.Fatalf("index keyed by %s, HEAD's tree is %s", f.Tree, to)
	}
}

// TestTreeDiffFromPacks: HEAD's tree and the tree diff read a repository
// whose objects are all in a pack (with deltas, as git gc leaves them), the
// way the pack files are read for a few objects (registry/objread.go), and
// say what git says.
func TestTreeDiffFromPacks(t *testing.T) {
	r := demo(t)
	dir := r.Dir()
	same(t, r, "first load")
	from := valid(t, r).Tree
	write(t, dir, "requests/budget-climat/votes/vanves.yaml", voteYAML("empaqueté"))
	write(t, dir, "requests/arbres-alignement/votes/vanves.yaml", voteYAML("empaqueté aussi"))
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "two votes")
	git(t, dir, "gc", "-q", "--aggressive", "--prune=now")
	if loose := git(t, dir, "count-objects"); !strings.HasPrefix(loose, "0 objects") {
		t.Fatalf("objects left loose after gc: %s", loose)
	}
	to, err := r.HeadTree()
	if want := git(t, dir, "rev-parse", "HEAD^{tree}"); err != nil || string(to) != want {
		t.Fatalf("HeadTree = %q, %v; git says %q", to, err, want)
	}
	paths, err := r.ChangedPaths(from, to)
	if want := git(t, dir, "diff", "--name-only", string(from), string(to)); err != nil || strings.Join(paths, "\n") != want {
		t.Fatalf("ChangedPaths = %q, %v; git diff says %q", paths, err, want)
	}
	c := same(t, r, "after a commit read from packs")
	if !hasComment(c.Request("arbres-alignement").Votes, "empaqueté aussi") {
		t.Fatal("the packed commit is not applied")
	}
}

func TestForcePushedHistory(t *testing.T) {
	for _, pruned := range []bool{false, true} {
		r := demo(t)
		dir := r.Dir()
		same(t, r, "first load")
		key := valid(t, r).Tree
		// the branch is replaced by an unrelated history (what a pull
		// after a force-push upstream leaves): another root commit
		git(t, dir, "checkout", "-q", "--orphan", "rewritten")
		git(t, dir, "rm", "-rqf", "requests/budget-climat")
		write(t, dir, "requests/arbres-alignement/votes/vanves.yaml", voteYAML("réécrit"))
		git(t, dir, "add", "-A")
		git(t, dir, "commit", "-qm", "rewritten")
		git(t, dir, "branch", "-qD", "main")
		git(t, dir, "branch", "-qm", "main")
		if pruned {
			git(t, dir, "reflog", "expire", "--expire=now", "--all")
			git(t, dir, "gc", "-q", "--prune=now")
			head, err := r.HeadTree()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.ChangedPaths(key, head); err == nil {
				t.Fatal("ChangedPaths from a pruned tree: no error")
			}
		}
		c := same(t, r, "after a rewritten history")
		if c.Request("budget-climat") != nil || !hasComment(c.Request("arbres-alignement").Votes, "réécrit") {
			t.Fatal("the rewritten history is not what the catalogue says")
		}
		if f := valid(t, r); f.Tree == key {
			t.Fatal("the index still has the old key")
		}
	}
}

func TestConcurrentUpdatesKeepTheFileValid(t *testing.T) {
	r := demo(t)
	dir := r.Dir()
	same(t, r, "first load")
	stop := make(chan struct{})
	var bad error
	var reader sync.WaitGroup
	reader.Add(1)
	go func() {
		defer reader.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := index.Read(r.IndexPath); err != nil && bad == nil {
				bad = err
			}
		}
	}()
	var wg sync.WaitGroup
	for w, actor := range []string{"vanves", "sevres", "chaville", "meudon"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			other, err := registry.Open(dir)
			if err != nil {
				t.Error(err)
				return
			}
			other.IndexPath = r.IndexPath
			for i := range 6 {
				p := filepath.Join(dir, "requests/arbres-alignement/votes", actor+".yaml")
				if err := os.WriteFile(p, voteYAML(strings.Repeat("x", w+i)), 0o644); err != nil {
					t.Error(err)
					return
				}
				if _, err := other.Catalogue(); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	reader.Wait()
	if bad != nil {
		t.Fatalf("a reader saw a bad index while others wrote it: %v", bad)
	}
	same(t, r, "after concurrent updates")
}

// TestStatCheckNamesWhatChanged checks the stat check alone (not through
// a catalogue, which a full re-read could make right anyway): each kind of
// hand edit on an aged work tree is reported at its path, and nothing else.
func TestStatCheckNamesWhatChanged(t *testing.T) {
	vote := "requests/budget-climat/votes/meudon.yaml"
	for name, tc := range map[string]struct {
		edit func(t *testing.T, dir string)
		want string
	}{
		"same-size edit": {func(t *testing.T, dir string) {
			p := filepath.Join(dir, vote)
			data, _ := os.ReadFile(p)
			data[len(data)-3] ^= 0x20
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}, vote},
		"file added": {func(t *testing.T, dir string) {
			write(t, dir, "requests/bornes-recharge-irve/votes/vanves.yaml", voteYAML("x"))
		}, "requests/bornes-recharge-irve/votes/vanves.yaml"},
		"folder removed": {func(t *testing.T, dir string) {
			os.RemoveAll(filepath.Join(dir, "requests/accessibilite-erp"))
		}, "requests/accessibilite-erp"},
		"file replaced by a link": {func(t *testing.T, dir string) {
			p := filepath.Join(dir, vote)
			os.Remove(p)
			if err := os.Symlink("chaville.yaml", p); err != nil {
				t.Fatal(err)
			}
		}, vote},
		"mode changed": {func(t *testing.T, dir string) {
			if err := os.Chmod(filepath.Join(dir, vote), 0o755); err != nil {
				t.Fatal(err)
			}
		}, vote},
	} {
		t.Run(name, func(t *testing.T) {
			r := demo(t)
			table := index.Scan(r.Dir(), time.Now())
			if ch, _ := table.Changed(r.Dir(), time.Now()); len(ch) != 0 {
				t.Fatalf("changed before any edit: %v", ch)
			}
			tc.edit(t, r.Dir())
			ch, _ := table.Changed(r.Dir(), time.Now())
			if len(ch) == 0 || ch[0] != tc.want {
				t.Fatalf("Changed = %v, want %s first", ch, tc.want)
			}
			for _, p := range ch {
				if p != tc.want && !strings.HasPrefix(p, tc.want+"/") {
					t.Fatalf("Changed = %v: %s is not under %s", ch, p, tc.want)
				}
			}
			root := tc.want[:len("requests/")+strings.IndexByte(tc.want[len("requests/"):]+"/", '/')]
			if got := table.ChangedRoots(r.Dir(), time.Now(), []string{root, "requests/arbres-alignement"}); len(got) != 1 || got[0] != root {
				t.Fatalf("ChangedRoots = %v, want [%s]", got, root)
			}
		})
	}
}
