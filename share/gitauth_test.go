package share

import (
	"net/http"
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

// One rule says which URLs may carry the token, for Git and the REST API
// alike: https, the API's host or Git host, the API's port, no credentials
// in the URL.
func TestMayCarryToken(t *testing.T) {
	cases := []struct {
		api  string
		url  string
		want bool
	}{
		{DefaultAPI, "https://github.com/gpso/r.git", true},
		{DefaultAPI, "https://github.com:443/gpso/r.git", true},
		{DefaultAPI, "https://GitHub.com/gpso/r.git", true},
		{DefaultAPI, "https://api.github.com/user", true},
		{DefaultAPI, "http://github.com/gpso/r.git", false},       // in clear
		{DefaultAPI, "http://api.github.com/user", false},         // in clear, even to the API host
		{DefaultAPI, "https://github.com:8443/gpso/r.git", false}, // another port of the host
		{DefaultAPI, "https://github.com:80/gpso/r.git", false},
		{DefaultAPI, "https://gitlab.com/gpso/r.git", false},                // another host
		{DefaultAPI, "https://github.com.evil.example/gpso/r.git", false},   // look-alike
		{DefaultAPI, "https://moi:secret@github.com/gpso/r.git", false},     // user-info
		{DefaultAPI, "https://x-access-token@github.com/gpso/r.git", false}, // user name only
		{DefaultAPI, "ssh://git@github.com/gpso/r.git", false},
		{DefaultAPI, "git@github.com:gpso/r.git", false},
		{DefaultAPI, "/srv/git/registre.git", false},
		{DefaultAPI, "file:///srv/git/registre.git", false},
		// GitHub Enterprise: API and Git on the same host and port.
		{"https://ghe.example/api/v3", "https://ghe.example/acme/r.git", true},
		{"https://ghe.example/api/v3", "https://ghe.example:443/acme/r.git", true},
		{"https://ghe.example/api/v3", "https://ghe.example:8443/acme/r.git", false},
		{"https://ghe.example/api/v3", "http://ghe.example/acme/r.git", false},
		{"https://ghe.example/api/v3", "https://github.com/acme/r.git", false},
		{"https://ghe.example:8443/", "https://ghe.example:8443/acme/r.git", true},
		{"https://ghe.example:8443/", "https://ghe.example/acme/r.git", false},
		// A test API in clear on a loopback address: its own scheme and port only.
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/acme/r.git", true},
		{"http://127.0.0.1:8080", "http://127.0.0.1:9090/acme/r.git", false},
		{"http://127.0.0.1:8080", "https://127.0.0.1:8080/acme/r.git", false},
	}
	for _, c := range cases {
		api, err := ParseAPI(c.api)
		if err != nil {
			t.Fatal(err)
		}
		if got := api.MayCarryToken(c.url); got != c.want {
			t.Errorf("API %s: MayCarryToken(%q) = %v, want %v", c.api, c.url, got, c.want)
		}
	}
}

// The Git side follows the rule: no token over plain http or to another
// port of the GitHub host (share compared host names only).
func TestGitAuthChecksSchemeAndPort(t *testing.T) {
	t.Setenv("GH_TOKEN", "jeton-secret")
	api, err := ParseAPI("https://ghe.example/api/v3")
	if err != nil {
		t.Fatal(err)
	}
	auth := GitAuth(api)
	if _, pw, ok := auth("https://ghe.example/acme/r.git"); !ok || pw != "jeton-secret" {
		t.Fatal("no token for the Enterprise host itself")
	}
	for _, other := range []string{"http://ghe.example/acme/r.git", "https://ghe.example:8443/acme/r.git"} {
		if _, _, ok := auth(other); ok {
			t.Errorf("auth(%q) gives credentials, want none", other)
		}
	}
}

// share's own pushes follow the same rule (they compared host names only,
// so the token went over plain http or to another port of the host).
func TestSharePushAuthFollowsTheRule(t *testing.T) {
	api, err := ParseAPI(DefaultAPI)
	if err != nil {
		t.Fatal(err)
	}
	s := &session{Options: Options{Token: NewToken("jeton-secret", "test")}, api: api}
	auth := s.auth()
	if _, pw, ok := auth("https://github.com/acme/registre.git"); !ok || pw != "jeton-secret" {
		t.Fatal("no token for github.com")
	}
	for _, other := range []string{
		"http://github.com/acme/registre.git",
		"https://github.com:8443/acme/registre.git",
		"https://alice:pw@github.com/acme/registre.git",
	} {
		if _, _, ok := auth(other); ok {
			t.Errorf("auth(%q) gives credentials, want none", other)
		}
	}
}

// The REST client's transport follows the rule too: a request for the API
// host in clear, or on another port, goes without the token.
func TestRESTTokenFollowsTheRule(t *testing.T) {
	api, err := ParseAPI(DefaultAPI)
	if err != nil {
		t.Fatal(err)
	}
	var seen string
	tr := &tokenTransport{api: api, token: "jeton-secret", base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = r.Header.Get("Authorization")
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
	})}
	for url, want := range map[string]string{
		"https://api.github.com/user":      "Bearer jeton-secret",
		"http://api.github.com/user":       "",
		"https://api.github.com:8443/user": "",
		"https://evil.example/user":        "",
	} {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if _, err := tr.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if seen != want {
			t.Errorf("%s: Authorization %q, want %q", url, seen, want)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
