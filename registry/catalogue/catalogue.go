package catalogue

import (
	"strings"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
	"github.com/gpso/codal/toolbox"
)

// Catalogue is every entry of a registry, loaded in memory, with the problems
// found on the way and the computed priority board. It is read-only once
// loaded; a write produces a new catalogue.
type Catalogue struct {
	Meta Meta
	// Actors in directory order: communes first, then by kind, then name.
	Actors []*directory.Actor
	// Snippets by title.
	Snippets []*snippets.Snippet
	// Schemas by title.
	Schemas []*schemas.Schema
	// Requests by id; Board has them in priority order.
	Requests []*requests.Request
	// Trainings by date, the latest first.
	Trainings []*toolbox.Training
	// Tips by title.
	Tips []*toolbox.Tip
	// Board is the priority board: every request's standing, rank 1 first.
	Board []requests.Standing
	// Problems are every problem found, sorted by path and position.
	Problems []fact.Problem

	// parts holds, by entry root (RootOf), what the load found under it:
	// problems, the paths it listed (files, folders, refused links: what
	// Prepare* need to know of the disk, without a handle on it), the
	// assembled entry. Update replaces the parts that changed.
	parts map[string]*part
	// refs are the problems checkReferences found, by entry root.
	refs map[string][]fact.Problem
	// walked are the kind folders the walk entered; only, the kinds
	// LoadOnly was asked for (nil: every kind).
	walked, only []Kind

	actors    map[string]*directory.Actor
	snippets  map[string]*snippets.Snippet
	schemas   map[string]*schemas.Schema
	requests  map[string]*requests.Request
	trainings map[string]*toolbox.Training
	tips      map[string]*toolbox.Tip
}

// Actor returns the actor with that id, or nil.
func (c *Catalogue) Actor(id string) *directory.Actor { return c.actors[id] }

// Snippet returns the snippet with that id, or nil.
func (c *Catalogue) Snippet(id string) *snippets.Snippet { return c.snippets[id] }

// Schema returns the dataset schema with that id, or nil.
func (c *Catalogue) Schema(id string) *schemas.Schema { return c.schemas[id] }

// Request returns the data request with that id, or nil.
func (c *Catalogue) Request(id string) *requests.Request { return c.requests[id] }

// Training returns the training with that id, or nil.
func (c *Catalogue) Training(id string) *toolbox.Training { return c.trainings[id] }

// Tip returns the tip with that id, or nil.
func (c *Catalogue) Tip(id string) *toolbox.Tip { return c.tips[id] }

// Has reports whether the entry KIND/ID exists.
func (c *Catalogue) Has(k Kind, id string) bool {
	switch k {
	case Actors:
		return c.actors[id] != nil
	case Snippets:
		return c.snippets[id] != nil
	case Schemas:
		return c.schemas[id] != nil
	case Requests:
		return c.requests[id] != nil
	case Trainings:
		return c.trainings[id] != nil
	case Tips:
		return c.tips[id] != nil
	}
	return false
}

// Standing returns the request's place on the board, or nil.
func (c *Catalogue) Standing(id string) *requests.Standing {
	for i := range c.Board {
		if c.Board[i].Request.ID == id {
			return &c.Board[i]
		}
	}
	return nil
}

// Communes returns the actors of kind commune, in directory order.
func (c *Catalogue) Communes() []*directory.Actor {
	var out []*directory.Actor
	for _, a := range c.Actors {
		if a.IsCommune() {
			out = append(out, a)
		}
	}
	return out
}

// FiledBy returns the requests the actor filed, in board order.
func (c *Catalogue) FiledBy(actor string) []requests.Standing {
	var out []requests.Standing
	for _, s := range c.Board {
		if s.Request.RequestedBy == actor {
			out = append(out, s)
		}
	}
	return out
}

// SupportedBy returns the requests the actor voted for, in board order.
func (c *Catalogue) SupportedBy(actor string) []requests.Standing {
	var out []requests.Standing
	for _, s := range c.Board {
		if s.Request.RequestedBy != actor && s.Request.Vote(actor) != nil {
			out = append(out, s)
		}
	}
	return out
}

// IsTriager reports whether the actor may change request statuses.
func (c *Catalogue) IsTriager(actor string) bool {
	for _, t := range c.Meta.Triagers {
		if t == actor {
			return true
		}
	}
	return false
}

// ProblemsUnder returns the problems of files at or under the path prefix
// (for example "requests/budget-climat").
func (c *Catalogue) ProblemsUnder(prefix string) []fact.Problem {
	var out []fact.Problem
	for _, p := range c.Problems {
		if p.Path == prefix || strings.HasPrefix(p.Path, prefix+"/") {
			out = append(out, p)
		}
	}
	return out
}
