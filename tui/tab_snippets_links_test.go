package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/i18n"
)

// A snippet file that is a symbolic link leading out of the registry (as a
// clone checks out a link committed upstream) is neither shown nor copied:
// the detail and y say which entry holds the link, in one sentence.
func TestSnippetLinkIsNeitherShownNorCopied(t *testing.T) {
	const secret = "SECRET-OUTSIDE-THE-REGISTRY"
	r := copyRegistry(t, "testdata/registry")
	outside := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(outside, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code := filepath.Join(r.Dir(), "snippets", "geocoder-ban", "geocoder.sh")
	if err := os.Remove(code); err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(filepath.Dir(code), outside)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(rel, code); err != nil {
		t.Fatal(err)
	}
	hs := newHarnessOpts(t, 160, 40, Options{Lang: i18n.EN, Store: r})
	hs.keys("2")
	if got := hs.selected(); got != "geocoder-ban" {
		t.Fatalf("selected %q", got)
	}
	const refusal = "codal never follows a link (it can lead outside the registry)"
	hs.mustShow("the entry snippets/geocoder-ban holds a symbolic link,")
	hs.mustNotShow(secret)
	hs.keys("y")
	if len(hs.copied) != 0 {
		t.Fatalf("copied %q", hs.copied)
	}
	want := "the entry snippets/geocoder-ban holds a symbolic link, snippets/geocoder-ban/geocoder.sh: " + refusal
	if got := hs.statusText(); got != want {
		t.Errorf("status\n got %q\nwant %q", got, want)
	}
	if strings.Contains(hs.text(), secret) {
		t.Error("the secret is on screen")
	}
}
