package tui

import (
	"os"
	"runtime/debug"
)

// memoryLimit is the app's soft memory limit (runtime/debug.SetMemoryLimit)
// unless GOMEMLIMIT says otherwise. The app holds one catalogue for as long
// as it runs (about 170 MB of heap at 100,000 entries, 190 MB once the long
// lists' haystacks are packed); with the runtime's default (a collection
// when the heap doubles) its resident memory would reach twice that while
// decoding or swapping in a new one. Under the limit the collector runs
// earlier instead; past it (two catalogues for a moment) the heap grows as
// needed, the limit being soft. 240 MiB keeps the app's peak under 280 MB
// at 100,000 entries (binary and mapped pages included), the first news
// walk after a bulk import included. 220 MiB took it 10 MB lower while
// the haystacks were not packed, but once they are the heap is at that
// limit and the collector runs back to back: the first filter took 6 to
// 20 s on a busy machine (docs/scale.md, "The app's memory", "The app at
// 100,000 entries: under 300 MB" and round 19).
const memoryLimit = 240 << 20

// limitMemory applies memoryLimit to the process.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
