package tui

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"charm.land/bubbles/v2/cursor"
	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
)

// Helpers for the tests of the actions that read or write a real registry
// (v, a, p).

// newHarnessOpts is newHarnessWith for any options: the clock, the
// clipboard and the theme are the tests' own.
func newHarnessOpts(t *testing.T, w, h int, o Options) *harness {
	t.Helper()
	hs := &harness{t: t}
	o.Now = func() time.Time { return testNow }
	o.Clipboard = func(s string) error {
		hs.copied = append(hs.copied, s)
		return nil
	}
	o.Theme = ThemeDark
	hs.m = New(o)
	hs.m.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.m.Init())
	return hs
}

// copyRegistry copies a registry folder into a temporary folder and opens
// it (without Git).
func copyRegistry(t *testing.T, src string) *registry.Registry {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "registre")
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	r, err := registry.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// registryHarness opens the app on a copy of the test registry, as codal
// does: the registry is both the source and the place actions write to.
func registryHarness(t *testing.T, lang i18n.Lang, w, h int) (*harness, *registry.Registry) {
	t.Helper()
	r := copyRegistry(t, "testdata/registry")
	return newHarnessOpts(t, w, h, Options{Lang: lang, Store: r}), r
}

// writeFile writes a file in a temporary folder and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// modalOf returns the open modal as a *M, failing the test otherwise.
func modalOf[M Modal](t *testing.T, hs *harness) M {
	t.Helper()
	m, ok := hs.m.modal.(M)
	if !ok {
		t.Fatalf("modal is %T, want %T\n%s", hs.m.modal, *new(M), hs.text())
	}
	return m
}

// statusText is the status bar's message.
func (hs *harness) statusText() string { return hs.m.status.text }

// pasteMsg is what the terminal sends for a paste.
func pasteMsg(s string) tea.PasteMsg { return tea.PasteMsg{Content: s} }

// mustWrite writes a file, making its folder.
func mustWrite(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// blinkPC identifies the command a text field's cursor returns to blink:
// every one is the same closure of cursor.Model.Blink, which waits half a
// second for nothing but a blink. The harnesses do not run it: time does not
// pass in these tests, and waiting for it made every keystroke in a form
// cost half a second.
var blinkPC = func() uintptr {
	c := cursor.New()
	return reflect.ValueOf(c.Focus()).Pointer()
}()

// isBlinkCmd reports whether c is a cursor's blink timer.
func isBlinkCmd(c tea.Cmd) bool { return c != nil && reflect.ValueOf(c).Pointer() == blinkPC }
