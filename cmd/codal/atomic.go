package main

import (
	"os"
	"path/filepath"

	"github.com/gpso/codal/i18n"
)

// checkOutput refuses an output path that names a folder, before any work.
func checkOutput(name string) error {
	if fi, err := os.Stat(name); err == nil && fi.IsDir() {
		return withCode(2, i18n.Errorf(i18n.T("%s est un dossier : donnez un nom de fichier à -o", "%s is a folder: give -o a file name"), name))
	}
	return nil
}

// writeFileAtomic writes data to name in one step: into a temporary file of
// the same folder, then renamed over name, so a reader sees the old file or
// the whole new one, and a failure leaves no half-written file (nor the
// temporary one). A symbolic link is followed (the file it names is
// replaced, the link kept); a name that is neither a regular file nor
// absent (/dev/stdout, a named pipe) is written to directly, since it cannot
// be replaced. The new file is readable by all (0644): a meeting pack is
// meant to be shared.
func writeFileAtomic(name string, data []byte) error {
	if err := checkOutput(name); err != nil {
		return err
	}
	fail := func(err error) error {
		return i18n.Wrap(err, i18n.T("écriture de %s impossible : %v", "cannot write %s: %v"), name, err)
	}
	if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
		f, err := os.OpenFile(name, os.O_WRONLY, 0)
		if err != nil {
			return fail(err)
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return fail(err)
		}
		if err := f.Close(); err != nil {
			return fail(err)
		}
		return nil
	}
	target := name
	if real, err := filepath.EvalSymlinks(name); err == nil {
		target = real
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return fail(err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close() // a second Close only returns an error
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fail(err)
	}
	done = true
	return nil
}
