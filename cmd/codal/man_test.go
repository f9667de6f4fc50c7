package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

// codal man DIR writes one well-formed English page per command, hidden
// commands excepted, and stays out of the help.
func TestManPages(t *testing.T) {
	isolate(t)
	t.Setenv("SOURCE_DATE_EPOCH", "1780000000") // 2026-05-28: reproducible dates
	dir := filepath.Join(t.TempDir(), "man")
	if _, errOut, code := cli(t, "man", dir); code != 0 {
		t.Fatalf("codal man: exit %d %s", code, errOut)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	th := regexp.MustCompile(`^\.TH "CODAL" "1" "May 2026" "codal [^"]+" "codal manual"$`)
	pages := map[string]bool{}
	for _, e := range entries {
		pages[e.Name()] = true
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		if !strings.HasSuffix(e.Name(), ".1") || len(lines) < 4 || lines[0] != ".nh" || !th.MatchString(lines[1]) {
			t.Errorf("%s: no roff header: %q", e.Name(), lines[:min(2, len(lines))])
			continue
		}
		name := strings.TrimSuffix(e.Name(), ".1")
		text := string(data)
		if !strings.Contains(text, ".SH NAME\n"+strings.ReplaceAll(name, "-", `\-`)+` \- `) && !strings.Contains(text, ".SH NAME\n"+name+" - ") {
			t.Errorf("%s: NAME section does not name %s:\n%.300s", e.Name(), name, text)
		}
		if !strings.Contains(text, ".SH SYNOPSIS") {
			t.Errorf("%s: no SYNOPSIS", e.Name())
		}
		if strings.Contains(text, "Auto generated") || strings.ContainsAny(text, "\x1b") {
			t.Errorf("%s: generator footer or control character", e.Name())
		}
	}
	for _, want := range []string{"codal.1", "codal-init.1", "codal-list.1", "codal-request-vote.1", "codal-lint.1", "codal-completion-bash.1"} {
		if !pages[want] {
			t.Errorf("no %s in %v", want, pages)
		}
	}
	if pages["codal-man.1"] || pages["codal-help.1"] {
		t.Errorf("pages for hidden commands: %v", pages)
	}
	root, _ := os.ReadFile(filepath.Join(dir, "codal.1"))
	if !strings.Contains(string(root), "The CODAL toolbox of Grand Paris Seine Ouest") {
		t.Errorf("codal.1 is not in English:\n%.400s", root)
	}
	out, _, _ := cli(t, "--help")
	if strings.Contains(out, "\n  man ") {
		t.Errorf("man is listed in the help:\n%s", out)
	}
}

// The pages are valid roff: groff formats them all without a warning, and
// man(1) shows a page as expected (skipped where they are not installed).
func TestManPagesFormatWithoutWarnings(t *testing.T) {
	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Skip("no groff here")
	}
	isolate(t)
	dir := filepath.Join(t.TempDir(), "man")
	if _, errOut, code := cli(t, "man", dir); code != 0 {
		t.Fatalf("codal man: exit %d %s", code, errOut)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "*.1"))
	if len(pages) < 10 {
		t.Fatalf("%d pages", len(pages))
	}
	cmd := exec.Command(groff, append([]string{"-man", "-Tutf8", "-ww", "-z"}, pages...)...)
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("groff: %v\n%s", err, out)
	}
	manBin, err := exec.LookPath("man")
	if err != nil {
		return
	}
	cmd = exec.Command(manBin, "-l", filepath.Join(dir, "codal-request-vote.1"))
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "MANWIDTH=200")
	vote, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"codal-request-vote - Support", "--as=", "--offline[=false]", "--registry=", "codal request vote budget-climat --as meudon"} {
		if !strings.Contains(string(vote), want) {
			t.Errorf("codal-request-vote(1) lacks %q:\n%s", want, vote)
		}
	}
}

// Every codal process initialises the packages it links: the man pages'
// writer must not bring a Markdown parser (cobra/doc → go-md2man →
// blackfriday) into the process's start for one hidden command.
func TestManWriterLinksNoMarkdown(t *testing.T) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("no build information")
	}
	for _, m := range info.Deps {
		if m.Path == "github.com/cpuguy83/go-md2man/v2" || m.Path == "github.com/russross/blackfriday/v2" {
			t.Errorf("codal links %s", m.Path)
		}
	}
}
