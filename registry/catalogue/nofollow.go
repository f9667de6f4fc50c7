package catalogue

import (
	"errors"
	"io"
	"io/fs"
	"iter"
	"os"
	"path"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Symbolic links, on the read side. A registry holds regular files only:
// anyone can propose a file, and a link committed upstream
// (../../../../etc/passwd, or towards ~/.ssh) would otherwise be shown,
// copied and shared as if it were the registry's. codal never follows one:
// the walk reports each as the lint problem `symlink`, and readers refuse
// them (ReadNoFollow).

// ErrSymlink is the cause of every refusal to follow a symbolic link; test
// it with errors.Is.
var ErrSymlink = errors.New("symbolic link")

// errNotRegular is the cause of a refusal to read a special file (a pipe, a
// device, a socket).
var errNotRegular = errors.New("not a regular file")

// EntryOf returns the entry a registry path belongs to: actors/<id>.yaml,
// or <kind>/<id> for the others ("registry.yaml" for the root's files).
func EntryOf(p string) string {
	parts := strings.SplitN(p, "/", 3)
	if len(parts) < 2 {
		return p
	}
	return parts[0] + "/" + parts[1]
}

// PathPrefixes yields the registry path p's folders, then p itself:
// "snippets", "snippets/x", "snippets/x/a.js".
func PathPrefixes(p string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for i := 0; i <= len(p); i++ {
			if (i == len(p) || p[i] == '/') && !yield(p[:i]) {
				return
			}
		}
	}
}

// LinkRefused is the sentence of a reader that met a symbolic link at the
// registry path link while reading an entry's file.
func LinkRefused(link string) error {
	if EntryOf(link) == link {
		return i18n.Wrap(ErrSymlink, i18n.T(
			"%s est un lien symbolique : codal ne suit jamais un lien (il peut mener hors du registre)",
			"%s is a symbolic link: codal never follows a link (it can lead outside the registry)"), link)
	}
	return i18n.Wrap(ErrSymlink, i18n.T(
		"l'entrée %s contient un lien symbolique, %s : codal ne suit jamais un lien (il peut mener hors du registre)",
		"the entry %s holds a symbolic link, %s: codal never follows a link (it can lead outside the registry)"), EntryOf(link), link)
}

// ReadNoFollow reads the registry file name of fsys without following a
// symbolic link anywhere on its path, and refuses special files and files
// over max bytes. On a folder of the disk (os.DirFS), each element of the
// path is checked with Lstat, then the file opened is checked to be the one
// checked (a link swapped in between is caught too).
func ReadNoFollow(fsys fs.FS, name string, max int64) ([]byte, error) {
	name = path.Clean(name)
	if !fs.ValidPath(name) || name == "." {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	var info fs.FileInfo
	for prefix := range PathPrefixes(name) {
		var err error
		info, err = fs.Lstat(fsys, prefix)
		switch {
		case errors.Is(err, ErrSymlink):
			return nil, LinkRefused(prefix)
		case err != nil:
			return nil, err
		case info.Mode()&fs.ModeSymlink != 0:
			return nil, LinkRefused(prefix)
		case prefix != name && !info.IsDir():
			return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
		}
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
	}
	if info.Size() > max {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errTooLarge}
	}
	f, err := fsys.Open(name)
	if errors.Is(err, ErrSymlink) {
		return nil, LinkRefused(name)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	opened, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Sys() != nil && opened.Sys() != nil && !os.SameFile(info, opened) {
		return nil, LinkRefused(name)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errTooLarge}
	}
	return data, nil
}

var errTooLarge = fact.ErrTooLarge
