package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStateRoundTripsPerRegistryAndRefusesACorruptFile(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	a, b := t.TempDir(), t.TempDir()
	s, err := LoadState(a)
	if err != nil || s.LastSeen != "" || len(s.Follows) != 0 {
		t.Fatalf("fresh state %+v, %v", s, err)
	}
	s.LastSeen = "abc"
	if !s.Follow("requests/x") || s.Follow("requests/x") || !s.Follow("actors/a") {
		t.Fatal("Follow reports new entries only")
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	got, err := LoadState(a)
	if err != nil || got.LastSeen != "abc" || strings.Join(got.Follows, ",") != "actors/a,requests/x" {
		t.Fatalf("reloaded %+v, %v", got, err)
	}
	if other, _ := LoadState(b); other.LastSeen != "" {
		t.Errorf("another registry shares the state: %+v", other)
	}
	if !strings.HasPrefix(StatePath(a), filepath.Join(os.Getenv("XDG_STATE_HOME"), "codal", "registries")) {
		t.Errorf("state path %s not under XDG_STATE_HOME", StatePath(a))
	}
	if err := os.WriteFile(StatePath(a), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = LoadState(a)
	if err == nil || !strings.Contains(err.Error(), StatePath(a)) {
		t.Errorf("corrupt state: %v, want a sentence naming the file", err)
	}
	if !got.Unfollow("requests/x") || got.Unfollow("requests/x") {
		t.Error("Unfollow reports present entries only")
	}
}
