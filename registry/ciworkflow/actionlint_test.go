package ciworkflow

import (
	"bytes"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

// lint runs actionlint, the Go module, on a workflow and returns its errors
// (with shell, shellcheck's too when it is installed).
func lint(t *testing.T, workflow []byte, shell bool) []*actionlint.Error {
	t.Helper()
	opts := &actionlint.LinterOptions{WorkingDir: t.TempDir()}
	if sc, err := exec.LookPath("shellcheck"); err == nil && shell {
		opts.Shellcheck = sc
	}
	l, err := actionlint.NewLinter(io.Discard, opts)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(Path, workflow, nil)
	if err != nil {
		t.Fatal(err)
	}
	return errs
}

// The generated workflow passes actionlint with zero errors.
func TestWorkflowPassesActionlint(t *testing.T) {
	for _, v := range []string{Version, "v1.2.3", "v2.0.0-rc.1"} {
		w, err := Render(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range lint(t, w, true) {
			t.Errorf("actionlint, version %s: %s:%d:%d: %s [%s]", v, e.Filepath, e.Line, e.Column, e.Message, e.Kind)
		}
	}
}

// The same check fails on a broken workflow: the test above can fail.
func TestActionlintCatchesBrokenWorkflows(t *testing.T) {
	good, err := Render(Version)
	if err != nil {
		t.Fatal(err)
	}
	breaks := map[string][2]string{
		"unknown permission":  {"pages: write", "pages: admin"},
		"undefined context":   {"github.event.repository.name", "github.repo.name"},
		"job without runs-on": {"    name: codal lint\n    if: github.event_name == 'pull_request'\n    runs-on: ubuntu-latest\n", "    name: codal lint\n    if: github.event_name == 'pull_request'\n"},
		"unknown need":        {"needs: site", "needs: build"},
		"bad event":           {"  pull_request:\n", "  pull_requests:\n"},
	}
	for name, b := range breaks {
		if !bytes.Contains(good, []byte(b[0])) {
			t.Fatalf("%s: %q is not in the workflow", name, b[0])
		}
		broken := bytes.Replace(good, []byte(b[0]), []byte(b[1]), 1)
		if errs := lint(t, broken, false); len(errs) == 0 {
			t.Errorf("%s: actionlint found nothing", name)
		}
	}
}

// Sanity of the test itself: a file that is not a workflow is an error.
func TestActionlintRejectsGarbage(t *testing.T) {
	if errs := lint(t, []byte("jobs: ["), false); len(errs) == 0 {
		t.Error("actionlint accepted garbage")
	}
	if !strings.HasPrefix(Path, ".github/workflows/") {
		t.Errorf("Path %q is not a workflow path", Path)
	}
}
