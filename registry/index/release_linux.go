package index

import "syscall"

// release tells the kernel the mapped pages of b, a page-aligned part of a
// mapping made by mmapfile.Map, are not needed for now: they leave the process's
// resident memory and are read again from the page cache if touched. For a
// read-only mapping of a file this never changes what b holds.
func release(b []byte) { _ = syscall.Madvise(b, syscall.MADV_DONTNEED) }
