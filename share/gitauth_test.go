package share

import (
	"testing"

	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

func TestGitAuthSendsTheTokenToTheGitHubHostOnly(t *testing.T) {
	t.Setenv("GH_TOKEN", "jeton-secret")
	api, err := ParseAPI(DefaultAPI)
	if err != nil {
		t.Fatal(err)
	}
	auth := GitAuth(api)
	got, ok := auth("https://github.com/gpso/registre-codal.git").(*githttp.BasicAuth)
	if !ok || got.Username != "x-access-token" || got.Password != "jeton-secret" {
		t.Fatalf("auth for github.com: %#v", got)
	}
	for _, other := range []string{
		"https://gitlab.com/gpso/registre.git",       // another host
		"http://github.com/gpso/registre.git",        // not https
		"https://github.com.evil.example/gpso/r.git", // look-alike host
		"https://moi:secret@github.com/gpso/r.git",   // credentials already in the URL
		"/srv/git/registre.git",                      // a local path
		"git@github.com:gpso/registre.git",           // SSH: the agent's keys
	} {
		if a := auth(other); a != nil {
			t.Errorf("auth(%q) = %#v, want none", other, a)
		}
	}
}

func TestGitAuthWithoutTokenGivesNone(t *testing.T) {
	t.Setenv("GH_TOKEN", "")
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("PATH", t.TempDir())
	api, _ := ParseAPI(DefaultAPI)
	if a := GitAuth(api)("https://github.com/gpso/r.git"); a != nil {
		t.Errorf("auth without a token: %#v", a)
	}
}
