package news

import (
	"slices"

	"github.com/gpso/codal/registry/catalogue"
)

// Titles answers an entry's current title ("KIND/ID"; an actor's name) from
// c, for the items whose commit did not carry it; "" when unknown.
func Titles(c *catalogue.Catalogue) func(entry string) string {
	m := map[string]string{}
	for _, x := range c.Actors {
		m["actors/"+x.ID] = x.Name
	}
	for _, x := range c.Snippets {
		m["snippets/"+x.ID] = x.Title
	}
	for _, x := range c.Schemas {
		m["schemas/"+x.ID] = x.Title
	}
	for _, x := range c.Requests {
		m["requests/"+x.ID] = x.Title
	}
	return func(entry string) string { return m[entry] }
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
