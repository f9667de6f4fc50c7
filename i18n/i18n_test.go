package i18n

import (
	"errors"
	"fmt"
	"testing"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]Lang{"": FR, "fr": FR, "FR": FR, "fr_FR.UTF-8": FR, "en": EN, "en-GB": EN} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := Parse("de"); err == nil {
		t.Error("Parse(de) accepted")
	}
}

func TestTextRendersNestedTexts(t *testing.T) {
	inner := T("une date", "a date")
	outer := T("le champ %q doit être %s", "the field %q must be %s")
	if got := outer.In(EN, "created", inner); got != `the field "created" must be a date` {
		t.Errorf("EN: %q", got)
	}
	if got := outer.In(FR, "created", inner); got != `le champ "created" doit être une date` {
		t.Errorf("FR: %q", got)
	}
}

func TestErrorMessage(t *testing.T) {
	cause := errors.New("boom")
	err := Wrap(cause, T("échec : %v", "failure: %v"), cause)
	if Message(err, EN) != "failure: boom" || err.Error() != "échec : boom" || !errors.Is(err, cause) {
		t.Errorf("Message = %q, Error = %q", Message(err, EN), err.Error())
	}
	if Message(fmt.Errorf("plain"), EN) != "plain" || Message(nil, FR) != "" {
		t.Error("plain errors must print as they are")
	}
}

// TestMessageWrapped: a sentence wrapped in another error (as a store's
// sentinel-carrying errors are, or a caller's %w) still prints in the chosen
// language.
func TestMessageWrapped(t *testing.T) {
	err := fmt.Errorf("%w", Errorf(T("échec", "failure")))
	if got := Message(err, EN); got != "failure" {
		t.Errorf("Message(wrapped, EN) = %q, want failure", got)
	}
}

func TestNumber(t *testing.T) {
	cases := []struct {
		l    Lang
		n    int
		want string
	}{{FR, 68451, "68\u202f451"}, {EN, 68451, "68,451"}, {FR, 999, "999"}, {EN, -1234567, "-1,234,567"}, {FR, 0, "0"}}
	for _, c := range cases {
		if got := Number(c.l, c.n); got != c.want {
			t.Errorf("Number(%s, %d) = %q, want %q", c.l, c.n, got, c.want)
		}
	}
}
