package share

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/gpso/codal/i18n"
)

// Token is a GitHub token and where it was found. It prints as its source,
// never as its value, so that it cannot end up in a message or a log.
type Token struct {
	value  string
	Source string
}

// NewToken wraps a token found elsewhere; source says where, for messages.
func NewToken(value, source string) Token { return Token{value: value, Source: source} }

// Value is the token itself, for the HTTP client and Git's auth option only.
func (t Token) Value() string { return t.value }

// String names where the token came from.
func (t Token) String() string { return t.Source }

// GoString keeps %#v from printing the token.
func (t Token) GoString() string { return "share.Token{" + t.Source + "}" }

// FindToken looks for a GitHub token for the Git host host: $GH_TOKEN, else
// $GITHUB_TOKEN, else the output of `gh auth token --hostname host` when gh
// is installed and logged in. Without one, the error says how to get one and
// which scope it needs.
func FindToken(ctx context.Context, host string) (Token, error) {
	for _, name := range []string{"GH_TOKEN", "GITHUB_TOKEN"} {
		if v := strings.TrimSpace(os.Getenv(name)); v != "" {
			return Token{value: v, Source: "$" + name}, nil
		}
	}
	if gh, err := exec.LookPath("gh"); err == nil {
		ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, gh, "auth", "token", "--hostname", host)
		cmd.Env = append(os.Environ(), "GH_PROMPT_DISABLED=1", "NO_COLOR=1")
		if out, err := cmd.Output(); err == nil {
			if v := strings.TrimSpace(string(out)); v != "" && !strings.ContainsAny(v, " \n\t") {
				return Token{value: v, Source: "gh auth token"}, nil
			}
		}
	}
	return Token{}, NoTokenError(host)
}

// NoTokenError says how to get a token for host and which scope it needs.
func NoTokenError(host string) error {
	return i18n.Errorf(i18n.T(
		"aucun jeton GitHub : créez un jeton classique avec la portée « public_repo » (« repo » si le registre est privé) sur https://%s/settings/tokens et mettez-le dans GH_TOKEN, ou connectez-vous avec « gh auth login --hostname %[1]s »",
		"no GitHub token: create a classic token with the \"public_repo\" scope (\"repo\" if the registry is private) at https://%s/settings/tokens and put it in GH_TOKEN, or log in with \"gh auth login --hostname %[1]s\""), host)
}
