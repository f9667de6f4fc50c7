package catalogue

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/snippets"
)

// ReadCodeFiles reads the files at paths (the user's own files, outside any
// registry: codal snippet add and the TUI's form) as a snippet's code files, each
// named after its base name. A path that does not exist, a folder, a binary
// file or a file over snippets.MaxFileSize is an error, and so are two files
// with the same name.
func ReadCodeFiles(paths []string) ([]CodeFile, error) {
	if len(paths) == 0 {
		return nil, i18n.Errorf(i18n.T("aucun fichier : donnez au moins un fichier de code", "no file: give at least one code file"))
	}
	var out []CodeFile
	seen := map[string]string{}
	for _, p := range paths {
		name := filepath.Base(p)
		info, err := os.Stat(p)
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil, i18n.Errorf(i18n.T("le fichier %s n'existe pas", "the file %s does not exist"), p)
		case err != nil:
			return nil, i18n.Wrap(err, i18n.T("fichier %s illisible : %v", "unreadable file %s: %v"), p, errText(err))
		case info.IsDir():
			return nil, i18n.Errorf(i18n.T("%s est un dossier : donnez les fichiers de code un par un", "%s is a folder: give the code files one by one"), p)
		case !info.Mode().IsRegular():
			return nil, i18n.Errorf(i18n.T("%s n'est pas un fichier ordinaire", "%s is not a regular file"), p)
		case info.Size() > snippets.MaxFileSize:
			return nil, i18n.Errorf(i18n.T("%s est trop gros (%d octets) : un fichier d'extrait fait au plus %d Kio",
				"%s is too large (%d bytes): a snippet file is at most %d KiB"), p, info.Size(), snippets.MaxFileSize>>10)
		}
		if prev, dup := seen[name]; dup {
			return nil, i18n.Errorf(i18n.T("%s et %s portent le même nom %q : renommez l'un des deux", "%s and %s have the same name %q: rename one of them"), prev, p, name)
		}
		seen[name] = p
		f, err := os.Open(p)
		if err != nil {
			return nil, i18n.Wrap(err, i18n.T("fichier %s illisible : %v", "unreadable file %s: %v"), p, errText(err))
		}
		data, err := io.ReadAll(io.LimitReader(f, snippets.MaxFileSize+1))
		f.Close()
		if err != nil {
			return nil, i18n.Wrap(err, i18n.T("fichier %s illisible : %v", "unreadable file %s: %v"), p, errText(err))
		}
		if e := snippets.CheckCodeFile(name, data); e != nil {
			return nil, e
		}
		out = append(out, CodeFile{Name: name, Data: data})
	}
	return out, nil
}
