package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

func TestLoadRefusesHostileFiles(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	os.MkdirAll(Dir(), 0o755)
	for name, c := range map[string]struct {
		link string
		src  string
		want string
	}{
		"deep":      {src: "registry: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n", want: "ligne 1, YAML imbriqué trop profondément"},
		"/dev/zero": {link: "/dev/zero", want: "trop grosse : 1024 Kio au plus"},
	} {
		t.Run(name, func(t *testing.T) {
			os.Remove(Path())
			if c.link != "" {
				if _, err := os.Stat(c.link); err != nil {
					t.Skip(err)
				}
				os.Symlink(c.link, Path())
			} else {
				os.WriteFile(Path(), []byte(c.src), 0o644)
			}
			start := time.Now()
			_, err := Load()
			if err == nil || !strings.Contains(err.Error(), Path()) || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("got %v, want one sentence naming the file with %q", err, c.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestExpandHome(t *testing.T) {
	for _, c := range []struct{ in, home, want string }{
		{"~", "/home/u", "/home/u"},
		{"~/registre", "/home/u", "/home/u/registre"},
		{"~/a/../b", "/home/u/", "/home/u/b"},
		{"~other/x", "/home/u", "~other/x"},
		{"/srv/registre", "/home/u", "/srv/registre"},
		{"registre", "/home/u", "registre"},
		{"~/registre", "", "~/registre"},
	} {
		if got := ExpandHome(c.in, c.home); got != c.want {
			t.Errorf("ExpandHome(%q, %q) = %q, want %q", c.in, c.home, got, c.want)
		}
	}
}
