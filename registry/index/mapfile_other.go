//go:build !unix

package index

import "os"

// mapFile reads the file at path into the heap (systems without mmap).
func mapFile(path string) (data []byte, unmap func(), err error) {
	data, err = os.ReadFile(path)
	return data, func() {}, err
}

// mapped is false: mapFile reads files into the heap here.
const mapped = false
