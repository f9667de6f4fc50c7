package catalogue

import (
	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
)

// View is what queries and Prepare* read of a registry, one entry at a time.
// A loaded Catalogue answers from memory; a derived index can answer the same
// questions without loading every file, and the code that prepares writes
// (Preparer) does not change.
type View interface {
	// Actor, Snippet, Schema and Request return the entry with that id, or
	// nil.
	Actor(id string) *directory.Actor
	Snippet(id string) *snippets.Snippet
	Schema(id string) *schemas.Schema
	Request(id string) *requests.Request
	// Standing is a request's place on the priority board, or nil.
	Standing(id string) *requests.Standing
	// Triagers are the actors who may change any request's status.
	Triagers() []string
	// IsTriager reports whether the actor is one of them.
	IsTriager(actor string) bool
	// Exists reports whether the registry holds anything at a path (a
	// file, a folder, or a refused link), as of the load.
	Exists(path string) bool
}

var _ View = (*Catalogue)(nil)

// Triagers are the actors registry.yaml names as triagers.
func (c *Catalogue) Triagers() []string { return c.Meta.Triagers }

// Exists reports whether the load found something at a path of the registry
// (a file, a folder, or a refused link): preparing a write reads the
// catalogue, never the disk.
func (c *Catalogue) Exists(p string) bool {
	pt := c.parts[RootOf(p)]
	return pt != nil && pt.has(p)
}
