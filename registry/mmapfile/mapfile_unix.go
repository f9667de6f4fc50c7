//go:build unix

package mmapfile

import (
	"os"
	"syscall"
)

// Map maps the file at path read-only: its pages are read when first
// touched, never copied into the heap. unmap releases the mapping; nothing
// may read the bytes after it. An empty file is returned as nil bytes.
//
// Only files replaced by rename, never rewritten in place (codal's index,
// Git's pack files), may be mapped: a mapped file's bytes must not change.
func Map(path string) (data []byte, unmap func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := fi.Size()
	if size == 0 || int64(int(size)) != size {
		return nil, func() {}, nil
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() { syscall.Munmap(data) }, nil
}

// Mapped reports that Map maps files here (so that their pages can be released).
const Mapped = true
