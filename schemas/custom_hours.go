package schemas

import (
	"strconv"
	"strings"

	"github.com/gpso/codal/i18n"
)

// A parser of OpenStreetMap's opening_hours syntax
// (https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification), the
// grammar Validata's opening-hours-value checks with the opening_hours
// library. It accepts:
//
//	time_domain     = rule { separator rule }           separator: ";" "," "||"
//	rule            = "24/7" [modifier] | [wide] [small] [modifier] | comment
//	wide            = [years] [monthdays] [weeks] [":"]
//	years           = year ["-" year ["/" n]] | year "+"     (comma-separated)
//	monthdays       = [year] month [day] ["-" [[year] month] [day]] | "easter"
//	weeks           = "week" nn ["-" nn ["/" n]]             (comma-separated)
//	small           = [weekdays] [times]
//	weekdays        = (wday ["-" wday] | wday "[" nth,… "]" [offset] | "PH" [offset] | "SH")  (comma-separated)
//	times           = span { "," span }
//	span            = time ["+" | "-" time ["+" | "/" minutes | "/" hh:mm]]
//	time            = hh:mm (up to 24:00, 48:00 after "-") | event | "(" event ("+"|"-") hh:mm ")"
//	modifier        = ("open" | "closed" | "off" | "unknown") [comment] | comment
//
// Hours and minutes take two digits, as the specification writes them.
// What it does not check: whether ranges are meaningful (12:00-08:00 is
// valid, it wraps past midnight, as in OSM).

// hoursError says where and what the parser expected.
type hoursError struct{ text i18n.Text }

// maxHoursLen bounds a cell the parser reads: an opening_hours value is a
// few hundred characters at most (OSM caps tags at 255).
const maxHoursLen = 4096

type hoursParser struct {
	s string
	i int
}

func parseOpeningHours(s string) *hoursError {
	if len(s) > maxHoursLen {
		return &hoursError{lit("valeur trop longue ("+itoa(len(s))+" octets)", "value too long ("+itoa(len(s))+" bytes)")}
	}
	p := &hoursParser{s: s}
	p.spaces()
	if p.eof() {
		return p.fail("une règle", "a rule")
	}
	for {
		if err := p.rule(); err != nil {
			return err
		}
		p.spaces()
		if p.eof() {
			return nil
		}
		switch {
		case p.lit(";"), p.lit("||"), p.lit(","):
		default:
			return p.fail("« ; », « , » ou « || » entre deux règles", `";", "," or "||" between two rules`)
		}
		p.spaces()
		if p.eof() {
			return p.fail("une règle après le séparateur", "a rule after the separator")
		}
	}
}

func (p *hoursParser) eof() bool { return p.i >= len(p.s) }

func (p *hoursParser) fail(fr, en string) *hoursError {
	at := p.i + 1
	got := "la fin"
	gotEN := "the end"
	if !p.eof() {
		r := p.s[p.i:]
		if len(r) > 12 {
			r = r[:12] + "…"
		}
		got = "« " + showValue(r) + " »"
		gotEN = `"` + showValue(r) + `"`
	}
	return &hoursError{lit("au caractère "+itoa(at)+", "+fr+" attendu, "+got+" trouvé",
		"at character "+itoa(at)+", expected "+en+", found "+gotEN)}
}

func (p *hoursParser) spaces() {
	for !p.eof() && p.s[p.i] == ' ' {
		p.i++
	}
}

// lit consumes w when it comes next.
func (p *hoursParser) lit(w string) bool {
	if strings.HasPrefix(p.s[p.i:], w) {
		p.i += len(w)
		return true
	}
	return false
}

// word consumes one of words when it comes next and is not followed by a
// letter; it returns its index or -1.
func (p *hoursParser) word(words []string) int {
	for k, w := range words {
		if strings.HasPrefix(p.s[p.i:], w) {
			j := p.i + len(w)
			if j < len(p.s) && isLetter(p.s[j]) {
				continue
			}
			p.i = j
			return k
		}
	}
	return -1
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// digits reads exactly n digits, or fails (position unchanged).
func (p *hoursParser) digits(n int) (int, bool) {
	if p.i+n > len(p.s) {
		return 0, false
	}
	for k := 0; k < n; k++ {
		if !isDigit(p.s[p.i+k]) {
			return 0, false
		}
	}
	if p.i+n < len(p.s) && isDigit(p.s[p.i+n]) {
		return 0, false
	}
	v, _ := strconv.Atoi(p.s[p.i : p.i+n])
	p.i += n
	return v, true
}

// number reads 1 to 4 digits.
func (p *hoursParser) number() (int, bool) {
	j := p.i
	for j < len(p.s) && isDigit(p.s[j]) && j-p.i < 5 {
		j++
	}
	if j == p.i || j-p.i > 4 {
		return 0, false
	}
	v, _ := strconv.Atoi(p.s[p.i:j])
	p.i = j
	return v, true
}

var (
	wdays    = []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}
	months   = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	events   = []string{"sunrise", "sunset", "dawn", "dusk"}
	modifier = []string{"open", "closed", "off", "unknown"}
)

func (p *hoursParser) rule() *hoursError {
	if p.lit("24/7") {
		p.spaces()
		return p.modifier(false)
	}
	start := p.i
	if err := p.wide(); err != nil {
		return err
	}
	p.spaces()
	if err := p.small(); err != nil {
		return err
	}
	p.spaces()
	return p.modifier(p.i == start)
}

// modifier reads an optional rule modifier and comment; alone says the
// rule has no selector, so that something must come.
func (p *hoursParser) modifier(alone bool) *hoursError {
	had := false
	if p.word(modifier) >= 0 {
		had = true
		p.spaces()
	}
	if !p.eof() && p.s[p.i] == '"' {
		if err := p.comment(); err != nil {
			return err
		}
		had = true
	}
	if alone && !had {
		return p.fail("un jour, une heure, une période ou « 24/7 »", `a day, a time, a period or "24/7"`)
	}
	return nil
}

func (p *hoursParser) comment() *hoursError {
	p.i++ // the opening quote
	end := strings.IndexByte(p.s[p.i:], '"')
	if end < 0 {
		return p.fail("le guillemet fermant le commentaire", "the closing quote of the comment")
	}
	p.i += end + 1
	return nil
}

// wide reads the year, month-day and week selectors, and the ":" that
// may end them.
func (p *hoursParser) wide() *hoursError {
	any := false
	if p.peekYear() && !p.peekYearMonth() {
		if err := p.list(p.yearRange); err != nil {
			return err
		}
		any = true
		p.spaces()
	}
	if p.peekMonth() || p.peekYearMonth() || strings.HasPrefix(p.s[p.i:], "easter") {
		if err := p.list(p.monthdayRange); err != nil {
			return err
		}
		any = true
		p.spaces()
	}
	if p.word([]string{"week"}) >= 0 {
		p.spaces()
		if err := p.list(p.weekRange); err != nil {
			return err
		}
		any = true
		p.spaces()
	}
	if any {
		p.lit(":")
	}
	return nil
}

// list reads item {"," item}, stopping before a comma that does not start
// another item of the same kind (it then separates rules).
func (p *hoursParser) list(item func() (bool, *hoursError)) *hoursError {
	ok, err := item()
	if err != nil {
		return err
	}
	if !ok {
		return p.fail("une valeur", "a value")
	}
	for {
		save := p.i
		if !p.lit(",") {
			return nil
		}
		ok, err := item()
		if err != nil {
			return err
		}
		if !ok {
			p.i = save
			return nil
		}
	}
}

func (p *hoursParser) peekYear() bool {
	j := p.i
	if j+4 > len(p.s) {
		return false
	}
	for k := 0; k < 4; k++ {
		if !isDigit(p.s[j+k]) {
			return false
		}
	}
	if j+4 < len(p.s) && (isDigit(p.s[j+4]) || p.s[j+4] == ':') {
		return false
	}
	return p.s[j] >= '1'
}

func (p *hoursParser) peekMonth() bool {
	for _, m := range months {
		if strings.HasPrefix(p.s[p.i:], m) {
			return true
		}
	}
	return false
}

// peekYearMonth: a year then a month ("2025 Dec 24") starts a month-day
// range, not a year range.
func (p *hoursParser) peekYearMonth() bool {
	if !p.peekYear() {
		return false
	}
	save := p.i
	p.i += 4
	p.spaces()
	ok := p.peekMonth()
	p.i = save
	return ok
}

func (p *hoursParser) yearRange() (bool, *hoursError) {
	if !p.peekYear() || p.peekYearMonth() {
		return false, nil
	}
	y, _ := p.digits(4)
	if p.lit("+") {
		return true, nil
	}
	if p.lit("-") {
		y2, ok := p.digits(4)
		if !ok {
			return false, p.fail("une année sur 4 chiffres", "a 4-digit year")
		}
		if y2 < y {
			p.i -= 4
			return false, p.fail("une année postérieure à "+itoa(y), "a year after "+itoa(y))
		}
		if p.lit("/") {
			if _, ok := p.number(); !ok {
				return false, p.fail("un pas (nombre)", "a step (number)")
			}
		}
	}
	return true, nil
}

// date reads [year] month [day] or [year] "easter"; it returns false when
// none starts here.
func (p *hoursParser) date() (bool, *hoursError) {
	save := p.i
	if p.peekYear() {
		p.i += 4
		p.spaces()
	}
	if p.word([]string{"easter"}) >= 0 {
		return true, nil
	}
	if p.word(months) < 0 {
		p.i = save
		return false, nil
	}
	save2 := p.i
	p.spaces()
	if _, ok := p.dayNum(); !ok {
		p.i = save2
	}
	return true, nil
}

func (p *hoursParser) dayNum() (int, bool) {
	save := p.i
	d, ok := p.digits(2)
	if !ok || d < 1 || d > 31 {
		p.i = save
		return 0, false
	}
	// "08:00" is a time, not a day.
	if !p.eof() && p.s[p.i] == ':' && p.i+1 < len(p.s) && isDigit(p.s[p.i+1]) {
		p.i = save
		return 0, false
	}
	return d, true
}

func (p *hoursParser) monthdayRange() (bool, *hoursError) {
	ok, err := p.date()
	if !ok || err != nil {
		return ok, err
	}
	if p.lit("-") {
		if ok, err := p.date(); err != nil {
			return false, err
		} else if !ok {
			if _, ok := p.dayNum(); !ok {
				return false, p.fail("un mois ou un jour (01 à 31)", "a month or a day (01 to 31)")
			}
		}
	}
	return true, nil
}

func (p *hoursParser) weekRange() (bool, *hoursError) {
	w, ok := p.digits(2)
	if !ok {
		return false, nil
	}
	if w < 1 || w > 53 {
		p.i -= 2
		return false, p.fail("un numéro de semaine (01 à 53)", "a week number (01 to 53)")
	}
	if p.lit("-") {
		w2, ok := p.digits(2)
		if !ok || w2 < 1 || w2 > 53 {
			return false, p.fail("un numéro de semaine (01 à 53)", "a week number (01 to 53)")
		}
		if p.lit("/") {
			if _, ok := p.number(); !ok {
				return false, p.fail("un pas (nombre)", "a step (number)")
			}
		}
	}
	return true, nil
}

// small reads the weekday and time selectors.
func (p *hoursParser) small() *hoursError {
	if p.peekWeekday() {
		if err := p.weekdays(); err != nil {
			return err
		}
		p.spaces()
	}
	if p.peekTime() {
		return p.list(p.timespan)
	}
	return nil
}

func (p *hoursParser) peekWeekday() bool {
	for _, w := range append(wdays, "PH", "SH") {
		if strings.HasPrefix(p.s[p.i:], w) {
			j := p.i + len(w)
			return j >= len(p.s) || !isLetter(p.s[j])
		}
	}
	return false
}

// weekdays reads weekday ranges and holidays separated by commas (or a
// space between holidays and weekdays).
func (p *hoursParser) weekdays() *hoursError {
	for {
		if err := p.weekdayRange(); err != nil {
			return err
		}
		save := p.i
		if p.lit(",") {
			p.spaces()
			if p.peekWeekday() {
				continue
			}
			p.i = save
			return nil
		}
		// "PH Mo-Fr": a space may separate holidays from weekdays.
		p.spaces()
		if p.peekWeekday() {
			continue
		}
		p.i = save
		return nil
	}
}

func (p *hoursParser) weekdayRange() *hoursError {
	if p.word([]string{"PH", "SH"}) >= 0 {
		return p.dayOffset()
	}
	if p.word(wdays) < 0 {
		return p.fail("un jour (Mo, Tu, We, Th, Fr, Sa, Su, PH ou SH)", "a day (Mo, Tu, We, Th, Fr, Sa, Su, PH or SH)")
	}
	if p.lit("-") {
		if p.word(wdays) < 0 {
			return p.fail("un jour (Mo, Tu, We, Th, Fr, Sa ou Su)", "a day (Mo, Tu, We, Th, Fr, Sa or Su)")
		}
		return nil
	}
	if p.lit("[") {
		for {
			neg := p.lit("-")
			n, ok := p.digits(1)
			if !ok || n < 1 || n > 5 {
				return p.fail("un rang de 1 à 5 dans le mois", "a rank from 1 to 5 in the month")
			}
			if !neg && p.lit("-") {
				n2, ok := p.digits(1)
				if !ok || n2 < n || n2 > 5 {
					return p.fail("un rang de "+itoa(n)+" à 5", "a rank from "+itoa(n)+" to 5")
				}
			}
			if p.lit("]") {
				break
			}
			if !p.lit(",") {
				return p.fail("« , » ou « ] »", `"," or "]"`)
			}
		}
		return p.dayOffset()
	}
	return nil
}

// dayOffset reads an optional " +1 day" / " -2 days".
func (p *hoursParser) dayOffset() *hoursError {
	save := p.i
	p.spaces()
	if p.eof() || p.s[p.i] != '+' && p.s[p.i] != '-' {
		p.i = save
		return nil
	}
	p.i++
	if _, ok := p.number(); !ok {
		p.i = save
		return nil
	}
	p.spaces()
	if p.word([]string{"days", "day"}) < 0 {
		return p.fail("« day » ou « days »", `"day" or "days"`)
	}
	return nil
}

func (p *hoursParser) peekTime() bool {
	if p.eof() {
		return false
	}
	if isDigit(p.s[p.i]) || p.s[p.i] == '(' {
		return true
	}
	for _, e := range events {
		if strings.HasPrefix(p.s[p.i:], e) {
			return true
		}
	}
	return false
}

// clock reads hh:mm with hh up to maxH (and hh == maxH only with 00).
func (p *hoursParser) clock(maxH int) *hoursError {
	h, ok := p.digits(2)
	if !ok {
		return p.fail("une heure hh:mm (deux chiffres pour l'heure)", "a time hh:mm (two digits for the hour)")
	}
	if !p.lit(":") {
		return p.fail("« : » entre heures et minutes", `":" between hours and minutes`)
	}
	m, ok := p.digits(2)
	if !ok || m > 59 {
		return p.fail("des minutes de 00 à 59", "minutes from 00 to 59")
	}
	if h > maxH || h == maxH && m > 0 {
		p.i -= 5
		return p.fail("une heure au plus "+itoa(maxH)+":00", "a time up to "+itoa(maxH)+":00")
	}
	return nil
}

// timePoint reads a clock time or a solar event, possibly with an offset.
func (p *hoursParser) timePoint(maxH int) *hoursError {
	if p.lit("(") {
		if p.word(events) < 0 {
			return p.fail("sunrise, sunset, dawn ou dusk", "sunrise, sunset, dawn or dusk")
		}
		if !p.lit("+") && !p.lit("-") {
			return p.fail("« + » ou « - »", `"+" or "-"`)
		}
		if err := p.clock(24); err != nil {
			return err
		}
		if !p.lit(")") {
			return p.fail("« ) »", `")"`)
		}
		return nil
	}
	if p.word(events) >= 0 {
		return nil
	}
	return p.clock(maxH)
}

func (p *hoursParser) timespan() (bool, *hoursError) {
	if !p.peekTime() {
		return false, nil
	}
	if err := p.timePoint(24); err != nil {
		return false, err
	}
	if p.lit("+") {
		return true, nil
	}
	if !p.lit("-") {
		return true, nil
	}
	if err := p.timePoint(48); err != nil {
		return false, err
	}
	if p.lit("+") {
		return true, nil
	}
	if p.lit("/") {
		save := p.i
		if _, ok := p.digits(2); ok && p.lit(":") {
			if _, ok := p.digits(2); !ok {
				return false, p.fail("des minutes", "minutes")
			}
			return true, nil
		}
		p.i = save
		if _, ok := p.number(); !ok {
			return false, p.fail("une période (minutes ou hh:mm)", "a period (minutes or hh:mm)")
		}
	}
	return true, nil
}
