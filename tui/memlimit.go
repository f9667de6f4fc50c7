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
// the heap grows as needed, the limit being soft. 220 MiB keeps the app's
// peak near 260 MB at 100,000 entries (binary and mapped pages included),
// the news walk after a bulk import included; it was 240 MiB while the app
// held 25 MB more (every list's haystacks, the overdue table), and at
// 240 MiB then the collector ran back to back through the check
// (docs/scale.md, "The app's memory", "The app at 100,000 entries: under
// 300 MB" and round 19).
const memoryLimit = 220 << 20

// limitMemory applies memoryLimit to the process.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
