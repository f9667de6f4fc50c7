package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	c, err := Load()
	if err != nil || c != (Config{}) {
		t.Fatalf("missing file: %+v %v", c, err)
	}
	want := Config{Registry: "/srv/registre", Lang: "en", Name: "Service données – Sèvres", Email: "donnees@sevres.example", Actor: "sevres"}
	if err := want.Save(); err != nil {
		t.Fatal(err)
	}
	got, err := Load()
	if err != nil || got != want {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	if DefaultRegistry() != filepath.Join(dir, "data", "codal", "registry") {
		t.Errorf("DefaultRegistry = %s", DefaultRegistry())
	}
	entries, _ := os.ReadDir(Dir())
	if len(entries) != 1 {
		t.Errorf("Save left temporary files: %v", entries)
	}
}

func TestLoadInvalidNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	os.MkdirAll(Dir(), 0o755)
	os.WriteFile(Path(), []byte("registry: [oops\n"), 0o644)
	_, err := Load()
	if err == nil || !strings.Contains(err.Error(), Path()) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("invalid config: %v", err)
	}
}
