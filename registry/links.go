package registry

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// Symbolic links, on the write side: writes never go through a linked folder
// of the work tree (checkWritePath), as git refuses to write "beyond a
// symbolic link". Readers refuse links too (catalogue.ReadNoFollow).

// beyondLink is the sentence of a write refused because the registry path
// link, on the way to p, is a symbolic link in the work tree.
func beyondLink(p, link string) error {
	return i18n.Wrap(store.ErrSymlink, i18n.T(
		"écriture de %s refusée : %s est un lien symbolique, et codal n'écrit jamais au-delà d'un lien symbolique (il peut mener hors du registre)",
		"cannot write %s: %s is a symbolic link, and codal never writes beyond a symbolic link (it can lead outside the registry)"), p, link)
}

// checkWritePath refuses a write (or a removal) of the registry path p in
// the work tree at root when p, or a folder on its way, is a symbolic link.
// Elements that do not exist yet are fine: the write creates them as
// folders.
func checkWritePath(root, p string) error {
	for prefix := range catalogue.PathPrefixes(p) {
		info, err := os.Lstat(filepath.Join(root, filepath.FromSlash(prefix)))
		if err != nil {
			return nil // missing (created as a folder) or unreadable (the write says so)
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return beyondLink(p, prefix)
		}
		if !info.IsDir() {
			return nil
		}
	}
	return nil
}
