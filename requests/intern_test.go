package requests

import (
	"testing"
	"unsafe"
)

// A loaded registry holds one copy of the strings that come back in every
// vote and event (actor ids, names, e-mails, needs, statuses), not one per
// file, and none of them keeps the file's path alive.
func TestParseSharesRepeatedStrings(t *testing.T) {
	src := []byte("name: Ville de Meudon\nemail: donnees@meudon.example\ndate: 2026-01-05\nneed: useful\n")
	a, _ := ParseVote("requests/a/votes/meudon.yaml", append([]byte(nil), src...))
	b, _ := ParseVote("requests/b/votes/meudon.yaml", append([]byte(nil), src...))
	same := func(what, x, y string) {
		t.Helper()
		if x != y || unsafe.StringData(x) != unsafe.StringData(y) {
			t.Errorf("%s: two copies of %q", what, x)
		}
	}
	same("vote actor", a.Actor, b.Actor)
	same("vote name", a.Name, b.Name)
	same("vote email", a.Email, b.Email)
	same("vote need", string(a.Need), string(b.Need))

	ev := []byte("status: under-review\nname: Secrétariat du CODAL\nemail: codal@gpso.example\ndate: 2025-06-16\n")
	e1, _ := ParseEvent("requests/a/events/20250616T154600Z-gpso.yaml", append([]byte(nil), ev...))
	e2, _ := ParseEvent("requests/b/events/20250616T154600Z-gpso.yaml", append([]byte(nil), ev...))
	same("event actor", e1.Actor, e2.Actor)
	same("event status", string(e1.Status), string(e2.Status))
	same("event name", e1.Name, e2.Name)
	same("event email", e1.Email, e2.Email)
	for k := range e1.Where {
		for k2 := range e2.Where {
			if k == k2 {
				same("Where key", k, k2)
			}
		}
	}
}
