package watch

import (
	"time"

	"github.com/gpso/codal/registry/catalogue"
)

// Options tunes Run.
type Options struct {
	// LogCap caps the log of changed paths (0: MaxLog).
	LogCap int
	// Ready, when set, is called once every folder is watched and the
	// socket answers, with the daemon's status.
	Ready func(Status)
}

// maxDepth is how deep under a kind folder the daemon watches; a deeper
// folder makes it blind (every answer "unknown") rather than partial.
const maxDepth = 32

// inTop reports whether name is one of the root's children the daemon
// reports: registry.yaml and the kind folders (what the index's stat table
// covers).
func inTop(name string) bool {
	if name == catalogue.MetaFile {
		return true
	}
	for _, k := range catalogue.Kinds {
		if name == string(k) {
			return true
		}
	}
	return false
}

func join(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

// utcMillis is a time as Status gives it.
func utcMillis(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }
