package share

import (
	"context"
	"sync"

	"github.com/go-git/go-git/v5/plumbing/transport"

	"github.com/gpso/codal/registry"
)

// GitAuth gives a registry's own fetches and pushes the user's GitHub token,
// for the URLs API.MayCarryToken allows only: a vote pushed to a registry
// hosted on GitHub needs it, and no other host ever receives it. The token is
// looked up once, when a URL first needs it; without one, Git goes on without
// credentials (and a refused push says so, keeping the commit local).
func GitAuth(api API) func(rawURL string) transport.AuthMethod {
	var once sync.Once
	var token Token
	var found bool
	return func(rawURL string) transport.AuthMethod {
		if !api.MayCarryToken(rawURL) {
			return nil
		}
		once.Do(func() {
			if t, err := FindToken(context.Background(), api.GitHost); err == nil {
				token, found = t, true
			}
		})
		if !found {
			return nil
		}
		return registry.GitHubAuth(token.Value())
	}
}
