package tui

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/fact"
)

// pathField is a text field for a file path, with suggestions below it:
// files offered up front (a schema's examples, the current folder's files)
// and, as a path is typed, the entries of the folder it names whose name
// starts with what follows the last "/". ~ stands for the home folder. The
// field never reads the disk itself: folders are listed by commands
// (pathListMsg) and cached.
type pathField struct {
	env   *env
	id    int64
	input textinput.Model
	// exts are the extensions of the files offered (".csv"); folders are
	// always offered, to go down into.
	exts []string
	// offered are files offered up front, absolute, with a note.
	offered []offeredFile

	home, cwd string // known once pathEnvMsg arrived
	dirs      map[string]*pathListing

	sugg   []pathSuggestion
	cursor int // in sugg; -1 is the typed text itself
}

// offeredFile is a file the field suggests before anything is typed.
type offeredFile struct {
	abs  string
	note string
}

// pathSuggestion is one line under the field.
type pathSuggestion struct {
	display string // as shown, and as put into the field by tab
	abs     string
	dir     bool
	note    string
}

type pathListing struct {
	entries []os.DirEntry
	err     error
	done    bool
}

// pathEnvMsg brings the home and current folders; pathListMsg a folder's
// entries.
type (
	pathEnvMsg struct {
		id        int64
		home, cwd string
	}
	pathListMsg struct {
		id      int64
		dir     string
		entries []os.DirEntry
		err     error
	}
)

var pathFieldIDs atomic.Int64

func newPathField(e *env, placeholder string, exts []string, offered []offeredFile) *pathField {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = placeholder
	st := e.st
	s := textinput.DefaultStyles(st.dark)
	s.Focused.Prompt = st.FilterPrompt
	s.Blurred.Prompt = st.FilterPrompt
	s.Focused.Text = st.FilterText
	s.Blurred.Text = st.FilterText
	s.Focused.Placeholder = st.Muted
	s.Blurred.Placeholder = st.Muted
	s.Cursor.Blink = false
	in.SetStyles(s)
	f := &pathField{env: e, id: pathFieldIDs.Add(1), input: in, exts: exts, offered: offered, dirs: map[string]*pathListing{}}
	f.suggest()
	return f
}

// Init focuses the field and asks for the home and current folders.
func (f *pathField) Init() tea.Cmd {
	id := f.id
	env := func() tea.Msg {
		home, _ := os.UserHomeDir()
		cwd, _ := os.Getwd()
		return pathEnvMsg{id: id, home: home, cwd: cwd}
	}
	return tea.Batch(f.input.Focus(), env)
}

// listCmd lists a folder.
func (f *pathField) listCmd(dir string) tea.Cmd {
	if _, ok := f.dirs[dir]; ok {
		return nil
	}
	f.dirs[dir] = &pathListing{}
	id := f.id
	return func() tea.Msg {
		entries, err := os.ReadDir(dir)
		return pathListMsg{id: id, dir: dir, entries: entries, err: err}
	}
}

// Update handles the field's messages and the keys meant for it; enter is
// left to the caller (see chosen).
func (f *pathField) Update(msg tea.Msg) tea.Cmd {
	k := f.env.keys
	switch msg := msg.(type) {
	case pathEnvMsg:
		if msg.id != f.id {
			return nil
		}
		f.home, f.cwd = msg.home, msg.cwd
		return tea.Batch(f.listCmd(f.cwd), f.suggest())
	case pathListMsg:
		if msg.id != f.id {
			return nil
		}
		f.dirs[msg.dir] = &pathListing{entries: msg.entries, err: msg.err, done: true}
		return f.suggest()
	case tea.PasteMsg:
		var cmd tea.Cmd
		f.input, cmd = f.input.Update(msg)
		return tea.Batch(cmd, f.suggest())
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.PickUp):
			f.cursor = max(f.cursor-1, -1)
			return nil
		case key.Matches(msg, k.PickDown):
			f.cursor = min(f.cursor+1, len(f.sugg)-1)
			return nil
		case key.Matches(msg, k.Complete):
			return f.complete()
		}
		before := f.input.Value()
		var cmd tea.Cmd
		f.input, cmd = f.input.Update(msg)
		if f.input.Value() != before {
			return tea.Batch(cmd, f.suggest())
		}
		return cmd
	}
	return nil
}

// complete puts the highlighted suggestion (or the first) into the field;
// a folder is then listed.
func (f *pathField) complete() tea.Cmd {
	i := f.cursor
	if i < 0 {
		i = 0
	}
	if i >= len(f.sugg) {
		return nil
	}
	f.input.SetValue(f.sugg[i].display)
	f.input.CursorEnd()
	return f.suggest()
}

// chosen is what enter picks: the highlighted suggestion, else the typed
// text. dir is true for a folder (the caller completes it instead).
func (f *pathField) chosen() (path string, dir bool) {
	if f.cursor >= 0 && f.cursor < len(f.sugg) {
		s := f.sugg[f.cursor]
		return s.display, s.dir
	}
	return f.input.Value(), false
}

// typed is the text of the field, unquoted.
func (f *pathField) typed() string { return unquotePath(f.input.Value()) }

// suggest recomputes the suggestions from the field's text; it may ask for
// a folder's listing.
func (f *pathField) suggest() tea.Cmd {
	v := unquotePath(f.input.Value())
	f.sugg = f.sugg[:0]
	var cmd tea.Cmd
	seen := map[string]bool{}
	add := func(s pathSuggestion) {
		if s.abs != "" && seen[s.abs] {
			return
		}
		seen[s.abs] = true
		f.sugg = append(f.sugg, s)
	}
	offered := func(match func(string) bool) {
		for _, o := range f.offered {
			d := f.display(o.abs)
			if match(d) {
				add(pathSuggestion{display: d, abs: o.abs, note: o.note})
			}
		}
	}
	switch {
	case v == "":
		offered(func(string) bool { return true })
		if f.cwd != "" {
			cmd = f.listed(f.cwd, "", "", add)
		}
	case f.cwd == "":
		offered(func(d string) bool { return strings.Contains(fold(d), fold(v)) })
	default:
		dirPart, base := "", v
		if i := strings.LastIndex(v, "/"); i >= 0 {
			dirPart, base = v[:i+1], v[i+1:]
		} else if v == "~" {
			dirPart, base = "~/", ""
		}
		if dirPart == "" {
			offered(func(d string) bool { return strings.Contains(fold(d), fold(v)) })
		}
		cmd = f.listed(f.expand(dirPart), dirPart, base, add)
	}
	// The first suggestion is highlighted: enter takes it, up goes back
	// to the typed text.
	f.cursor = min(0, len(f.sugg)-1)
	return cmd
}

// listed suggests the entries of the folder dir whose name starts with
// base (case ignored), shown as prefix + name; folders end with "/". It
// asks for the listing when it is not known yet.
func (f *pathField) listed(dir, prefix, base string, add func(pathSuggestion)) tea.Cmd {
	l, ok := f.dirs[dir]
	if !ok {
		return f.listCmd(dir)
	}
	if !l.done || l.err != nil {
		return nil
	}
	var dirs, files []pathSuggestion
	for _, e := range l.entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".") {
			continue
		}
		if !strings.HasPrefix(fold(name), fold(base)) {
			continue
		}
		abs := filepath.Join(dir, name)
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			// A link to a folder is offered as a file; tab still goes into
			// it once completed with a "/".
			isDir = false
		}
		switch {
		case isDir:
			dirs = append(dirs, pathSuggestion{display: prefix + name + "/", abs: abs, dir: true})
		case f.wanted(name):
			note := ""
			if prefix == "" && dir == f.cwd {
				note = f.env.t("dossier courant", "current folder")
			}
			files = append(files, pathSuggestion{display: prefix + name, abs: abs, note: note})
		}
	}
	byName := func(s []pathSuggestion) {
		sort.Slice(s, func(i, j int) bool { return s[i].display < s[j].display })
	}
	byName(files)
	byName(dirs)
	for _, s := range files {
		add(s)
	}
	if base != "" || prefix != "" {
		for _, s := range dirs {
			add(s)
		}
	}
	return nil
}

func (f *pathField) wanted(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range f.exts {
		if ext == e {
			return true
		}
	}
	return len(f.exts) == 0
}

// display shows an absolute path relative to the current folder when it
// is inside it, under ~ when it is in the home folder.
func (f *pathField) display(abs string) string {
	if f.cwd != "" {
		if rel, err := filepath.Rel(f.cwd, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	if f.home != "" {
		if rel, err := filepath.Rel(f.home, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return "~/" + filepath.ToSlash(rel)
		}
	}
	return abs
}

// expand turns what the user typed into an absolute path, with the home
// and current folders known (see expandPath).
func (f *pathField) expand(p string) string { return expandPath(p, f.home, f.cwd) }

// expandPath turns a typed path into a clean one: quotes and a file://
// prefix removed, ~ and ~/ replaced by home (config.ExpandHome), a relative path joined to cwd
// (kept relative when cwd is "").
func expandPath(p, home, cwd string) string {
	p = config.ExpandHome(unquotePath(p), home)
	if p == "" {
		return cwd
	}
	if !filepath.IsAbs(p) && cwd != "" {
		p = filepath.Join(cwd, p)
	}
	return filepath.Clean(p)
}

// unquotePath removes what a file manager or a shell adds around a pasted
// path: spaces, quotes, a file:// prefix.
func unquotePath(p string) string {
	p = strings.TrimSpace(p)
	if len(p) >= 2 && (p[0] == '\'' && p[len(p)-1] == '\'' || p[0] == '"' && p[len(p)-1] == '"') {
		p = p[1 : len(p)-1]
	}
	if rest, ok := strings.CutPrefix(p, "file://"); ok {
		p = rest
	}
	return p
}

// fold lowers and strips accents, for matching.
func fold(s string) string { return fact.Fold(s) }

// View draws the field and at most rows suggestions in width cells.
func (f *pathField) View(width, rows int) string {
	st := f.env.st
	f.input.SetWidth(max(width-4, 8))
	var b strings.Builder
	b.WriteString(f.input.View())
	if len(f.sugg) == 0 {
		return b.String()
	}
	rows = max(rows, 1)
	from := 0
	if f.cursor >= rows {
		from = f.cursor - rows + 1
	}
	to := min(from+rows, len(f.sugg))
	for i := from; i < to; i++ {
		s := f.sugg[i]
		rowW := width - 2
		note := s.note
		if lipgloss.Width(note)+12 > rowW/2 {
			note = ""
		}
		textW := rowW
		if note != "" {
			textW = rowW - lipgloss.Width(note) - 2
		}
		text := pad(truncateLeft(line(s.display), textW), textW)
		if note != "" {
			text += "  "
		}
		if i == f.cursor {
			b.WriteString("\n" + st.RowSelected.Render("▌ "+text+note))
			continue
		}
		b.WriteString("\n  " + text + st.RowMuted.Render(note))
	}
	if rest := len(f.sugg) - to; rest > 0 {
		b.WriteString("\n  " + st.Muted.Render(f.env.t("… ", "… ")+strconv.Itoa(rest)+" "+plural(f.env.lang, rest, f.env.t("autre", "more"), f.env.t("autres", "more"))))
	}
	return b.String()
}
