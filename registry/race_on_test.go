//go:build race

package registry

// raceEnabled: the race detector is on. sync.Pool then drops a share of
// what is put back on purpose, so tests of what a pool saves skip.
const raceEnabled = true
