package mmapfile

import "syscall"

// Release drops the pages of data, all or part of a mapping Map returned,
// from the process's resident memory; they are read again from the file
// (the page cache) when next touched, unchanged. data must start on a page.
func Release(data []byte) {
	if len(data) > 0 {
		_ = syscall.Madvise(data, syscall.MADV_DONTNEED)
	}
}
