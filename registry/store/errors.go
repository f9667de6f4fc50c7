package store

import (
	"errors"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// The sentinel errors of a store. The store's errors are *i18n.Error
// sentences (what and where, in both languages) that wrap one of these, so a
// caller tests the cause with errors.Is and prints the sentence with
// i18n.Message. The go-git implementation translates every Git and transport
// error in one place (registry's translate).
var (
	// ErrNoRegistry: the folder holds no registry.yaml.
	ErrNoRegistry = errors.New("not a codal registry")
	// ErrNotARepository: the registry is a plain folder, not a Git work
	// tree, so it can be read but not written or synced.
	ErrNotARepository = errors.New("not a Git repository")
	// ErrNoRemote: the registry has no origin remote.
	ErrNoRemote = errors.New("no remote")
	// ErrOffline: the network was skipped on purpose (--offline).
	ErrOffline = errors.New("offline")
	// ErrUnreachable: the remote could not be reached (network, DNS, TLS,
	// server down).
	ErrUnreachable = errors.New("remote unreachable")
	// ErrAuth: the remote refused the credentials, or asked for some.
	ErrAuth = errors.New("authentication refused")
	// ErrRepoNotFound: the remote repository does not exist (or is hidden).
	ErrRepoNotFound = errors.New("remote repository not found")
	// ErrRejected: the remote moved while pushing (not a fast-forward); a
	// sync fetches and replays, then tries again.
	ErrRejected = errors.New("push rejected: the remote moved")
	// ErrRefused: the remote refused the push for a reason of its own (a
	// hook, a protected branch), which the sentence carries.
	ErrRefused = errors.New("push refused by the remote")
	// ErrConflict: local commits could not be replayed on the remote's; they
	// are kept on a conflict branch.
	ErrConflict = errors.New("conflict")
	// ErrNoChange: the registry already holds exactly these files.
	ErrNoChange = errors.New("nothing to change")
	// ErrDirty: a file to write has uncommitted local edits.
	ErrDirty = errors.New("local edits in the way")
	// ErrLocked: another codal process holds the registry's lock too long.
	ErrLocked = errors.New("registry locked")
	// ErrSymlink: a path goes through a symbolic link; codal never follows
	// one in a registry.
	ErrSymlink = catalogue.ErrSymlink
	// ErrNotFound: no such file, branch or commit.
	ErrNotFound = errors.New("not found")
)

// NotARepository is the one sentence for a registry that is a plain folder
// (dir): it can be read, but not written, synced nor shared. It wraps
// ErrNotARepository. Every store and every caller says it this way.
func NotARepository(dir string) *i18n.Error {
	return i18n.Wrap(ErrNotARepository, i18n.T("ce registre est en lecture seule : %s n'est pas un dépôt Git",
		"this registry is read-only: %s is not a Git repository"), dir)
}
