package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	c, err := Load()
	if err != nil || !reflect.DeepEqual(c, Config{}) {
		t.Fatalf("missing file: %+v %v", c, err)
	}
	want := Config{Registry: "/srv/registre", Lang: "en", Name: "Service données – Sèvres", Email: "donnees@sevres.example", Actor: "sevres",
		Registries: map[string]string{"gpso": "/srv/registre", "cd92": "https://git.example.org/cd92/registre.git"}}
	if err := want.Save(); err != nil {
		t.Fatal(err)
	}
	got, err := Load()
	if err != nil || !reflect.DeepEqual(got, want) {
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

func TestRegistriesByName(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	c := Config{Registries: map[string]string{
		"gpso": "~/registres/gpso", "cd92": "https://git.example.org/cd92/registre.git", "ssh": "git@example.org:cd92/registre.git"}}
	if got := c.RegistryNames(); strings.Join(got, ",") != "cd92,gpso,ssh" {
		t.Errorf("names %v", got)
	}
	if n, ok := c.Lookup("gpso", "/home/agent"); !ok || n.Dir != "/home/agent/registres/gpso" || n.URL != "" {
		t.Errorf("gpso: %+v %v", n, ok)
	}
	for _, name := range []string{"cd92", "ssh"} {
		n, ok := c.Lookup(name, "/home/agent")
		if !ok || n.URL == "" || n.Dir != filepath.Join(dir, "data", "codal", "registries", name) {
			t.Errorf("%s: %+v %v", name, n, ok)
		}
	}
	if _, ok := c.Lookup("/srv/registre", "/home/agent"); ok {
		t.Error("a folder is not a name")
	}
	for yaml, want := range map[string]string{
		"registries:\n  GPSO: /srv/x\n":    `le nom de registre "GPSO" n'est pas un identifiant`,
		"registries:\n  gpso: \"\"\n":      `le registre "gpso" n'a ni dossier ni URL`,
		"registries:\n  gpso: \"a\\nb\"\n": `le registre "gpso" contient un caractère de contrôle`,
	} {
		if err := os.MkdirAll(Dir(), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(Path(), []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load()
		if err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, ErrBadRegistries) {
			t.Errorf("%q: %v, want %q", yaml, err, want)
		}
	}
}

func TestKeysMouseAndTheme(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	if err := os.MkdirAll(Dir(), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "keys:\n  support: S\n  go_tab: [\"&\", é]\nmouse: false\ntheme: light\n"
	if err := os.WriteFile(Path(), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if km := c.KeyMap(); !reflect.DeepEqual(km, map[string][]string{"support": {"S"}, "go_tab": {"&", "é"}}) {
		t.Errorf("keys %v", km)
	}
	if c.Mouse == nil || *c.Mouse || c.Theme != "light" {
		t.Errorf("mouse %v theme %q", c.Mouse, c.Theme)
	}
	if err := os.WriteFile(Path(), []byte("theme: violet\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(); err == nil || !strings.HasSuffix(err.Error(), `thème inconnu "violet" (dark, light ou auto)`) {
		t.Errorf("theme violet: %v", err)
	}
}
