package tui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/schemas"
)

// v in Schémas: pick a CSV file, check it against the selected schema (in a
// command, with its progress), and read the report: the summary line and
// the table of errors, as codal schema validate prints them.

// validateState is where the dialog stands.
type validateState int

const (
	validatePicking validateState = iota
	validateRunning
	validateDone
)

// validateMaxErrors is how many errors the report keeps (the others are
// counted in the summary).
const validateMaxErrors = schemas.DefaultMaxErrors

// validateProgressMsg says how far a check has read (percent of the file);
// validateDoneMsg brings its report or why it could not run.
type (
	validateProgressMsg struct {
		job     int64
		percent int
		ch      <-chan int
	}
	validateDoneMsg struct {
		job    int64
		report *schemas.Report
		err    error
	}
)

var validateJobs atomic.Int64

// validateModal is the dialog: the file field, then the progress, then the
// report.
type validateModal struct {
	env    *env
	schema *schemas.Schema
	field  *pathField

	state   validateState
	job     int64
	cancel  context.CancelFunc
	file    string // the file checked, as the user named it
	percent int

	report  *schemas.Report
	body    scroller // the table's rows
	head    string   // title, file, summary and the table's header
	rowLine []int    // the table's first line of each error
	renderW int
	renderH int
}

// validate opens the dialog for the selected schema.
func (t *schemasTab) validate() tea.Cmd {
	i := t.selectedItem()
	if i < 0 {
		return StatusError(t.env.t("Aucun schéma choisi.", "No schema selected."))
	}
	s := t.schemas[i]
	var offered []offeredFile
	if t.env.src != nil && filepath.IsAbs(t.env.src.Dir()) { // a folder on disk
		for _, x := range s.Examples {
			if isCSVName(x) {
				offered = append(offered, offeredFile{
					abs:  filepath.Join(t.env.src.Dir(), "schemas", s.ID, filepath.FromSlash(x)),
					note: t.env.t("exemple du schéma", "schema example"),
				})
			}
		}
	}
	f := newPathField(t.env, t.env.t("chemin du fichier CSV (~ accepté)", "path of the CSV file (~ works)"), csvExts, offered)
	return OpenModal(&validateModal{env: t.env, schema: s, field: f})
}

// pickerWidth is the widest the file field gets.
const pickerWidth = 100

// csvExts are the extensions the file field offers.
var csvExts = []string{".csv", ".tsv"}

func isCSVName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".csv" || ext == ".tsv"
}

func (m *validateModal) Init() tea.Cmd { return m.field.Init() }

func (m *validateModal) Keys() []key.Binding {
	k := m.env.keys
	switch m.state {
	case validateRunning:
		stop := k.Cancel
		stop.SetHelp("esc", m.env.t("interrompre", "stop"))
		return []key.Binding{stop}
	case validateDone:
		return []key.Binding{upDown(m.env, m.env.t("défiler", "scroll")), k.Close}
	}
	check := k.Confirm
	check.SetHelp(m.env.t("entrée", "enter"), m.env.t("vérifier", "check"))
	return []key.Binding{upDown(m.env, m.env.t("choisir", "pick")), k.Complete, check, k.Cancel}
}

func (m *validateModal) Update(msg tea.Msg) (Modal, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		m.renderW = 0 // new styles: draw the report again
		return m, nil
	case validateProgressMsg:
		if msg.job != m.job || m.state != validateRunning {
			return m, nil
		}
		m.percent = msg.percent
		return m, listenProgress(msg.job, msg.ch)
	case validateDoneMsg:
		if msg.job != m.job || m.state != validateRunning {
			return m, nil
		}
		m.cancel()
		if msg.err != nil {
			m.state = validatePicking
			return m, StatusError(errorText(m.env.lang, msg.err))
		}
		m.state = validateDone
		m.report = msg.report
		m.renderW = 0
		if msg.report.Valid() {
			return m, Status(m.env.t("Fichier valide.", "The file is valid."))
		}
		n := msg.report.ErrorCount
		return m, StatusError(fmt.Sprintf(m.env.t("Fichier non valide : %s %s.", "The file is invalid: %s %s."),
			i18n.Number(m.env.lang, n), plural(m.env.lang, n, m.env.t("erreur", "error"), m.env.t("erreurs", "errors"))))
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	if m.state == validatePicking {
		return m, m.field.Update(msg)
	}
	return m, nil
}

func (m *validateModal) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.env.keys
	switch m.state {
	case validateRunning:
		if key.Matches(msg, k.Cancel) {
			m.cancel()
			return tea.Batch(CloseModal, Status(m.env.t("Vérification interrompue.", "Check stopped.")))
		}
		return nil
	case validateDone:
		switch {
		case key.Matches(msg, k.Close):
			return CloseModal
		case key.Matches(msg, k.Up):
			m.body.scroll(-1)
		case key.Matches(msg, k.Down):
			m.body.scroll(1)
		case key.Matches(msg, k.PageUp):
			m.body.page(-1)
		case key.Matches(msg, k.PageDown):
			m.body.page(1)
		case key.Matches(msg, k.Top):
			m.body.top()
		case key.Matches(msg, k.Bottom):
			m.body.bottom()
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Cancel):
		return CloseModal
	case key.Matches(msg, k.Confirm):
		p, dir := m.field.chosen()
		if dir {
			return m.field.complete()
		}
		if strings.TrimSpace(p) == "" {
			return StatusError(m.env.t("Indiquez le chemin d'un fichier CSV.", "Give the path of a CSV file."))
		}
		return m.start(p)
	}
	return m.field.Update(msg)
}

// start checks the file in a command; its progress comes back as
// validateProgressMsg until validateDoneMsg.
func (m *validateModal) start(typed string) tea.Cmd {
	m.state = validateRunning
	m.job = validateJobs.Add(1)
	m.file = unquotePath(typed)
	m.percent = 0
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	ch := make(chan int, 1)
	// The status first, in sequence: the check's own outcome must not be
	// overwritten by it.
	return tea.Batch(
		tea.Sequence(Status(m.env.t("Vérification en cours…", "Checking…")), validateCmd(ctx, m.job, m.schema, typed, ch)),
		listenProgress(m.job, ch),
	)
}

// validateCmd compiles the schema, opens the file and checks it. A relative
// path is read from the current folder and named as typed.
func validateCmd(ctx context.Context, job int64, s *schemas.Schema, typed string, progress chan<- int) tea.Cmd {
	return func() tea.Msg {
		defer close(progress)
		home, _ := os.UserHomeDir()
		rep, err := validateFile(ctx, s, expandPath(typed, home, ""), progress)
		return validateDoneMsg{job: job, report: rep, err: err}
	}
}

// validateFile runs the CSV check (schemas.CheckFile, the same as codal
// schema validate), sending its progress, stopped when ctx ends.
func validateFile(ctx context.Context, s *schemas.Schema, path string, progress chan<- int) (*schemas.Report, error) {
	rep, err := schemas.CheckFile(s, path, schemas.Options{MaxErrors: validateMaxErrors}, func(r io.Reader, size int64) io.Reader {
		return &progressReader{ctx: ctx, r: r, size: size, ch: progress}
	})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return rep, err
}

// progressReader counts what the check has read and sends the percentage
// when it grows, without ever waiting; it stops the check when ctx ends.
type progressReader struct {
	ctx  context.Context
	r    io.Reader
	size int64
	read int64
	last int
	ch   chan<- int
}

func (p *progressReader) Read(b []byte) (int, error) {
	if err := p.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := p.r.Read(b)
	p.read += int64(n)
	if p.size > 0 {
		if pct := int(min(p.read*100/p.size, 100)); pct > p.last {
			p.last = pct
			select {
			case p.ch <- pct:
			default:
			}
		}
	}
	return n, err
}

// listenProgress waits for the next percentage of a check.
func listenProgress(job int64, ch <-chan int) tea.Cmd {
	return func() tea.Msg {
		pct, ok := <-ch
		if !ok {
			return nil
		}
		return validateProgressMsg{job: job, percent: pct, ch: ch}
	}
}

// View draws the dialog in width × height cells at most.
func (m *validateModal) View(width, height int) string {
	st := m.env.st
	title := st.Title.Render(truncate(m.env.t("Vérifier un fichier CSV", "Check a CSV file"), width))
	schema := st.Muted.Render(truncate(m.env.t("Schéma : ", "Schema: ")+line(firstNonEmpty(m.schema.Title, m.schema.Name, m.schema.ID))+" ("+line(m.schema.ID)+")", width))
	switch m.state {
	case validateRunning:
		bar := progressBar(m.percent, min(width, 40))
		return strings.Join([]string{title, schema, "",
			st.Value.Render(truncate(line(m.file), width)), "",
			st.Accent.Render(m.env.t("Vérification en cours…", "Checking…")) + fmt.Sprintf(" %d %%", m.percent),
			st.Accent.Render(bar)}, "\n")
	case validateDone:
		return m.reportView(width, height)
	}
	head := []string{title, schema, ""}
	rows := max(height-len(head)-3, 3)
	return strings.Join(head, "\n") + "\n" + m.field.View(min(width, pickerWidth), rows)
}

// progressBar is "████░░░░" for percent in width cells.
func progressBar(percent, width int) string {
	full := percent * width / 100
	return strings.Repeat("█", full) + strings.Repeat("░", width-full)
}

// reportView draws the summary, then the table of errors, scrolled when it
// does not fit; the dialog keeps its size while scrolling.
func (m *validateModal) reportView(width, height int) string {
	if m.renderW != width || m.renderH != height {
		m.renderReport(width, height)
	}
	if m.report.Valid() {
		return m.head
	}
	headH := strings.Count(m.head, "\n") + 1
	room := max(height-headH, 1)
	if len(m.body.lines) <= room {
		m.body.setSize(width, len(m.body.lines))
		return m.head + "\n" + m.body.view()
	}
	m.body.setSize(width, max(room-1, 1))
	first, last := m.rowAt(m.body.offset), m.rowAt(min(m.body.offset+m.body.height, len(m.body.lines))-1)
	pos := fmt.Sprintf(m.env.t("erreurs %d–%d sur %d", "errors %d–%d of %d"), first+1, last+1, len(m.rowLine))
	foot := spread(m.env.st.Muted.Render("↑↓ pgup pgdn "+m.env.t("défiler", "scroll")), m.env.st.Muted.Render(pos), width)
	return m.head + "\n" + m.body.view() + "\n" + foot
}

// rowAt is the error shown on the table's line l.
func (m *validateModal) rowAt(l int) int {
	return max(sort.SearchInts(m.rowLine, l+1)-1, 0)
}

// renderReport lays the report out at width: the title, the file, the
// summary, then the errors as a table whose header stays put.
func (m *validateModal) renderReport(width, height int) {
	e, st, r := m.env, m.env.st, m.report
	m.renderW, m.renderH = width, height
	var head strings.Builder
	head.WriteString(st.Title.Render(truncate(e.t("Vérification : ", "Check: ")+line(firstNonEmpty(m.schema.Title, m.schema.ID)), width)))
	head.WriteString("\n" + st.Muted.Render(truncateLeft(line(m.file), width)))
	summary := e.typography(line(r.Summary(e.lang)))
	m.rowLine = nil
	if r.Valid() {
		head.WriteString("\n\n" + st.Good.Render(wrap("✓ "+summary, width)))
		m.head = head.String()
		m.body.setContent("")
		return
	}
	head.WriteString("\n\n" + st.Error.Render(wrap("✗ "+summary, width)) + "\n")
	rows := r.Table(e.lang)
	for i, row := range rows {
		for j, c := range row {
			rows[i][j] = e.typography(line(c))
		}
	}
	header := schemas.TableHeader(e.lang)
	if width < tableWidth {
		header[1] = e.t("Col.", "Col.")
	}
	tb := newTextTable(st, header, []int{0, 0, 18, 18, -1}, rows, width)
	head.WriteString("\n" + tb.header)
	m.head = head.String()
	m.rowLine = tb.rowLine
	m.body.setContent(tb.body)
	m.body.top()
}

// typography puts no-break spaces where French wants them (before : ; ! ?
// and inside « »), so that a line never starts with one of them.
func (e *env) typography(s string) string {
	if e.lang != i18n.FR {
		return s
	}
	return frenchSpaces.Replace(s)
}

var frenchSpaces = strings.NewReplacer(" :", "\u00a0:", " ;", "\u00a0;", " !", "\u00a0!", " ?", "\u00a0?", "« ", "«\u00a0", " »", "\u00a0»", "ex. ", "ex.\u00a0")

// truncateLeft cuts s to width cells from the left, so that the end of a
// path (the file's name) stays visible.
func truncateLeft(s string, width int) string {
	w := lipgloss.Width(s)
	if w <= width {
		return s
	}
	return "…" + ansi.TruncateLeft(s, w-width+1, "")
}
