package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/registry/registrytest"
)

// renderingStack are the packages only the app and codal site need, whose
// package initialisation the lean build (-tags lean) spares every CLI start.
var renderingStack = []string{
	"github.com/gpso/codal/tui",
	"github.com/gpso/codal/site",
	"github.com/alecthomas/chroma/v2/lexers",
	"github.com/alecthomas/chroma/v2/styles",
	"github.com/yuin/goldmark",
	"github.com/microcosm-cc/bluemonday",
	"charm.land/glamour/v2",
	"charm.land/bubbletea/v2",
	// codal mcp's server (round 18): handed to codal-app as well
	"github.com/modelcontextprotocol/go-sdk/mcp",
	"github.com/google/jsonschema-go/jsonschema",
}

// goBuild builds the package pkg into out with the go command's extra flags
// (-tags lean); before isolate, which moves HOME and with it Go's build
// cache.
func goBuild(tb testing.TB, out, pkg string, flags ...string) {
	tb.Helper()
	args := append(append([]string{"build"}, flags...), "-o", out, pkg)
	if b, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		tb.Fatalf("go %v: %v\n%s", args, err, b)
	}
}

func goListDeps(t *testing.T, tags ...string) map[string]bool {
	t.Helper()
	args := append([]string{"list", "-deps"}, tags...)
	out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps %v: %v\n%s", tags, err, out)
	}
	deps := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		deps[p] = true
	}
	return deps
}

// TestLeanBuildLinksNoRenderingStack: the full build links the rendering
// stack, the lean one none of it.
func TestLeanBuildLinksNoRenderingStack(t *testing.T) {
	full, lean := goListDeps(t), goListDeps(t, "-tags", "lean")
	for _, p := range renderingStack {
		if !full[p] {
			t.Errorf("the full build does not link %s: this test's list is stale", p)
		}
		if lean[p] {
			t.Errorf("the lean build links %s", p)
		}
	}
}

// TestLeanHandsAppAndSiteToCodalApp builds the pair as the packages ship it
// (codal -tags lean, codal-app the full build, side by side) and runs codal
// site and the app through the lean codal: codal-app does the work; without
// it, or with a lean build in its place, one sentence and exit 1.
func TestLeanHandsAppAndSiteToCodalApp(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("builds the binary twice: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	dir := t.TempDir()
	lean, app := filepath.Join(dir, "codal"), filepath.Join(dir, "codal-app")
	goBuild(t, lean, ".", "-tags", "lean")
	goBuild(t, app, ".")
	isolate(t)
	t.Setenv("PATH", "/usr/bin:/bin") // no other codal-app than the one beside codal
	run := func(args ...string) (string, int) {
		t.Helper()
		out, err := exec.Command(lean, args...).CombinedOutput()
		code := 0
		if e, ok := err.(*exec.ExitError); ok {
			code = e.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	site := filepath.Join(dir, "site")
	if out, code := run("site", site); code != 0 {
		t.Fatalf("codal site through codal-app: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(site, "index.html")); err != nil {
		t.Fatalf("codal site through codal-app wrote no index.html: %v", err)
	}
	if out, code := run("--lang", "en", "site", "--help"); code != 0 || !strings.Contains(out, "--feed-days") {
		t.Errorf("codal site --help in the lean build: exit %d\n%s", code, out)
	}
	// codal mcp through codal-app (round 18): the lean build links no MCP
	// SDK; its help is the lean build's own, the server codal-app's.
	if out, code := run("--lang", "en", "mcp", "--help"); code != 0 || !strings.Contains(out, "--allow-writes") {
		t.Errorf("codal mcp --help in the lean build: exit %d\n%s", code, out)
	}
	mini, err := filepath.Abs(mini)
	if err != nil {
		t.Fatal(err)
	}
	mcpCmd := exec.Command(lean, "--registry", mini, "mcp")
	mcpIn, _ := mcpCmd.StdinPipe()
	mcpOut, _ := mcpCmd.StdoutPipe()
	if err := mcpCmd.Start(); err != nil {
		t.Fatal(err)
	}
	io.WriteString(mcpIn, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}`+"\n")
	first, _ := bufio.NewReader(mcpOut).ReadString('\n') // the answer, before the input closes
	mcpIn.Close()
	if err := mcpCmd.Wait(); err != nil || !strings.Contains(first, `"serverInfo":{"name":"codal"`) {
		t.Errorf("codal mcp through codal-app: %v\n%s", err, first)
	}

	if _, err := exec.LookPath("tmux"); err == nil {
		sock := filepath.Join(dir, "tmux.sock")
		tm := func(args ...string) string {
			out, _ := exec.Command("tmux", append([]string{"-S", sock}, args...)...).CombinedOutput()
			return string(out)
		}
		defer tm("kill-server")
		tm("new-session", "-d", "-s", "lean", "-x", "100", "-y", "30", "env TERM=xterm-256color "+lean+"; sleep 30")
		var screen string
		for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			if screen = tm("capture-pane", "-p", "-t", "lean"); strings.Contains(screen, "1 Annuaire") {
				break
			}
		}
		if !strings.Contains(screen, "1 Annuaire") {
			t.Errorf("the lean codal on a terminal did not bring up the app:\n%s", screen)
		}
	}

	// Without codal-app: one sentence, exit 1, nothing written.
	if err := os.Remove(app); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "site2")
	out, code := run("--lang", "en", "site", other)
	if code != 1 || !strings.Contains(out, "codal-app, found neither beside") || strings.Count(strings.TrimSpace(out), "\n") != 0 {
		t.Errorf("codal site without codal-app: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Errorf("codal site without codal-app left %s (%v)", other, err)
	}
	// A lean build in codal-app's place does not start itself again.
	b, err := os.ReadFile(lean)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(app, b, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, code := run("--lang", "en", "site", other); code != 1 || !strings.Contains(out, "is a lean build of codal") {
		t.Errorf("codal site with a lean codal-app: exit %d\n%s", code, out)
	}
}

// TestFullBuildClearsTheHandOverMark: a full build started with the lean
// build's hand-over mark (as codal-app is) clears it at start, so that a
// codal run from inside the app hands over again instead of refusing. The
// test binary is a full build: it runs itself with the mark set.
func TestFullBuildClearsTheHandOverMark(t *testing.T) {
	if os.Getenv("CODAL_TEST_REPORT_MARK") == "1" {
		fmt.Printf("mark=%q\n", os.Getenv(handedEnv))
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFullBuildClearsTheHandOverMark$")
	cmd.Env = append(os.Environ(), "CODAL_TEST_REPORT_MARK=1", handedEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), `mark=""`) {
		t.Fatalf("the full build kept the hand-over mark: %v\n%s", err, out)
	}
}
