package catalogue

import (
	"strings"
	"unsafe"
)

// owner gives the strings a decoder returns memory of their own, so that
// nothing decoded aliases the snapshot's bytes: the catalogue keeps only
// the strings it holds, not a copy of the whole snapshot (the list section,
// the tables, the varints and the positions' encoding between them: at
// 100,000 entries more than half of the catalogue's heap when it shared one
// copy of the snapshot), and the snapshot itself (an index's mapped file)
// can be dropped from memory as soon as it is decoded.
//
// Short strings are interned (an actor's id, name and e-mail address
// repeated in every vote, statuses, needs, dates); the others are copied
// into chunks shared by many strings, so that each costs its bytes, not an
// allocation. One owner serves one goroutine.
type owner struct {
	seen  map[string]string
	chunk []byte
}

const (
	// ownIntern is the longest string interned.
	ownIntern = 48
	// ownChunk is the size of the chunks strings are copied into; a string
	// longer than ownAlone gets an allocation of its own.
	ownChunk = 64 << 10
	ownAlone = 4 << 10
)

func newOwner() *owner { return &owner{seen: map[string]string{}} }

// own returns a copy of s that does not alias s's memory; s itself when o
// is nil.
func (o *owner) own(s string) string {
	if o == nil {
		return s
	}
	n := len(s)
	switch {
	case n == 0:
		return "" // even empty, a slice of s would keep it alive
	case n > ownAlone:
		return strings.Clone(s)
	case n <= ownIntern:
		if v, ok := o.seen[s]; ok {
			return v
		}
	}
	if cap(o.chunk)-len(o.chunk) < n {
		o.chunk = make([]byte, 0, ownChunk)
	}
	at := len(o.chunk)
	o.chunk = append(o.chunk, s...)
	v := unsafe.String(&o.chunk[at], n) // the chunk's bytes below len are never written again
	if n <= ownIntern {
		o.seen[v] = v
	}
	return v
}
