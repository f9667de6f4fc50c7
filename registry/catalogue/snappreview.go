package catalogue

// A Preview is what the app's first screen reads before the whole
// catalogue is checked: the index's snapshot, with its count of requests
// moved by the requests filed or removed since it was written (a delta of
// the index that an overlay recorded: the overlay takes requests added and
// removed, and nothing else that the first screen shows — the directory,
// the registry's name, the other kinds' counts).
type Preview struct {
	*Snapshot
	moved int
}

// NewPreview returns the preview of s with moved requests more (or fewer,
// when negative) than it lists.
func NewPreview(s *Snapshot, moved int) *Preview { return &Preview{Snapshot: s, moved: moved} }

// Len counts the entries of a kind: the snapshot's, the requests moved.
func (p *Preview) Len(k Kind) int {
	n := p.Snapshot.Len(k)
	if k == Requests {
		n = max(0, n+p.moved)
	}
	return n
}
