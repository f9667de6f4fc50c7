package catalogue

import (
	"errors"
	"io/fs"
	"os"
	"reflect"

	"github.com/gpso/codal/fact"
)

// The load's reads of a folder of the disk. A cold load (codal lint, the
// index's first build) lists and reads every file of the registry: 485,000
// files at 100,000 entries, each a few hundred bytes, so the system calls
// around each read are the cost, not the bytes. Through os.DirFS each file
// costs an os.File (an open, two fcntl and an epoll registration the kernel
// refuses for a regular file, a finalizer), a read, a read that finds the
// end and a close; each folder as much again around its listing. On Linux
// the load reads the registry's folder with plain system calls instead
// (disk_linux.go): one open relative to the registry's folder that never
// follows a link, the reads, a close. Everything else (another fs.FS, another
// system) reads through fsys as before.

// loadSource is what the load reads: the folders the walk lists and the
// files it parses.
type loadSource interface {
	// readDir lists a folder as fs.ReadDir does: sorted by name, without
	// "." and "..".
	readDir(name string) ([]fs.DirEntry, error)
	// readFact reads a file of at most maxFactSize bytes; buf is scratch
	// space the caller owns (the result never shares it).
	readFact(name string, buf *[]byte) ([]byte, error)
	close()
}

// fsSource reads through an fs.FS.
type fsSource struct{ fsys fs.FS }

func (s fsSource) readDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(s.fsys, name) }
func (s fsSource) readFact(name string, _ *[]byte) ([]byte, error) {
	return readFact(s.fsys, name)
}
func (s fsSource) close() {}

// dirFSType is the type os.DirFS returns.
var dirFSType = reflect.TypeOf(os.DirFS("."))

// diskRoot returns the folder fsys reads when fsys is os.DirFS(dir).
func diskRoot(fsys fs.FS) (string, bool) {
	if fsys == nil {
		return "", false
	}
	v := reflect.ValueOf(fsys)
	if v.Type() != dirFSType || v.String() == "" {
		return "", false
	}
	return v.String(), true
}

// sourceOf returns the fastest reader of fsys: the disk's system calls when
// fsys is os.DirFS and the system has them, else fsys itself.
func sourceOf(fsys fs.FS) loadSource {
	if dir, ok := diskRoot(fsys); ok {
		if d, err := openDisk(dir); err == nil {
			return d
		}
	}
	return fsSource{fsys}
}

// readFact reads a file of the registry, never more than maxFactSize bytes.
// The walk does not ask each file's size (a stat per file costs as much as
// the read on a slow file system): the cap is enforced while reading, and
// only a file over it is asked its size, for the problem's message
// (errTooLargeFile).
func readFact(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := fact.ReadCapped(f, maxFactSize)
	if errors.Is(err, fact.ErrTooLarge) {
		size := int64(-1)
		if info, serr := f.Stat(); serr == nil {
			size = info.Size()
		}
		return nil, &errTooLargeFile{size: size}
	}
	return data, err
}

// errTooLargeFile is readFact's error for a file over maxFactSize bytes;
// size is the file's size, or -1 when it could not be read.
type errTooLargeFile struct{ size int64 }

func (e *errTooLargeFile) Error() string { return fact.ErrTooLarge.Error() }
func (e *errTooLargeFile) Unwrap() error { return fact.ErrTooLarge }
