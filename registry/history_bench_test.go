package registry

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/registry/news"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/registry/store"
)

// newsBenchCommits is how many commits the news benchmark walks.
const newsBenchCommits = 10000

// newsBenchRepo is a registry of CODAL_SCALE_N entries, 10,000 by default
// (the shared one under /tmp/codal-bench when present, else generated) with 10,000 commits on top
// of its first, each a vote, an event or a comment on one of its requests,
// written with git fast-import. It is built once under /tmp and reused; it
// returns the folder and the first commit (the "last look").
func newsBenchRepo(b *testing.B) (dir, base string) {
	b.Helper()
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("CODAL_SCALE_N")); err == nil && v > 0 {
		n = v
	}
	root := filepath.Join(os.TempDir(), fmt.Sprintf("codal-news-bench-n%d-c%d", n, newsBenchCommits))
	dir = filepath.Join(root, "work")
	if data, err := os.ReadFile(filepath.Join(root, "ready")); err == nil {
		return dir, strings.TrimSpace(string(data))
	}
	os.RemoveAll(root)
	if err := os.MkdirAll(root, 0o755); err != nil {
		b.Fatal(err)
	}
	shared := filepath.Join(os.TempDir(), "codal-bench", "n10000-seed1", "bare.git")
	if _, err := os.Stat(filepath.Join(filepath.Dir(shared), "ready")); err == nil && n == 10000 {
		if _, err := registrytest.Git("", "clone", "-q", shared, dir); err != nil {
			b.Fatal(err)
		}
	} else {
		if err := registrytest.Generate(dir, registrytest.Scale(n), 1); err != nil {
			b.Fatal(err)
		}
		if _, err := registrytest.CommitAll(dir, "generated"); err != nil {
			b.Fatal(err)
		}
	}
	base, err := registrytest.Git(dir, "rev-parse", "HEAD")
	if err != nil {
		b.Fatal(err)
	}
	reqs, _ := registrytest.Git(dir, "ls-tree", "--name-only", "HEAD", "requests/")
	actors, _ := registrytest.Git(dir, "ls-tree", "--name-only", "HEAD", "actors/")
	rl, al := strings.Fields(reqs), strings.Fields(actors)
	cmd := exec.Command("git", "-C", dir, "fast-import", "--quiet")
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
	in, _ := cmd.StdinPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(in)
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	for i := 0; i < newsBenchCommits; i++ {
		when := start.Add(time.Duration(i) * time.Minute)
		req := rl[(i*7919)%len(rl)]
		actor := strings.TrimSuffix(filepath.Base(al[(i*104729)%len(al)]), ".yaml")
		stamp := when.Format("20060102T150405Z")
		var p, body string
		switch i % 3 {
		case 0:
			p, body = fmt.Sprintf("%s/votes/%s.yaml", req, actor), "name: Bench\nemail: bench@example.org\ndate: 2026-11-02\nneed: useful\n"
		case 1:
			p, body = fmt.Sprintf("%s/events/%s-%s.yaml", req, stamp, actor), "name: Bench\nemail: bench@example.org\ndate: 2026-11-02\nstatus: under-review\nnote: En cours d'étude.\n"
		default:
			p, body = fmt.Sprintf("%s/comments/%s-%s.yaml", req, stamp, actor), "name: Bench\nemail: bench@example.org\ndate: 2026-11-02\nbody: |\n  Nous avons besoin de ces données pour le conseil.\n"
		}
		msg := fmt.Sprintf("bench %d", i)
		fmt.Fprintf(w, "commit refs/heads/main\nauthor Bench <bench@example.org> %d +0000\ncommitter Bench <bench@example.org> %d +0000\ndata %d\n%s\n", when.Unix(), when.Unix(), len(msg), msg)
		if i == 0 {
			fmt.Fprintf(w, "from %s\n", base)
		}
		fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", p, len(body), body)
	}
	w.Flush()
	in.Close()
	if err := cmd.Wait(); err != nil {
		b.Fatal(err)
	}
	// fast-import leaves small imports loose; a fetched history comes packed.
	if _, err := registrytest.Git(dir, "repack", "-adq"); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "ready"), []byte(base+"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	return dir, base
}

// BenchmarkNews10kCommits is `codal news` over 10,000 commits since the last
// look on a registry of CODAL_SCALE_N entries (10,000 by default): the history walk (History) and the
// classification into items (news.FromHistory); the target is one second.
// Walk+ClassifyNoRopes is the walk without rawrope.go's comparison of large
// folders from their deltas. GitLogNameStatus is the anchor, measured in the
// same run: `git log
// --name-status base..HEAD`, which lists the same paths but reads no file.
//
//	go test ./registry -run '^$' -bench News10k -benchtime 3x
func BenchmarkNews10kCommits(b *testing.B) {
	dir, base := newsBenchRepo(b)
	walk := func(b *testing.B) {
		r, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < b.N; i++ {
			items, err := news.Collect(r, store.Since{Commit: store.Hash(base)}, nil)
			if err != nil {
				b.Fatal(err)
			}
			// Every event and comment is an item; a vote drawn twice for
			// the same request and actor (or already in the registry)
			// changes a file rather than adding one: no item.
			if len(items) < newsBenchCommits*2/3 || len(items) > newsBenchCommits {
				b.Fatalf("%d items, want about %d", len(items), newsBenchCommits)
			}
		}
	}
	b.Run("Walk+Classify", walk)
	// The same without comparing large folders from their deltas
	// (rawrope.go): the walk as it was before, in the same run.
	b.Run("Walk+ClassifyNoRopes", func(b *testing.B) {
		defer func(old int) { ropeMin = old }(ropeMin)
		ropeMin = 1 << 40
		walk(b)
	})
	b.Run("GitLogNameStatus", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			out, err := exec.Command("git", "-C", dir, "log", "--name-status", "--format=%H %an %at", base+"..HEAD").Output()
			if err != nil {
				b.Fatal(err)
			}
			if len(out) == 0 {
				b.Fatal("git log printed nothing")
			}
		}
	})
}
