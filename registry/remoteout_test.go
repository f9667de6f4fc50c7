package registry

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/store"
)

// hostileSideband is what a hostile Git server sends on its side band: git's
// own progress rewritten with "\r", an OSC 52 clipboard write, a colour, a
// window-title change, a C1 CSI clearing the screen, an invalid byte, a "\r"
// flood and a bidirectional override.
var hostileSideband = "Counting objects:  50% (1/2)\rCounting objects: 100% (2/2)\rCounting objects: 100% (2/2), done.\n" +
	"\x1b]52;c;ZXZpbA==\x07Votes \x1b[31mclosed\x1b[0m\r\n" +
	"\x1b]0;pwned\x07title\u009b2J\xff" + strings.Repeat("\r", 1000) + "last \u202eline\n"

func TestRemoteOutputOffATerminalKeepsCleanMessagesOnly(t *testing.T) {
	var buf bytes.Buffer
	o := NewRemoteOutput(&buf, false)
	// Byte by byte, as the side band may split anything anywhere.
	for i := 0; i < len(hostileSideband); i++ {
		o.Write([]byte{hostileSideband[i]})
	}
	o.Flush()
	want := "remote: Counting objects: 100% (2/2), done.\n" +
		"remote: ]52;c;ZXZpbA==Votes [31mclosed[0m\n" +
		"remote: last line\n"
	if buf.String() != want {
		t.Fatalf("output:\n%q\nwant\n%q", buf.String(), want)
	}
	if got := o.Messages(); len(got) != 3 || got[1] != "]52;c;ZXZpbA==Votes [31mclosed[0m" {
		t.Fatalf("messages %q", got)
	}
}

func TestRemoteOutputOnATerminalUpdatesOneLine(t *testing.T) {
	var buf bytes.Buffer
	o := NewRemoteOutput(&buf, true)
	o.Write([]byte(hostileSideband))
	o.Flush()
	const clear = "\r\x1b[K"
	want := clear + "remote: Counting objects:  50% (1/2)" +
		clear + "remote: Counting objects: 100% (2/2)" +
		clear + "remote: Counting objects: 100% (2/2), done.\n" +
		"remote: ]52;c;ZXZpbA==Votes [31mclosed[0m\n" +
		clear + "remote: ]0;pwnedtitle2J\uFFFD" +
		clear + "remote: last line\n"
	if buf.String() != want {
		t.Fatalf("output:\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestRemoteOutputIsBounded(t *testing.T) {
	var buf bytes.Buffer
	o := NewRemoteOutput(&buf, false)
	o.Write(bytes.Repeat([]byte("x"), 1<<20)) // one endless line
	o.Write([]byte(strings.Repeat("spam\n", 10000)))
	o.Flush()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != remoteLinesMax+1 || lines[len(lines)-1] != "remote: … (+9901)" {
		t.Fatalf("%d lines, last %q", len(lines), lines[len(lines)-1])
	}
	if len(lines[0]) > remoteShownMax+20 {
		t.Fatalf("first line is %d bytes", len(lines[0]))
	}
	if len(o.Messages()) != remoteReasonMax {
		t.Fatalf("%d messages kept", len(o.Messages()))
	}
}

// controlFree reports whether s holds no control character but newlines
// and codal's own "erase the line" sequence.
func controlFree(s string) bool {
	s = strings.ReplaceAll(s, "\r\x1b[K", "")
	for _, r := range s {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return false
		}
	}
	return true
}

// A real git http-backend whose upload-pack answers carry a hostile side
// band: clone and fetch print it cleaned on a terminal, and nothing at all
// into a pipe.
func TestHostileSidebandOnCloneAndFetch(t *testing.T) {
	isolateGit(t)
	h := host(t, smallRegistry())
	h.srv.InjectSideband([]byte("\x1b]52;c;ZXZpbA==\x07pwned \x1b[2J\n" + strings.Repeat("\r", 500) + "flood\r"))
	const cleaned = "remote: ]52;c;ZXZpbA==pwned [2J\n"

	var term bytes.Buffer
	r, err := Clone(context.Background(), h.url, filepath.Join(t.TempDir(), "clone"), NewRemoteOutput(&term, true))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(term.String(), cleaned) || !controlFree(term.String()) || strings.Count(term.String(), "\r") > 50 {
		t.Fatalf("clone on a terminal printed %q", term.String())
	}

	var pipe bytes.Buffer
	if _, err := Clone(context.Background(), h.url, filepath.Join(t.TempDir(), "clone2"), NewRemoteOutput(&pipe, false)); err != nil {
		t.Fatal(err)
	}
	if pipe.Len() != 0 {
		t.Fatalf("clone into a pipe printed %q", pipe.String())
	}

	// Another clone pushes, so that the fetch has something to bring.
	other := h.clone(t)
	write(t, other, change("Vote", "requests/budget/votes/vanves.yaml", "need: useful\n"), store.WriteOptions{})
	term.Reset()
	r.Remote = NewRemoteOutput(&term, true)
	if err := r.Fetch(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(term.String(), cleaned) || !controlFree(term.String()) {
		t.Fatalf("fetch on a terminal printed %q", term.String())
	}
	write(t, other, change("Vote 2", "requests/budget/votes/gpso.yaml", "need: useful\n"), store.WriteOptions{})
	pipe.Reset()
	r.Remote = NewRemoteOutput(&pipe, false)
	if err := r.Fetch(context.Background()); err != nil {
		t.Fatal(err)
	}
	if pipe.Len() != 0 {
		t.Fatalf("fetch into a pipe printed %q", pipe.String())
	}
}

// A pre-receive hook that refuses the push, explaining why with hostile
// bytes: the write is refused (not "unreachable"), with the server's reason
// cleaned, and the commit stays pending.
func TestRefusedPushSaysWhyAndKeepsTheCommit(t *testing.T) {
	serverSuite(t)
	isolateGit(t)
	h := host(t, smallRegistry())
	if err := h.srv.Hook("registre", "pre-receive", "#!/bin/sh\ncat >/dev/null\n"+
		"printf '\\033]52;c;ZXZpbA==\\007Votes closed\\033[2J\\r\\n' >&2\nprintf 'Ask gpso\\n'\nexit 1\n"); err != nil {
		t.Fatal(err)
	}
	r := h.clone(t)
	var out bytes.Buffer
	r.Remote = NewRemoteOutput(&out, false)
	res := write(t, r, change("Vote", "requests/budget/votes/vanves.yaml", "need: useful\n"), store.WriteOptions{})
	s := res.Sync
	const why = "pre-receive hook declined (]52;c;ZXZpbA==Votes closed[2J / Ask gpso)"
	if s.Shared || !s.Refused || s.ServerReason != why || s.Attempts != 1 || s.State.Ahead != 1 {
		t.Fatalf("sync %+v", s)
	}
	if got, want := s.Reason.In(i18n.EN), "the remote repository "+h.url+" refused the push: "+why; got != want {
		t.Fatalf("reason %q\nwant   %q", got, want)
	}
	if got := out.String(); got != "remote: ]52;c;ZXZpbA==Votes closed[2J\nremote: Ask gpso\n" {
		t.Fatalf("printed %q", got)
	}
	if h.remoteFile(t, "requests/budget/votes/vanves.yaml") != "" {
		t.Fatal("the refused vote reached the remote")
	}
	assertClean(t, r)
	// Sync says the same, and the commit still waits.
	sres, err := r.Sync(context.Background(), false)
	if err != nil || !sres.Refused || sres.ServerReason != why || sres.State.Ahead != 1 {
		t.Fatalf("sync %+v %v", sres, err)
	}
}

// A branch that moves under every push attempt (a server-side hook commits
// on main first) ends as a refusal with the server's last word, not as an
// unreachable remote.
func TestPushRefusedAfterEveryAttempt(t *testing.T) {
	serverSuite(t)
	isolateGit(t)
	old := PushAttempts
	PushAttempts = 2
	t.Cleanup(func() { PushAttempts = old })
	h := host(t, smallRegistry())
	if err := h.srv.Hook("registre", "pre-receive", `#!/bin/sh
cat >/dev/null
unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
cur=$(git rev-parse refs/heads/main)
new=$(echo "someone else" | GIT_AUTHOR_NAME=x GIT_AUTHOR_EMAIL=x@example.org GIT_COMMITTER_NAME=x GIT_COMMITTER_EMAIL=x@example.org git commit-tree "$cur^{tree}" -p "$cur")
git update-ref refs/heads/main "$new" "$cur"
`); err != nil {
		t.Fatal(err)
	}
	r := h.clone(t)
	res := write(t, r, change("Vote", "requests/budget/votes/vanves.yaml", "need: useful\n"), store.WriteOptions{})
	s := res.Sync
	if s.Shared || !s.Refused || s.ServerReason == "" || s.Attempts != PushAttempts || s.State.Ahead != 1 {
		t.Fatalf("sync %+v (%v)", s, s.Reason)
	}
	if msg := s.Reason.In(i18n.EN); !strings.Contains(msg, "refused each of 2 sends") || !strings.Contains(msg, s.ServerReason) {
		t.Fatalf("reason %q", msg)
	}
	assertClean(t, r)
}

// A password in a clone URL never shows: not in the error, not in the
// progress.
func TestCloneNeverEchoesAPassword(t *testing.T) {
	isolateGit(t)
	h := host(t, smallRegistry())
	withPass := strings.Replace(h.srv.URL("nothing-here"), "http://", "http://alice:s3cr3t-pw@", 1)
	var out bytes.Buffer
	_, err := Clone(context.Background(), withPass, filepath.Join(t.TempDir(), "c"), NewRemoteOutput(&out, true))
	if err == nil {
		t.Fatal("clone of a missing repository succeeded")
	}
	var ie *i18n.Error
	if !errors.As(err, &ie) {
		t.Fatalf("error %T", err)
	}
	for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
		if msg := ie.In(l); strings.Contains(msg, "s3cr3t") || !strings.Contains(msg, "alice:xxxxx@") {
			t.Errorf("%s: %q", l, msg)
		}
	}
	if strings.Contains(out.String(), "s3cr3t") {
		t.Errorf("progress %q", out.String())
	}
}

func TestRedactURL(t *testing.T) {
	cases := map[string]string{
		"https://alice:s3cr3t@github.com/gpso/r.git": "https://alice:xxxxx@github.com/gpso/r.git",
		"https://ghp_token123@github.com/gpso/r.git": "https://xxxxx@github.com/gpso/r.git",
		"https://github.com/gpso/r.git":              "https://github.com/gpso/r.git",
		"git@github.com:gpso/r.git":                  "git@github.com:gpso/r.git",
		"ssh://git@github.com/gpso/r.git":            "ssh://git@github.com/gpso/r.git",
		"https://alice:p%zz@host/r.git":              "https://alice:xxxxx@host/r.git", // unparsable
		"https://alice:a b@host/r.git":               "https://alice:xxxxx@host/r.git",
		"/srv/git/r.git":                             "/srv/git/r.git",
	}
	for in, want := range cases {
		if got := store.RedactURL(in); got != want {
			t.Errorf("store.RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
