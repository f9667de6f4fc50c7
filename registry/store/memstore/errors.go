package memstore

import (
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/store"
)

// The store's sentences: each says what and where in both languages and
// wraps the sentinel of package store that names its cause.

func errNotGit(dir string) *i18n.Error {
	return i18n.Wrap(store.ErrNotARepository, i18n.T("%s n'est pas un dépôt Git : le registre ne peut être que lu",
		"%s is not a Git repository: the registry can only be read"), dir)
}

func errNoRegistry(where string) *i18n.Error {
	return i18n.Wrap(store.ErrNoRegistry, i18n.T("%s n'est pas un registre codal : registry.yaml est absent",
		"%s is not a codal registry: registry.yaml is missing"), where)
}

func errNoRemote() *i18n.Error {
	return i18n.Wrap(store.ErrNoRemote, i18n.T("ce registre n'a pas de dépôt distant (origin)", "this registry has no remote repository (origin)"))
}

func errOffline() *i18n.Error {
	return i18n.Wrap(store.ErrOffline, i18n.T("hors ligne (--offline)", "offline (--offline)"))
}

func errUnreachable(url string) *i18n.Error {
	return i18n.Wrap(store.ErrUnreachable, i18n.T("impossible de joindre %s (réseau coupé ou serveur arrêté)",
		"cannot reach %s (network down or server stopped)"), url)
}

func errRepoNotFound(url string) *i18n.Error {
	return i18n.Wrap(store.ErrRepoNotFound, i18n.T("dépôt distant introuvable : %s", "remote repository not found: %s"), url)
}

func errAuth(url string) *i18n.Error {
	return i18n.Wrap(store.ErrAuth, i18n.T("authentification refusée par %s", "authentication refused by %s"), url)
}

func errRefused(url, why string) *i18n.Error {
	return i18n.Wrap(store.ErrRefused, i18n.T("le dépôt distant %s a refusé l'envoi : %s", "the remote repository %s refused the push: %s"), url, why)
}

func errRejected(url, branch string) *i18n.Error {
	return i18n.Wrap(store.ErrRejected, i18n.T("la branche %s de %s a changé : envoi refusé (ce n'est pas une avance rapide)",
		"the branch %s of %s moved: push rejected (not a fast-forward)"), branch, url)
}

func errTooManyAttempts(n int) *i18n.Error {
	return i18n.Wrap(store.ErrRejected, i18n.T(
		"le registre partagé a changé pendant chacun des %d envois ; vos modifications restent ici et partiront au prochain codal sync",
		"the shared registry changed during each of %d sends; your changes stay here and will go with the next codal sync"), n)
}

// errConflict is the conflict's own sentence (store.Conflict.Error), as the
// Git store gives it.
func errConflict(c *store.Conflict) *i18n.Error { return c.Error() }

func errNoChange() *i18n.Error {
	return i18n.Wrap(store.ErrNoChange, i18n.T("rien à enregistrer : le registre contient déjà exactement ces fichiers",
		"nothing to save: the registry already holds exactly these files"))
}

func errDirty(p string) *i18n.Error {
	return i18n.Wrap(store.ErrDirty, i18n.T(
		"le fichier %s a des modifications locales qui ne sont pas enregistrées : enregistrez-les ou annulez-les, puis recommencez",
		"the file %s has local changes that are not committed: commit or discard them, then try again"), p)
}

func errFileNotFound(name string) *i18n.Error {
	return i18n.Wrap(store.ErrNotFound, i18n.T("le fichier %s n'existe pas dans le registre", "the file %s does not exist in the registry"), name)
}

func errCommitNotFound(h store.Hash) *i18n.Error {
	return i18n.Wrap(store.ErrNotFound, i18n.T("le commit %s est introuvable", "the commit %s is not found"), h.Short())
}

func errBranchNotFound(url, branch string) *i18n.Error {
	return i18n.Wrap(store.ErrNotFound, i18n.T("la branche %s est absente de %s", "the branch %s is not in %s"), branch, url)
}

func errFileAndFolder(p, dir string) *i18n.Error {
	return i18n.Errorf(i18n.T("chemin refusé %q : %q est aussi écrit comme fichier", "path refused %q: %q is also written as a file"), p, dir)
}

func errCheckedOut(name string) *i18n.Error {
	return i18n.Errorf(i18n.T("la branche %s est la branche en cours : revenez sur main (git switch main)",
		"the branch %s is checked out: go back to main (git switch main)"), name)
}

func errNotInEntry(p, kind, id string) *i18n.Error {
	return i18n.Errorf(i18n.T("%s n'appartient pas à l'entrée %s/%s", "%s does not belong to the entry %s/%s"), p, kind, id)
}
