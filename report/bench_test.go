package report

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/news"
	"github.com/gpso/codal/requests"
)

// benchPack is a pack of n news items over n/4 requests (each filed, then
// supported twice, then given a status), with a board of n/4 standings,
// the top 10 in the pack. Baseline: the priority board of the same
// standings as a Markdown table (requests.WriteBoard), which `codal request
// rank --format md` writes.
func benchPack(n int) (Pack, []requests.Standing) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	board := make([]requests.Standing, n/4)
	var items []news.Item
	for i := range board {
		id := fmt.Sprintf("demande-%05d", i)
		r := &requests.Request{ID: id, Title: "Données ouvertes n° " + id, RequestedBy: "meudon", AddressedTo: "gpso", Created: fact.DateOf(start)}
		board[i] = requests.Standing{Request: r, Rank: i + 1, Status: requests.Submitted, Supporters: []string{"meudon", "sevres"}, Communes: []string{"meudon", "sevres"}, Population: 69843}
		d := start.Add(time.Duration(i) * time.Minute)
		e := "requests/" + id
		items = append(items,
			news.Item{Kind: news.RequestFiled, Entry: e, Title: r.Title, Actor: "meudon", Date: d},
			news.Item{Kind: news.SupportGained, Entry: e, Title: r.Title, Actor: "sevres", Need: "useful", Date: d.Add(time.Hour)},
			news.Item{Kind: news.SupportGained, Entry: e, Title: r.Title, Actor: "gpso-energie", Need: "essential", Date: d.Add(2 * time.Hour)},
			news.Item{Kind: news.StatusChanged, Entry: e, Title: r.Title, Actor: "gpso", Status: "under-review", Text: "Examen au comité.", Date: d.Add(3 * time.Hour)})
	}
	return Pack{Lang: i18n.FR, Registry: "Bench", Since: fact.DateOf(start), Until: fact.DateOf(start.AddDate(0, 1, 0)),
		Items: items, Board: board[:10], Communes: 8}, board
}

func BenchmarkPack10k(b *testing.B) {
	p, board := benchPack(10000)
	b.Run("baseline-board-md", func(b *testing.B) {
		for b.Loop() {
			if err := requests.WriteBoard(io.Discard, board, "md", requests.BoardOptions{Lang: i18n.FR, Communes: 8, Now: time.Now()}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("markdown", func(b *testing.B) {
		for b.Loop() {
			if err := Markdown(io.Discard, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("html", func(b *testing.B) {
		for b.Loop() {
			if err := HTML(io.Discard, p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
