package share

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/gpso/codal/i18n"
)

func TestParseAPI(t *testing.T) {
	cases := []struct{ in, gitHost, host string }{
		{DefaultAPI, "github.com", "api.github.com"},
		{"https://github.example.org", "github.example.org", "github.example.org"},
		{"https://api.ghe.example.org/", "ghe.example.org", "api.ghe.example.org"},
		{"http://127.0.0.1:8080", "127.0.0.1", "127.0.0.1:8080"},
	}
	for _, c := range cases {
		a, err := ParseAPI(c.in)
		if err != nil || a.GitHost != c.gitHost || a.Host() != c.host {
			t.Errorf("ParseAPI(%q) = %+v, %v", c.in, a, err)
		}
	}
	for _, bad := range []string{"", "github.example.org", "ftp://x", "http://github.example.org"} {
		if _, err := ParseAPI(bad); err == nil {
			t.Errorf("ParseAPI(%q) accepted", bad)
		}
	}
	t.Setenv(EnvAPI, "")
	if APIURL("") != DefaultAPI || APIURL("https://conf.example") != "https://conf.example" {
		t.Error("APIURL without the variable")
	}
	t.Setenv(EnvAPI, "https://env.example")
	if APIURL("https://conf.example") != "https://env.example" {
		t.Error("CODAL_GITHUB_API should win over the configuration")
	}
}

// The token goes to the API's host only: not to another host a redirect
// leads to.
func TestTokenOnlyToTheAPIHost(t *testing.T) {
	var elsewhere string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere = r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"login":"x"}`))
	}))
	defer other.Close()
	var atAPI string
	apiSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atAPI = r.Header.Get("Authorization")
		http.Redirect(w, r, "http://localhost:"+strconv.Itoa(other.Listener.Addr().(*net.TCPAddr).Port)+"/user", http.StatusFound)
	}))
	defer apiSrv.Close()
	api, err := ParseAPI(apiSrv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewClient(api, "secret-token", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Users.Get(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	if atAPI != "Bearer secret-token" {
		t.Errorf("API host got %q", atAPI)
	}
	if elsewhere != "" {
		t.Errorf("the token followed the redirect to another host: %q", elsewhere)
	}
}

func TestParseRemoteURL(t *testing.T) {
	cases := []struct{ in, host, repo string }{
		{"https://github.com/acme/registre.git", "github.com", "acme/registre"},
		{"https://github.com/acme/registre", "github.com", "acme/registre"},
		{"git@github.com:acme/registre.git", "github.com", "acme/registre"},
		{"ssh://git@GHE.example.org:2222/acme/registre.git", "ghe.example.org", "acme/registre"},
	}
	for _, c := range cases {
		host, r, ok := ParseRemoteURL(c.in)
		if !ok || host != c.host || r.String() != c.repo {
			t.Errorf("ParseRemoteURL(%q) = %q %v %v", c.in, host, r, ok)
		}
	}
	for _, bad := range []string{"/srv/git/registre", "../registre", "https://github.com/acme", "https://github.com/a/b/c", "file:///x/y"} {
		if _, _, ok := ParseRemoteURL(bad); ok {
			t.Errorf("ParseRemoteURL(%q) accepted", bad)
		}
	}
}

func TestResolveRepo(t *testing.T) {
	gh, _ := ParseAPI(DefaultAPI)
	if r, err := ResolveRepo("gpso/codal-registre", "", gh); err != nil || r.String() != "gpso/codal-registre" {
		t.Errorf("github field: %v %v", r, err)
	}
	if r, err := ResolveRepo("", "git@github.com:gpso/registre.git", gh); err != nil || r.String() != "gpso/registre" {
		t.Errorf("origin: %v %v", r, err)
	}
	// origin on another host is no GitHub home.
	_, err := ResolveRepo("", "https://gitlab.example.org/gpso/registre.git", gh)
	if err == nil || i18n.Message(err, i18n.EN)[:38] != "this registry has no GitHub repository" {
		t.Errorf("other host: %v", err)
	}
	if _, err := ResolveRepo("pas un dépôt", "", gh); err == nil {
		t.Error("bad github field accepted")
	}
}
