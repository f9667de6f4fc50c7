package share

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// apiError turns an error of the GitHub API into one sentence. what names the
// repository the call was about, for the 404 sentence.
func (s *session) apiError(err error, what Repo) error {
	return translate(err, what, s.api, s.now())
}

func translate(err error, what Repo, api API, now time.Time) error {
	if err == nil {
		return nil
	}
	var ie *i18n.Error
	if errors.As(err, &ie) {
		return err
	}
	var rl *github.RateLimitError
	if errors.As(err, &rl) {
		return i18n.Wrap(err, i18n.T(
			"limite de requêtes GitHub atteinte : réessayez après %s",
			"GitHub rate limit reached, retry after %s"), clock(rl.Rate.Reset.Time))
	}
	var ab *github.AbuseRateLimitError
	if errors.As(err, &ab) {
		at := now.Add(time.Minute)
		if ab.RetryAfter != nil {
			at = now.Add(*ab.RetryAfter)
		}
		return i18n.Wrap(err, i18n.T(
			"limite secondaire de requêtes GitHub atteinte : réessayez après %s",
			"GitHub secondary rate limit reached, retry after %s"), clock(at))
	}
	var er *github.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		msg := fact.CleanLine(er.Message)
		switch code := er.Response.StatusCode; {
		case code == http.StatusUnauthorized:
			return i18n.Wrap(err, i18n.T(
				"GitHub a refusé le jeton (401) : il est invalide, expiré ou révoqué ; créez-en un nouveau sur https://%s/settings/tokens",
				"GitHub refused the token (401): it is invalid, expired or revoked; create a new one at https://%s/settings/tokens"), api.GitHost)
		case code == http.StatusTooManyRequests || (code == http.StatusForbidden && er.Response.Header.Get("Retry-After") != ""):
			return i18n.Wrap(err, i18n.T(
				"limite de requêtes GitHub atteinte : réessayez après %s",
				"GitHub rate limit reached, retry after %s"), clock(retryAfter(er.Response, now)))
		case code == http.StatusForbidden:
			return i18n.Wrap(err, i18n.T(
				"GitHub a refusé l'opération sur %s (403) : le jeton n'a sans doute pas la portée « public_repo » (« repo » pour un dépôt privé) — %s",
				"GitHub refused the operation on %s (403): the token probably lacks the \"public_repo\" scope (\"repo\" for a private repository) — %s"), what.String(), orDash(msg))
		case code == http.StatusNotFound:
			return i18n.Wrap(err, i18n.T(
				"dépôt GitHub %s introuvable, ou invisible pour ce jeton (404)",
				"GitHub repository %s not found, or the token cannot see it (404)"), what.String())
		case code == http.StatusUnprocessableEntity:
			return i18n.Wrap(err, i18n.T(
				"GitHub a refusé la demande comme invalide (422) : %s",
				"GitHub refused the request as invalid (422): %s"), invalidDetail(er))
		case code >= 500:
			return i18n.Wrap(err, i18n.T(
				"GitHub ne répond pas correctement (%d) : réessayez dans quelques minutes",
				"GitHub is not answering properly (%d): try again in a few minutes"), code)
		default:
			return i18n.Wrap(err, i18n.T("GitHub a répondu %d : %s", "GitHub answered %d: %s"), code, orDash(msg))
		}
	}
	if errors.Is(err, context.Canceled) {
		return i18n.Wrap(err, i18n.T("opération interrompue", "operation interrupted"))
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return i18n.Wrap(err, i18n.T("GitHub (%s) ne répond pas à temps", "GitHub (%s) did not answer in time"), api.Host())
	}
	var ue *url.Error
	var ne net.Error
	if errors.As(err, &ue) || errors.As(err, &ne) {
		return i18n.Wrap(err, i18n.T(
			"impossible de joindre GitHub (%s) : vérifiez la connexion réseau et l'adresse de l'API (CODAL_GITHUB_API)",
			"cannot reach GitHub (%s): check the network connection and the API address (CODAL_GITHUB_API)"), api.Host())
	}
	return i18n.Wrap(err, i18n.T("erreur de l'API GitHub : %s", "GitHub API error: %s"), fact.CleanLine(err.Error()))
}

// invalidDetail says what GitHub found invalid in a 422 answer.
func invalidDetail(er *github.ErrorResponse) string {
	var parts []string
	for _, e := range er.Errors {
		switch {
		case e.Message != "":
			parts = append(parts, e.Message)
		case e.Field != "":
			parts = append(parts, strings.TrimSpace(e.Resource+"."+e.Field+" "+e.Code))
		case e.Code != "":
			parts = append(parts, e.Code)
		}
	}
	msg := strings.TrimSpace(er.Message)
	if len(parts) > 0 {
		if msg != "" {
			msg += " — "
		}
		msg += strings.Join(parts, "; ")
	}
	return orDash(fact.CleanLine(msg))
}

// retryAfter reads Retry-After (seconds or an HTTP date), else
// X-RateLimit-Reset, else a minute from now.
func retryAfter(r *http.Response, now time.Time) time.Time {
	if v := strings.TrimSpace(r.Header.Get("Retry-After")); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			return now.Add(time.Duration(n) * time.Second)
		}
		if t, err := http.ParseTime(v); err == nil {
			return t
		}
	}
	if v := r.Header.Get("X-RateLimit-Reset"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			return time.Unix(n, 0)
		}
	}
	return now.Add(time.Minute)
}

// clock renders a time as HH:MM in local time.
func clock(t time.Time) string { return t.Local().Format("15:04") }

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
