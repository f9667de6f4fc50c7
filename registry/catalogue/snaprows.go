package catalogue

import (
	"runtime"
	"unsafe"

	"github.com/gpso/codal/requests"
)

// RequestRow is what a list table shows of one request of the board: its
// rank, id, title, status and the ids of its supporting communes. A
// RequestRowLister hands it over read in place: its strings and Communes
// alias the lister's storage or a buffer reused for the next row, so they
// are valid only during the call that receives them (copy what is kept).
type RequestRow struct {
	// Of is how many rows the call hands over in all (to size a table).
	Of       int
	Rank     int
	ID       string
	Title    string
	Status   requests.Status
	Communes []string
}

// RequestRowLister is a Lister that can hand over the rows of a request
// table one at a time, without decoding a requests.Standing for each
// (Snapshot, straight from its list section). A Lister without it gives the
// same rows through ListRequests: callers check for it by type assertion
// and fall back to ListRequests.
type RequestRowLister interface {
	Lister
	// EachRequestRow calls each, in board order, with every request whose
	// haystack holds every term (the entries ListRequests returns, with
	// the same fields); it stops at each's first error and returns it. A
	// damaged row returns ErrBadSnapshot.
	EachRequestRow(terms []string, each func(*RequestRow) error) error
}

var _ RequestRowLister = (*Snapshot)(nil)

// EachRequestRow reads the matching rows of the board in place from the
// list section (no copy of their bytes, no Standing, one buffer for the
// communes of every row): each row is still parsed whole, as requestRow
// reads it, so a malformed row is refused as ListRequests refuses it.
func (s *Snapshot) EachRequestRow(terms []string, each func(*RequestRow) error) error {
	l, at, err := s.match(Requests, terms)
	if err != nil {
		return err
	}
	defer runtime.KeepAlive(s) // the strings handed over alias s's data
	row := RequestRow{Of: len(at)}
	communes := make([]string, 0, 16)
	for _, i := range at {
		b, ok := span(l.idx, l.rows, i)
		if !ok || len(b) == 0 {
			return ErrBadSnapshot
		}
		d := dec{s: unsafe.String(&b[0], len(b))}
		row.ID, row.Title = d.str(), d.str()
		d.skipStrs(3) // description, requested by, addressed to
		d.skipList()  // themes
		d.skipTime()  // created
		d.skipTime()  // wanted by
		d.skipStrs(1) // usage
		row.Rank, row.Status = d.int(), requests.Status(d.str())
		d.skipList() // supporters
		communes = communes[:0]
		n, ok := d.list()
		for range n {
			communes = append(communes, d.str())
		}
		row.Communes = communes
		if !ok {
			row.Communes = nil
		}
		d.int() // population
		for n := d.uv(); n > 0 && !d.bad; n-- {
			// a transfer: stamp, actor, status, to, name, email, date,
			// note, planned for, dataset, duplicate of, reason
			d.skipTime()
			d.skipStrs(5)
			d.skipTime()
			d.skipStrs(1)
			d.skipTime()
			d.skipStrs(3)
		}
		if d.bad || d.i != len(d.s) {
			return ErrBadSnapshot
		}
		if err := each(&row); err != nil {
			return err
		}
	}
	return nil
}

// skipStrs reads n strings, keeping none.
func (d *dec) skipStrs(n int) {
	for range n {
		k := d.n()
		d.i += k
	}
}

// skipList reads a list of strings (strs), keeping none.
func (d *dec) skipList() {
	n, _ := d.list()
	for range n {
		if d.bad {
			return
		}
		d.skipStrs(1)
	}
}

// skipTime reads a time as time does, refusing what it refuses, without
// building it (no time zone looked up).
func (d *dec) skipTime() {
	d.i64()
	if d.uv() >= 1e9 {
		d.fail()
		return
	}
	switch d.uv() {
	case 0:
	case 1:
		d.int()
	default:
		d.fail()
	}
}

// StandingLister is a Lister that can hand over the board's standings one
// at a time, read in place (Snapshot, straight from its list section),
// without the slice of every standing ListRequests builds. A Lister
// without it gives the same standings through ListRequests: callers check
// for it by type assertion and fall back to ListRequests.
type StandingLister interface {
	Lister
	// EachStanding calls each, in board order, with every request whose
	// haystack holds every term: the standings ListRequests returns, with
	// the same fields. The standing, its request and every string and
	// slice in them alias the lister's storage or buffers reused for the
	// next one: they are valid only during the call that receives them.
	// It stops at each's first error and returns it; a damaged row
	// returns ErrBadSnapshot.
	EachStanding(terms []string, each func(*requests.Standing) error) error
}

var _ StandingLister = (*Snapshot)(nil)

// EachStanding decodes the matching rows of the board in place, as
// ListRequests decodes them (requestRow), into one standing and one
// request reused for every row.
func (s *Snapshot) EachStanding(terms []string, each func(*requests.Standing) error) error {
	l, at, err := s.match(Requests, terms)
	if err != nil {
		return err
	}
	defer runtime.KeepAlive(s) // the strings handed over alias s's data
	var st requests.Standing
	var r requests.Request
	arena := make([]string, 0, 64)
	for _, i := range at {
		b, ok := span(l.idx, l.rows, i)
		if !ok || len(b) == 0 {
			return ErrBadSnapshot
		}
		st, r, arena = requests.Standing{}, requests.Request{}, arena[:0]
		d := dec{s: unsafe.String(&b[0], len(b))}
		d.requestRow(&st, &r, &arena)
		if d.bad || d.i != len(d.s) {
			return ErrBadSnapshot
		}
		if err := each(&st); err != nil {
			return err
		}
	}
	return nil
}
