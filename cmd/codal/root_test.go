package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/i18n"
)

// TestCommandNamesAreTheirs: the names each command registers with (what
// calledCommand matches) are the name and aliases of the command it builds.
func TestCommandNamesAreTheirs(t *testing.T) {
	a := &app{lang: i18n.FR, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, now: clock}
	for _, c := range commands {
		cmd := c.new(a)
		if want := append([]string{cmd.Name()}, cmd.Aliases...); !slices.Equal(c.names, want) {
			t.Errorf("a command registered as %q is %q", c.names, want)
		}
	}
}

// treeRun is run with the command tree built for args alone (lazy, as run
// builds it) or whole.
func treeRun(t *testing.T, args []string, lazy bool) string {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, now: clock}
	if lazy {
		a.args = args
	}
	a.cfg, a.cfgErr = config.Load()
	lang, err := chooseLang(args, a.cfg.Lang)
	a.lang = lang
	if err != nil {
		t.Fatal(err)
	}
	root := newRoot(a)
	if n := len(root.Commands()); lazy && calledCommand(args) != "" && n != 3 { // the command, help, completion
		t.Errorf("%q: the lazy tree holds %d commands", args, n)
	}
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	code := report(a.stderr, translateCobra(root.Execute(), a), a.lang)
	return out.String() + "\x00stderr\x00" + errb.String() + "\x00code " + string(rune('0'+code))
}

// TestLazyTreeIsTheTree: every command's and subcommand's help, and the
// error of an unknown flag (nothing is run), print
// the same bytes and exit code from the tree run builds for them alone as
// from the whole tree, in French and in English, with the root's flags
// before the name or after it.
func TestLazyTreeIsTheTree(t *testing.T) {
	isolate(t)
	a := &app{lang: i18n.FR, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, now: clock}
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		for _, sub := range c.Commands() {
			p := append(slices.Clone(path), sub.Name())
			paths = append(paths, p)
			walk(sub, p)
		}
	}
	walk(newRoot(a), nil)
	if len(paths) < 30 {
		t.Fatalf("only %d commands found", len(paths))
	}
	paths = append(paths, []string{"requests"}, []string{"demandes", "vote"})
	for _, p := range paths {
		for _, extra := range [][]string{{"--help"}, {"--lang", "en", "--help"}, {"--nope"}, {"--lang=en", "--nope", "x"}} {
			for _, before := range [][]string{nil, {"--lang", "en", "--registry", "/nulle/part"}} {
				args := slices.Concat(before, p, extra)
				if lazy, full := treeRun(t, args, true), treeRun(t, args, false); lazy != full {
					t.Fatalf("%q: the lazy tree prints\n%s\nthe whole tree\n%s", args, lazy, full)
				}
			}
		}
	}
	for _, args := range [][]string{{"--help"}, {"--version"}, {"lsit"}, {"help", "list"}, {"--registry"}, {"--no-index", "list", "--help"}, {"--lang", "en", "liste"}} {
		if got := calledCommand(args); got != "" && args[0] != "--no-index" {
			t.Errorf("%q: calledCommand %q", args, got)
		}
		if lazy, full := treeRun(t, args, true), treeRun(t, args, false); lazy != full {
			t.Fatalf("%q: the lazy tree prints\n%s\nthe whole tree\n%s", args, lazy, full)
		}
	}
}
