package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/snippets"
)

// a in Extraits de code adds a snippet, as codal snippet add does: a form
// (files, title, language, tags, description, author), then
// catalogue.ReadCodeFiles and Store.AddSnippet in a command. The snippet is
// committed on its local share branch; p proposes it.

// snippetInput is what the form asks; it outlives the form, so that a
// refused snippet reopens the form as the user left it.
type snippetInput struct {
	files, title, language, tags, description, author string
}

// snippetAddedMsg is the outcome of an addition.
type snippetAddedMsg struct {
	id  string
	in  *snippetInput
	err error
}

// addSnippet opens the form, when the registry can be written.
func (t *snippetsTab) addSnippet() tea.Cmd {
	e := t.env
	if cmd := e.writeGuard(); cmd != nil {
		return cmd
	}
	if e.cat == nil {
		return nil
	}
	in := &snippetInput{}
	if e.cat.Actor(e.who.Actor) != nil {
		in.author = e.who.Actor
	}
	return t.snippetForm(in)
}

// snippetForm opens the form on in.
func (t *snippetsTab) snippetForm(in *snippetInput) tea.Cmd {
	e := t.env
	required := func(what string) func(string) error {
		return func(s string) error {
			if strings.TrimSpace(s) == "" {
				return errors.New(what)
			}
			return nil
		}
	}
	var authors []huh.Option[string]
	for _, a := range e.cat.Actors {
		authors = append(authors, huh.NewOption(line(a.Name), a.ID))
	}
	form := huh.NewForm(
		huh.NewGroup(
			huh.NewInput().Title(e.t("Fichiers", "Files")).
				Description(e.t("un ou plusieurs chemins séparés par des espaces (~ accepté, guillemets autour d'un nom avec espaces)",
					"one or more paths separated by spaces (~ works, quotes around a name with spaces)")).
				Value(&in.files).Validate(required(e.t("donnez au moins un fichier", "give at least one file"))),
			huh.NewInput().Title(e.t("Titre", "Title")).Value(&in.title).
				Validate(func(s string) error {
					if strings.TrimSpace(s) == "" {
						return errors.New(e.t("le titre est obligatoire", "a title is required"))
					}
					if fact.Slug(s) == "" {
						return errors.New(e.t("le titre doit contenir des lettres ou des chiffres", "the title needs letters or digits"))
					}
					return nil
				}),
			huh.NewInput().Title(e.t("Langage", "Language")).Value(&in.language).
				PlaceholderFunc(func() string {
					if g := guessLanguage(in.files); g != "" {
						return fmt.Sprintf(e.t("%s (deviné d'après le premier fichier)", "%s (guessed from the first file)"), g)
					}
					return e.t("deviné d'après le premier fichier", "guessed from the first file")
				}, &in.files),
			huh.NewInput().Title(e.t("Mots-clés", "Tags")).Description(e.t("séparés par des virgules", "separated by commas")).Value(&in.tags),
		),
		huh.NewGroup(
			huh.NewText().Title(e.t("Description (Markdown)", "Description (Markdown)")).Lines(4).Value(&in.description),
			huh.NewSelect[string]().Title(e.t("Auteur", "Author")).Description(e.t("l'organisation qui partage l'extrait", "the organisation sharing the snippet")).
				Options(authors...).Height(6).Value(&in.author),
		),
	)
	return OpenModal(NewFormModal(e, e.t("Nouvel extrait de code", "New code snippet"), form, func(*huh.Form) tea.Cmd {
		return tea.Sequence(Status(e.t("Ajout de l'extrait…", "Adding the snippet…")), addSnippetCmd(e.src, e.who, e.now, in))
	}))
}

// guessLanguage is the language codal guesses from the first of the
// files typed, "" when none.
func guessLanguage(files string) string {
	paths := splitPaths(files)
	if len(paths) == 0 {
		return ""
	}
	return snippets.GuessLanguage(paths[0])
}

// addSnippetCmd reads the files and adds the snippet.
func addSnippetCmd(reg store.Branches, who catalogue.Identity, now func() time.Time, in *snippetInput) tea.Cmd {
	return func() tea.Msg {
		// Relative paths stay as typed (they are read from the current
		// folder), so that an error names the file as the user did.
		home, _ := os.UserHomeDir()
		var paths []string
		for _, p := range splitPaths(in.files) {
			paths = append(paths, expandPath(p, home, ""))
		}
		files, err := catalogue.ReadCodeFiles(paths)
		if err != nil {
			return snippetAddedMsg{in: in, err: err}
		}
		var tags []string
		for _, tag := range strings.Split(in.tags, ",") {
			if tag = strings.TrimSpace(tag); tag != "" {
				tags = append(tags, tag)
			}
		}
		id, err := reg.AddSnippet(context.Background(), catalogue.NewSnippet{
			Title:       in.title,
			Description: in.description,
			Language:    in.language,
			Tags:        tags,
			Author:      in.author,
			Files:       files,
		}, who, now())
		return snippetAddedMsg{id: id, in: in, err: err}
	}
}

// added takes the outcome: the new snippet is selected once the catalogue is
// read again; a refusal says why and gives the form back as it was.
func (t *snippetsTab) added(msg snippetAddedMsg) tea.Cmd {
	e := t.env
	if msg.err != nil {
		return tea.Batch(StatusError(errorText(e.lang, msg.err)), t.snippetForm(msg.in))
	}
	t.pendingSelect = msg.id
	text := fmt.Sprintf(e.t("Extrait ajouté, p pour le proposer : %s", "Snippet added, p to propose it: %s"), msg.id)
	return func() tea.Msg { return resultMsg{Text: text, Reload: true} }
}

// splitPaths splits what was typed in a files field: spaces separate paths,
// except inside quotes ('…' or "…") or after a backslash; a comma ending a
// path is dropped ("a.py, b.py").
func splitPaths(s string) []string {
	var out []string
	var b strings.Builder
	inWord, quoted, escaped := false, false, false
	var quote rune
	flush := func() {
		if inWord {
			p := b.String()
			if !quoted {
				p = strings.TrimSuffix(p, ",")
			}
			if p != "" {
				out = append(out, p)
			}
		}
		b.Reset()
		inWord, quoted = false, false
	}
	for _, r := range s {
		switch {
		case escaped:
			b.WriteRune(r)
			escaped = false
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				b.WriteRune(r)
			}
		case r == '\\':
			escaped, inWord = true, true
		case r == '\'' || r == '"':
			quote, inWord, quoted = r, true, true
		case r == ' ' || r == '\t' || r == '\n':
			flush()
		default:
			b.WriteRune(r)
			inWord = true
		}
	}
	flush()
	return out
}
