package main

import (
	"strings"
	"testing"
)

// TestWriteCommandsGuardReadOnlyFirst: every command that writes runs the
// one guard (a.writer): a plain folder is read-only, said before anything
// else, whoever the user is (unknown here). codal share used to ask for the
// identity first.
func TestWriteCommandsGuardReadOnlyFirst(t *testing.T) {
	isolate(t)
	t.Setenv("CODAL_NAME", "")
	t.Setenv("CODAL_EMAIL", "")
	t.Setenv("CODAL_ACTOR", "")
	t.Setenv("GIT_CONFIG_GLOBAL", "/dev/null")
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, args := range [][]string{
		{"request", "vote", "budget-climat"},
		{"snippet", "add", "--title", "x", "cli_test.go"},
		{"share", "actors/sevres"},
		{"sync"},
	} {
		_, errOut, code := cli(t, append([]string{"--registry", mini}, args...)...)
		if code == 0 || !strings.Contains(errOut, "registre est en lecture seule") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
}
