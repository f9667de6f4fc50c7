//go:build !lean

package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/i18n"
)

// allowedRoots resolves the --allow-path folders: absolute, links
// evaluated; each must be an existing folder.
func allowedRoots(paths []string) ([]string, error) {
	var roots []string
	for _, p := range paths {
		abs, err := filepath.Abs(config.ExpandHome(p, userHome()))
		if err == nil {
			abs, err = filepath.EvalSymlinks(abs)
		}
		var info os.FileInfo
		if err == nil {
			info, err = os.Stat(abs)
		}
		if err != nil || !info.IsDir() {
			return nil, i18n.Errorf(i18n.T("--allow-path %s : ce n'est pas un dossier existant", "--allow-path %s: not an existing folder"), p)
		}
		roots = append(roots, abs)
	}
	return roots, nil
}

// allowed resolves path (relative to the current folder), following its
// links, and returns it when the file it names is a regular file inside one
// of the allowed folders: neither ".." nor a link can lead out of them.
func (m *mcpServer) allowed(path string) (string, error) {
	refuse := func() (string, error) {
		return "", i18n.Errorf(i18n.T("%q n'est pas dans un dossier autorisé (codal mcp --allow-path DOSSIER)", "%q is not inside an allowed folder (codal mcp --allow-path FOLDER)"), path)
	}
	if len(m.roots) == 0 || path == "" || strings.ContainsRune(path, 0) {
		return refuse()
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return refuse()
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		if os.IsNotExist(err) && inside(m.roots, abs) {
			return "", i18n.Errorf(i18n.T("%q n'existe pas", "%q does not exist"), path)
		}
		return refuse()
	}
	if !inside(m.roots, real) {
		return refuse()
	}
	if info, err := os.Stat(real); err != nil || !info.Mode().IsRegular() {
		return "", i18n.Errorf(i18n.T("%q n'est pas un fichier", "%q is not a file"), path)
	}
	return real, nil
}

// inside reports whether p is one of roots or below one.
func inside(roots []string, p string) bool {
	for _, r := range roots {
		rel, err := filepath.Rel(r, p)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
			return true
		}
	}
	return false
}
