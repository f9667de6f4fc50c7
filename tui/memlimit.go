package tui

import (
	"os"
	"runtime"
	"runtime/debug"

	tea "charm.land/bubbletea/v2"
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

// collectedMsg says that collectCmd's collection is done.
type collectedMsg struct{}

// collectCmd runs a collection to its end, off the event loop. After a
// load the app runs it before the share check and the news walk
// (Model.setCatalogue): the load's garbage (the index decoded, the preview,
// the catalogue replaced) is then gone before they map and read the big
// trees. Since the swap takes milliseconds (round 19) they otherwise
// started while the heap was at its height: at 100,000 entries the app
// peaked at 282–296 MB on a first start after a bulk import, 274–280 MB
// with this (docs/scale.md, "Merging the peak into the swap (round 19)").
func collectCmd() tea.Msg {
	runtime.GC()
	return collectedMsg{}
}
