package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/registrytest"
)

// hostedDemo publishes the demo on a real git http-backend and clones it
// with codal init --from.
func hostedDemo(t *testing.T) (*registrytest.GitServer, string, string) {
	t.Helper()
	identify(t)
	seed := demoSource(t) // only published
	srv, err := registrytest.NewGitServer(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	url, err := srv.Publish(seed, "registre")
	if err != nil {
		t.Fatal(err)
	}
	reg := filepath.Join(t.TempDir(), "clone")
	if _, errOut, code := cli(t, "init", reg, "--from", url, "--keep-default"); code != 0 {
		t.Fatalf("clone: %s", errOut)
	}
	return srv, url, reg
}

// A pre-receive hook refuses every push, saying why with hostile bytes: the
// vote is kept, the commands say "refused" with the server's reason
// (cleaned), never "unreachable", and exit 1.
func TestRefusedPushIsRefusedNotUnreachable(t *testing.T) {
	srv, url, reg := hostedDemo(t)
	if err := srv.Hook("registre", "pre-receive", "#!/bin/sh\ncat >/dev/null\n"+
		"printf 'Votes closed \\033]52;c;ZXZpbA==\\007until Monday\\n' >&2\nexit 1\n"); err != nil {
		t.Fatal(err)
	}
	const why = "pre-receive hook declined (Votes closed ]52;c;ZXZpbA==until Monday)"

	out, errOut, code := cli(t, "--registry", reg, "--lang", "en", "request", "vote", "qualite-air", "--json")
	var w map[string]any
	if err := json.Unmarshal([]byte(out), &w); err != nil {
		t.Fatalf("JSON %q: %v", out, err)
	}
	wantReason := "the remote repository " + url + " refused the push: " + why
	if code != 1 || w["shared"] != false || w["refused"] != true || w["reason"] != wantReason || w["pending"] != 1.0 {
		t.Fatalf("vote: exit %d, %v, %q", code, w, errOut)
	}
	if sync := w["sync"].(map[string]any); sync["refused"] != true || sync["server_reason"] != why {
		t.Fatalf("sync object: %v", sync)
	}
	if errOut != "remote: Votes closed ]52;c;ZXZpbA==until Monday\n" {
		t.Fatalf("stderr %q", errOut)
	}

	_, errOut, code = cli(t, "--registry", reg, "--lang", "en", "request", "vote", "occupation-parkings")
	if code != 1 || !strings.Contains(errOut, "Saved locally, not shared yet: "+wantReason+". 2 change(s) waiting") {
		t.Fatalf("vote: exit %d, %q", code, errOut)
	}

	out, errOut, code = cli(t, "--registry", reg, "--lang", "en", "sync")
	if code != 1 || !strings.Contains(errOut, "codal: push refused: "+wantReason) || strings.Contains(errOut, "unreachable") || strings.Contains(errOut, "\x1b") {
		t.Fatalf("sync: exit %d, %q %q", code, out, errOut)
	}
	out, _, code = cli(t, "--registry", reg, "sync", "--json")
	w = nil
	json.Unmarshal([]byte(out), &w)
	if code != 1 || w["refused"] != true || w["server_reason"] != why || !strings.Contains(w["reason"].(string), why) {
		t.Fatalf("sync --json: exit %d, %v", code, w)
	}
	if n := gitc(t, reg, "rev-list", "--count", "origin/main..main"); n != "2" {
		t.Fatalf("%s commits pending, want 2", n)
	}
}

// init --from with a password in the URL: the password shows nowhere, in
// either language, on success or failure.
func TestInitFromNeverEchoesThePassword(t *testing.T) {
	_, url, _ := hostedDemo(t)
	withPass := strings.Replace(url, "http://", "http://alice:s3cr3t-pw@", 1)
	for _, lang := range []string{"fr", "en"} {
		reg := filepath.Join(t.TempDir(), "c")
		out, errOut, code := cli(t, "--lang", lang, "init", reg, "--from", withPass, "--keep-default")
		if code != 0 || strings.Contains(out+errOut, "s3cr3t") || !strings.Contains(errOut, "alice:xxxxx@") {
			t.Fatalf("%s: exit %d, %q %q", lang, code, out, errOut)
		}
		missing := strings.Replace(withPass, "/registre.git", "/nothing-here.git", 1)
		out, errOut, code = cli(t, "--lang", lang, "init", filepath.Join(t.TempDir(), "d"), "--from", missing, "--keep-default")
		if code == 0 || strings.Contains(out+errOut, "s3cr3t") {
			t.Fatalf("%s: exit %d, %q %q", lang, code, out, errOut)
		}
	}
}

// init --from a server whose side band is hostile, into a pipe: no escape
// sequence, no "\r" flood, just the codal lines.
func TestInitFromHostileServerIntoAPipe(t *testing.T) {
	srv, url, _ := hostedDemo(t)
	srv.InjectSideband([]byte("\x1b]52;c;ZXZpbA==\x07\x1b]0;pwned\x07\x1b[2J" + strings.Repeat("\r", 5000) + "\n"))
	reg := filepath.Join(t.TempDir(), "c")
	out, errOut, code := cli(t, "--lang", "en", "init", reg, "--from", url, "--keep-default")
	if code != 0 || errOut != "Cloning "+url+"…\n" || out != "Registry ready in "+reg+"\n" {
		t.Fatalf("exit %d, %q %q", code, out, errOut)
	}
}
