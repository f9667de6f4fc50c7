package news

import (
	"slices"
	"strings"

	"github.com/gpso/codal/registry/catalogue"
)

// Titles answers an entry's current title ("KIND/ID"; an actor's name) from
// c, for the items whose commit did not carry it; "" when unknown. It looks
// each entry up in c when asked: no table of every title is built (at
// 100,000 entries 8 MB, on each start of the app, mostly for no item).
func Titles(c *catalogue.Catalogue) func(entry string) string {
	return func(entry string) string {
		kind, id, ok := strings.Cut(entry, "/")
		if !ok {
			return ""
		}
		switch kind {
		case "actors":
			if x := c.Actor(id); x != nil {
				return x.Name
			}
		case "snippets":
			if x := c.Snippet(id); x != nil {
				return x.Title
			}
		case "schemas":
			if x := c.Schema(id); x != nil {
				return x.Title
			}
		case "requests":
			if x := c.Request(id); x != nil {
				return x.Title
			}
		}
		return ""
	}
}

// ActorNames gives actors' names from c.
func ActorNames(c *catalogue.Catalogue) Names {
	m := make(map[string]string, len(c.Actors))
	for _, x := range c.Actors {
		m[x.ID] = x.Name
	}
	return func(id string) string { return m[id] }
}

// Own lists the requests ("requests/ID") actor filed or supports, as c
// says now.
func Own(c *catalogue.Catalogue, actor string) []string {
	if actor == "" {
		return nil
	}
	var out []string
	for _, s := range c.Board {
		if s.Request.RequestedBy == actor || slices.Contains(s.Supporters, actor) {
			out = append(out, "requests/"+s.Request.ID)
		}
	}
	return out
}
