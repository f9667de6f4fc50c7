package fact

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date, written YYYY-MM-DD. A full RFC 3339 timestamp is
// also accepted when reading; its time of day is kept.
type Date struct {
	time.Time
}

// DateOf returns t as a Date at its calendar day, UTC.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads "2026-03-02" or an RFC 3339 timestamp.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return Date{t}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return Date{}, err
	}
	return Date{t}, nil
}

// String returns YYYY-MM-DD, or the RFC 3339 form when a time of day is set;
// "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if h, m, s := d.Clock(); h == 0 && m == 0 && s == 0 && d.Nanosecond() == 0 {
		return d.Format(time.DateOnly)
	}
	return d.Format(time.RFC3339)
}

// MarshalText writes the date as String does.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// MarshalJSON writes the date as a JSON string, as String does (without it,
// the embedded time.Time's RFC 3339 form would win over MarshalText).
func (d Date) MarshalJSON() ([]byte, error) { return []byte(`"` + d.String() + `"`), nil }

// UnmarshalJSON reads a JSON string as ParseDate does; "" is the zero date.
func (d *Date) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" || s == `""` {
		*d = Date{}
		return nil
	}
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return fmt.Errorf("date: a JSON string is expected, not %s", s)
	}
	return d.UnmarshalText([]byte(s[1 : len(s)-1]))
}

// UnmarshalText reads what ParseDate reads.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Days returns the number of whole days from d to now (0 when d is later).
func (d Date) Days(now time.Time) int {
	if d.IsZero() || now.Before(d.Time) {
		return 0
	}
	return int(now.Sub(d.Time).Hours() / 24)
}
