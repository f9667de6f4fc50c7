// Package share is the GitHub side of contributing to a registry: finding the
// user's token, finding the registry's GitHub repository, talking to the
// GitHub REST API with go-github (repository, fork, pull requests) and
// turning its errors into one sentence in each language. The Git side
// (building the share branch, pushing it) lives in package registry.
package share

import (
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/gpso/codal/i18n"
)

// DefaultAPI is github.com's REST API.
const DefaultAPI = "https://api.github.com/"

// EnvAPI names the variable that sets the API base URL (GitHub Enterprise).
const EnvAPI = "CODAL_GITHUB_API"

// API is where the GitHub REST API answers, and the host that serves Git for
// it. A token is only ever sent to these two hosts.
type API struct {
	// URL is the base URL as given (https://api.github.com/ or an Enterprise
	// server such as https://github.example.org).
	URL *url.URL
	// GitHost is the host name of the web and Git server: github.com for
	// api.github.com, the server's own host name for GitHub Enterprise.
	GitHost string
}

// APIURL chooses the API base URL: $CODAL_GITHUB_API, else the configured
// value, else github.com's.
func APIURL(configured string) string {
	if v := strings.TrimSpace(os.Getenv(EnvAPI)); v != "" {
		return v
	}
	if v := strings.TrimSpace(configured); v != "" {
		return v
	}
	return DefaultAPI
}

// ParseAPI reads an API base URL. It must be https, or http on a loopback
// address (a token never travels in clear over a network).
func ParseAPI(raw string) (API, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return API{}, i18n.Errorf(i18n.T(
			"adresse d'API GitHub invalide %q : une URL https:// est attendue (par exemple https://github.exemple.fr pour GitHub Enterprise)",
			"invalid GitHub API address %q: an https:// URL is expected (for example https://github.example.org for GitHub Enterprise)"), raw)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return API{}, i18n.Errorf(i18n.T(
			"l'API GitHub %s doit être en https : codal n'envoie pas de jeton en clair sur le réseau",
			"the GitHub API %s must use https: codal does not send a token in clear over the network"), raw)
	}
	u.User = nil
	a := API{URL: u, GitHost: strings.ToLower(u.Hostname())}
	if a.GitHost == "api.github.com" {
		a.GitHost = "github.com"
	} else if h, ok := strings.CutPrefix(a.GitHost, "api."); ok {
		a.GitHost = h
	}
	return a, nil
}

// IsDefault reports whether the API is github.com's.
func (a API) IsDefault() bool { return strings.EqualFold(a.URL.Hostname(), "api.github.com") }

// Host is the API's host, with its port when it has one.
func (a API) Host() string { return strings.ToLower(a.URL.Host) }

// SameGitHost reports whether a Git URL's host is this GitHub's Git host.
// It says nothing of the scheme or the port: whether a URL may receive the
// token is MayCarryToken's to say.
func (a API) SameGitHost(host string) bool {
	return host != "" && strings.EqualFold(host, a.GitHost)
}

// MayCarryToken is the one rule deciding whether a request to rawURL may
// carry the user's GitHub token, used for Git remotes (sync, writes, init,
// share) and for the REST client alike. The URL must use https (http only
// when the API itself is served in clear on a loopback address, as in tests),
// hold no credentials of its own, name the API's host or its Git host, and
// use the API's port (443 for https unless the API names another). Plain
// http, another port of the right host, a look-alike host, an SSH URL or a
// local path never receive it.
func (a API) MayCarryToken(rawURL string) bool {
	if a.URL == nil {
		return false
	}
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || u.User != nil || u.Opaque != "" || u.Host == "" {
		return false
	}
	apiScheme := strings.ToLower(a.URL.Scheme)
	if apiScheme != "https" && (apiScheme != "http" || !isLoopback(a.URL.Hostname())) {
		return false
	}
	if !strings.EqualFold(u.Scheme, apiScheme) {
		return false
	}
	host := u.Hostname()
	if !a.SameGitHost(host) && !strings.EqualFold(host, a.URL.Hostname()) {
		return false
	}
	return effectivePort(u) == effectivePort(a.URL)
}

// effectivePort is the URL's port, or its scheme's default one.
func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return strings.TrimLeft(p, "0")
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NewClient returns a go-github client for the API that authenticates with
// token. The token is added to requests for the API's own host only, so a
// redirect elsewhere never carries it. base is the transport to use (nil:
// http.DefaultTransport).
func NewClient(a API, token string, base http.RoundTripper) (*github.Client, error) {
	if base == nil {
		base = http.DefaultTransport
	}
	hc := &http.Client{Transport: &tokenTransport{api: a, token: token, base: base}}
	c := github.NewClient(hc)
	c.UserAgent = "codal"
	if a.IsDefault() {
		return c, nil
	}
	c, err := c.WithEnterpriseURLs(a.URL.String(), a.URL.String())
	if err != nil {
		return nil, i18n.Wrap(err, i18n.T("adresse d'API GitHub invalide %q", "invalid GitHub API address %q"), a.URL.String())
	}
	return c, nil
}

// tokenTransport adds the token to the requests MayCarryToken allows.
type tokenTransport struct {
	api   API
	token string
	base  http.RoundTripper
}

func (t *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.token != "" && t.api.MayCarryToken(req.URL.String()) {
		req = req.Clone(req.Context())
		req.Header.Set("Authorization", "Bearer "+t.token)
	}
	return t.base.RoundTrip(req)
}
