package catalogue

// ByActor is the board indexed by actor: for each actor, the places on the
// board (indexes into Catalogue.Board) of the requests it filed and of
// those it supports, each in board order. It answers FiledBy and
// SupportedBy for every actor from one pass over the board, where each of
// them reads the whole board: the app builds it with the catalogue, off
// its event loop, and its directory's pages read it. Immutable once built;
// it belongs to the catalogue it was built from.
type ByActor struct {
	filed, supported map[string][]int32
}

// ByActor indexes c's board by actor (see ByActor).
func (c *Catalogue) ByActor() *ByActor {
	x := &ByActor{filed: map[string][]int32{}, supported: map[string][]int32{}}
	for i, s := range c.Board {
		r, at := s.Request, int32(i)
		x.filed[r.RequestedBy] = append(x.filed[r.RequestedBy], at)
		for _, v := range r.Votes {
			// SupportedBy's test: a vote, not the requester's own; once
			// per request even when two votes name the actor
			if v.Actor == r.RequestedBy {
				continue
			}
			if got := x.supported[v.Actor]; len(got) == 0 || got[len(got)-1] != at {
				x.supported[v.Actor] = append(got, at)
			}
		}
	}
	return x
}

// Filed is where on the board the requests the actor filed stand, in board
// order: FiledBy's standings are Board at these indexes.
func (x *ByActor) Filed(actor string) []int32 { return x.filed[actor] }

// Supported is where on the board the requests the actor supports (voted
// for, not filed) stand, in board order: SupportedBy's standings are Board
// at these indexes.
func (x *ByActor) Supported(actor string) []int32 { return x.supported[actor] }
