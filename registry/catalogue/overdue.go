package catalogue

import (
	"time"

	"github.com/gpso/codal/requests"
)

// Overdue lists the registry's overdue requests on the day of today, most
// late first (requests.Overdue), with registry.yaml's response clock
// (Meta.ResponseClock) and its triagers. today comes from the caller.
func (c *Catalogue) Overdue(today time.Time) []requests.Late {
	return requests.Overdue(c.Requests, c.Meta.ResponseClock(), c.IsTriager, today)
}
