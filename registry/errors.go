package registry

import (
	"context"
	"errors"
	"net"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/store"
)

// The store's sentences that do not come from Git: each wraps a sentinel of
// package store, so callers test the cause with errors.Is.

// errNotGit is the one sentence for a registry that is a plain folder: it
// can be read, not written, synced nor shared.
func errNotGit(dir string) *i18n.Error { return store.NotARepository(dir) }

// errNoRegistry says that dir holds no registry.yaml.
func errNoRegistry(dir string) *i18n.Error {
	return i18n.Wrap(store.ErrNoRegistry, i18n.T("%s n'est pas un registre codal : registry.yaml est absent",
		"%s is not a codal registry: registry.yaml is missing"), dir)
}

// errFileNotFound says that the registry has no file name (err is why, an
// fs.ErrNotExist that errors.Is still finds).
func errFileNotFound(name string, err error) *i18n.Error {
	return wrap2(store.ErrNotFound, err, i18n.T("le fichier %s n'existe pas dans le registre", "the file %s does not exist in the registry"), name)
}

// errCommitNotFound says that commit h is not in the local repository.
func errCommitNotFound(h plumbing.Hash, err error) *i18n.Error {
	return wrap2(store.ErrNotFound, err, i18n.T("le commit %s est introuvable", "the commit %s is not found"), h.String()[:7])
}

// translate is the one translator of Git and transport errors: it turns a
// failure to talk to remote (a URL; "" when none is involved) into one
// sentence saying why, wrapping the store's sentinel for its cause (and the
// original error, for errors.Is on it). An error that is already a sentence
// is kept as it is.
func translate(err error, remote string) *i18n.Error {
	if err == nil {
		return nil
	}
	var ie *i18n.Error
	if errors.As(err, &ie) {
		return ie
	}
	where := store.RedactURL(remote)
	var dns *net.DNSError
	var op *net.OpError
	var refused *errRefused
	var rejected *errRejected
	msg := strings.ToLower(err.Error())
	switch {
	case errors.As(err, &refused):
		return wrap2(store.ErrRefused, err, i18n.T("le dépôt distant %s a refusé l'envoi : %s", "the remote repository %s refused the push: %s"), where, refused.why)
	case errors.As(err, &rejected) || strings.Contains(msg, "non-fast-forward"):
		return wrap2(store.ErrRejected, err, i18n.T("%s : la branche distante a des commits absents d'ici (mise à jour refusée)",
			"%s: the remote branch has commits that are not here (update refused)"), where)
	case errors.Is(err, transport.ErrRepositoryNotFound) || strings.Contains(msg, "repository not found") || strings.Contains(msg, "does not appear to be a git repository"):
		return wrap2(store.ErrRepoNotFound, err, i18n.T("dépôt distant introuvable : %s", "remote repository not found: %s"), where)
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed), errors.Is(err, transport.ErrInvalidAuthMethod):
		return wrap2(store.ErrAuth, err, i18n.T("authentification refusée par %s", "authentication refused by %s"), where)
	case errors.Is(err, transport.ErrEmptyRemoteRepository):
		return wrap2(store.ErrNotFound, err, i18n.T("le dépôt distant %s est vide", "the remote repository %s is empty"), where)
	case errors.As(err, &dns):
		return wrap2(store.ErrUnreachable, err, i18n.T("hôte inconnu %s (pas de réseau ?)", "unknown host %s (no network?)"), dns.Name)
	case errors.Is(err, context.DeadlineExceeded):
		return wrap2(store.ErrUnreachable, err, i18n.T("le dépôt distant %s ne répond pas (délai dépassé)", "the remote repository %s does not answer (timed out)"), where)
	case errors.Is(err, context.Canceled):
		return i18n.Wrap(err, i18n.T("envoi interrompu", "sending interrupted"))
	case errors.As(err, &op) || strings.Contains(msg, "connection refused") || strings.Contains(msg, "no route to host") || strings.Contains(msg, "network is unreachable"):
		return wrap2(store.ErrUnreachable, err, i18n.T("impossible de joindre %s (réseau coupé ou serveur arrêté)", "cannot reach %s (network down or server stopped)"), where)
	}
	// go-git's own message may quote the server: cleaned, and without the
	// credentials the URL holds.
	said := fact.CleanLine(store.RedactIn(err.Error(), remote))
	if remote == "" {
		return i18n.Wrap(err, i18n.T("erreur Git : %s", "Git error: %s"), said)
	}
	return wrap2(store.ErrUnreachable, err, i18n.T("échange avec %s impossible : %s", "exchange with %s failed: %s"), where, said)
}

// both is an error that is both a store sentinel and the original error, so
// errors.Is finds either.
type both struct {
	sentinel, err error
}

func (b both) Error() string   { return b.err.Error() }
func (b both) Unwrap() []error { return []error{b.sentinel, b.err} }

// wrap2 is i18n.Wrap of both the sentinel and the original error.
func wrap2(sentinel, err error, t i18n.Text, args ...any) *i18n.Error {
	return i18n.Wrap(both{sentinel, err}, t, args...)
}
