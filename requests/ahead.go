package requests

// Ahead reports whether a ranks before b on the board: Rank's order (open
// before closed, then more communes, more organisations, more population,
// the older request, the smaller id). The id makes it a strict total order
// over the requests of one registry, so an order computed elsewhere (the
// index's catch-up, which places a few changed standings among the ones it
// kept) is the one Rank gives.
func Ahead(a, b *Standing) bool { return ahead(a, b) }
