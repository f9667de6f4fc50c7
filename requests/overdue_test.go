package requests

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/i18n"
)

func stamp(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestOverdueBoundaries(t *testing.T) {
	triager := func(a string) bool { return a == "gpso" }
	status := func(at, actor string, s Status) *Event { return &Event{Stamp: stamp(at), Actor: actor, Status: s} }
	transfer := func(at, actor, to string) *Event { return &Event{Stamp: stamp(at), Actor: actor, TransferTo: to} }
	base := func(events ...*Event) *Request {
		return &Request{ID: "r", RequestedBy: "sevres", AddressedTo: "cd92", Created: day("2026-03-01"), Events: events}
	}
	withWanted := func(r *Request, d string) *Request { r.WantedBy = day(d); return r }
	cases := []struct {
		name   string
		r      *Request
		days   int
		today  string
		late   bool
		reason LateReason
		by     int
		due    string
	}{
		{"day of the deadline", base(), 30, "2026-03-31T23:59:00Z", false, "", 0, ""},
		{"day after the deadline", base(), 30, "2026-04-01T00:00:00Z", true, LateAnswer, 1, "2026-03-31"},
		{"default clock when unset", base(), 0, "2026-04-01T08:00:00Z", true, LateAnswer, 1, "2026-03-31"},
		{"short clock", base(), 5, "2026-03-10T08:00:00Z", true, LateAnswer, 4, "2026-03-06"},
		{"answered by the addressee", base(status("2026-04-20T10:00:00Z", "cd92", UnderReview)), 30, "2026-06-01T00:00:00Z", false, "", 0, ""},
		{"answered by a triager", base(status("2026-03-02T10:00:00Z", "gpso", Planned)), 30, "2026-06-01T00:00:00Z", false, "", 0, ""},
		{"a stranger's status is no answer", base(status("2026-03-02T10:00:00Z", "meudon", UnderReview)), 30, "2026-04-05T00:00:00Z", true, LateAnswer, 5, "2026-03-31"},
		{"closed is never overdue", withWanted(base(status("2026-03-02T10:00:00Z", "sevres", Withdrawn)), "2026-03-20"), 30, "2027-01-01T00:00:00Z", false, "", 0, ""},
		{"declined is never overdue", base(status("2026-03-02T10:00:00Z", "cd92", Declined)), 1, "2027-01-01T00:00:00Z", false, "", 0, ""},
		{"a transfer restarts the clock", base(status("2026-03-02T10:00:00Z", "cd92", UnderReview), transfer("2026-03-10T09:00:00Z", "cd92", "sipperec")), 30, "2026-04-09T12:00:00Z", false, "", 0, ""},
		{"the new addressee is late", base(status("2026-03-02T10:00:00Z", "cd92", UnderReview), transfer("2026-03-10T09:00:00Z", "cd92", "sipperec")), 30, "2026-04-11T12:00:00Z", true, LateAnswer, 2, "2026-04-09"},
		{"the old addressee's answer no longer counts", base(transfer("2026-03-10T09:00:00Z", "gpso", "sipperec"), status("2026-03-11T09:00:00Z", "cd92", UnderReview)), 30, "2026-04-10T12:00:00Z", true, LateAnswer, 1, "2026-04-09"},
		{"the new addressee answered", base(transfer("2026-03-10T09:00:00Z", "gpso", "sipperec"), status("2026-03-11T09:00:00Z", "sipperec", Planned)), 30, "2026-09-10T12:00:00Z", false, "", 0, ""},
		{"wanted-by day itself", withWanted(base(status("2026-03-02T10:00:00Z", "cd92", Planned)), "2026-05-01"), 30, "2026-05-01T20:00:00Z", false, "", 0, ""},
		{"wanted-by passed", withWanted(base(status("2026-03-02T10:00:00Z", "cd92", Planned)), "2026-05-01"), 30, "2026-05-04T20:00:00Z", true, LateWantedBy, 3, "2026-05-01"},
		{"the later of two reasons", withWanted(base(), "2026-03-15"), 30, "2026-04-02T00:00:00Z", true, LateWantedBy, 18, "2026-03-15"},
		{"a tie goes to the answer", withWanted(base(), "2026-03-31"), 30, "2026-04-02T00:00:00Z", true, LateAnswer, 2, "2026-03-31"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, ok := c.r.Overdue(c.days, triager, stamp(c.today))
			if ok != c.late {
				t.Fatalf("Overdue = %v, want %v (%+v)", ok, c.late, l)
			}
			if !ok {
				return
			}
			if l.Reason != c.reason || l.Days != c.by || l.Due.String() != c.due || l.ID != "r" || l.Addressee != c.r.CurrentAddressee() {
				t.Fatalf("Overdue = %s %d days since %s (to %s), want %s %d since %s", l.Reason, l.Days, l.Due, l.Addressee, c.reason, c.by, c.due)
			}
		})
	}
}

func TestOverdueOrder(t *testing.T) {
	mk := func(id, created string) *Request {
		return &Request{ID: id, RequestedBy: "sevres", AddressedTo: "cd92", Created: day(created)}
	}
	b := mk("b", "2026-01-10")
	b.WantedBy = day("2026-02-09") // due the same day as a's answer, as late
	reqs := []*Request{mk("c", "2026-02-01"), b, mk("a", "2026-01-10"), mk("fresh", "2026-03-30"), mk("d", "2026-01-01")}
	got := Overdue(reqs, 30, nil, stamp("2026-04-01T12:00:00Z"))
	var ids []string
	for _, l := range got {
		ids = append(ids, l.ID)
	}
	if want := []string{"d", "a", "b", "c"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("order = %v, want %v", ids, want)
	}
}

func TestWriteBoardOverdueColumn(t *testing.T) {
	late := &Request{ID: "late", Title: "En retard", RequestedBy: "issy", AddressedTo: "cd92", Created: day("2026-01-01")}
	fresh := &Request{ID: "fresh", Title: "Récente", RequestedBy: "issy", AddressedTo: "cd92", Created: day("2026-03-01")}
	board := []Standing{{Rank: 1, Request: late, Status: Submitted}, {Rank: 2, Request: fresh, Status: Submitted}}
	o := BoardOptions{Lang: i18n.EN, Communes: 8, Now: at, Overdue: func(r *Request) (Late, bool) { return r.Overdue(30, nil, at) }}
	var b bytes.Buffer
	WriteBoard(&b, board, "table", o)
	lines := strings.Split(b.String(), "\n")
	if !strings.HasSuffix(lines[0], "STATUS     OVERDUE (DAYS)") || !strings.HasSuffix(lines[1], "submitted  ! 30") || !strings.HasSuffix(lines[2], "submitted  -") {
		t.Errorf("table:\n%s", b.String())
	}
	b.Reset()
	WriteBoard(&b, board, "csv", o)
	if !strings.HasPrefix(b.String(), "rank,id,title,communes,communes_total,organisations,population,age_days,status,overdue_days\n1,late,En retard,0,8,0,0,60,submitted,30\n2,fresh,Récente,0,8,0,0,1,submitted,0\n") {
		t.Errorf("csv:\n%s", b.String())
	}
	b.Reset()
	WriteBoard(&b, board, "json", o)
	if !strings.Contains(b.String(), `"overdue_days": 30,
    "overdue_reason": "no-answer"`) {
		t.Errorf("json:\n%s", b.String())
	}
}
