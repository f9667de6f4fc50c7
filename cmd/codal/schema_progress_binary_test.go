package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/registrytest"
)

// TestSchemaValidateProgressOnTerminal runs the real binary on a terminal
// (script(1) gives it one) reading 2 million generated rows from standard
// input: the progress line shows, rewritten with \r, and is cleared before
// the summary; with --json, or when standard error is a pipe, it never
// shows.
func TestSchemaValidateProgressOnTerminal(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("builds the binary: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) is not installed")
	}
	dir := t.TempDir()
	bin, gen := filepath.Join(dir, "codal"), filepath.Join(dir, "codal-gen-csv")
	goBuild(t, bin, ".")
	goBuild(t, gen, "../../schemas/schemastest/cmd/codal-gen-csv")
	isolate(t)
	reg, err := filepath.Abs(demo)
	if err != nil {
		t.Fatal(err)
	}
	pipeline := gen + " -stream -rows 2000000 | " + bin + " --registry " + reg + " schema validate scdl-subventions -"
	out, err := exec.Command(script, "-qec", pipeline, "/dev/null").CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%q", err, out)
	}
	s := string(out)
	line := regexp.MustCompile(`\r[0-9\x{202f}]+ lignes lues \([0-9\x{202f}]+ lignes/s\)`)
	if !line.MatchString(s) {
		t.Fatalf("no progress line on a terminal:\n%q", s)
	}
	summary := strings.Index(s, "valide : 2000000 lignes conformes")
	last := strings.LastIndex(s, " lignes lues ")
	if summary < 0 || last > summary || !strings.Contains(s[last:summary], "\r") || strings.Contains(strings.TrimSpace(s[strings.LastIndex(s[:summary], "\r")+1:summary]), "lignes") {
		t.Fatalf("progress line not cleared before the summary:\n%q", s)
	}

	out, err = exec.Command(script, "-qec", pipeline+" --json", "/dev/null").CombinedOutput()
	if err != nil || strings.Contains(string(out), "lignes lues") || !strings.Contains(string(out), `"rows": 2000000`) {
		t.Fatalf("--json on a terminal: %v\n%q", err, out)
	}
	cmd := exec.Command("sh", "-c", pipeline)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || strings.Contains(stderr.String(), "\r") || !strings.Contains(stderr.String(), "valide : 2000000 lignes") {
		t.Fatalf("standard error a pipe: %v\n%q", err, stderr.String())
	}
}
