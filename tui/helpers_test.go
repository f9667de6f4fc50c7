package tui

import (
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/cursor"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// testNow is the fixed clock of the tests.
var testNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// folderSource reads a registry folder; its sync state is fixed; it cannot
// be written (noWrites).
type folderSource struct {
	noWrites
	dir   string
	state store.SyncState
}

func (f folderSource) Dir() string { return f.dir }
func (f folderSource) Load(kinds ...catalogue.Kind) (*catalogue.Catalogue, error) {
	return catalogue.LoadOnly(os.DirFS(f.dir), kinds...)
}
func (f folderSource) State() (store.SyncState, error) { return f.state, nil }
func (f folderSource) ReadFile(name string) ([]byte, error) {
	return fs.ReadFile(os.DirFS(f.dir), name)
}

// testSource is the test registry, as a clone with one local commit not
// pushed, fetched two hours before testNow.
func testSource() folderSource {
	return folderSource{dir: "testdata/registry", state: store.SyncState{
		HasRemote: true, Branch: "main", Ahead: 1, Behind: 0, LastFetch: testNow.Add(-2 * time.Hour),
	}}
}

// harness drives a Model the way Bubble Tea does, synchronously: messages
// go through Update and the commands they return are run, their messages
// fed back, until nothing is left.
type harness struct {
	t      *testing.T
	m      *Model
	quit   bool
	copied []string
}

func newHarness(t *testing.T, lang i18n.Lang, w, h int) *harness {
	return newHarnessWith(t, lang, w, h, testSource())
}

func newHarnessWith(t *testing.T, lang i18n.Lang, w, h int, src store.Store) *harness {
	t.Helper()
	hs := &harness{t: t}
	hs.m = New(Options{
		Lang:  lang,
		Store: src,
		Now:   func() time.Time { return testNow },
		Clipboard: func(s string) error {
			hs.copied = append(hs.copied, s)
			return nil
		},
		Theme: ThemeDark,
	})
	hs.m.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.m.Init())
	return hs
}

// send delivers one message and runs what follows from it.
func (hs *harness) send(msg tea.Msg) {
	hs.t.Helper()
	_, cmd := hs.m.Update(msg)
	hs.run(cmd)
}

// run executes a command and feeds its messages back, breadth first.
func (hs *harness) run(cmd tea.Cmd) {
	hs.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			hs.t.Fatal("commands never settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil || isBlinkCmd(c) {
			continue
		}
		msg := runWithTimeout(hs.t, c)
		if cmds, ok := sequence(msg); ok {
			queue = append(queue, cmds...)
			continue
		}
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
			hs.quit = true
		case cursor.BlinkMsg:
			// A blink that got through: time does not pass here.
		default:
			// Bubble Tea's own messages (a clipboard write, a window size
			// request) included: a program hands them to Update too, and
			// the model ignores them.
			_, next := hs.m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// sequence unpacks tea.Sequence's message (an unexported []tea.Cmd).
func sequence(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeOf(tea.Cmd(nil)) {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// harnessWait is how long runWithTimeout waits for a command: long enough
// for a load under the race detector on a busy machine (200 ms was not:
// the Formations golden caught "Lecture du registre…" there), while the
// timers the harness meets (a blink got through) are rare.
const harnessWait = 3 * time.Second

// runWithTimeout runs a command; one still running after harnessWait is a
// timer (a cursor blink, a status expiry) and is dropped, as time does not
// pass in these tests.
func runWithTimeout(t *testing.T, c tea.Cmd) tea.Msg {
	t.Helper()
	done := make(chan tea.Msg, 1)
	go func() { done <- c() }()
	select {
	case msg := <-done:
		return msg
	case <-time.After(harnessWait):
		return nil
	}
}

// keys presses keys by name: "j", "tab", "shift+tab", "esc", "enter",
// "ctrl+c", "up", "down"; any other string is typed letter by letter.
func (hs *harness) keys(names ...string) {
	hs.t.Helper()
	for _, n := range names {
		if k, ok := special[n]; ok {
			hs.send(k)
			continue
		}
		for _, r := range n {
			hs.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
}

var special = map[string]tea.KeyPressMsg{
	"tab":       {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"esc":       {Code: tea.KeyEscape},
	"enter":     {Code: tea.KeyEnter},
	"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
	"ctrl+r":    {Code: 'r', Mod: tea.ModCtrl},
	"up":        {Code: tea.KeyUp},
	"down":      {Code: tea.KeyDown},
	"backspace": {Code: tea.KeyBackspace},
	"space":     {Code: tea.KeySpace, Text: " "},
}

// screen is the rendered view with its colours downsampled to profile.
func (hs *harness) screenIn(p colorprofile.Profile) string {
	var b strings.Builder
	w := &colorprofile.Writer{Forward: &b, Profile: p}
	if _, err := w.WriteString(hs.m.View().Content); err != nil {
		hs.t.Fatal(err)
	}
	return b.String()
}

// text is the screen as plain text.
func (hs *harness) text() string { return ansi.Strip(hs.m.View().Content) }

func (hs *harness) mustShow(parts ...string) {
	hs.t.Helper()
	s := hs.text()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			hs.t.Fatalf("screen lacks %q:\n%s", p, s)
		}
	}
}

func (hs *harness) mustNotShow(parts ...string) {
	hs.t.Helper()
	s := hs.text()
	for _, p := range parts {
		if strings.Contains(s, p) {
			hs.t.Fatalf("screen shows %q:\n%s", p, s)
		}
	}
}

// selected is the id under the active tab's cursor.
func (hs *harness) selected() string {
	_, id, _ := hs.m.tab().Selected()
	return id
}
