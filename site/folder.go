package site

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/gpso/codal/i18n"
)

// ErrNotASite is returned by Publish when OUT is a non-empty folder that is
// not a previous codal site (it has no MarkerFile).
var ErrNotASite = errors.New("site: output folder is not empty and not a codal site")

// Publish writes a site into the folder out in one step: build writes into a
// fresh temporary folder beside out, which is then renamed into place, so
// out holds the old site or the whole new one, never a half-written one (a
// failure removes the temporary folder). out may be absent, an empty
// folder, or a previous codal site (a folder holding MarkerFile), which is
// replaced; anything else — a file, a symbolic link, another non-empty
// folder — is refused before anything is written.
func Publish(out string, build func(Writer) error) error {
	out = filepath.Clean(out)
	if err := CheckOut(out); err != nil {
		return err
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-*")
	if err != nil {
		return i18n.Wrap(err, i18n.T("impossible de créer un dossier temporaire à côté de %s : %v", "cannot create a temporary folder beside %s: %v"), out, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return i18n.Wrap(err, i18n.T("écriture de %s impossible : %v", "cannot write %s: %v"), tmp, err)
	}
	if err := build(dirWriter{root: tmp}); err != nil {
		return err
	}
	if err := replace(tmp, out); err != nil {
		return err
	}
	done = true
	return nil
}

// CheckOut refuses an out that Publish must not replace (Publish checks it
// again): a file, a symbolic link, a non-empty folder without MarkerFile,
// or a missing parent folder.
func CheckOut(out string) error {
	fi, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Stat(filepath.Dir(out)); err != nil {
			return i18n.Wrap(err, i18n.T("le dossier %s, où écrire le site, n'existe pas", "the folder %s, where the site goes, does not exist"), filepath.Dir(out))
		}
		return nil
	}
	if err != nil {
		return i18n.Wrap(err, i18n.T("lecture de %s impossible : %v", "cannot read %s: %v"), out, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return i18n.Errorf(i18n.T("%s est un lien symbolique : donnez un dossier (un lien n'est jamais suivi)", "%s is a symbolic link: give a folder (a link is never followed)"), out)
	}
	if !fi.IsDir() {
		return i18n.Errorf(i18n.T("%s existe et n'est pas un dossier : donnez un dossier pour le site", "%s exists and is not a folder: give a folder for the site"), out)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return i18n.Wrap(err, i18n.T("lecture de %s impossible : %v", "cannot read %s: %v"), out, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if m, err := os.Lstat(filepath.Join(out, MarkerFile)); err == nil && m.Mode().IsRegular() {
		return nil
	}
	return i18n.Wrap(ErrNotASite, i18n.T("%s n'est pas vide et n'est pas un site codal (pas de fichier %s) : donnez un dossier vide ou absent", "%s is not empty and is not a codal site (no %s file): give an empty or absent folder"), out, MarkerFile)
}

// replace renames the new site tmp to out, moving a previous one aside
// first and removing it after; if the last rename fails, the previous site
// is put back.
func replace(tmp, out string) error {
	fail := func(err error) error {
		return i18n.Wrap(err, i18n.T("impossible de mettre le site en place dans %s : %v", "cannot put the site in place in %s: %v"), out, err)
	}
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, out); err != nil {
			return fail(err)
		}
		return nil
	}
	old := tmp + ".old"
	if err := os.Rename(out, old); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Rename(old, out)
		return fail(err)
	}
	os.RemoveAll(old)
	return nil
}

// dirWriter writes files under root, refusing a name that could leave it.
type dirWriter struct{ root string }

// WriteFile implements Writer: the file must be new (O_EXCL: nothing is
// followed or overwritten), its folders are created.
func (d dirWriter) WriteFile(name string, data []byte) error {
	if !SafeName(name) {
		return i18n.Errorf(i18n.T("nom de fichier refusé pour le site : %q", "file name refused for the site: %q"), name)
	}
	full := filepath.Join(d.root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return i18n.Wrap(err, i18n.T("écriture de %s impossible : %v", "cannot write %s: %v"), full, err)
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return i18n.Wrap(err, i18n.T("écriture de %s impossible : %v", "cannot write %s: %v"), full, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return i18n.Wrap(err, i18n.T("écriture de %s impossible : %v", "cannot write %s: %v"), full, err)
	}
	if err := f.Close(); err != nil {
		return i18n.Wrap(err, i18n.T("écriture de %s impossible : %v", "cannot write %s: %v"), full, err)
	}
	return nil
}

// SafeName reports whether name is a relative slash path that stays in the
// site's folder: clean, no "..", no hidden element but MarkerFile at the
// root, no backslash or control character.
func SafeName(name string) bool {
	if name == MarkerFile {
		return true
	}
	if name == "" || path.Clean(name) != name || path.IsAbs(name) || strings.ContainsAny(name, "\\:") {
		return false
	}
	for _, el := range strings.Split(name, "/") {
		if el == "" || el == "." || el == ".." || strings.HasPrefix(el, ".") {
			return false
		}
		for _, r := range el {
			if r < 0x20 || r == 0x7f {
				return false
			}
		}
	}
	return true
}
