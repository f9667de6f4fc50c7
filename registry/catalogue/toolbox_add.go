package catalogue

import (
	"errors"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/toolbox"
)

// EntryPreparer prepares a new entry from a catalogue, asking taken which
// ids the store already uses (its folders, share branches and commits):
// what a store's AddEntry runs under its lock. The change holds the entry's
// folder only; Path is that folder, named after the new id.
type EntryPreparer func(c *Catalogue, taken func(id string) (bool, error)) (Prepared, error)

// NewTraining is a training to add.
type NewTraining struct {
	Title       string
	Date        fact.Date
	Duration    int
	Speakers    []toolbox.Speaker
	Organiser   string
	Level       string
	Topics      []string
	Language    string
	Video       string
	Description string
	// License is DefaultLicense when empty.
	License string
}

// NewTip is a tip to add.
type NewTip struct {
	Title   string
	Tags    []string
	Author  string
	Date    fact.Date
	Related []string
	Body    string
}

// PrepareTraining prepares trainings/<id>/training.yaml: the title's slug,
// made unique among the catalogue's trainings and the ids taken reports
// used. The file is checked as lint would (the organiser and speakers must
// be actors of the directory) before anything is returned.
func (c *Catalogue) PrepareTraining(nt NewTraining, taken func(id string) (bool, error)) (Prepared, error) {
	for _, f := range []struct{ name, v string }{{"title", nt.Title}, {"description", nt.Description}, {"topics", strings.Join(nt.Topics, "\n")}, {"video", nt.Video}} {
		if err := fact.CheckText(f.name, f.v); err != nil {
			return Prepared{}, err
		}
	}
	t := &toolbox.Training{Title: strings.TrimSpace(fact.CleanLine(nt.Title)), Date: nt.Date, Duration: nt.Duration,
		Organiser: strings.TrimSpace(nt.Organiser), Topics: tidy(nt.Topics), Language: strings.TrimSpace(nt.Language),
		Video: strings.TrimSpace(nt.Video), Description: strings.TrimSpace(nt.Description), License: strings.TrimSpace(nt.License)}
	if t.Description != "" {
		t.Description += "\n"
	}
	if t.License == "" {
		t.License = DefaultLicense
	}
	if nt.Level != "" {
		l, ok := toolbox.ParseLevel(nt.Level)
		if !ok {
			return Prepared{}, i18n.Errorf(i18n.T("niveau %q inconnu : débutant, intermédiaire ou avancé", "unknown level %q: débutant, intermédiaire or avancé"), nt.Level)
		}
		t.Level = l
	}
	for _, sp := range nt.Speakers {
		if sp.Name = strings.TrimSpace(fact.CleanLine(sp.Name)); sp.Name != "" || sp.Actor != "" {
			t.Speakers = append(t.Speakers, sp)
		}
	}
	if t.Date.IsZero() {
		return Prepared{}, i18n.Errorf(i18n.T("date manquante : la date de la séance, AAAA-MM-JJ", "missing date: the session's date, YYYY-MM-DD"))
	}
	for _, id := range t.Actors() {
		if err := c.knownActor(id); err != nil {
			return Prepared{}, err
		}
	}
	return c.prepareToolbox(Trainings, t.Title, taken, func(id string) ([]byte, error) {
		t.ID = id
		return t.Marshal()
	}, i18n.T("Nouvelle formation, ajoutée avec codal.", "New training, added with codal."))
}

// PrepareTip prepares tips/<id>/tip.md, as PrepareTraining: the author and
// the related entries must exist.
func (c *Catalogue) PrepareTip(nt NewTip, taken func(id string) (bool, error)) (Prepared, error) {
	for _, f := range []struct{ name, v string }{{"title", nt.Title}, {"tags", strings.Join(nt.Tags, "\n")}, {"body", nt.Body}} {
		if err := fact.CheckText(f.name, f.v); err != nil {
			return Prepared{}, err
		}
	}
	t := &toolbox.Tip{Title: strings.TrimSpace(fact.CleanLine(nt.Title)), Tags: tidy(nt.Tags), Author: strings.TrimSpace(nt.Author),
		Date: nt.Date, Related: tidy(nt.Related), Body: strings.TrimSpace(nt.Body) + "\n"}
	if strings.TrimSpace(nt.Body) == "" {
		return Prepared{}, i18n.Errorf(i18n.T("texte manquant : l'astuce elle-même, en Markdown", "missing text: the tip itself, in Markdown"))
	}
	if t.Author != "" {
		if err := c.knownActor(t.Author); err != nil {
			return Prepared{}, err
		}
	}
	for _, r := range t.Related {
		k, id, ok := toolbox.SplitRef(r)
		kind, known := ParseKind(k)
		if !ok || !known || !c.Has(kind, id) {
			return Prepared{}, i18n.Errorf(i18n.T("entrée liée inconnue %q : donnez TYPE/ID d'une entrée du registre (par exemple schemas/scdl-budget)",
				"unknown related entry %q: give KIND/ID of an entry of the registry (for example schemas/scdl-budget)"), r)
		}
	}
	return c.prepareToolbox(Tips, t.Title, taken, func(id string) ([]byte, error) {
		t.ID = id
		return t.Marshal()
	}, i18n.T("Nouvelle astuce, ajoutée avec codal.", "New tip, added with codal."))
}

// knownActor refuses an id that is not an actor of the directory.
func (c *Catalogue) knownActor(id string) error {
	if err := fact.CheckID(id); err != nil {
		return err
	}
	if c.Actor(id) == nil {
		return i18n.Errorf(i18n.T("%q n'est pas un acteur de l'annuaire (voir codal list actors)", "%q is not an actor of the directory (see codal list actors)"), id)
	}
	return nil
}

// prepareToolbox gives a new training or tip its id (the title's slug,
// made unique with fact.FreeID) and its one file, marshalled by file once
// the id is known.
func (c *Catalogue) prepareToolbox(k Kind, title string, taken func(id string) (bool, error), file func(id string) ([]byte, error), note i18n.Text) (Prepared, error) {
	if title == "" {
		return Prepared{}, i18n.Errorf(i18n.T("titre manquant", "missing title"))
	}
	base := fact.Slug(title)
	if base == "" {
		return Prepared{}, i18n.Errorf(i18n.T("le titre %q ne donne aucun identifiant : utilisez des lettres ou des chiffres", "the title %q gives no id: use letters or digits"), title)
	}
	id, err := fact.FreeID(base, func(id string) (bool, error) {
		if c.Has(k, id) {
			return true, nil
		}
		return taken(id)
	})
	if errors.Is(err, fact.ErrNoFreeID) {
		return Prepared{}, i18n.Wrap(err, i18n.T("trop d'entrées portent déjà le titre %q : choisissez un autre titre", "too many entries already have the title %q: choose another title"), base)
	}
	if err != nil {
		return Prepared{}, err
	}
	data, err := file(id)
	if err != nil {
		return Prepared{}, err
	}
	dir := EntryRoot(k, id)
	lang, _ := i18n.Parse(c.Meta.Language)
	return Prepared{Change: Change{Message: title + "\n\n" + note.In(lang) + "\n", Files: map[string][]byte{k.Path(id): data}}, Path: dir}, nil
}

// tidy trims a list's items and drops the empty ones and the repeated.
func tidy(items []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range items {
		s = strings.TrimSpace(fact.CleanLine(s))
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
