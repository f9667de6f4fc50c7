package share

import (
	"net/url"
	"strings"

	"github.com/gpso/codal/i18n"
)

// Repo is a GitHub repository, owner/name.
type Repo struct {
	Owner string
	Name  string
}

func (r Repo) String() string { return r.Owner + "/" + r.Name }

// IsZero reports whether r names no repository.
func (r Repo) IsZero() bool { return r.Owner == "" || r.Name == "" }

// ParseRepo reads "owner/name".
func ParseRepo(s string) (Repo, bool) {
	owner, name, ok := strings.Cut(strings.TrimSpace(s), "/")
	name = strings.TrimSuffix(name, ".git")
	if !ok || !validPart(owner) || !validPart(name) {
		return Repo{}, false
	}
	return Repo{Owner: owner, Name: name}, true
}

func validPart(s string) bool {
	if s == "" || s == "." || s == ".." {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// ParseRemoteURL reads the host and repository of a Git remote URL:
// https://host/owner/name(.git), ssh://git@host[:port]/owner/name.git or
// git@host:owner/name.git. ok is false for a local path or any other shape.
func ParseRemoteURL(raw string) (host string, repo Repo, ok bool) {
	raw = strings.TrimSpace(raw)
	var p string
	switch {
	case strings.Contains(raw, "://"):
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "ssh" && u.Scheme != "git") {
			return "", Repo{}, false
		}
		host, p = u.Hostname(), u.Path
	case strings.Contains(raw, "@") && strings.Contains(raw, ":"):
		at := strings.Index(raw, "@")
		hostPath := raw[at+1:]
		h, rest, found := strings.Cut(hostPath, ":")
		if !found || h == "" || strings.Contains(h, "/") {
			return "", Repo{}, false
		}
		host, p = h, rest
	default:
		return "", Repo{}, false
	}
	p = strings.Trim(p, "/")
	repo, ok = ParseRepo(p)
	if !ok {
		return "", Repo{}, false
	}
	return strings.ToLower(host), repo, true
}

// ResolveRepo finds the registry's GitHub repository: the github field of
// registry.yaml, else the origin remote's URL when it points at this GitHub.
// originURL is empty when the registry has no origin remote.
func ResolveRepo(github, originURL string, api API) (Repo, error) {
	if strings.TrimSpace(github) != "" {
		if r, ok := ParseRepo(github); ok {
			return r, nil
		}
		return Repo{}, i18n.Errorf(i18n.T(
			"le champ github de registry.yaml doit être de la forme propriétaire/dépôt, pas %q",
			"the github field of registry.yaml must read owner/name, not %q"), github)
	}
	if originURL != "" {
		if host, r, ok := ParseRemoteURL(originURL); ok && api.SameGitHost(host) {
			return r, nil
		}
	}
	return Repo{}, i18n.Errorf(i18n.T(
		"ce registre n'a pas de dépôt GitHub : ajoutez « github: propriétaire/dépôt » à registry.yaml, ou clonez-le depuis %s (codal init --from https://%[1]s/propriétaire/dépôt.git)",
		"this registry has no GitHub repository: add \"github: owner/name\" to registry.yaml, or clone it from %s (codal init --from https://%[1]s/owner/name.git)"), api.GitHost)
}
