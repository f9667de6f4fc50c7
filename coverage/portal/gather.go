package portal

import (
	"context"
	"sync"
	"time"

	"github.com/gpso/codal/coverage"
	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/schemas"
)

// Where says where one actor publishes: its portal (read as Opendatasoft)
// and its data.gouv.fr organisation, either may be "".
type Where struct {
	ID, Name string
	Portal   string
	DataGouv string
}

// Places returns the matrix's rows for these actors and where each
// publishes (its portal: and datagouv: keys), in the same order.
func Places(actors []*directory.Actor) ([]coverage.Row, []Where) {
	rows := make([]coverage.Row, 0, len(actors))
	where := make([]Where, 0, len(actors))
	for _, x := range actors {
		rows = append(rows, coverage.Row{ID: x.ID, Name: x.Name, HasPortal: x.Portal != "" || x.DataGouv != ""})
		where = append(where, Where{ID: x.ID, Name: x.Name, Portal: x.Portal, DataGouv: x.DataGouv})
	}
	return rows, where
}

// Pick keeps the places of the rows given (Cache.Stale's), in order.
func Pick(where []Where, rows []coverage.Row) []Where {
	keep := map[string]bool{}
	for _, r := range rows {
		keep[r.ID] = true
	}
	var out []Where
	for _, w := range where {
		if keep[w.ID] {
			out = append(out, w)
		}
	}
	return out
}

// Progress is told each time a step ends: done of total steps, and what
// the step was (a portal's host, a dataset's id).
type Progress func(done, total int, what string)

// Gather reads every actor's portals, several at once (each host keeps its
// own limit), and returns one coverage.Actor per actor, in order. A portal
// that fails is named in that actor's Failed (its sentence in lang): the
// others' datasets still count. now is the check's date.
func (c *Client) Gather(ctx context.Context, actors []Where, dataGouvAPI string, now time.Time, lang i18n.Lang, progress Progress) []coverage.Actor {
	out := make([]coverage.Actor, len(actors))
	total := 0
	for _, a := range actors {
		total += boolInt(a.Portal != "") + boolInt(a.DataGouv != "")
	}
	var mu sync.Mutex
	done := 0
	step := func(what string) {
		if progress == nil {
			return
		}
		mu.Lock()
		done++
		d := done
		mu.Unlock()
		progress(d, total, what)
	}
	var wg sync.WaitGroup
	for i, a := range actors {
		out[i] = coverage.Actor{ID: a.ID, Name: a.Name, HasPortal: a.Portal != "" || a.DataGouv != "", CheckedAt: now}
		var amu sync.Mutex
		add := func(ds []coverage.Dataset, err error) {
			amu.Lock()
			defer amu.Unlock()
			out[i].Datasets = append(out[i].Datasets, ds...)
			if err != nil {
				out[i].Failed = append(out[i].Failed, i18n.Message(err, lang))
			}
		}
		if a.Portal != "" {
			wg.Go(func() {
				ds, err := c.Opendatasoft(ctx, a.Portal)
				add(ds, err)
				step(a.Portal)
			})
		}
		if a.DataGouv != "" {
			wg.Go(func() {
				ds, err := c.DataGouv(ctx, dataGouvAPI, a.DataGouv)
				add(ds, err)
				step("data.gouv.fr/" + a.DataGouv)
			})
		}
	}
	wg.Wait()
	for i := range out {
		sortDatasets(out[i].Datasets)
	}
	return out
}

// ValidateFound downloads and checks the dataset of every Found cell whose
// dataset has a CSV, several at once, and marks it Valid or Invalid. A cell
// whose download or check fails stays Found, with the reason in its Reason.
func (c *Client) ValidateFound(ctx context.Context, m *coverage.Matrix, bySchema map[string]*schemas.Schema, lang i18n.Lang, progress Progress) {
	var cells []*coverage.Cell
	for i := range m.Cells {
		if cl := &m.Cells[i]; cl.State == coverage.Found && cl.CSV != "" && bySchema[cl.Schema] != nil {
			cells = append(cells, cl)
		}
	}
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	limit := make(chan struct{}, 4)
	for _, cl := range cells {
		wg.Go(func() {
			limit <- struct{}{}
			defer func() { <-limit }()
			rep, err := c.Validate(ctx, bySchema[cl.Schema], cl.CSV)
			mu.Lock()
			if err != nil {
				cl.Reason = i18n.Message(err, lang)
			} else {
				cl.Validated(rep.ErrorCount)
			}
			done++
			d := done
			mu.Unlock()
			if progress != nil {
				progress(d, len(cells), cl.Dataset)
			}
		})
	}
	wg.Wait()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
