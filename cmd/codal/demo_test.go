package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/share/sharetest"
)

// The round trip a new user makes: the embedded demo, written by init, is
// lint-clean and lists the climate-budget request first.
func TestDemoRoundTrip(t *testing.T) {
	isolate(t)
	dir := filepath.Join(t.TempDir(), "codal-demo")
	out, errOut, code := cli(t, "init", dir, "--demo")
	if code != 0 || !strings.Contains(out, "Registre prêt") {
		t.Fatalf("init --demo: exit %d\n%s%s", code, out, errOut)
	}
	// Checked with the git CLI: go-git stays inside package registry.
	if head := sharetest.RunGit(t, dir, "symbolic-ref", "--short", "HEAD"); head != "main" {
		t.Fatalf("demo HEAD: %q", head)
	}
	if st := sharetest.RunGit(t, dir, "status", "--porcelain", "--untracked-files=all"); st != "" {
		t.Errorf("demo work tree not clean after init:\n%v", st)
	}
	out, errOut, code = cli(t, "lint", dir)
	if code != 0 || out != "" || !strings.Contains(errOut, "aucun problème") {
		t.Errorf("lint of the demo: exit %d\n%s%s", code, out, errOut)
	}
	// init made it the default registry.
	out, _, code = cli(t, "list", "requests")
	lines := strings.Split(out, "\n")
	if code != 0 || len(lines) < 9 || !strings.HasPrefix(lines[1], "1 ") || !strings.Contains(lines[1], "budget-climat") {
		t.Fatalf("list requests on the demo (exit %d):\n%s", code, out)
	}
	if !strings.Contains(lines[1], "/8 communes") {
		t.Errorf("the demo should count 8 communes: %q", lines[1])
	}
	out, _, _ = cli(t, "show", "requests/budget-climat")
	if !strings.Contains(out, "Issy-les-Moulineaux") {
		t.Errorf("budget-climat is not Issy's request:\n%s", out)
	}
}

// With nothing configured, codal installs the demo in its data folder.
func TestDefaultRegistryIsTheDemo(t *testing.T) {
	data := isolate(t)
	out, errOut, code := cli(t, "list", "actors")
	if code != 0 || !strings.Contains(errOut, "registre de démonstration") || !strings.Contains(out, "issy-les-moulineaux") {
		t.Fatalf("first run: exit %d\n%s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(data, "codal", "registry", "registry.yaml")); err != nil {
		t.Fatalf("demo not installed in the data folder: %v", err)
	}
	_, errOut, _ = cli(t, "list", "actors")
	if strings.Contains(errOut, "démonstration") {
		t.Errorf("the demo was installed twice: %q", errOut)
	}
	// Communes come first in the directory.
	out, _, _ = cli(t, "list", "actors")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, l := range lines[1:9] {
		if !strings.Contains(l, "Commune") {
			t.Errorf("the first eight actors should be the communes: %q", l)
		}
	}
}

// Issue 2's "done when": the climate-budget request comes first with its
// supporting communes named.
func TestListRequestsNamesTheSupportingCommunes(t *testing.T) {
	isolate(t)
	out, _, code := cli(t, "--registry", "../../registry/demo", "list", "requests")
	first := strings.Split(out, "\n")[1]
	if code != 0 || !strings.Contains(first, "budget-climat") || !strings.Contains(first, "Issy-les-Moulineaux") {
		t.Fatalf("first row: %q", first)
	}
}
