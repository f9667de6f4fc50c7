package registry

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/gpso/codal/i18n"
)

// staging is a new registry folder written beside its final place and moved
// there only once complete, so an interrupted or failed init or clone leaves
// nothing half-written.
type staging struct {
	// abs is the final place; tmp the folder being written.
	abs, tmp string
}

// stage checks that dir does not exist or is empty and makes the temporary
// folder beside it; kind names the work in the temporary folder's name.
func stage(dir, kind string) (*staging, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, i18n.Wrap(err, i18n.T("chemin invalide %q", "invalid path %q"), dir)
	}
	if err := checkEmptyTarget(abs); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, i18n.Wrap(err, i18n.T("impossible de créer %s : %v", "cannot create %s: %v"), filepath.Dir(abs), err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(abs), "."+filepath.Base(abs)+"."+kind+"-")
	if err != nil {
		return nil, i18n.Wrap(err, i18n.T("impossible d'écrire dans %s : %v", "cannot write in %s: %v"), filepath.Dir(abs), err)
	}
	return &staging{abs: abs, tmp: tmp}, nil
}

// discard removes the temporary folder (a no-op once it is in place).
func (s *staging) discard() { os.RemoveAll(s.tmp) }

// place moves the finished registry into its final place and opens it.
func (s *staging) place() (*Registry, error) {
	if err := os.Remove(s.abs); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, i18n.Wrap(err, i18n.T("impossible de remplacer %s : %v", "cannot replace %s: %v"), s.abs, err)
	}
	if err := os.Rename(s.tmp, s.abs); err != nil {
		return nil, i18n.Wrap(err, i18n.T("impossible de placer le registre dans %s : %v", "cannot move the registry into %s: %v"), s.abs, err)
	}
	return Open(s.abs)
}

// checkEmptyTarget refuses a target that exists and is not an empty folder.
func checkEmptyTarget(abs string) error {
	entries, err := os.ReadDir(abs)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return i18n.Wrap(err, i18n.T("%s existe déjà et n'est pas un dossier vide", "%s already exists and is not an empty folder"), abs)
	}
	if len(entries) > 0 {
		return i18n.Errorf(i18n.T("%s existe déjà et n'est pas vide : choisissez un autre dossier", "%s already exists and is not empty: choose another folder"), abs)
	}
	return nil
}
