package news

// Interest is what a user follows: the entries they chose (`codal follow`,
// kept in their state folder) and their organisation's requests.
type Interest struct {
	// Follows are "KIND/ID" entries.
	Follows []string
	// Actor is the organisation the user acts for ("" when unknown).
	Actor string
	// Own are the requests ("requests/ID") the organisation filed or
	// supports, as the catalogue says now.
	Own []string
}

// Following keeps the items about what in follows: a followed entry, one
// of the organisation's requests (filed or supported now, or filed,
// supported or transferred to it by one of the items themselves, which
// may predate the catalogue the caller read). The order is kept.
func Following(items []Item, in Interest) []Item {
	keep := map[string]bool{}
	for _, e := range in.Follows {
		keep[e] = true
	}
	for _, e := range in.Own {
		keep[e] = true
	}
	if in.Actor != "" {
		for _, it := range items {
			switch {
			case (it.Kind == RequestFiled || it.Kind == SupportGained) && it.Actor == in.Actor,
				it.Kind == Transferred && it.To == in.Actor:
				keep[it.Entry] = true
			}
		}
	}
	out := []Item{}
	for _, it := range items {
		if keep[it.Entry] {
			out = append(out, it)
		}
	}
	return out
}
