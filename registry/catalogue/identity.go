package catalogue

// Identity is who writes: the person's name and e-mail (recorded in votes,
// events and commits) and the organisation they act for (an actor id, may be
// empty).
type Identity struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Actor string `json:"actor,omitempty"`
}
