package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/schemas"
)

// TestProgressLine checks the progress line: nothing in the first quarter
// of a second, then rows and rate rewritten in place with \r at most four
// times a second, a shorter line padded over a longer one, and the line
// cleared at the end.
func TestProgressLine(t *testing.T) {
	t0 := time.Date(2026, 11, 29, 11, 0, 0, 0, time.UTC)
	now := t0
	var out bytes.Buffer
	p := newProgressLine(&out, i18n.FR, func() time.Time { return now })
	now = t0.Add(100 * time.Millisecond)
	p.update(1000)
	if out.Len() != 0 {
		t.Fatalf("shown before a quarter of a second: %q", out.String())
	}
	now = t0.Add(2 * time.Second)
	p.update(1_234_567)
	want := "\r1\u202f234\u202f567 lignes lues (617\u202f283 lignes/s)"
	if out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}
	now = now.Add(200 * time.Millisecond)
	p.update(1_300_000)
	if out.String() != want {
		t.Fatalf("rewritten within a quarter of a second: %q", out.String())
	}
	out.Reset()
	now = t0.Add(1000 * time.Second)
	p.update(1_300_000)
	want = "\r1\u202f300\u202f000 lignes lues (1\u202f300 lignes/s)"
	if out.String() != want+"  " {
		t.Fatalf("got %q, want %q padded", out.String(), want)
	}
	out.Reset()
	p.clear()
	if got := out.String(); got != "\r"+string(bytes.Repeat([]byte(" "), len([]rune(want))-1))+"\r" {
		t.Fatalf("clear wrote %q", got)
	}
	out.Reset()
	p.clear()
	if out.Len() != 0 {
		t.Fatalf("cleared twice: %q", out.String())
	}

	en := newProgressLine(&out, i18n.EN, func() time.Time { return now })
	now = now.Add(time.Second)
	en.update(26_000_000)
	if got := out.String(); got != "\r26,000,000 rows read (26,000,000 rows/s)" {
		t.Fatalf("English line %q", got)
	}
}

// TestProgressOnlyOnTerminal: no progress line when standard error is not
// a terminal, nor with --json.
func TestProgressOnlyOnTerminal(t *testing.T) {
	var errOut bytes.Buffer
	a := &app{stderr: &errOut, lang: i18n.FR}
	var opts schemas.Options
	a.validationProgress(&opts, false)()
	if opts.Progress != nil {
		t.Fatal("progress set on a buffer")
	}
	a.validationProgress(&opts, true)()
	if opts.Progress != nil || errOut.Len() != 0 {
		t.Fatal("progress set with --json")
	}
}
