package registry

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gpso/codal/registry/registrytest"
)

// isolateGit points HOME and the Git configuration at empty places so that
// neither the tests nor the git commands they run read the machine's
// configuration, and gives git an identity.
func isolateGit(t testing.TB) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
	for _, k := range []string{"CODAL_NAME", "CODAL_EMAIL", "CODAL_ACTOR", "GIT_DIR", "GIT_WORK_TREE"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("GIT_AUTHOR_NAME", "Test")
	t.Setenv("GIT_AUTHOR_EMAIL", "test@example.org")
	t.Setenv("GIT_COMMITTER_NAME", "Test")
	t.Setenv("GIT_COMMITTER_EMAIL", "test@example.org")
}

// gitOut runs git in dir and returns its trimmed output, failing the test on
// error.
func gitOut(t testing.TB, dir string, args ...string) string {
	t.Helper()
	out, err := gitRun(dir, args...)
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func gitRun(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// smallRegistry is a minimal valid registry: two communes, GPSO, one request.
func smallRegistry() fstest.MapFS {
	return fstest.MapFS{
		"registry.yaml":                {Data: []byte("format: 1\nname: Test\nlanguage: fr\ntriagers: [gpso]\n")},
		"actors/gpso.yaml":             {Data: []byte("name: Grand Paris Seine Ouest\nkind: ept\n")},
		"actors/sevres.yaml":           {Data: []byte("name: Sèvres\nkind: commune\ninsee: \"92072\"\npopulation: 23500\n")},
		"actors/vanves.yaml":           {Data: []byte("name: Vanves\nkind: commune\ninsee: \"92075\"\npopulation: 28000\n")},
		"requests/budget/request.yaml": {Data: []byte("title: Budget\nrequested_by: sevres\naddressed_to: gpso\ncreated: 2026-01-05\n")},
	}
}

// newTestRegistry writes files as a registry with one commit in a new
// folder.
func newTestRegistry(t testing.TB, files fstest.MapFS) *Registry {
	t.Helper()
	r, err := initFrom(filepath.Join(t.TempDir(), "reg"), files, "init")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// serverSuite skips, in the quick run, one of the longer sync tests through
// the git HTTP server (replays, conflicts, refusals, outages): the quick run
// keeps the basic push and the hostile-server tests, and CODAL_LONG_TESTS=1
// (which .ci/run sets) runs them all.
func serverSuite(t *testing.T) {
	t.Helper()
	if !registrytest.Long() {
		t.Skip("sync through the HTTP server: a long test (" + registrytest.LongEnv + "=1)")
	}
}
