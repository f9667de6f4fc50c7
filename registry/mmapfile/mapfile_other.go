//go:build !unix

package mmapfile

import "os"

// Map reads the file at path into the heap (systems without mmap).
func Map(path string) (data []byte, unmap func(), err error) {
	data, err = os.ReadFile(path)
	return data, func() {}, err
}

// Mapped is false: Map reads files into the heap here.
const Mapped = false
