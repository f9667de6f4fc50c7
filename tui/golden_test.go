package tui

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/gpso/codal/i18n"
)

// The screens, as View() renders them at 80×24 and 120×40, compared with
// testdata/TestGolden*/…golden (go test ./tui -update rewrites them). The
// colour profile is fixed: ASCII (styles without colours) for the layout
// snapshots, ANSI 256 for the colour ones, dark and light. They use the
// small registry of testdata/registry, never the demo, which changes.

func TestGolden(t *testing.T) {
	screens := []struct {
		name string
		keys []string
	}{
		{"actors", nil},
		{"snippets", []string{"2"}},
		{"schemas", []string{"3"}},
		{"requests", []string{"4"}},
		{"request-detail", []string{"4", "enter"}},
		{"filter", []string{"4", "/", "climat"}},
		{"trainings", []string{"5"}},
		{"training-detail", []string{"5", "enter"}},
		{"tips", []string{"6"}},
		{"tip-detail", []string{"6", "G", "enter"}},
		{"tips-filter", []string{"6", "/", "qualite"}},
		{"help", []string{"?"}},
		{"problems", []string{"!"}},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, s := range screens {
			t.Run(fmt.Sprintf("%s_%dx%d", s.name, size[0], size[1]), func(t *testing.T) {
				hs := newHarness(t, i18n.FR, size[0], size[1])
				hs.keys(s.keys...)
				golden.RequireEqual(t, hs.screenIn(colorprofile.ASCII))
			})
		}
	}
}

func TestGoldenEnglish(t *testing.T) {
	hs := newHarness(t, i18n.EN, 120, 40)
	hs.keys("4")
	golden.RequireEqual(t, hs.screenIn(colorprofile.ASCII))
}

func TestGoldenColours(t *testing.T) {
	for _, theme := range []struct {
		name string
		dark bool
	}{{"dark", true}, {"light", false}} {
		t.Run(theme.name, func(t *testing.T) {
			hs := newHarness(t, i18n.FR, 120, 40)
			hs.m.theme = ThemeAuto // follow the terminal's answer
			hs.send(backgroundMsg(theme.dark))
			hs.keys("4")
			golden.RequireEqual(t, hs.screenIn(colorprofile.ANSI256))
		})
	}
}

// backgroundMsg is the terminal's answer to a background colour request.
func backgroundMsg(dark bool) tea.BackgroundColorMsg {
	if dark {
		return tea.BackgroundColorMsg{Color: color.RGBA{0x10, 0x10, 0x10, 0xff}}
	}
	return tea.BackgroundColorMsg{Color: color.RGBA{0xfa, 0xfa, 0xfa, 0xff}}
}

// Under NO_COLOR the terminal's profile is ASCII: Bubble Tea then drops
// every colour, chroma's and glamour's included, and the screen still shows
// which row is selected.
func TestNoColor(t *testing.T) {
	p := colorprofile.Env([]string{"NO_COLOR=1", "TERM=xterm-256color", "COLORTERM=truecolor"})
	if p != colorprofile.ASCII {
		t.Fatalf("NO_COLOR gives the %s profile", p)
	}
	hs := newHarness(t, i18n.FR, 120, 40)
	hs.keys("2") // highlighted code and Markdown
	out := hs.screenIn(p)
	for _, seq := range sgr.FindAllString(out, -1) {
		for _, param := range strings.FieldsFunc(seq[2:len(seq)-1], func(r rune) bool { return r == ';' || r == ':' }) {
			if n, _ := strconv.Atoi(param); n >= 30 && n <= 49 || n >= 90 && n <= 107 {
				t.Fatalf("a colour survives NO_COLOR: %q", seq)
			}
		}
	}
	if !strings.Contains(ansiStrip(out), "▌ Géocoder des adresses") {
		t.Fatal("the selected row has no marker without colour")
	}
}

// The field table appears in wide details only.
func TestGoldenWideSchema(t *testing.T) {
	hs := newHarness(t, i18n.FR, 200, 60)
	hs.keys("3")
	hs.mustShow("│ Requis │")
	golden.RequireEqual(t, hs.screenIn(colorprofile.ASCII))
}
