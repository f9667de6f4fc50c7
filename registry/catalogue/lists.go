package catalogue

import (
	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
	"github.com/gpso/codal/toolbox"
)

// Lister is what a list of one kind reads: the entries whose folded
// haystack holds every term (MatchAll; every entry when terms is empty), in
// display order (the directory's order, titles, the priority board). A
// loaded Catalogue answers from memory; the index's Snapshot answers from
// its list section without decoding the other entries — the same entries
// in the same order (TestSnapshotLists), except that a Snapshot's requests
// carry no votes, events or positions.
type Lister interface {
	ListActors(terms []string) ([]*directory.Actor, error)
	ListSnippets(terms []string) ([]*snippets.Snippet, error)
	ListSchemas(terms []string) ([]*schemas.Schema, error)
	ListRequests(terms []string) ([]requests.Standing, error)
	ListTrainings(terms []string) ([]*toolbox.Training, error)
	ListTips(terms []string) ([]*toolbox.Tip, error)
	// Actor returns the actor with that id, or nil (for the names a
	// request's row shows).
	Actor(id string) *directory.Actor
}

var (
	_ Lister = (*Catalogue)(nil)
	_ Lister = (*Snapshot)(nil)
)

// ListActors is the directory filtered by terms.
func (c *Catalogue) ListActors(terms []string) ([]*directory.Actor, error) {
	var out []*directory.Actor
	for _, x := range c.Actors {
		if MatchAll(c.ActorHaystack(x), terms) {
			out = append(out, x)
		}
	}
	return out, nil
}

// ListSnippets is the snippets, by title, filtered by terms.
func (c *Catalogue) ListSnippets(terms []string) ([]*snippets.Snippet, error) {
	var out []*snippets.Snippet
	for _, x := range c.Snippets {
		if MatchAll(c.SnippetHaystack(x), terms) {
			out = append(out, x)
		}
	}
	return out, nil
}

// ListSchemas is the dataset schemas, by title, filtered by terms.
func (c *Catalogue) ListSchemas(terms []string) ([]*schemas.Schema, error) {
	var out []*schemas.Schema
	for _, x := range c.Schemas {
		if MatchAll(c.SchemaHaystack(x), terms) {
			out = append(out, x)
		}
	}
	return out, nil
}

// ListRequests is the priority board filtered by terms.
func (c *Catalogue) ListRequests(terms []string) ([]requests.Standing, error) {
	var out []requests.Standing
	for _, s := range c.Board {
		if MatchAll(c.RequestHaystack(s), terms) {
			out = append(out, s)
		}
	}
	return out, nil
}

// ListTrainings is the trainings, the latest first, filtered by terms.
func (c *Catalogue) ListTrainings(terms []string) ([]*toolbox.Training, error) {
	var out []*toolbox.Training
	for _, x := range c.Trainings {
		if MatchAll(c.TrainingHaystack(x), terms) {
			out = append(out, x)
		}
	}
	return out, nil
}

// ListTips is the tips, by title, filtered by terms.
func (c *Catalogue) ListTips(terms []string) ([]*toolbox.Tip, error) {
	var out []*toolbox.Tip
	for _, x := range c.Tips {
		if MatchAll(c.TipHaystack(x), terms) {
			out = append(out, x)
		}
	}
	return out, nil
}
