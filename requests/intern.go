package requests

import (
	"strings"
	"unique"
)

// intern returns the one copy of s the process keeps: the same few hundred
// actor ids, names, e-mail addresses, needs and statuses come back in every
// vote and event of a registry (282,854 votes and 77,354 events at 100,000
// entries), and a loaded catalogue would otherwise hold one copy per file.
// An id taken from a file's path is cloned first (through unique), so the
// path it was cut from is not kept alive by it.
func intern(s string) string { return unique.Make(s).Value() }

// internVote interns the strings a vote shares with many others.
func internVote(v *Vote) {
	v.Actor, v.Name, v.Email = intern(v.Actor), intern(v.Name), intern(v.Email)
	v.Need = Need(intern(string(v.Need)))
}

// internEvent interns the strings an event shares with many others.
func internEvent(e *Event) {
	e.Actor, e.Name, e.Email, e.TransferTo = intern(e.Actor), intern(e.Name), intern(e.Email), intern(e.TransferTo)
	e.Status = Status(intern(string(e.Status)))
}

// internRequest interns the actor ids and themes of a request, and clones
// its id out of the path it was cut from.
func internRequest(r *Request) {
	r.ID = strings.Clone(r.ID)
	r.RequestedBy, r.AddressedTo = intern(r.RequestedBy), intern(r.AddressedTo)
	for i, t := range r.Themes {
		r.Themes[i] = intern(t)
	}
}
