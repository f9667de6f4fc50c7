package requests

import (
	"fmt"
	"testing"
	"time"

	"github.com/gpso/codal/directory"
)

// benchRequests builds n requests of a realistic shape: a filing date over
// two years, one in three answered, one in ten transferred, one in five with
// a wanted-by date, one in four closed.
func benchRequests(n int) []*Request {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]*Request, n)
	for i := range out {
		created := start.AddDate(0, 0, i%730)
		r := &Request{ID: fmt.Sprintf("demande-%d", i), RequestedBy: fmt.Sprintf("commune-%d", i%8), AddressedTo: "gpso", Created: day(created.Format(time.DateOnly))}
		at := created.Add(36 * time.Hour)
		if i%10 == 0 {
			r.Events = append(r.Events, &Event{Stamp: at, Actor: "gpso", TransferTo: "cd92"})
			at = at.Add(time.Hour)
		}
		if i%3 == 0 {
			r.Events = append(r.Events, &Event{Stamp: at.AddDate(0, 0, 10), Actor: r.CurrentAddressee(), Status: UnderReview})
		}
		if i%4 == 0 {
			r.Events = append(r.Events, &Event{Stamp: at.AddDate(0, 0, 40), Actor: "gpso", Status: Declined, Reason: "non"})
		}
		if i%5 == 0 {
			r.WantedBy = day(created.AddDate(0, 3, 0).Format(time.DateOnly))
		}
		out[i] = r
	}
	return out
}

// BenchmarkOverdue lists the overdue requests among 10,000; the board's
// ranking of the same requests (Rank) is the baseline it is compared with
// in docs/requests.md.
func BenchmarkOverdue(b *testing.B) {
	reqs := benchRequests(10000)
	today := time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)
	triager := func(a string) bool { return a == "gpso" }
	b.Run("Overdue", func(b *testing.B) {
		for b.Loop() {
			Overdue(reqs, 30, triager, today)
		}
	})
	actors := map[string]*directory.Actor{}
	for i := range 8 {
		id := fmt.Sprintf("commune-%d", i)
		actors[id] = &directory.Actor{ID: id, Kind: directory.Commune, Population: 20000}
	}
	b.Run("Rank", func(b *testing.B) {
		for b.Loop() {
			Rank(reqs, func(id string) *directory.Actor { return actors[id] })
		}
	})
}
