package schemas

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

func parseYear(s string) (val, bool) {
	if utf8.RuneCountInString(s) != 4 {
		return val{}, false
	}
	t := trimPySpace(s)
	clean, ok := pyDigits(t, true, false)
	if !ok {
		return val{}, false
	}
	n, err := strconv.Atoi(clean)
	if err != nil || n < 0 || n > 9999 {
		return val{}, false
	}
	return val{i: int64(n)}, true
}

func parseYearMonth(s string) (val, bool) {
	y, m, ok := strings.Cut(s, "-")
	if !ok || strings.Contains(m, "-") {
		return val{}, false
	}
	yc, ok1 := pyDigits(trimPySpace(y), true, false)
	mc, ok2 := pyDigits(trimPySpace(m), true, false)
	if !ok1 || !ok2 {
		return val{}, false
	}
	yn, err1 := strconv.Atoi(yc)
	mn, err2 := strconv.Atoi(mc)
	if err1 != nil || err2 != nil || mn < 1 || mn > 12 {
		return val{}, false
	}
	return val{i: int64(yn)*12 + int64(mn-1)}, true
}

// parseISODatetime reads what frictionless accepts by default: at least
// "YYYY-MM-DDThh:mm:ss" (any one separator character), optional fraction
// and offset (Z, ±hh, ±hhmm, ±hh:mm).
func parseISODatetime(s string) (tstamp, bool) {
	var t tstamp
	if len(s) < 19 || s[16] != ':' {
		return t, false
	}
	var ok bool
	if t.year, ok = digitsN(s[0:4]); !ok || s[4] != '-' || s[7] != '-' {
		return t, false
	}
	if t.month, ok = digitsN(s[5:7]); !ok {
		return t, false
	}
	if t.day, ok = digitsN(s[8:10]); !ok {
		return t, false
	}
	if s[10] >= 0x80 {
		return t, false
	}
	rest, ok := parseClock(s[11:], &t)
	if !ok || rest != "" {
		return t, false
	}
	return t, t.valid()
}

// parseISOTime reads "hh:mm:ss" with optional fraction and offset.
func parseISOTime(s string) (tstamp, bool) {
	t := tstamp{year: 2000, month: 1, day: 1}
	if len(s) < 8 || s[5] != ':' {
		return t, false
	}
	rest, ok := parseClock(s, &t)
	if !ok || rest != "" {
		return t, false
	}
	return t, t.valid()
}

// parseClock reads hh:mm:ss[.f][offset] at the start of s.
func parseClock(s string, t *tstamp) (string, bool) {
	if len(s) < 8 || s[2] != ':' || s[5] != ':' {
		return s, false
	}
	var ok bool
	if t.hour, ok = digitsN(s[0:2]); !ok {
		return s, false
	}
	if t.minute, ok = digitsN(s[3:5]); !ok {
		return s, false
	}
	if t.second, ok = digitsN(s[6:8]); !ok {
		return s, false
	}
	s = s[8:]
	if len(s) > 0 && (s[0] == '.' || s[0] == ',') {
		j := 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == 1 {
			return s, false
		}
		frac := s[1:j]
		if len(frac) > 9 {
			frac = frac[:9]
		}
		n, _ := strconv.Atoi(frac + strings.Repeat("0", 9-len(frac)))
		t.nsec = n
		s = s[j:]
	}
	if s == "" {
		return s, true
	}
	if s == "Z" || s == "z" {
		t.hasTZ = true
		return "", true
	}
	if s[0] == '+' || s[0] == '-' {
		body := s[1:]
		if len(body) == 2 || len(body) == 4 || len(body) == 5 && body[2] == ':' {
			off, ok := parseTZOffset(s)
			if ok {
				t.offset, t.hasTZ = off, true
				return "", true
			}
		}
	}
	return s, false
}

func digitsN(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// parseAnyDate approximates dateutil's parser for format "any": ISO dates
// and datetimes, and day-first numeric dates (31/12/2024, 31-12-2024,
// 31.12.2024) with an optional time.
func parseAnyDate(s, typ string) (tstamp, bool) {
	s = strings.TrimSpace(s)
	if typ == "time" {
		if t, ok := parseISOTime(s); ok {
			return t, true
		}
		_, anyTimeFormats := anyFormats()
		for _, f := range anyTimeFormats {
			if t, ok, _ := f.parse(s); ok {
				return t, true
			}
		}
		return tstamp{}, false
	}
	if t, ok := parseISODatetime(s); ok {
		return t, true
	}
	anyDateFormats, _ := anyFormats()
	for _, f := range anyDateFormats {
		if t, ok, _ := f.parse(s); ok {
			return t, true
		}
	}
	return tstamp{}, false
}

// anyFormats compiles, on first use, the date and time formats tried for a
// value of format "any" (compiling them at init cost every codal command,
// a `codal show` included, ~2,000 allocations).
var anyFormats = sync.OnceValues(func() (dates, times []*strptimeFmt) {
	compile := func(fs ...string) []*strptimeFmt {
		out := make([]*strptimeFmt, 0, len(fs))
		for _, f := range fs {
			c, err := compileStrptime(f)
			if err != nil {
				panic(err) // a constant below is wrong: caught by any test
			}
			out = append(out, c)
		}
		return out
	}
	return compile("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y",
			"%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d %B %Y", "%d %b %Y", "%B %d %Y"),
		compile("%H:%M", "%Hh%M", "%I:%M %p", "%H:%M:%S")
})
