package coverage

// State is what one cell of the matrix says about an actor and a schema.
type State string

// The states of a cell, their stable codes.
const (
	// Valid: a dataset matched and its CSV export passed the schema.
	Valid State = "valid"
	// Invalid: a dataset matched and its CSV export has errors (ErrorCount).
	Invalid State = "invalid"
	// Found: a dataset matched; it was not validated.
	Found State = "found"
	// Missing: the actor's portals answered and no dataset matched.
	Missing State = "missing"
	// Unreachable: a portal of the actor failed and nothing matched in the
	// others.
	Unreachable State = "unreachable"
	// NoPortal: the actor declares neither a portal nor a data.gouv.fr
	// organisation.
	NoPortal State = "no-portal"
)

// States lists every state, in the order the documentation gives them.
var States = []State{Valid, Invalid, Found, Missing, Unreachable, NoPortal}

// Known reports whether s is one of States.
func (s State) Known() bool {
	for _, k := range States {
		if s == k {
			return true
		}
	}
	return false
}
