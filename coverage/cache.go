package coverage

import (
	"encoding/json"
	"errors"
	"time"
)

// MaxAge is how long a cached reading of an actor's portals is used
// without a refresh.
const MaxAge = 24 * time.Hour

// CacheVersion is the version of the cache's encoding; a cache of another
// version is ignored (read again from the portals).
const CacheVersion = 1

// ErrBadCache is returned by DecodeCache for bytes that are not a cache of
// this version.
var ErrBadCache = errors.New("coverage: bad or foreign cache")

// Cache is what `codal coverage` keeps between runs: what each actor's
// portals listed, and the validations done, with their dates. The matrix is
// built again from it, so that the registry's current schemas are matched.
type Cache struct {
	Version int `json:"version"`
	// SavedAt is when the cache was last written.
	SavedAt time.Time `json:"saved_at"`
	// Actors are the actors read, by id order of their last reading.
	Actors []Actor `json:"actors"`
	// Validations are the validations done, one per actor, schema and
	// dataset.
	Validations []Validation `json:"validations,omitempty"`
}

// Validation is one dataset checked against one schema.
type Validation struct {
	Actor      string    `json:"actor"`
	Schema     string    `json:"schema"`
	Dataset    string    `json:"dataset"`
	ErrorCount int       `json:"error_count"`
	CheckedAt  time.Time `json:"checked_at"`
}

// DecodeCache reads a cache written by Encode.
func DecodeCache(data []byte) (*Cache, error) {
	var c Cache
	if err := json.Unmarshal(data, &c); err != nil || c.Version != CacheVersion {
		return nil, ErrBadCache
	}
	return &c, nil
}

// Encode writes the cache as JSON.
func (c *Cache) Encode() ([]byte, error) {
	c.Version = CacheVersion
	return json.Marshal(c)
}

// Actor returns the cached actor with that id.
func (c *Cache) Actor(id string) (Actor, bool) {
	for _, a := range c.Actors {
		if a.ID == id {
			return a, true
		}
	}
	return Actor{}, false
}

// Put replaces (or adds) the actors read, and forgets the validations of
// those actors: their datasets were read again.
func (c *Cache) Put(actors []Actor) {
	fresh := make(map[string]bool, len(actors))
	for _, a := range actors {
		fresh[a.ID] = true
	}
	kept := c.Actors[:0:0]
	for _, a := range c.Actors {
		if !fresh[a.ID] {
			kept = append(kept, a)
		}
	}
	c.Actors = append(kept, actors...)
	var vs []Validation
	for _, v := range c.Validations {
		if !fresh[v.Actor] {
			vs = append(vs, v)
		}
	}
	c.Validations = vs
}

// Record keeps the validations of the matrix's Valid and Invalid cells.
func (c *Cache) Record(m *Matrix, at time.Time) {
	for _, cl := range m.Cells {
		if cl.State != Valid && cl.State != Invalid {
			continue
		}
		v := Validation{Actor: cl.Actor, Schema: cl.Schema, Dataset: cl.Dataset, ErrorCount: cl.ErrorCount, CheckedAt: at}
		replaced := false
		for i := range c.Validations {
			if c.Validations[i].Actor == v.Actor && c.Validations[i].Schema == v.Schema && c.Validations[i].Dataset == v.Dataset {
				c.Validations[i], replaced = v, true
			}
		}
		if !replaced {
			c.Validations = append(c.Validations, v)
		}
	}
}

// Apply marks the matrix's Found cells whose dataset the cache has
// validated against that schema.
func (c *Cache) Apply(m *Matrix) {
	for i := range m.Cells {
		cl := &m.Cells[i]
		if cl.State != Found {
			continue
		}
		for _, v := range c.Validations {
			if v.Actor == cl.Actor && v.Schema == cl.Schema && v.Dataset == cl.Dataset {
				cl.Validated(v.ErrorCount)
			}
		}
	}
}

// Row names one actor of the matrix and whether it declares a portal.
type Row struct {
	ID, Name  string
	HasPortal bool
}

// Stale lists the rows whose cached reading is missing, older than maxAge
// at now, or failed (a portal did not answer: it is asked again); all of
// them when force is set.
func (c *Cache) Stale(rows []Row, now time.Time, maxAge time.Duration, force bool) []Row {
	var out []Row
	for _, r := range rows {
		if a, ok := c.Actor(r.ID); force || !ok || now.Sub(a.CheckedAt) >= maxAge || len(a.Failed) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// Rows are the matrix's actors from the cache, in the order given; an
// actor never read that has a portal says so (Failed: never), one with no
// portal is NoPortal.
func (c *Cache) Rows(rows []Row, never string) []Actor {
	out := make([]Actor, 0, len(rows))
	for _, r := range rows {
		a, ok := c.Actor(r.ID)
		if !ok {
			a = Actor{ID: r.ID, HasPortal: r.HasPortal}
			if r.HasPortal {
				a.Failed = []string{never}
			}
		}
		a.Name = r.Name
		if !r.HasPortal {
			a.HasPortal, a.Failed = false, nil
		}
		out = append(out, a)
	}
	return out
}
