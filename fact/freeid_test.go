package fact

import (
	"errors"
	"strings"
	"testing"
)

func TestSuffixedID(t *testing.T) {
	if got := SuffixedID("budget", 1); got != "budget" {
		t.Errorf("n=1: %q", got)
	}
	if got := SuffixedID("budget", 12); got != "budget-12" {
		t.Errorf("n=12: %q", got)
	}
	// cut at 64 - len("-2") = 62, which falls right after a hyphen: trimmed
	long := strings.Repeat("a", 61) + "-bbbb"
	got := SuffixedID(long, 2)
	if got != strings.Repeat("a", 61)+"-2" || !ValidID(got) {
		t.Errorf("long: %q", got)
	}
}

func TestFreeID(t *testing.T) {
	used := map[string]bool{"x": true, "x-2": true}
	id, err := FreeID("x", func(id string) (bool, error) { return used[id], nil })
	if err != nil || id != "x-3" {
		t.Fatalf("got %q, %v", id, err)
	}
	boom := errors.New("boom")
	if _, err := FreeID("x", func(string) (bool, error) { return false, boom }); !errors.Is(err, boom) {
		t.Errorf("taken's error: %v", err)
	}
	tries := 0
	_, err = FreeID("x", func(string) (bool, error) { tries++; return true, nil })
	if !errors.Is(err, ErrNoFreeID) || tries != MaxIDTries {
		t.Errorf("all taken: %v after %d tries", err, tries)
	}
}
