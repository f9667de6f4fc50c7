package schemas

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
)

// Date, time and datetime fields may carry a Python strptime format such as
// "%d/%m/%Y". We reproduce what Python's datetime.strptime accepts: the same
// regular expression per directive (so "5/1/2024" is a valid "%d/%m/%Y"),
// case-insensitive matching, any run of spaces in the format matching one or
// more spaces, and a check that the date exists. Formats made only of
// fixed-width numeric directives are first tried by a hand-written parser,
// which is much faster than the regular expression; when it fails the
// regular expression decides.

// tstamp is a parsed date and time.
type tstamp struct {
	year, month, day     int
	hour, minute, second int
	nsec                 int
	offset               int // seconds east of UTC
	hasTZ                bool
}

// strptimeFmt is a compiled strptime format.
type strptimeFmt struct {
	src   string
	re    *regexp.Regexp
	group map[string]int // directive letter → submatch index
	// fast path: nil when the format has directives it cannot handle
	fast []fastItem
	// which parts the format sets, for the human description
	hasDate, hasTime bool
}

type fastItem struct {
	lit       string // literal text, when dir == 0
	dir       byte   // Y m d H M S
	width     int
	min, max_ int
}

var errBadDirective = errors.New("bad directive")

// directive regular expressions, as Python's _strptime.TimeRE defines them
// (C locale for names).
var strptimeDirectives = map[byte]string{
	'd': `3[0-1]|[1-2][0-9]|0[1-9]|[1-9]| [1-9]`,
	'f': `[0-9]{1,6}`,
	'H': `2[0-3]|[0-1][0-9]|[0-9]`,
	'I': `1[0-2]|0[1-9]|[1-9]`,
	'G': `[0-9]{4}`,
	'j': `36[0-6]|3[0-5][0-9]|[1-2][0-9][0-9]|0[1-9][0-9]|00[1-9]|[1-9][0-9]|0[1-9]|[1-9]`,
	'm': `1[0-2]|0[1-9]|[1-9]`,
	'M': `[0-5][0-9]|[0-9]`,
	'S': `6[0-1]|[0-5][0-9]|[0-9]`,
	'U': `5[0-3]|[0-4][0-9]|[0-9]`,
	'W': `5[0-3]|[0-4][0-9]|[0-9]`,
	'V': `5[0-3]|0[1-9]|[1-4][0-9]|[0-9]`,
	'w': `[0-6]`,
	'u': `[1-7]`,
	'y': `[0-9]{2}`,
	'Y': `[0-9]{4}`,
	'z': `[+-][0-9]{2}:?[0-5][0-9](?::?[0-5][0-9](?:\.[0-9]{1,6})?)?|(?-i:Z)`,
	'Z': `utc|gmt`,
	'p': `am|pm`,
	'b': `jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec`,
	'h': `jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec`,
	'B': `september|february|november|december|january|october|august|march|april|june|july|may`,
	'a': `mon|tue|wed|thu|fri|sat|sun`,
	'A': `wednesday|thursday|saturday|tuesday|monday|friday|sunday`,
}

// C-locale expansions of the locale directives.
var strptimeExpand = map[byte]string{
	'c': "%a %b %d %H:%M:%S %Y",
	'x': "%m/%d/%y",
	'X': "%H:%M:%S",
	'D': "%m/%d/%y",
	'T': "%H:%M:%S",
	'R': "%H:%M",
	'F': "%Y-%m-%d",
}

func compileStrptime(format string) (*strptimeFmt, error) {
	// Expand locale directives first.
	for strings.ContainsAny(format, "%") {
		changed := false
		var b strings.Builder
		for i := 0; i < len(format); i++ {
			if format[i] == '%' && i+1 < len(format) {
				if e, ok := strptimeExpand[format[i+1]]; ok {
					b.WriteString(e)
					i++
					changed = true
					continue
				}
				b.WriteByte('%')
				b.WriteByte(format[i+1])
				i++
				continue
			}
			b.WriteByte(format[i])
		}
		format = b.String()
		if !changed {
			break
		}
	}
	f := &strptimeFmt{src: format, group: map[string]int{}}
	var re strings.Builder
	re.WriteString(`(?i)^`)
	fastOK := true
	var fast []fastItem
	addLit := func(s string) {
		if len(fast) > 0 && fast[len(fast)-1].dir == 0 {
			fast[len(fast)-1].lit += s
		} else {
			fast = append(fast, fastItem{lit: s})
		}
	}
	seen := map[byte]bool{}
	for i := 0; i < len(format); i++ {
		c := format[i]
		switch {
		case c == '%':
			if i+1 >= len(format) {
				return nil, errBadDirective
			}
			d := format[i+1]
			i++
			if d == '%' {
				re.WriteString("%")
				addLit("%")
				continue
			}
			expr, ok := strptimeDirectives[d]
			if !ok {
				return nil, errBadDirective
			}
			if seen[d] {
				// Python refuses a repeated directive (redefinition of group name).
				return nil, errBadDirective
			}
			seen[d] = true
			re.WriteString("(?P<" + string(d) + ">" + expr + ")")
			switch d {
			case 'Y':
				fast = append(fast, fastItem{dir: d, width: 4, min: 0, max_: 9999})
			case 'm':
				fast = append(fast, fastItem{dir: d, width: 2, min: 1, max_: 12})
			case 'd':
				fast = append(fast, fastItem{dir: d, width: 2, min: 1, max_: 31})
			case 'H':
				fast = append(fast, fastItem{dir: d, width: 2, min: 0, max_: 23})
			case 'M':
				fast = append(fast, fastItem{dir: d, width: 2, min: 0, max_: 59})
			case 'S':
				fast = append(fast, fastItem{dir: d, width: 2, min: 0, max_: 61})
			default:
				fastOK = false
			}
			switch d {
			case 'Y', 'y', 'm', 'd', 'j', 'b', 'B', 'h', 'G', 'U', 'W', 'V', 'a', 'A', 'w', 'u':
				f.hasDate = true
			default:
				f.hasTime = true
			}
		case isPySpace(c):
			for i+1 < len(format) && isPySpace(format[i+1]) {
				i++
			}
			// Any run of spaces in the format matches one or more spaces. The
			// fast path only accepts the format's own spaces, a subset.
			re.WriteString(`\s+`)
			addLit(" ")
		default:
			// Letters match case-insensitively; the fast path only accepts the
			// format's own case, a subset, so a failure there is not final.
			if strings.IndexByte(`\.^$*+?(){}[]|`, c) >= 0 {
				re.WriteString(`\`)
			}
			re.WriteByte(c)
			addLit(string(c))
		}
	}
	re.WriteString(`$`)
	rx, err := regexp.Compile(re.String())
	if err != nil {
		return nil, err
	}
	f.re = rx
	for i, name := range rx.SubexpNames() {
		if name != "" {
			f.group[name] = i
		}
	}
	if fastOK {
		f.fast = fast
	}
	return f, nil
}

func isPySpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// parse reads s; ok is false when s does not match the format or the date
// does not exist. matched tells the two failures apart (for messages).
func (f *strptimeFmt) parse(s string) (t tstamp, ok, matched bool) {
	if f.fast != nil {
		if t, ok, done := f.parseFast(s); done {
			return t, ok, true
		}
	}
	m := f.re.FindStringSubmatch(s)
	if m == nil {
		return t, false, false
	}
	get := func(k string) string {
		if i, ok := f.group[k]; ok {
			return m[i]
		}
		return ""
	}
	atoi := func(k string) (int, bool) {
		v := strings.TrimSpace(get(k))
		if v == "" {
			return 0, false
		}
		n, err := strconv.Atoi(v)
		return n, err == nil
	}
	t.year, t.month, t.day = 1900, 1, 1
	if y, ok := atoi("Y"); ok {
		t.year = y
	} else if y, ok := atoi("y"); ok {
		if y <= 68 {
			t.year = 2000 + y
		} else {
			t.year = 1900 + y
		}
	}
	haveMonth, haveDay := false, false
	if mo, ok := atoi("m"); ok {
		t.month, haveMonth = mo, true
	} else if name := strings.ToLower(get("B")); name != "" {
		t.month, haveMonth = monthIndex(name, false), true
	} else if name := strings.ToLower(get("b") + get("h")); name != "" {
		t.month, haveMonth = monthIndex(name, true), true
	}
	if d, ok := atoi("d"); ok {
		t.day, haveDay = d, true
	}
	if j, ok := atoi("j"); ok && !(haveMonth && haveDay) {
		if j > daysInYear(t.year) {
			return t, false, true
		}
		t.month, t.day = dateFromOrdinal(t.year, j)
	}
	if h, ok := atoi("H"); ok {
		t.hour = h
	} else if h, ok := atoi("I"); ok {
		t.hour = h % 12
		if strings.EqualFold(get("p"), "pm") {
			t.hour += 12
		}
	}
	t.minute, _ = atoi("M")
	t.second, _ = atoi("S")
	if fs := get("f"); fs != "" {
		n, _ := strconv.Atoi(fs + strings.Repeat("0", 6-len(fs)))
		t.nsec = n * 1000
	}
	if z := get("z"); z != "" {
		off, ok := parseTZOffset(z)
		if !ok {
			return t, false, true
		}
		t.offset, t.hasTZ = off, true
	} else if get("Z") != "" {
		t.hasTZ = true
	}
	if !t.valid() {
		return t, false, true
	}
	return t, true, true
}

// parseFast handles formats of fixed-width numeric directives. done is false
// when s does not have the fixed-width shape: the regular expression decides.
func (f *strptimeFmt) parseFast(s string) (t tstamp, ok, done bool) {
	t.year, t.month, t.day = 1900, 1, 1
	p := 0
	for _, it := range f.fast {
		if it.dir == 0 {
			if len(s)-p < len(it.lit) || s[p:p+len(it.lit)] != it.lit {
				return t, false, false
			}
			p += len(it.lit)
			continue
		}
		if len(s)-p < it.width {
			return t, false, false
		}
		n := 0
		for k := 0; k < it.width; k++ {
			c := s[p+k]
			if c < '0' || c > '9' {
				return t, false, false
			}
			n = n*10 + int(c-'0')
		}
		if n < it.min || n > it.max_ {
			return t, false, false
		}
		p += it.width
		switch it.dir {
		case 'Y':
			t.year = n
		case 'm':
			t.month = n
		case 'd':
			t.day = n
		case 'H':
			t.hour = n
		case 'M':
			t.minute = n
		case 'S':
			t.second = n
		}
	}
	if p != len(s) {
		return t, false, false
	}
	return t, t.valid(), true
}

// valid reports whether the date and time exist (Python's datetime checks).
func (t tstamp) valid() bool {
	if t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 || t.day > daysIn(t.year, t.month) {
		return false
	}
	return t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && t.second >= 0 && t.second <= 59
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInYear(y int) int {
	if isLeap(y) {
		return 366
	}
	return 365
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func dateFromOrdinal(y, j int) (m, d int) {
	m = 1
	for j > daysIn(y, m) {
		j -= daysIn(y, m)
		m++
	}
	return m, j
}

func monthIndex(name string, abbr bool) int {
	names := []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
	for i, n := range names {
		if abbr && strings.HasPrefix(n, name) && len(name) == 3 || n == name {
			return i + 1
		}
	}
	return 0
}

// parseTZOffset reads Z, ±HH, ±HHMM, ±HH:MM (and seconds) into seconds.
func parseTZOffset(z string) (int, bool) {
	if z == "Z" || z == "z" {
		return 0, true
	}
	if len(z) < 3 || (z[0] != '+' && z[0] != '-') {
		return 0, false
	}
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	digits := strings.ReplaceAll(z[1:], ":", "")
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		digits = digits[:i]
	}
	if len(digits) != 2 && len(digits) != 4 && len(digits) != 6 {
		return 0, false
	}
	var parts [3]int
	for i := 0; i < len(digits)/2; i++ {
		n, err := strconv.Atoi(digits[2*i : 2*i+2])
		if err != nil {
			return 0, false
		}
		parts[i] = n
	}
	if parts[0] > 23 || parts[1] > 59 || parts[2] > 59 {
		return 0, false
	}
	return sign * (parts[0]*3600 + parts[1]*60 + parts[2]), true
}

// dayNumber is the number of days since 0001-01-01, for comparisons.
func (t tstamp) dayNumber() int64 {
	y := int64(t.year - 1)
	n := y*365 + y/4 - y/100 + y/400
	for m := 1; m < t.month; m++ {
		n += int64(daysIn(t.year, m))
	}
	return n + int64(t.day-1)
}

// instant orders datetimes: seconds since 0001-01-01 (UTC when the value has
// an offset) times 1e9 plus nanoseconds.
func (t tstamp) instant() int64 {
	s := t.dayNumber()*86400 + int64(t.hour*3600+t.minute*60+t.second) - int64(t.offset)
	return s*1_000_000_000 + int64(t.nsec)
}

// clock orders times of day.
func (t tstamp) clock() int64 {
	return int64(t.hour*3600+t.minute*60+t.second-t.offset)*1_000_000_000 + int64(t.nsec)
}

// humanFormat turns a strptime format into the pattern an agent reads, e.g.
// "%d/%m/%Y" → "JJ/MM/AAAA" in French and "DD/MM/YYYY" in English.
func humanFormat(format string, en bool) string {
	fr := map[byte]string{'Y': "AAAA", 'y': "AA", 'm': "MM", 'd': "JJ", 'H': "hh", 'I': "hh", 'M': "mm", 'S': "ss", 'f': "ffffff", 'z': "±hh:mm", 'j': "JJJ", 'b': "mois", 'B': "mois", 'a': "jour", 'A': "jour", 'p': "AM/PM", 'Z': "UTC"}
	eng := map[byte]string{'Y': "YYYY", 'y': "YY", 'm': "MM", 'd': "DD", 'H': "hh", 'I': "hh", 'M': "mm", 'S': "ss", 'f': "ffffff", 'z': "±hh:mm", 'j': "DDD", 'b': "Mon", 'B': "Month", 'a': "Day", 'A': "Day", 'p': "AM/PM", 'Z': "UTC"}
	names := fr
	if en {
		names = eng
	}
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] == '%' && i+1 < len(format) {
			d := format[i+1]
			i++
			if d == '%' {
				b.WriteByte('%')
			} else if n, ok := names[d]; ok {
				b.WriteString(n)
			} else {
				b.WriteString("%" + string(d))
			}
			continue
		}
		b.WriteByte(format[i])
	}
	return b.String()
}
