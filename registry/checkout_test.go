package registry

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/registry/store"
)

// generatedUpstream writes a generated registry of about n entries with the
// git CLI, adds an executable file and a symbolic link (git keeps both
// modes), packs it as a host would serve it, and returns the bare
// repository.
func generatedUpstream(t *testing.T, n int) string {
	t.Helper()
	isolateGit(t)
	root := t.TempDir()
	work := filepath.Join(root, "work")
	if err := registrytest.Generate(work, registrytest.Scale(n), 1); err != nil {
		t.Fatal(err)
	}
	tool := filepath.Join(work, "snippets", "outil.sh")
	if err := os.WriteFile(tool, []byte("#!/bin/sh\necho outil\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("outil.sh", filepath.Join(work, "snippets", "lien")); err != nil {
		t.Fatal(err)
	}
	if _, err := registrytest.CommitAll(work, "généré"); err != nil {
		t.Fatal(err)
	}
	bare := filepath.Join(root, "up.git")
	gitOut(t, root, "clone", "-q", "--bare", "--no-local", work, bare)
	return bare
}

// The checkout of a clone leaves a work tree and an index that the git CLI
// finds clean without reading a file again (git diff-files compares the
// index's stat data only, and refreshes nothing), every blob and mode as the
// commit has them, and a repository that git fsck accepts; the store's own
// reads and writes work at once.
func TestCloneCheckoutIsCleanForGit(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("a clone's checkout compared with git status: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	bare := generatedUpstream(t, 120)
	dir := filepath.Join(t.TempDir(), "mine")
	r, err := Clone(context.Background(), bare, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if out := gitOut(t, dir, "diff-files", "--name-status"); out != "" {
		t.Errorf("git diff-files after the clone (stat data of the index wrong):\n%s", firstLines(out, 10))
	}
	if out := gitOut(t, dir, "status", "--porcelain", "--untracked-files=all"); out != "" {
		t.Errorf("git status after the clone:\n%s", firstLines(out, 10))
	}
	gitOut(t, dir, "fsck", "--strict", "--no-progress")
	// The index holds exactly the commit's files, blob and mode.
	tree := strings.ReplaceAll(gitOut(t, dir, "ls-tree", "-r", "HEAD"), " blob ", " ")
	staged := strings.ReplaceAll(gitOut(t, dir, "ls-files", "-s"), " 0\t", "\t")
	if tree != staged {
		t.Errorf("the index is not HEAD's tree:\n%s", firstLines(diffLines(tree, staged), 10))
	}
	if info, err := os.Stat(filepath.Join(dir, "snippets", "outil.sh")); err != nil || info.Mode().Perm()&0o100 == 0 {
		t.Errorf("the executable file lost its mode: %v %v", info, err)
	}
	if target, err := os.Readlink(filepath.Join(dir, "snippets", "lien")); err != nil || target != "outil.sh" {
		t.Errorf("the symbolic link is not checked out as a link: %q %v", target, err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), ".mine.clone-")); err == nil {
		t.Error("the staging folder is left behind")
	}
	st, err := r.State()
	if err != nil || st.Ahead != 0 || st.Behind != 0 || st.Branch != "main" {
		t.Fatalf("state after clone: %+v %v", st, err)
	}
	c, err := r.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Requests) == 0 {
		t.Fatal("the clone loads no request")
	}
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}

func diffLines(a, b string) string {
	in := map[string]bool{}
	for _, l := range strings.Split(b, "\n") {
		in[l] = true
	}
	var out []string
	for _, l := range strings.Split(a, "\n") {
		if !in[l] {
			out = append(out, "- "+l)
		}
	}
	return strings.Join(out, "\n")
}

// hostileUpstream makes a bare repository whose one commit holds a valid
// registry.yaml beside the entries given as git mktree lines (built with
// git hash-object and git mktree, which check nothing), and returns it. In
// the lines, $SECRET is a blob, $OUT a link target outside the clone, and
// $SUB a tree holding one file, $NESTED a tree holding a .Git folder.
func hostileUpstream(t *testing.T, root string, lines ...string) string {
	t.Helper()
	bare := filepath.Join(root, "hostile.git")
	gitOut(t, root, "init", "-q", "--bare", "-b", "main", bare)
	hash := func(data string) string {
		return strings.TrimSpace(runIn(t, bare, data, "hash-object", "-w", "--stdin"))
	}
	meta := hash("format: 1\nname: Test\nlanguage: fr\ntriagers: [gpso]\n")
	secret := hash("title: piège\n")
	out := hash(filepath.Join(root, "outside"))
	sub := strings.TrimSpace(runIn(t, bare, "100644 blob "+secret+"\tx.yaml\n", "mktree"))
	nested := strings.TrimSpace(runIn(t, bare, "040000 tree "+sub+"\t.Git\n", "mktree"))
	spec := "100644 blob " + meta + "\tregistry.yaml\n"
	for _, l := range lines {
		l = strings.NewReplacer("$SECRET", secret, "$OUT", out, "$SUB", sub, "$NESTED", nested).Replace(l)
		spec += l + "\n"
	}
	tree := strings.TrimSpace(runIn(t, bare, spec, "mktree", "--missing"))
	commit := gitOut(t, bare, "commit-tree", "-m", "piège", tree)
	gitOut(t, bare, "update-ref", "refs/heads/main", commit)
	return bare
}

func runIn(t *testing.T, dir, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// A tree that names a path outside the work tree, inside the Git folder, or
// twice (a link and a folder of the same name, so that a file would be
// written through the link) is refused: the clone fails with one sentence
// naming the path, nothing is left at the target and nothing is written
// outside it.
func TestCloneRefusesHostileTrees(t *testing.T) {
	cases := map[string][]string{
		"dot-dot":          {"100644 blob $SECRET\t.."},
		"dot-git":          {"040000 tree $SUB\t.git"},
		"dot-git-file":     {"100644 blob $SECRET\t.GIT"},
		"dot-git-ntfs":     {"040000 tree $SUB\t.git."},
		"dot-git-short":    {"040000 tree $SUB\tgit~1"},
		"nested-dot-git":   {"040000 tree $NESTED\tsnippets"},
		"backslash":        {"100644 blob $SECRET\t..\\evil.yaml"},
		"link-then-folder": {"120000 blob $OUT\tactors", "040000 tree $SUB\tactors"},
		"folder-then-link": {"040000 tree $SUB\tactors", "120000 blob $OUT\tactors"},
		"gitmodules-link":  {"120000 blob $OUT\t.gitmodules"},
	}
	for name, lines := range cases {
		t.Run(name, func(t *testing.T) {
			isolateGit(t)
			root := t.TempDir()
			outside := filepath.Join(root, "outside")
			if err := os.MkdirAll(outside, 0o755); err != nil {
				t.Fatal(err)
			}
			bare := hostileUpstream(t, root, lines...)
			target := filepath.Join(root, "clone")
			_, err := Clone(context.Background(), bare, target, nil)
			if err == nil {
				t.Fatal("the hostile tree was cloned")
			}
			if errors.Is(err, store.ErrUnreachable) {
				t.Errorf("a refused path is reported as a network failure: %v", err)
			}
			for _, lang := range []i18n.Lang{i18n.FR, i18n.EN} {
				msg := i18n.Message(err, lang)
				if strings.Contains(msg, "\n") || !strings.Contains(msg, "hostile.git") {
					t.Errorf("%s: %q is not one sentence naming the repository", lang, msg)
				}
			}
			if _, err := os.Stat(target); !os.IsNotExist(err) {
				t.Errorf("the failed clone left %s", target)
			}
			if left, _ := os.ReadDir(outside); len(left) > 0 {
				t.Errorf("the clone wrote outside its folder: %v", left)
			}
			if left, _ := filepath.Glob(filepath.Join(root, ".clone.*")); len(left) > 0 {
				t.Errorf("the staging folder is left: %v", left)
			}
		})
	}
}

// The checkout tells its progress, ending with the number of files (and
// links) it wrote: every entry of HEAD's tree.
func TestCloneTellsFilesWritten(t *testing.T) {
	bare := sharedDemo(t)
	var told []int
	_, err := CloneWith(context.Background(), bare, filepath.Join(t.TempDir(), "mine"), CloneOptions{
		Files: func(n int) { told = append(told, n) },
	})
	if err != nil {
		t.Fatal(err)
	}
	want := len(strings.Split(gitOut(t, bare, "ls-tree", "-r", "--name-only", "HEAD"), "\n"))
	if len(told) == 0 || told[len(told)-1] != want {
		t.Fatalf("progress told %v, want it to end with %d files", told, want)
	}
	for i := 1; i < len(told); i++ {
		if told[i] < told[i-1] {
			t.Fatalf("progress went back: %v", told)
		}
	}
}
