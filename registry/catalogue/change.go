package catalogue

import (
	"path"
	"sort"
	"strings"

	"github.com/gpso/codal/i18n"
)

// Change is a set of file changes relative to the registry root.
type Change struct {
	Message string
	// Files maps paths to new content; a nil value deletes the path.
	Files map[string][]byte
	// MinFormat is the registry format the change's files need (0: any).
	// When registry.yaml says less, the store raises its format line to
	// MinFormat in the same commit (a comment or a transfer makes a
	// registry format 2).
	MinFormat int
}

// Paths returns the changed paths, sorted.
func (ch Change) Paths() []string {
	out := make([]string, 0, len(ch.Files))
	for p := range ch.Files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Check refuses a change with no file, a path that is not SafePath, and a
// file that would also be a folder (a path under another path it writes).
// Every store checks a change with it before writing anything.
func (ch Change) Check() error {
	if len(ch.Files) == 0 {
		return i18n.Errorf(i18n.T("modification vide : aucun fichier", "empty change: no files"))
	}
	for p := range ch.Files {
		if !SafePath(p) {
			return i18n.Errorf(i18n.T("chemin refusé %q : un chemin relatif à la racine du registre, avec des /, sans . ni .. ni .git, est attendu",
				"path refused %q: a path relative to the registry root, with /, without . or .. or .git, is expected"), p)
		}
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			if _, clash := ch.Files[dir]; clash {
				return i18n.Errorf(i18n.T("chemin refusé %q : %q est aussi écrit comme fichier", "path refused %q: %q is also written as a file"), p, dir)
			}
		}
	}
	return nil
}

// SafePath reports whether p is a clean relative slash path inside the
// registry: no empty, "." or ".." element, no .git element (in any case), no
// NUL or backslash.
func SafePath(p string) bool {
	if p == "" || strings.ContainsAny(p, "\x00\\") || path.Clean(p) != p || strings.HasPrefix(p, "/") {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if part == "" || part == "." || part == ".." || strings.EqualFold(part, ".git") {
			return false
		}
	}
	return true
}
