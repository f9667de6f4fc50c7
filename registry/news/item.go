// Package news says what changed in a registry between two commits: new
// requests, supports gained or withdrawn, status changes, comments,
// transfers, and new, changed or removed actors, snippets and schemas. It
// reads what the Git store gives it (commits and the files they changed) and
// imports no Git library.
package news

import "time"

// Kind is what happened, as it appears in `codal news --json`.
type Kind string

// The kinds of news items. The strings are part of the --json contract.
const (
	RequestFiled     Kind = "request-filed"
	SupportGained    Kind = "support-gained"
	SupportWithdrawn Kind = "support-withdrawn"
	StatusChanged    Kind = "status-changed"
	Commented        Kind = "comment"
	Transferred      Kind = "transfer"
	EntryAdded       Kind = "entry-added"
	EntryChanged     Kind = "entry-changed"
	EntryRemoved     Kind = "entry-removed"
)

// Item is one thing that happened in one commit.
type Item struct {
	Kind Kind `json:"kind"`
	// Entry is the entry concerned, "KIND/ID" (requests/budget-climat,
	// snippets/…, schemas/…, actors/…).
	Entry string `json:"entry"`
	// Title is the entry's title (or an actor's name) as of the commit.
	Title string `json:"title,omitempty"`
	// Actor is the organisation that acted: the voter, the author of a
	// status change, a comment or a transfer, the requester of a new request.
	Actor string `json:"actor,omitempty"`
	// Need is a support's need (for SupportGained).
	Need string `json:"need,omitempty"`
	// Status is the new status (StatusChanged).
	Status string `json:"status,omitempty"`
	// To is the new addressee (Transferred).
	To string `json:"to,omitempty"`
	// Text is a comment's body or a status change's or transfer's note.
	Text string `json:"text,omitempty"`
	// Author is the commit's author name, Commit its hash, Date its date.
	Author string    `json:"author,omitempty"`
	Commit string    `json:"commit"`
	Date   time.Time `json:"date"`
	// Seq is the item's position among its commit's items (from 0): with
	// Commit, a stable name for it (the Atom entry's id).
	Seq int `json:"seq"`
}
