package tui

import (
	"strings"
	"testing"

	"github.com/gpso/codal/i18n"
)

// o hands the selected training's video, or the selected tip's first link,
// to the opener, cleaned; a file name or a link holding control characters
// is never handed over, and the status bar says why.
func TestOpenLink(t *testing.T) {
	hs := newHarness(t, i18n.FR, 120, 40)
	var opened []string
	hs.m.env.open = func(u string) error {
		opened = append(opened, u)
		return nil
	}
	// Formations: the latest first, qgis-ortho (a video file), then
	// publier-scdl (an https video).
	hs.keys("5", "o")
	if len(opened) != 0 {
		t.Fatalf("a file name was opened: %v", opened)
	}
	hs.mustShow("n'est pas une adresse web http(s)")
	hs.keys("j", "o")
	if len(opened) != 1 || opened[0] != "https://video.example/w/scdl" {
		t.Fatalf("opened %v, want the training's video", opened)
	}
	hs.mustShow("Ouverture hors du terminal : https://video.example/w/scdl")
	// Astuces, by title: api-explore (a Markdown link), sans-lien,
	// verifier-csv (a bare URL ending a sentence).
	hs.keys("6", "o", "j", "o", "j", "o")
	want := []string{"https://video.example/w/scdl", "https://help.opendatasoft.com/", "https://schema.data.gouv.fr"}
	if strings.Join(opened, " ") != strings.Join(want, " ") {
		t.Fatalf("opened %v, want %v", opened, want)
	}
	hs.keys("k", "o")
	hs.mustShow("Pas de lien à ouvrir")
}

func TestCleanURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://help.opendatasoft.com/":   "https://help.opendatasoft.com/",
		"http://x.example/a b":             "",
		"https://x.example/\x1b]52;c;eA==": "",
		"javascript:alert(1)":              "",
		"support.mp4":                      "",
		"file:///etc/passwd":               "",
		"https://user:pw@x.example/":       "",
		"https://x.example/é?q=1#f":        "https://x.example/%C3%A9?q=1#f",
	} {
		got, ok := cleanURL(in)
		if got != want || ok != (want != "") {
			t.Errorf("cleanURL(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
