package share

import (
	"testing"
)

func TestGitAuthSendsTheTokenToTheGitHubHostOnly(t *testing.T) {
	t.Setenv("GH_TOKEN", "jeton-secret")
	api, err := ParseAPI(DefaultAPI)
	if err != nil {
		t.Fatal(err)
	}
	auth := GitAuth(api)
	user, password, ok := auth("https://github.com/gpso/registre-codal.git")
	if !ok || user != "x-access-token" || password != "jeton-secret" {
		t.Fatalf("auth for github.com: %q %q %v", user, password, ok)
	}
	for _, other := range []string{
		"https://gitlab.com/gpso/registre.git",       // another host
		"http://github.com/gpso/registre.git",        // not https
		"https://github.com.evil.example/gpso/r.git", // look-alike host
		"https://moi:secret@github.com/gpso/r.git",   // credentials already in the URL
		"/srv/git/registre.git",                      // a local path
		"git@github.com:gpso/registre.git",           // SSH: the agent's keys
	} {
		if user, password, ok := auth(other); ok || user != "" || password != "" {
			t.Errorf("auth(%q) = %q %q %v, want none", other, user, password, ok)
		}
	}
}

func TestGitAuthWithoutTokenGivesNone(t *testing.T) {
	t.Setenv("GH_TOKEN", "")
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("PATH", t.TempDir())
	api, _ := ParseAPI(DefaultAPI)
	if user, password, ok := GitAuth(api)("https://github.com/gpso/r.git"); ok || password != "" {
		t.Errorf("auth without a token: %q %q %v", user, password, ok)
	}
}
