package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/ciworkflow"
	"github.com/gpso/codal/share/sharetest"
)

// gitCommit commits everything in dir with the git CLI (a test identity).
func gitCommit(t *testing.T, dir, msg string) {
	t.Helper()
	sharetest.RunGit(t, dir, "add", "-A")
	sharetest.RunGit(t, dir, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", msg)
}

// noWorkflowRegistry is a Git registry without the workflow: the demo's
// files in one commit made with the git CLI.
func noWorkflowRegistry(t *testing.T) string {
	t.Helper()
	seed := demoRegistry(t)
	os.RemoveAll(filepath.Join(seed, ".github"))
	gitCommit(t, seed, "sans workflow")
	return seed
}

func expectedWorkflow(t *testing.T) string {
	t.Helper()
	w, err := ciworkflow.Render(ciworkflow.PinFor(versionString()))
	if err != nil {
		t.Fatal(err)
	}
	return string(w)
}

// init --demo puts the workflow, pinned to this codal, in the first commit.
func TestInitDemoWritesTheWorkflow(t *testing.T) {
	isolate(t)
	dir := filepath.Join(t.TempDir(), "demo")
	if _, errOut, code := cli(t, "init", dir, "--demo"); code != 0 {
		t.Fatalf("init --demo: %s", errOut)
	}
	if n := sharetest.RunGit(t, dir, "rev-list", "--count", "HEAD"); n != "1" {
		t.Errorf("%s commits", n)
	}
	got := sharetest.RunGit(t, dir, "show", "HEAD:"+ciworkflow.Path)
	if want := expectedWorkflow(t); got != strings.TrimSuffix(want, "\n") {
		t.Errorf("workflow in the first commit:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(got, "codal@${CODAL_VERSION}") || !strings.Contains(got, "CODAL_VERSION: "+ciworkflow.Version) {
		t.Errorf("a development build pins ciworkflow.Version:\n%s", got)
	}
}

// init --ci github adds the workflow as one local commit, does nothing when
// it is there already, and refuses to replace a different one.
func TestInitCIGithub(t *testing.T) {
	isolate(t)
	t.Setenv("CODAL_NAME", "Camille Martin")
	t.Setenv("CODAL_EMAIL", "camille@example.org")
	reg := noWorkflowRegistry(t)
	before := sharetest.RunGit(t, reg, "rev-parse", "HEAD")

	out, errOut, code := cli(t, "init", reg, "--ci", "github")
	if code != 0 || !strings.Contains(out, "Workflow ajouté") || !strings.Contains(errOut, "GitHub Pages") {
		t.Fatalf("init --ci github: exit %d\n%s%s", code, out, errOut)
	}
	if parent := sharetest.RunGit(t, reg, "rev-parse", "HEAD~1"); parent != before {
		t.Errorf("not one commit on top of HEAD: parent %s, was %s", parent, before)
	}
	if files := sharetest.RunGit(t, reg, "show", "--name-only", "--format=", "HEAD"); files != ciworkflow.Path {
		t.Errorf("the commit changes %q", files)
	}
	if got := sharetest.RunGit(t, reg, "show", "HEAD:"+ciworkflow.Path); got != strings.TrimSuffix(expectedWorkflow(t), "\n") {
		t.Errorf("committed workflow differs")
	}
	if author := sharetest.RunGit(t, reg, "log", "-1", "--format=%an <%ae>"); author != "Camille Martin <camille@example.org>" {
		t.Errorf("author %q", author)
	}
	if st := sharetest.RunGit(t, reg, "status", "--porcelain", "--untracked-files=all"); st != "" {
		t.Errorf("work tree not clean:\n%s", st)
	}
	added := sharetest.RunGit(t, reg, "rev-parse", "HEAD")

	// Identical: said, nothing written. From inside the registry, no DIR.
	t.Chdir(reg)
	out, errOut, code = cli(t, "init", "--ci", "github")
	if code != 0 || !strings.Contains(out, "Rien à faire") {
		t.Errorf("second init --ci github: exit %d\n%s%s", code, out, errOut)
	}
	if head := sharetest.RunGit(t, reg, "rev-parse", "HEAD"); head != added {
		t.Errorf("an identical workflow made a commit")
	}

	// Different: refused in one sentence, nothing written.
	edited := expectedWorkflow(t) + "# local change\n"
	os.WriteFile(filepath.Join(reg, ciworkflow.Path), []byte(edited), 0o644)
	gitCommit(t, reg, "workflow adapté")
	edit := sharetest.RunGit(t, reg, "rev-parse", "HEAD")
	out, errOut, code = cli(t, "--lang", "en", "init", reg, "--ci", "github")
	if code != 1 || out != "" || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "already exists") || !strings.Contains(errOut, "nothing was written") {
		t.Errorf("different workflow: exit %d\n%s%s", code, out, errOut)
	}
	if head := sharetest.RunGit(t, reg, "rev-parse", "HEAD"); head != edit {
		t.Errorf("a different workflow was replaced")
	}
	if data, _ := os.ReadFile(filepath.Join(reg, ciworkflow.Path)); string(data) != edited {
		t.Errorf("the work tree's workflow changed")
	}
}

// A workflow path that is a symbolic link is refused, not followed.
func TestInitCIRefusesALink(t *testing.T) {
	isolate(t)
	t.Setenv("CODAL_NAME", "Camille Martin")
	t.Setenv("CODAL_EMAIL", "camille@example.org")
	reg := noWorkflowRegistry(t)
	outside := filepath.Join(t.TempDir(), "outside.yml")
	os.WriteFile(outside, []byte("mine"), 0o644)
	os.MkdirAll(filepath.Join(reg, ".github", "workflows"), 0o755)
	if err := os.Symlink(outside, filepath.Join(reg, ciworkflow.Path)); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := cli(t, "init", reg, "--ci", "github")
	if code == 0 || !strings.Contains(errOut, "lien symbolique") {
		t.Errorf("link: exit %d %q", code, errOut)
	}
	if data, _ := os.ReadFile(outside); string(data) != "mine" {
		t.Errorf("the link's target was written")
	}
}

// --from clones the registry as it is: never a workflow, and --ci with
// --from is refused.
func TestInitFromNeverWritesTheWorkflow(t *testing.T) {
	isolate(t)
	seed := noWorkflowRegistry(t)
	clone := filepath.Join(t.TempDir(), "clone")
	if _, errOut, code := cli(t, "init", clone, "--from", seed, "--keep-default"); code != 0 {
		t.Fatalf("init --from: %s", errOut)
	}
	if _, err := os.Lstat(filepath.Join(clone, ".github")); !os.IsNotExist(err) {
		t.Errorf("the clone has .github: %v", err)
	}
	if files := sharetest.RunGit(t, clone, "ls-tree", "-r", "--name-only", "HEAD"); strings.Contains(files, ".github") {
		t.Errorf("the clone's commit has .github")
	}
	other := filepath.Join(t.TempDir(), "other")
	_, errOut, code := cli(t, "init", other, "--from", seed, "--ci", "github")
	if code != 2 || !strings.Contains(errOut, "--from clone le registre tel qu'il est") {
		t.Errorf("--from with --ci: exit %d %q", code, errOut)
	}
	if _, err := os.Lstat(other); !os.IsNotExist(err) {
		t.Errorf("--from --ci created %s", other)
	}
	for _, args := range [][]string{{"init", "--ci", "gitlab"}, {"init"}} {
		if _, errOut, code := cli(t, args...); code != 2 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%v: exit %d %q", args, code, errOut)
		}
	}
}
