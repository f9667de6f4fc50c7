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
// heap grows as needed, the limit being soft. At 240 MiB the collector ran
// so often that the background check took 35 s at 100,000 entries (23 s at
// 280 MiB, 21 s with no limit), for about the same peak (docs/scale.md, "The app's memory").
const memoryLimit = 280 << 20

// limitMemory applies memoryLimit to the process.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
