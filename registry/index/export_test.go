package index

// SetBlockSize sets the block size Marshal writes, for a test; it returns
// a func that restores it.
func SetBlockSize(n int) func() {
	old := blockSize
	blockSize = n
	return func() { blockSize = old }
}
