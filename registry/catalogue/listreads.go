package catalogue

// ListReads is the kinds whose files a list of kind k reads, k first: its
// own entries and, for every kind whose rows or haystacks carry an actor's
// name (snippets' authors, requests' organisations and supporters — the
// priority board itself counts the communes among them —, trainings'
// organisers and speakers, tips' authors), the directory. A hand edit in
// any other kind cannot change that list (TestListReadsCoversWhatListsShow):
// the index's stat check of a list covers these kinds only. An unknown kind
// reads every kind.
func ListReads(k Kind) []Kind {
	switch k {
	case Actors, Schemas:
		return []Kind{k}
	case Snippets, Requests, Trainings, Tips:
		return []Kind{k, Actors}
	}
	return append([]Kind(nil), Kinds...)
}
