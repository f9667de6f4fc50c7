package schemas

import (
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/i18n"
)

// Hostile inputs: what a file handed to codal schema validate by anyone may
// hold. Fixtures are built here, at test time.

// A pattern that only the backtracking engine runs (a lookahead) and that
// backtracks catastrophically on a long run of "a" not followed by "b":
// the match gives up after patternTimeout. That is not "does not match".
func TestPatternTimeoutIsItsOwnError(t *testing.T) {
	v := compileJSON(t, `{"fields": [{"name": "code", "type": "string", "constraints": {"pattern": "(?=a)(a|aa)+b"}}]}`)
	if v.fields[0].pat.re2 == nil {
		t.Fatal("the pattern should go to the backtracking engine")
	}
	cell := strings.Repeat("a", 40)
	start := time.Now()
	rep, err := v.Validate(strings.NewReader("code\naab\n"+cell+"\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("validation took %v: the timeout did not stop the match", took)
	}
	if rep.Valid() || rep.ErrorCount != 1 || rep.Counts["pattern-timeout"] != 1 || rep.Counts["constraint-error"] != 0 {
		t.Fatalf("report: %v %v", codes(rep), rep.Counts)
	}
	e := rep.Errors[0]
	if e.Code != "pattern-timeout" || e.Row != 3 || e.Column != 1 || e.Field != "code" || e.Value != cell {
		t.Errorf("error: %+v", e)
	}
	wantEN := `the pattern (?=a)(a|aa)+b could not be checked: matching took longer than 200 ms on "` + cell + `"`
	wantFR := `motif (?=a)(a|aa)+b non vérifiable : sa recherche a dépassé 200 ms sur « ` + cell + ` »`
	if got := e.Message(i18n.EN); got != wantEN {
		t.Errorf("EN message:\n got %s\nwant %s", got, wantEN)
	}
	if got := e.Message(i18n.FR); got != wantFR {
		t.Errorf("FR message:\n got %s\nwant %s", got, wantFR)
	}
	if s := rep.Summary(i18n.EN); !strings.HasPrefix(s, "invalid: 1 error in 2 rows (pattern-timeout 1)") {
		t.Errorf("summary: %s", s)
	}
}
