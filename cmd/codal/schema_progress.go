package main

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/schemas"
)

// progressEvery is the least time between two progress lines.
const progressEvery = 250 * time.Millisecond

// progressLine shows how far a validation has read: rows read and the
// rate, on one line of standard error rewritten in place with \r, at most
// once every progressEvery, and cleared at the end. Only on a terminal.
type progressLine struct {
	w     io.Writer
	lang  i18n.Lang
	now   func() time.Time
	start time.Time
	next  time.Time
	width int // runes of the line shown, 0 when none
}

// newProgressLine starts the clock; the first line shows after
// progressEvery (a small file shows none).
func newProgressLine(w io.Writer, lang i18n.Lang, now func() time.Time) *progressLine {
	t := now()
	return &progressLine{w: w, lang: lang, now: now, start: t, next: t.Add(progressEvery)}
}

// update is schemas.Options.Progress.
func (p *progressLine) update(rows int) {
	t := p.now()
	if t.Before(p.next) {
		return
	}
	p.next = t.Add(progressEvery)
	rate := 0
	if d := t.Sub(p.start).Seconds(); d > 0 {
		rate = int(float64(rows) / d)
	}
	var line string
	if p.lang == i18n.EN {
		line = groupDigits(rows, ",") + " rows read (" + groupDigits(rate, ",") + " rows/s)"
	} else {
		line = groupDigits(rows, "\u202f") + " lignes lues (" + groupDigits(rate, "\u202f") + " lignes/s)"
	}
	n := len([]rune(line))
	pad := ""
	if p.width > n {
		pad = strings.Repeat(" ", p.width-n)
	}
	_, _ = io.WriteString(p.w, "\r"+line+pad)
	p.width = n
}

// clear erases the line, if one was shown.
func (p *progressLine) clear() {
	if p.width > 0 {
		_, _ = io.WriteString(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
		p.width = 0
	}
}

// groupDigits writes n with sep between groups of three digits.
func groupDigits(n int, sep string) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// validationProgress sets opts.Progress to a progress line on standard
// error when it is a terminal and the output is not JSON; the function
// returned clears the line (call it before printing the report).
func (a *app) validationProgress(opts *schemas.Options, asJSON bool) func() {
	if asJSON || !isTerminal(a.stderr) {
		return func() {}
	}
	p := newProgressLine(a.stderr, a.lang, time.Now)
	opts.Progress = p.update
	return p.clear
}
