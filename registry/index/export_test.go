package index

// SetBlockSize sets the block size Marshal writes, for a test; it returns
// a func that restores it.
func SetBlockSize(n int) func() {
	old := blockSize
	blockSize = n
	return func() { blockSize = old }
}

// SetOverlay turns a View's overlay on or off, for a benchmark; it returns
// a func that restores it.
func SetOverlay(on bool) func() {
	old := overlayOff
	overlayOff = !on
	return func() { overlayOff = old }
}

// Compactions is how many times the index was written again through an
// overlay (compact) since the process started, for a test.
func Compactions() int64 { return compactions.Load() }

// CatchUps is how many times the whole catalogue was decoded and brought up
// to date (catalogue.Update) since the process started, for a test.
func CatchUps() int64 { return catchUps.Load() }
