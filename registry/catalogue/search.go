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

// Terms splits a search query into accent-folded, lowercase words.
func Terms(query string) []string { return strings.Fields(fact.Fold(query)) }

// MatchAll reports whether every term occurs in the folded haystack.
func MatchAll(haystack string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(haystack, t) {
			return false
		}
	}
	return true
}

// ActorHaystack is the folded text a search matches an actor against: name,
// id, kind, INSEE code, city and competences, plus the facets a query can
// name: "kind:commune" and "competence:WORD" for each word of each
// competence (so "kind:commune déchets" keeps the communes that mention
// waste, and "competence:dechets" those whose competences do).
func (c *Catalogue) ActorHaystack(a *directory.Actor) string {
	parts := append([]string{a.Name, a.ID, string(a.Kind), a.INSEE, a.Address.City}, a.Competences...)
	parts = append(parts, KindFacet(string(a.Kind)))
	for _, comp := range a.Competences {
		for _, w := range Terms(comp) {
			parts = append(parts, CompetenceFacet+w)
		}
	}
	return haystack(parts...)
}

// CompetenceFacet prefixes each word of an actor's competences in its
// haystack: the term "competence:dechets" matches it.
const CompetenceFacet = "competence:"

// KindFacet is the search term that keeps the actors of one kind.
func KindFacet(kind string) string { return "kind:" + fact.Fold(kind) }

// SnippetHaystack: title, id, language, tags and the author's name.
func (c *Catalogue) SnippetHaystack(s *snippets.Snippet) string {
	parts := append([]string{s.Title, s.ID, s.Language, s.Author, c.actorName(s.Author)}, s.Tags...)
	return haystack(parts...)
}

// SchemaHaystack: title, id and name.
func (c *Catalogue) SchemaHaystack(s *schemas.Schema) string {
	return haystack(s.Title, s.ID, s.Name)
}

// RequestHaystack: title, id, themes and the names of the requesting,
// addressed and supporting organisations (so a commune's name finds the
// requests it supports).
func (c *Catalogue) RequestHaystack(s requests.Standing) string {
	r := s.Request
	parts := []string{r.Title, r.ID, c.actorName(r.RequestedBy), c.actorName(r.AddressedTo)}
	parts = append(parts, r.Themes...)
	for _, id := range s.Supporters {
		parts = append(parts, c.actorName(id))
	}
	return haystack(parts...)
}

// AppendRequestHaystack appends RequestHaystack(s) to dst, allocating
// nothing but dst's growth: the app packs 70,000 of them at 100,000
// entries, and RequestHaystack's copies (the parts, their join, the
// decomposed and the folded text) kept its collector running back to back.
func (c *Catalogue) AppendRequestHaystack(dst []byte, s requests.Standing) []byte {
	r := s.Request
	dst = fact.AppendFold(dst, r.Title)
	dst = fact.AppendFold(append(dst, 0), r.ID)
	dst = fact.AppendFold(append(dst, 0), c.actorName(r.RequestedBy))
	dst = fact.AppendFold(append(dst, 0), c.actorName(r.AddressedTo))
	for _, t := range r.Themes {
		dst = fact.AppendFold(append(dst, 0), t)
	}
	for _, id := range s.Supporters {
		dst = fact.AppendFold(append(dst, 0), c.actorName(id))
	}
	return dst
}

// TrainingHaystack: title, id, level, language, topics, the organiser's
// and the speakers' names.
func (c *Catalogue) TrainingHaystack(t *toolbox.Training) string {
	parts := []string{t.Title, t.ID, string(t.Level), t.Language, t.Organiser, c.actorName(t.Organiser)}
	parts = append(parts, t.Topics...)
	for _, sp := range t.Speakers {
		parts = append(parts, sp.Name)
		if sp.Actor != "" {
			parts = append(parts, sp.Actor, c.actorName(sp.Actor))
		}
	}
	return haystack(parts...)
}

// TipHaystack: title, id, tags, the author's name and the related entries.
func (c *Catalogue) TipHaystack(t *toolbox.Tip) string {
	parts := append([]string{t.Title, t.ID, t.Author, c.actorName(t.Author)}, t.Tags...)
	parts = append(parts, t.Related...)
	return haystack(parts...)
}

func (c *Catalogue) actorName(id string) string {
	if a := c.actors[id]; a != nil {
		return a.Name
	}
	return id
}

func haystack(parts ...string) string { return fact.Fold(strings.Join(parts, "\x00")) }
