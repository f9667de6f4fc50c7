package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// zeros is an endless input, as /dev/zero or a runaway pipe.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// assertNothingCommitted fails when the registry's HEAD moved or its work
// tree changed.
func assertNothingCommitted(t *testing.T, reg, head string) {
	t.Helper()
	if got := gitc(t, reg, "rev-parse", "HEAD"); got != head {
		t.Errorf("HEAD moved: %s, was %s", got, head)
	}
	if st := gitc(t, reg, "status", "--porcelain", "--untracked-files=all"); st != "" {
		t.Errorf("the work tree changed:\n%s", st)
	}
}

func TestRequestDescriptionIsReadThroughTheSizeLimit(t *testing.T) {
	identify(t)
	reg := demoRegistry(t)
	head := gitc(t, reg, "rev-parse", "HEAD")
	big := filepath.Join(t.TempDir(), "big.md")
	if err := os.WriteFile(big, bytes.Repeat([]byte("x"), 4<<20-10), 0o644); err != nil {
		t.Fatal(err)
	}
	newArgs := []string{"--lang", "en", "--registry", reg, "request", "new", "--title", "Arbres", "--to", "gpso", "--description-file"}
	cases := []struct {
		name  string
		file  string
		stdin func() *os.File
		want  string
	}{
		{name: "/dev/zero", file: "/dev/zero", want: "/dev/zero is too large: a registry file is at most 4 MiB"},
		{name: "endless stdin", file: "-", want: "standard input is too large: a registry file is at most 4 MiB"},
		{name: "just under the limit", file: big, want: "over the registry's limit (4 MiB): shorten the description"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.file == "/dev/zero" {
				if _, err := os.Stat(c.file); err != nil {
					t.Skip(err)
				}
			}
			var out, errb bytes.Buffer
			start := time.Now()
			code := run(append(newArgs, c.file), zeros{}, &out, &errb)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			msg := strings.TrimSpace(errb.String())
			if code == 0 || !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
				t.Errorf("exit %d, stderr %q; want one sentence with %q", code, msg, c.want)
			}
			assertNothingCommitted(t, reg, head)
		})
	}
}

func TestSnippetAddRefusesControlCharacters(t *testing.T) {
	_, dir := shareSetup(t)
	py := writeTemp(t, "ok.py", []byte("print(1)\n"))
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"OSC 52 in the description", []string{"--title", "X", "--description", "Voir\x1b]52;c;ZWNobyBwd25lZA==\a"}, "the field description contains a control character (U+001B): remove it"},
		{"screen clear in the title", []string{"--title", "X\x1b[2J", "--description", "ok"}, "the field title contains a control character (U+001B): remove it"},
		{"bidi override in the description", []string{"--title", "X", "--description", "abc\u202eexe.txt"}, "the field description contains a control character (U+202E): remove it"},
		{"C1 in a tag", []string{"--title", "X", "--tag", "sig\u009b31m"}, "the field tags contains a control character (U+009B): remove it"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, rc := cli(t, append([]string{"--lang", "en", "--registry", dir, "snippet", "add", py}, c.args...)...)
			msg := strings.TrimSpace(errOut)
			if rc == 0 || msg != "codal: "+c.want {
				t.Errorf("exit %d, stderr %q; want %q", rc, msg, c.want)
			}
			assertUntouched(t, dir)
		})
	}
}
