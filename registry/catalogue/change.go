package catalogue

import "sort"

// Change is a set of file changes relative to the registry root.
type Change struct {
	Message string
	// Files maps paths to new content; a nil value deletes the path.
	Files map[string][]byte
}

// Paths returns the changed paths, sorted.
func (ch Change) Paths() []string {
	out := make([]string, 0, len(ch.Files))
	for p := range ch.Files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
