package registry

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gitCmd runs the system git in dir and fails the test on error.
func gitCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.org",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.org", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// A bare "shared" registry made from the demo, as a real host would serve it.
func sharedDemo(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if _, err := InitDemo(filepath.Join(root, "seed")); err != nil {
		t.Fatal(err)
	}
	bare := filepath.Join(root, "shared.git")
	gitCmd(t, root, "clone", "-q", "--bare", filepath.Join(root, "seed"), bare)
	return bare
}

func TestCloneThenPullFastForwards(t *testing.T) {
	serverSuite(t)
	bare := sharedDemo(t)
	ctx := context.Background()
	mine, err := Clone(ctx, bare, filepath.Join(t.TempDir(), "mine"), nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := mine.State()
	if err != nil || !st.HasRemote || st.Ahead != 0 || st.Behind != 0 || st.Branch != "main" || st.LastFetch.IsZero() {
		t.Fatalf("state after clone: %+v %v", st, err)
	}
	// Someone else adds an actor and pushes with the git command.
	other := filepath.Join(t.TempDir(), "other")
	gitCmd(t, "", "clone", "-q", bare, other)
	os.WriteFile(filepath.Join(other, "actors", "nouvel-acteur.yaml"), []byte("name: Nouvel acteur\nkind: association\n"), 0o644)
	gitCmd(t, other, "add", ".")
	gitCmd(t, other, "commit", "-q", "-m", "Nouvel acteur")
	gitCmd(t, other, "push", "-q", "origin", "main")

	if err := mine.Fetch(ctx); err != nil {
		t.Fatal(err)
	}
	if st, _ := mine.State(); st.Behind != 1 || st.Ahead != 0 {
		t.Fatalf("after fetch: %+v, want 1 behind", st)
	}
	st, err = mine.Pull(ctx)
	if err != nil || st.Behind != 0 || st.Ahead != 0 {
		t.Fatalf("pull: %+v %v", st, err)
	}
	c, err := mine.Load()
	if err != nil || c.Actor("nouvel-acteur") == nil {
		t.Fatalf("pulled actor not loaded: %v", err)
	}
}

func TestCloneRefusesWhatIsNotARegistry(t *testing.T) {
	root := t.TempDir()
	plain := filepath.Join(root, "plain")
	os.MkdirAll(plain, 0o755)
	gitCmd(t, plain, "init", "-q", "-b", "main")
	os.WriteFile(filepath.Join(plain, "README.md"), []byte("pas un registre\n"), 0o644)
	gitCmd(t, plain, "add", ".")
	gitCmd(t, plain, "commit", "-q", "-m", "init")
	target := filepath.Join(root, "target")
	_, err := Clone(context.Background(), plain, target, nil)
	if err == nil || !strings.Contains(err.Error(), "registry.yaml") {
		t.Fatalf("clone of a non-registry: %v", err)
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Errorf("failed clone left %s", target)
	}
}
