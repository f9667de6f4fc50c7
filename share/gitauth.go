package share

import (
	"context"
	"sync"

	"github.com/gpso/codal/registry/store"
)

// GitAuth gives a registry's own fetches and pushes the user's GitHub token,
// for the URLs API.MayCarryToken allows only: a vote pushed to a registry
// hosted on GitHub needs it, and no other host ever receives it. The token is
// looked up once, when a URL first needs it; without one, Git goes on without
// credentials (and a refused push says so, keeping the commit local).
func GitAuth(api API) store.Credentials {
	var once sync.Once
	var token Token
	var found bool
	return func(rawURL string) (string, string, bool) {
		if !api.MayCarryToken(rawURL) {
			return "", "", false
		}
		once.Do(func() {
			if t, err := FindToken(context.Background(), api.GitHost); err == nil {
				token, found = t, true
			}
		})
		if !found {
			return "", "", false
		}
		return githubCredentials(token.Value())
	}
}

// githubCredentials is how a GitHub token is given to Git over HTTPS: basic
// auth with the user name x-access-token (GitHub refuses a bearer token
// there). The token stays in memory: it is never written into a remote's URL.
func githubCredentials(token string) (user, password string, ok bool) {
	if token == "" {
		return "", "", false
	}
	return "x-access-token", token, true
}
