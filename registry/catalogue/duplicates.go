package catalogue

import "github.com/gpso/codal/requests"

// Duplicates are the requests closed as duplicates, by the request their
// latest status event names (duplicate_of): the ones a request's page
// finds a supporter's vote through when the supporter did not vote on it.
// One pass over the requests, where finding them for one request reads
// every request; immutable once built, it belongs to the catalogue it was
// built from.
type Duplicates struct {
	of map[string][]*requests.Request
}

// Duplicates finds c's requests closed as duplicates (see Duplicates).
func (c *Catalogue) Duplicates() *Duplicates {
	x := &Duplicates{of: map[string][]*requests.Request{}}
	for _, r := range c.Requests {
		if ev := r.Latest(); ev != nil && ev.Status == requests.Duplicate && ev.DuplicateOf != "" {
			x.of[ev.DuplicateOf] = append(x.of[ev.DuplicateOf], r)
		}
	}
	return x
}

// Of are the requests whose latest status closes them as duplicates of
// the request id, in Catalogue.Requests' order (by id). Chains are not
// followed: a duplicate of a duplicate is the latter's.
func (x *Duplicates) Of(id string) []*requests.Request { return x.of[id] }
