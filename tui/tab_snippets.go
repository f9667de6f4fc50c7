package tui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/snippets"
)

// snippetsTab is Extraits de code: metadata, the description as Markdown,
// and the code files highlighted; y copies the code.
type snippetsTab struct {
	*browser
	snippets []*snippets.Snippet
	// code holds the files read so far, by snippet id; a nil entry means
	// reading is under way.
	code map[string][]codeFile
	// pendingSelect is the id of a snippet just added, selected once the
	// catalogue that holds it is loaded.
	pendingSelect string
}

// codeFile is one code file of a snippet, as read from the registry.
type codeFile struct {
	name string
	text string
	err  error
}

// snippetCodeMsg brings a snippet's files, read by readCode.
type snippetCodeMsg struct {
	cat   *catalogue.Catalogue // the catalogue they were read from
	id    string
	files []codeFile
}

func newSnippetsTab(e *env) *snippetsTab {
	t := &snippetsTab{code: map[string][]codeFile{}}
	t.browser = newBrowser(e, catalogue.Snippets, t)
	return t
}

func (t *snippetsTab) Kind() catalogue.Kind { return catalogue.Snippets }
func (t *snippetsTab) Count() int           { return len(t.snippets) }
func (t *snippetsTab) Keys() []key.Binding {
	return []key.Binding{t.env.keys.Copy, t.env.keys.AddSnippet}
}
func (t *snippetsTab) Invalidate() { t.invalidate() }

func (t *snippetsTab) Load() tea.Cmd {
	c := t.env.cat
	t.snippets = c.Snippets
	clear(t.code)
	ids := t.env.kindIDs(catalogue.Snippets)
	cmd := t.env.setKindItems(t.browser, catalogue.Snippets, ids)
	if id := t.pendingSelect; id != "" && c.Snippet(id) != nil {
		t.pendingSelect = ""
		if sel, ok := t.selectID(id); ok {
			cmd = tea.Batch(cmd, sel)
		}
	}
	return cmd
}

// selected starts reading the selected snippet's files, once.
func (t *snippetsTab) selected(i int) tea.Cmd {
	s := t.snippets[i]
	if _, ok := t.code[s.ID]; ok {
		return nil
	}
	t.code[s.ID] = nil
	return readCode(t.env.src, t.env.cat, s)
}

// readCode reads a snippet's files from the source (I/O, so in a command).
func readCode(src store.Reader, c *catalogue.Catalogue, s *snippets.Snippet) tea.Cmd {
	return func() tea.Msg {
		files := make([]codeFile, 0, len(s.Files))
		for _, name := range s.Files {
			data, err := src.ReadFile(catalogue.SnippetPath(s.ID, name))
			files = append(files, codeFile{name: name, text: string(data), err: err})
		}
		return snippetCodeMsg{cat: c, id: s.ID, files: files}
	}
}

func (t *snippetsTab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case snippetCodeMsg:
		if _, ok := t.code[msg.id]; ok && msg.cat == t.env.cat {
			t.code[msg.id] = msg.files
			t.invalidateID(msg.id)
		}
	case snippetAddedMsg:
		return t.added(msg)
	case tea.KeyPressMsg:
		if !t.typing && key.Matches(msg, t.env.keys.Copy) {
			return t.copy()
		}
		if !t.typing && key.Matches(msg, t.env.keys.AddSnippet) {
			return t.addSnippet()
		}
		cmd, _ := t.update(msg)
		return cmd
	case tea.PasteMsg:
		return t.paste(msg)
	}
	return nil
}

// copy puts the selected snippet's code on the clipboard.
func (t *snippetsTab) copy() tea.Cmd {
	i := t.selectedItem()
	if i < 0 {
		return nil
	}
	s := t.snippets[i]
	files := t.code[s.ID]
	if files == nil {
		return StatusError(t.env.t("Le code n'est pas encore lu : réessayez dans un instant.", "The code is not read yet: try again in a moment."))
	}
	var parts []string
	for _, f := range files {
		if errors.Is(f.err, store.ErrSymlink) {
			// A link committed upstream is never followed: copying the
			// other files would hide that the snippet is not what it says.
			return StatusError(i18n.Message(f.err, t.env.lang))
		}
		if f.err == nil {
			parts = append(parts, strings.TrimRight(f.text, "\n")+"\n")
		}
	}
	if len(parts) == 0 {
		return StatusError(t.env.t("Aucun fichier lisible à copier.", "No readable file to copy."))
	}
	return copyToClipboard(t.env, strings.Join(parts, "\n"))
}

func (t *snippetsTab) row(i, width int) string {
	s := t.snippets[i]
	return spread(line(firstNonEmpty(s.Title, s.ID)), t.env.st.RowMuted.Render(line(s.Language)), width)
}

func (t *snippetsTab) detail(i, width int) string {
	e, s := t.env, t.snippets[i]
	d := newDoc(e.st, e.lang, width)
	d.title(firstNonEmpty(s.Title, s.ID))
	d.blank()
	d.field("ID", s.ID)
	d.field(e.t("Langage", "Language"), s.Language)
	if s.Author != "" {
		d.field(e.t("Auteur", "Author"), e.actorName(s.Author))
	}
	d.field(e.t("Licence", "License"), s.License)
	d.field(e.t("Mots-clés", "Tags"), strings.Join(s.Tags, ", "))
	d.field(e.t("Fichiers", "Files"), strings.Join(s.Files, ", "))
	if s.Description != "" {
		d.blank()
		d.block(e.render.markdown(s.Description, width))
	}
	files, read := t.code[s.ID]
	if !read || files == nil {
		d.blank()
		d.muted(e.t("Lecture du code…", "Reading the code…"))
		return d.String()
	}
	for _, f := range files {
		d.section(line(f.name))
		if f.err != nil {
			if errors.Is(f.err, store.ErrSymlink) {
				d.text(i18n.Message(f.err, e.lang))
				continue
			}
			d.text(e.t("Fichier illisible : ", "Unreadable file: ") + i18n.Message(f.err, e.lang))
			continue
		}
		d.block(e.render.code(f.text, s.Language, f.name, width))
	}
	d.blank()
	d.muted(e.t("y copie le code dans le presse-papiers.", "y copies the code to the clipboard."))
	return d.String()
}
