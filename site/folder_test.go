package site

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// writeSite publishes a two-file site into out.
func writeSite(out, body string) error {
	return Publish(out, func(w Writer) error {
		if err := w.WriteFile("index.html", []byte(body)); err != nil {
			return err
		}
		return w.WriteFile(MarkerFile, []byte("codal site\n"))
	})
}

// Publish writes an absent or empty folder, replaces a previous site, and
// refuses a file, a symbolic link or another non-empty folder; a failed
// build leaves the old site and no temporary folder.
func TestPublish(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	if err := writeSite(out, "one"); err != nil {
		t.Fatal(err)
	}
	if err := writeSite(out, "two"); err != nil {
		t.Fatalf("a previous site is not replaced: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "index.html")); string(data) != "two" {
		t.Errorf("index.html = %q", data)
	}
	boom := errors.New("boom")
	err := Publish(out, func(w Writer) error {
		w.WriteFile("index.html", []byte("half"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("build error lost: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "index.html")); string(data) != "two" {
		t.Errorf("a failed build touched the site: %q", data)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left beside the site: %v", entries)
	}

	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	if err := writeSite(empty, "x"); err != nil {
		t.Errorf("an empty folder is refused: %v", err)
	}

	other := filepath.Join(dir, "other")
	os.Mkdir(other, 0o755)
	os.WriteFile(filepath.Join(other, "thesis.odt"), []byte("precious"), 0o644)
	if err := writeSite(other, "x"); !errors.Is(err, ErrNotASite) {
		t.Errorf("a non-empty folder without %s: %v", MarkerFile, err)
	}
	if data, _ := os.ReadFile(filepath.Join(other, "thesis.odt")); string(data) != "precious" {
		t.Error("the refused folder was touched")
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if err := writeSite(file, "x"); err == nil {
		t.Error("a file is replaced by a site")
	}
	link := filepath.Join(dir, "link")
	os.Symlink(out, link)
	if err := writeSite(link, "x"); err == nil {
		t.Error("a symbolic link is followed")
	}
	if err := writeSite(filepath.Join(dir, "missing", "public"), "x"); err == nil {
		t.Error("a missing parent folder is created")
	}
}

// A file name from the site's builder never leaves the folder.
func TestSafeName(t *testing.T) {
	for name, ok := range map[string]bool{
		"index.html": true, "requests/a-b.html": true, "data/requests.json": true, MarkerFile: true,
		"": false, "../x.html": false, "requests/../../x": false, "/etc/passwd": false, "a//b": false,
		".git/config": false, "requests/.hidden": false, `a\b`: false, "a\x1bb": false, "c:x": false,
	} {
		if SafeName(name) != ok {
			t.Errorf("SafeName(%q) = %v", name, !ok)
		}
	}
	if err := (dirWriter{root: t.TempDir()}).WriteFile("../escape.html", nil); err == nil {
		t.Error("dirWriter wrote ../escape.html")
	}
}

// Every colour of the code stylesheet reaches 4.5:1 on the code background.
func TestCodeColoursContrast(t *testing.T) {
	css := codeCSS()
	found := regexp.MustCompile(`[^-]color: (#[0-9a-f]{6})`).FindAllStringSubmatch(css, -1)
	if len(found) < 5 {
		t.Fatalf("too few colours in:\n%s", css)
	}
	for _, m := range found {
		r, g, b := rgb(m[1])
		if c := contrast(r, g, b, codeBackground); c < 4.5 {
			t.Errorf("%s on %s: contrast %.2f", m[1], codeBackground, c)
		}
	}
}
