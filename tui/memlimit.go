package tui

import (
	"os"
	"runtime/debug"
)

// memoryLimit is the app's soft memory limit (runtime/debug.SetMemoryLimit)
// unless GOMEMLIMIT says otherwise. The app holds one catalogue for as long
// as it runs (about 170 MB of heap at 100,000 entries); with the runtime's
// default (a collection when the heap doubles) its resident memory would
// reach twice that while decoding or swapping in a new one. Under the limit
// the collector runs earlier instead; past it (two catalogues for a moment)
// the heap grows as needed, the limit being soft. 240 MiB keeps the app's
// peak under 300 MB at 100,000 entries (binary and mapped pages included)
// for a check 10 to 40 % longer than at 280 MiB; below it the collector
// runs so often that the check drags (docs/scale.md, "The app's memory"
// and "The app at 100,000 entries: under 300 MB").
const memoryLimit = 240 << 20

// limitMemory applies memoryLimit to the process.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
