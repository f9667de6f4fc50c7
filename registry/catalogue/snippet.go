package catalogue

import (
	"errors"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/snippets"
)

// CodeFile is one code file of a new snippet.
type CodeFile struct {
	Name string
	Data []byte
}

// NewSnippet is a snippet to add.
type NewSnippet struct {
	Title       string
	Description string
	// Language is guessed from the first file's extension when empty.
	Language string
	Tags     []string
	// Author is an actor id of the directory.
	Author string
	// License is DefaultLicense when empty.
	License string
	Files   []CodeFile
}

// DefaultLicense is the licence of a new snippet when none is given: the
// Licence Ouverte 2.0.
const DefaultLicense = "etalab-2.0"

// CheckNewSnippet checks what can be checked of a new snippet without the
// registry (a title that gives an id, texts without control characters, a
// known licence, a valid author id, at least one code file, no two files of
// one name) and returns its metadata, tidied, without its id.
func CheckNewSnippet(ns NewSnippet) (*snippets.Snippet, error) {
	// control characters are refused, not silently dropped: lint would
	// refuse them in the file (control-character)
	for _, f := range []struct{ name, v string }{{"title", ns.Title}, {"description", ns.Description}, {"tags", strings.Join(ns.Tags, "\n")}} {
		if err := fact.CheckText(f.name, f.v); err != nil {
			return nil, err
		}
	}
	s := &snippets.Snippet{
		Title:       strings.TrimSpace(fact.CleanLine(ns.Title)),
		Description: strings.TrimSpace(ns.Description),
		Language:    strings.ToLower(strings.TrimSpace(ns.Language)),
		Author:      strings.TrimSpace(ns.Author),
		License:     strings.TrimSpace(ns.License),
	}
	if s.Title == "" {
		return nil, i18n.Errorf(i18n.T("titre manquant : donnez --title \"…\"", "missing title: give --title \"…\""))
	}
	if fact.Slug(s.Title) == "" {
		return nil, i18n.Errorf(i18n.T("le titre %q ne donne aucun identifiant : utilisez des lettres ou des chiffres", "the title %q gives no id: use letters or digits"), s.Title)
	}
	if s.Description != "" {
		s.Description += "\n"
	}
	if s.License == "" {
		s.License = DefaultLicense
	}
	if !snippets.KnownLicense(s.License) {
		return nil, i18n.Errorf(i18n.T("licence %q inconnue : utilisez un identifiant SPDX (MIT, Apache-2.0, EUPL-1.2…) ou etalab-2.0",
			"unknown license %q: use an SPDX id (MIT, Apache-2.0, EUPL-1.2…) or etalab-2.0"), s.License)
	}
	if s.Author != "" {
		if err := fact.CheckID(s.Author); err != nil {
			return nil, err
		}
	}
	if len(ns.Files) == 0 {
		return nil, i18n.Errorf(i18n.T("aucun fichier : donnez au moins un fichier de code", "no file: give at least one code file"))
	}
	seen := map[string]bool{}
	for _, f := range ns.Files {
		if e := snippets.CheckCodeFile(f.Name, f.Data); e != nil {
			return nil, e
		}
		if seen[f.Name] {
			return nil, i18n.Errorf(i18n.T("deux fichiers portent le même nom %q : renommez l'un des deux", "two files have the same name %q: rename one of them"), f.Name)
		}
		seen[f.Name] = true
		s.Files = append(s.Files, f.Name)
	}
	if s.Language == "" {
		s.Language = snippets.GuessLanguage(ns.Files[0].Name)
	}
	tagSeen := map[string]bool{}
	for _, t := range ns.Tags {
		t = strings.TrimSpace(fact.CleanLine(t))
		if t != "" && !tagSeen[t] {
			tagSeen[t] = true
			s.Tags = append(s.Tags, t)
		}
	}
	return s, nil
}

// PrepareSnippet prepares a new snippet: CheckNewSnippet, then an author of
// the directory, then the id, the title's slug made unique with fact.FreeID
// among the catalogue's snippets and the ids taken reports used (the store
// knows its folders, share branches and commits). The change holds the
// folder snippets/<id>/ (snippet.yaml and the code files) and the commit
// message in the registry's language; Path is that folder. Preparing reads
// nothing from disk: taken is the store's to answer.
func (c *Catalogue) PrepareSnippet(ns NewSnippet, taken func(id string) (bool, error)) (Prepared, error) {
	s, err := CheckNewSnippet(ns)
	if err != nil {
		return Prepared{}, err
	}
	if s.Author == "" {
		return Prepared{}, i18n.Errorf(i18n.T(
			"auteur inconnu : donnez --author ACTEUR, ou indiquez votre organisation (variable CODAL_ACTOR, ou « actor: » dans la configuration de codal)",
			"unknown author: give --author ACTOR, or set your organisation (the CODAL_ACTOR variable, or \"actor:\" in codal's configuration)"))
	}
	if c.Actor(s.Author) == nil {
		return Prepared{}, i18n.Errorf(i18n.T("l'auteur %q n'est pas un acteur de l'annuaire (voir codal list actors)",
			"the author %q is not an actor of the directory (see codal list actors)"), s.Author)
	}
	base := fact.Slug(s.Title)
	id, err := fact.FreeID(base, func(id string) (bool, error) {
		if c.Snippet(id) != nil {
			return true, nil
		}
		return taken(id)
	})
	if errors.Is(err, fact.ErrNoFreeID) {
		return Prepared{}, i18n.Wrap(err, i18n.T("trop d'extraits portent déjà le titre %q : choisissez un autre titre", "too many snippets already have the title %q: choose another title"), base)
	}
	if err != nil {
		return Prepared{}, err
	}
	s.ID = id
	yml, err := s.Marshal()
	if err != nil {
		return Prepared{}, err
	}
	dir := EntryRoot(Snippets, id)
	files := map[string][]byte{dir + "/" + SnippetFile: yml}
	for _, f := range ns.Files {
		files[dir+"/"+f.Name] = f.Data
	}
	lang, _ := i18n.Parse(c.Meta.Language)
	msg := s.Title + "\n\n" + i18n.T("Nouvel extrait de code, ajouté avec codal.", "New code snippet, added with codal.").In(lang) + "\n"
	return Prepared{Change: Change{Message: msg, Files: files}, Path: dir, Snippet: s}, nil
}

// CheckProposed returns, as an error, the first lint problem under dir of a
// catalogue loaded from a proposed commit: the new snippet would not pass
// the check. It returns nil when there is none.
func (c *Catalogue) CheckProposed(dir string) error {
	ps := c.ProblemsUnder(dir)
	if len(ps) == 0 {
		return nil
	}
	return i18n.Errorf(i18n.T("l'extrait ne passerait pas la vérification : %s", "the snippet would not pass the check: %s"),
		i18n.T(ps[0].Format(i18n.FR), ps[0].Format(i18n.EN)))
}
