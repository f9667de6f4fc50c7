package watch

import (
	"crypto/rand"
	"encoding/hex"
	"slices"
	"unicode/utf8"
)

// changeLog is the daemon's memory of changed paths: each entry has a
// sequence number, increasing. Entries below floor were dropped (the cap)
// or may be missing (an overflow): a token older than floor-1 is answered
// "unknown". blind makes every answer "unknown" for good (a folder that
// could not be watched). Not safe for concurrent use: the daemon holds its
// lock.
type changeLog struct {
	id      string
	seq     uint64
	floor   uint64 // the oldest sequence number the log still holds all of
	entries []entry
	cap     int
	blind   string
}

type entry struct {
	seq  uint64
	path string
}

func newLog(max int) *changeLog {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	return &changeLog{id: hex.EncodeToString(b), floor: 1, cap: max}
}

// add logs one changed path.
func (l *changeLog) add(p string) {
	l.seq++
	if len(l.entries) >= l.cap {
		// drop the older half at once (amortised), remembering from where
		// the log is whole
		n := len(l.entries) / 2
		l.floor = l.entries[n].seq
		l.entries = append(l.entries[:0], l.entries[n:]...)
	}
	l.entries = append(l.entries, entry{l.seq, p})
}

// lost says that changes may have been missed up to now (a queue
// overflow): every token taken before is "unknown".
func (l *changeLog) lost() {
	l.seq++
	l.floor = l.seq + 1
	l.entries = l.entries[:0]
}

// token is the log's current point.
func (l *changeLog) token() token { return token{l.id, l.seq} }

// since answers a question about the changes after the token s, up to the
// log's point at (at most the current one).
func (l *changeLog) since(s string, at uint64) Answer {
	if l.blind != "" {
		// no token at all: the caller checks as without a daemon (a
		// list, only what it reads), not everything every time
		return Answer{}
	}
	a := Answer{Token: token{l.id, at}.String()}
	t, ok := parseToken(s)
	if !ok || t.id != l.id || t.seq+1 < l.floor || t.seq > at {
		return a
	}
	seen := map[string]bool{}
	i, _ := slices.BinarySearchFunc(l.entries, t.seq+1, func(e entry, seq uint64) int {
		switch {
		case e.seq < seq:
			return -1
		case e.seq > seq:
			return 1
		}
		return 0
	})
	for ; i < len(l.entries) && l.entries[i].seq <= at; i++ {
		p := l.entries[i].path
		if !utf8.ValidString(p) {
			// JSON would change its bytes: the caller would look for
			// another name than the one that changed
			return a
		}
		if !seen[p] {
			if len(seen) == maxPaths {
				return a
			}
			seen[p] = true
			a.Paths = append(a.Paths, p)
		}
	}
	slices.Sort(a.Paths)
	a.Known = true
	return a
}
