package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A snippet file committed as a symbolic link (here towards a secret outside
// the registry) is shown as refused, in the chosen language, never followed,
// and show exits 1.
func TestShowRefusesASnippetLink(t *testing.T) {
	isolate(t)
	dir := demoRegistry(t)
	secret := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(secret, []byte("SECRET-KEY\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "snippets", "controle-siren-siret", "siret.js")
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, file); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := cli(t, "--registry", dir, "--lang", "en", "show", "snippets/controle-siren-siret")
	if code != 1 || strings.Contains(out+errOut, "SECRET") {
		t.Fatalf("show: exit %d\n%s%s", code, out, errOut)
	}
	want := "(the entry snippets/controle-siren-siret holds a symbolic link, snippets/controle-siren-siret/siret.js: codal never follows a link (it can lead outside the registry))"
	if !strings.Contains(out, want) {
		t.Errorf("show does not name the link in English:\n%s", out)
	}
}
