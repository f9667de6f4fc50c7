package tui

import (
	"os"
	"runtime/debug"
)

// memoryLimit is the app's soft memory limit (runtime/debug.SetMemoryLimit)
// unless GOMEMLIMIT says otherwise. The app holds one catalogue for as long
// as it runs (195 MB of heap at 100,000 entries); with the runtime's default
// (a collection when the heap doubles) its resident memory would reach
// twice that while decoding or swapping in a new one. Under the limit the
// collector runs earlier instead; past it (two catalogues for a moment) the
// heap grows as needed, the limit being soft.
const memoryLimit = 240 << 20

// limitMemory applies memoryLimit to the process.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
