package main

import (
	"fmt"
	"strings"
	"testing"
)

// writeCounter counts the writes it is given.
type writeCounter struct {
	strings.Builder
	writes int
}

func (w *writeCounter) Write(p []byte) (int, error) {
	w.writes++
	return w.Builder.Write(p)
}

// TestTableWritesOnce: a table of a thousand rows reaches its writer in a
// few writes, not one per cell and padding (tabwriter's own writes: ten
// thousand system calls for `codal list requests` at 10,000 entries).
func TestTableWritesOnce(t *testing.T) {
	var w writeCounter
	tb := newTable(&w, "ID", "TITRE")
	for i := range 1000 {
		tb.row(fmt.Sprint(i), "une demande\x1b[31m")
	}
	if err := tb.flush(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(w.String(), "\n"); n != 1001 || strings.Contains(w.String(), "\x1b") {
		t.Fatalf("%d lines written (want 1001), or a raw control character", n)
	}
	if w.writes > 4 {
		t.Fatalf("%d writes for a table of 1,000 rows", w.writes)
	}
}
