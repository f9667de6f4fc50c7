package requests

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestTransfersAndStatus(t *testing.T) {
	r := &Request{ID: "r", RequestedBy: "sevres", AddressedTo: "cd92", Events: []*Event{
		{Stamp: stamp("2026-03-02T10:00:00Z"), Actor: "cd92", Status: UnderReview},
		{Stamp: stamp("2026-03-03T10:00:00Z"), Actor: "gpso", TransferTo: "sipperec", Note: "Ils ont les données", Date: day("2026-03-03")},
		{Stamp: stamp("2026-03-04T10:00:00Z"), Actor: "sipperec", TransferTo: "ign", Date: day("2026-03-04")},
	}}
	if r.Status() != UnderReview || r.Latest() != r.Events[0] {
		t.Fatalf("Status() = %s, Latest() = %+v: transfers must not count as status events", r.Status(), r.Latest())
	}
	if got := r.CurrentAddressee(); got != "ign" {
		t.Fatalf("CurrentAddressee() = %s, want ign", got)
	}
	want := []Transfer{
		{From: "cd92", To: "sipperec", By: "gpso", Date: day("2026-03-03"), Stamp: stamp("2026-03-03T10:00:00Z"), Note: "Ils ont les données"},
		{From: "sipperec", To: "ign", By: "sipperec", Date: day("2026-03-04"), Stamp: stamp("2026-03-04T10:00:00Z")},
	}
	if got := r.Transfers(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Transfers() = %+v, want %+v", got, want)
	}
	for i, want := range []string{"cd92", "cd92", "sipperec"} {
		if got := r.AddresseeBefore(r.Events[i]); got != want {
			t.Errorf("AddresseeBefore(event %d) = %s, want %s", i, got, want)
		}
	}
	if got := r.AddresseeBefore(&Event{Stamp: stamp("2026-04-01T00:00:00Z"), Actor: "x"}); got != "ign" {
		t.Errorf("AddresseeBefore(a new event) = %s, want ign", got)
	}
}

func TestNewTransferRules(t *testing.T) {
	r := &Request{ID: "r", RequestedBy: "issy", AddressedTo: "cd92"}
	e, err := NewTransfer(r, "gpso", " sipperec ", who, "  Ils tiennent le fichier.  ", at)
	if err != nil || e.TransferTo != "sipperec" || e.Status != "" || e.Note != "Ils tiennent le fichier." || EventPath("r", e) != "requests/r/events/20260302T101530Z-gpso.yaml" {
		t.Fatalf("%+v %v", e, err)
	}
	back, probs := ParseEvent(EventPath("r", e), e.YAML())
	back.Where = nil
	if len(probs) > 0 || !reflect.DeepEqual(back, e) {
		t.Fatalf("transfer read back as %+v (%v) from\n%s", back, probs, e.YAML())
	}
	if got := string(e.YAML()); got != "transfer_to: sipperec\nname: Service données – Ville de Vanves\nemail: donnees@vanves.example\ndate: 2026-03-02\nnote: Ils tiennent le fichier.\n" {
		t.Fatalf("YAML = %q", got)
	}
	closed := &Request{ID: "c", RequestedBy: "issy", AddressedTo: "cd92", Events: []*Event{{Stamp: stamp("2026-03-01T00:00:00Z"), Actor: "cd92", Status: Declined, Reason: "non"}}}
	cases := []struct {
		r          *Request
		actor, to  string
		who        Author
		note, want string
	}{
		{r, "gpso", "cd92", who, "", "already addressed to cd92"},
		{r, "gpso", "issy", who, "", "issy filed the request r: it cannot be transferred to it"},
		{r, "gpso", "", who, "", "missing organisation (--to)"},
		{r, "gpso", "Pas Un Id", who, "", "invalid organisation id"},
		{r, "", "sipperec", who, "", "missing organisation (--as)"},
		{r, "gpso", "sipperec", Author{Name: "X", Email: "pas-un-mail"}, "", "invalid e-mail"},
		{r, "gpso", "sipperec", who, "bip\x07", "control character"},
		{closed, "gpso", "sipperec", who, "", "is closed"},
	}
	for _, c := range cases {
		if _, err := NewTransfer(c.r, c.actor, c.to, c.who, c.note, at); !strings.Contains(message(err), c.want) {
			t.Errorf("%s→%s: got %q, want %q", c.actor, c.to, message(err), c.want)
		}
	}
}

func TestParseEventTransferProblems(t *testing.T) {
	const file = "requests/r/events/20260302T101530Z-gpso.yaml"
	cases := []struct{ body, code, at string }{
		{"status: planned\ntransfer_to: sipperec\nname: A\nemail: a@b.example\ndate: 2026-03-02\n", "status-and-transfer", "2:14"},
		{"name: A\nemail: a@b.example\ndate: 2026-03-02\n", "missing-field", ""},
		{"transfer_to: \"\"\nname: A\nemail: a@b.example\ndate: 2026-03-02\n", "missing-field", "1:14"},
		{"transfer_to: Pas Un Id\nname: A\nemail: a@b.example\ndate: 2026-03-02\n", "bad-id", "1:14"},
		{"transfer_to: sipperec\nname: A\nemail: a@b.example\ndate: 2026-03-02\nreason: non\n", "invalid-value", "5:9"},
	}
	for _, c := range cases {
		_, probs := ParseEvent(file, []byte(c.body))
		if len(probs) != 1 || probs[0].Code != c.code || c.at != "" && fmt.Sprintf("%d:%d", probs[0].Line, probs[0].Col) != c.at {
			t.Errorf("%q: problems %v, want one %s at %s", c.body, probs, c.code, c.at)
		}
	}
	if _, probs := ParseEvent(file, []byte("transfer_to: sipperec\nname: A\nemail: a@b.example\ndate: 2026-03-02\nnote: voir\n")); len(probs) != 0 {
		t.Errorf("a valid transfer: %v", probs)
	}
}
