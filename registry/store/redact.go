package store

import (
	"net/url"
	"strings"
)

// RedactURL hides the credentials a remote URL may hold before it is shown:
// https://alice:secret@host/r.git becomes https://alice:xxxxx@host/r.git, and
// a user name alone on http(s) (a token given as the user name, as GitHub
// allows) becomes xxxxx. A URL too malformed to parse gets the same
// treatment by hand, so no message, progress line or JSON ever echoes a
// password.
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return redactByHand(s)
	}
	if u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	} else if scheme := strings.ToLower(u.Scheme); scheme == "http" || scheme == "https" {
		u.User = url.User("xxxxx")
	} else {
		return s
	}
	return strings.Replace(u.String(), "xxxxx%40", "xxxxx@", 1)
}

// redactByHand hides the user-info of scheme://user-info@host/… without
// parsing it.
func redactByHand(s string) string {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	at := strings.LastIndex(authority, "@")
	if at < 0 {
		return s
	}
	user, _, hasPass := strings.Cut(authority[:at], ":")
	hidden := "xxxxx"
	if hasPass {
		hidden = user + ":xxxxx"
	}
	return scheme + "://" + hidden + rest[at:]
}

// RedactIn removes from text every credential rawURL holds (its password,
// or a lone http(s) user name), wherever an error message may have copied
// it.
func RedactIn(text, rawURL string) string {
	for _, secret := range urlSecrets(rawURL) {
		if len(secret) >= 3 {
			text = strings.ReplaceAll(text, secret, "xxxxx")
		}
	}
	return text
}

func urlSecrets(rawURL string) []string {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil {
		_, rest, ok := strings.Cut(rawURL, "://")
		if !ok {
			return nil
		}
		if i := strings.IndexAny(rest, "/?#"); i >= 0 {
			rest = rest[:i]
		}
		at := strings.LastIndex(rest, "@")
		if at < 0 {
			return nil
		}
		user, pass, hasPass := strings.Cut(rest[:at], ":")
		if hasPass {
			return []string{pass, url.PathEscape(pass)}
		}
		return []string{user}
	}
	if p, ok := u.User.Password(); ok {
		return []string{p, url.QueryEscape(p), url.PathEscape(p)}
	}
	if s := strings.ToLower(u.Scheme); s == "http" || s == "https" {
		return []string{u.User.Username()}
	}
	return nil
}
