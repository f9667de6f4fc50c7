package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// previewSource is the test registry with a preview: the index's snapshot
// (a real one, MarshalBinary then OpenSnapshot) of the catalogue as it was
// when the preview was made.
type previewSource struct {
	folderSource
	snap *catalogue.Snapshot
}

func (p previewSource) Preview() (Preview, error) { return p.snap, nil }

// newPreviewSource copies the test registry to a temporary folder and
// snapshots its catalogue.
func newPreviewSource(t *testing.T) previewSource {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "registry")
	if err := os.CopyFS(dir, os.DirFS("testdata/registry")); err != nil {
		t.Fatal(err)
	}
	src := testSource()
	src.dir = dir
	c, err := src.Load()
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	snap, err := catalogue.OpenSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	return previewSource{folderSource: src, snap: snap}
}

// startPreview builds the app on src and delivers the preview alone: the
// whole load it starts is returned, not run.
func startPreview(t *testing.T, src previewSource) (*harness, tea.Cmd) {
	t.Helper()
	hs := &harness{t: t}
	hs.m = New(Options{Lang: i18n.FR, Store: src, Now: func() time.Time { return testNow }, Theme: ThemeDark})
	hs.m.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	hs.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	msg := runWithTimeout(t, hs.m.firstLoad())
	if _, ok := msg.(previewMsg); !ok {
		t.Fatalf("the first load is %T, want the preview", msg)
	}
	_, load := hs.m.Update(msg)
	if load == nil {
		t.Fatal("the preview does not start the whole load")
	}
	return hs, load
}

// The first screen comes from the preview: the directory with its first
// commune, every tab's count and the registry's name, "vérification…" in
// the status bar; the whole catalogue then replaces it, the selection kept.
func TestFirstScreenFromThePreviewThenTheCatalogue(t *testing.T) {
	hs, load := startPreview(t, newPreviewSource(t))
	hs.mustShow("1 Annuaire 6", "2 Extraits de code 2", "3 Schémas 1", "4 Demandes 4",
		"92012", "121\u202f583 habitants", "Registre d'essai CODAL", "vérification…", "Demandes déposées (…)")
	if hs.m.loaded() {
		t.Fatal("the catalogue is there before its load ran")
	}
	hs.keys("j", "j") // the directory moves while the check runs
	if got := hs.selected(); got != "sevres" {
		t.Fatalf("selected %q in the preview, want sevres", got)
	}
	hs.mustShow("Sèvres", "23\u202f507 habitants")
	hs.keys("4")
	hs.mustShow("Lecture du registre…") // the other tabs wait for the catalogue
	hs.keys("1")
	hs.run(load)
	if !hs.m.loaded() || hs.m.env.preview != nil {
		t.Fatal("the catalogue did not replace the preview")
	}
	if got := hs.selected(); got != "sevres" {
		t.Fatalf("selected %q after the catalogue came, want sevres (kept)", got)
	}
	if strings.Contains(hs.text(), "vérification…") || strings.Contains(hs.text(), "(…)") {
		t.Fatalf("still checking after the load:\n%s", hs.text())
	}
	hs.mustShow("Sèvres", "Demandes déposées (", "1 problème")
}

// A hand edit made after the index was written shows once the check is done.
func TestPreviewRefreshedByHandEdits(t *testing.T) {
	src := newPreviewSource(t)
	p := filepath.Join(src.dir, "actors", "boulogne-billancourt.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), "Boulogne-Billancourt", "Boulogne-sur-Seine", 1)
	if edited == string(b) {
		t.Fatal("the test registry's Boulogne has no name to edit")
	}
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	hs, load := startPreview(t, src)
	hs.mustShow("Boulogne-Billancourt")
	hs.run(load)
	hs.mustShow("Boulogne-sur-Seine")
	if strings.Contains(hs.text(), "Boulogne-Billancourt") {
		t.Fatalf("the preview's name is still shown:\n%s", hs.text())
	}
}

// A store whose preview is empty (no index yet) opens as before: "Lecture
// du registre…", then the catalogue.
func TestNoPreviewWaitsForTheCatalogue(t *testing.T) {
	src := newPreviewSource(t)
	src.snap = nil
	hs := &harness{t: t}
	hs.m = New(Options{Lang: i18n.FR, Store: nilPreview{src.folderSource}, Now: func() time.Time { return testNow }, Theme: ThemeDark})
	hs.m.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	hs.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	_, load := hs.m.Update(runWithTimeout(t, hs.m.firstLoad()))
	hs.mustShow("Lecture du registre…")
	hs.run(load)
	hs.mustShow("1 Annuaire 6", "Boulogne-Billancourt", "1 problème")
}

type nilPreview struct{ folderSource }

func (nilPreview) Preview() (Preview, error) { return nil, nil }
