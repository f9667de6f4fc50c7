package coverage

import (
	"encoding/json"
	"time"
)

// Actor is one row of the matrix: an actor and what its portals gave.
type Actor struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// HasPortal is false when the actor declares neither a portal nor a
	// data.gouv.fr organisation: its cells are NoPortal.
	HasPortal bool `json:"has_portal"`
	// Datasets are the datasets its portals listed.
	Datasets []Dataset `json:"datasets"`
	// Failed names the portals that did not answer (one sentence each);
	// with nothing matched in the others, a cell is Unreachable.
	Failed []string `json:"failed,omitempty"`
	// CheckedAt is when the portals were read.
	CheckedAt time.Time `json:"checked_at"`
}

// Cell is one actor × schema of the matrix.
type Cell struct {
	Actor  string `json:"actor"`
	Schema string `json:"schema"`
	State  State  `json:"state"`
	// Dataset is the matched dataset's id, URL its page; Title, CSV and
	// Source describe it further (not in the JSON list).
	Dataset string `json:"dataset"`
	URL     string `json:"url"`
	// ErrorCount is the validation's error count (Invalid).
	ErrorCount int       `json:"error_count"`
	CheckedAt  time.Time `json:"checked_at"`
	Title      string    `json:"-"`
	CSV        string    `json:"-"`
	Portal     string    `json:"-"`
	Declared   bool      `json:"-"`
	Score      float64   `json:"-"`
	// Reason says why a cell is Unreachable.
	Reason string `json:"-"`
}

// Matrix is the coverage board: one row per actor, one column per schema.
type Matrix struct {
	Actors  []Actor
	Schemas []Target
	// Cells holds the rows one after the other: Cells[i*len(Schemas)+j]
	// is actor i, schema j.
	Cells []Cell
}

// Build matches each actor's datasets to each schema. The order of actors
// and schemas is kept.
func Build(actors []Actor, targets []Target) *Matrix {
	m := &Matrix{Actors: actors, Schemas: targets, Cells: make([]Cell, 0, len(actors)*len(targets))}
	want := make([][]string, len(targets))
	for j, t := range targets {
		want[j] = targetKeys(t)
	}
	for _, a := range actors {
		have := make([]map[string]bool, len(a.Datasets))
		for i := range a.Datasets {
			have[i] = datasetKeys(a.Datasets[i].Fields)
		}
		for j, t := range targets {
			c := Cell{Actor: a.ID, Schema: t.ID, CheckedAt: a.CheckedAt}
			switch best, ok := best(t, want[j], a.Datasets, have); {
			case !a.HasPortal:
				c.State = NoPortal
			case ok:
				c.State = Found
				c.Dataset, c.URL, c.Title, c.CSV, c.Portal = best.Dataset.ID, best.Dataset.URL, best.Dataset.Title, best.Dataset.CSV, best.Dataset.Portal
				c.Declared, c.Score = best.Declared, best.Score
			case len(a.Failed) > 0:
				c.State = Unreachable
				c.Reason = a.Failed[0]
			default:
				c.State = Missing
			}
			m.Cells = append(m.Cells, c)
		}
	}
	return m
}

// At returns the cell of actor i and schema j.
func (m *Matrix) At(i, j int) *Cell { return &m.Cells[i*len(m.Schemas)+j] }

// Find returns the cell of an actor and a schema, nil when absent.
func (m *Matrix) Find(actor, schema string) *Cell {
	for i := range m.Cells {
		if m.Cells[i].Actor == actor && m.Cells[i].Schema == schema {
			return &m.Cells[i]
		}
	}
	return nil
}

// Validated records a validation of a Found cell: Valid with no error,
// else Invalid with the error count.
func (c *Cell) Validated(errorCount int) {
	c.ErrorCount = errorCount
	if errorCount == 0 {
		c.State = Valid
	} else {
		c.State = Invalid
	}
}

// Label is the cell's state as the table shows it: "invalid (3)" for an
// invalid cell, the state's code otherwise.
func (c *Cell) Label() string {
	if c.State == Invalid {
		return string(c.State) + " (" + itoa(c.ErrorCount) + ")"
	}
	return string(c.State)
}

// Counts is the number of cells in each state.
func (m *Matrix) Counts() map[State]int {
	n := make(map[State]int, len(States))
	for _, c := range m.Cells {
		n[c.State]++
	}
	return n
}

// MarshalJSON writes the cell as the JSON list's item; checked_at is null
// for a cell never checked (no portal).
func (c Cell) MarshalJSON() ([]byte, error) {
	type plain Cell
	var at *time.Time
	if !c.CheckedAt.IsZero() {
		u := c.CheckedAt.UTC()
		at = &u
	}
	return json.Marshal(struct {
		plain
		CheckedAt *time.Time `json:"checked_at"`
	}{plain(c), at})
}
