package tui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/toolbox"
)

// a in Formations and Astuces adds a training or a tip, as a in Extraits de
// code adds a snippet: a form, then Store.AddEntry in a command
// (catalogue.PrepareTraining, PrepareTip). The entry is committed on its
// local share branch; p proposes it.

// trainingInput and tipInput are what the forms ask; they outlive the
// form, so that a refused entry reopens it as the user left it.
type trainingInput struct {
	title, date, duration, level, speakers, organiser, topics, video, description string
}

type tipInput struct {
	title, tags, related, author, body string
}

// entryAddedMsg is the outcome of an addition: the new entry's id, or why
// it was refused and the form to reopen.
type entryAddedMsg struct {
	kind   catalogue.Kind
	id     string
	err    error
	reopen func() tea.Cmd
}

// addEntryCmd adds an entry with the store, in a command.
func addEntryCmd(reg store.Branches, k catalogue.Kind, prepare catalogue.EntryPreparer, who catalogue.Identity, now func() time.Time, reopen func() tea.Cmd) tea.Cmd {
	return func() tea.Msg {
		id, err := reg.AddEntry(context.Background(), k, prepare, who, now())
		return entryAddedMsg{kind: k, id: id, err: err, reopen: reopen}
	}
}

// entryAdded takes the outcome for the tab of its kind: the new entry is
// selected once the catalogue is read again (select); a refusal says why
// and gives the form back as it was.
func entryAdded(e *env, msg entryAddedMsg, pending *string) tea.Cmd {
	if msg.err != nil {
		return tea.Batch(StatusError(errorText(e.lang, msg.err)), msg.reopen())
	}
	*pending = msg.id
	text := i18n.T("Formation ajoutée, p pour la proposer : %s", "Training added, p to propose it: %s")
	if msg.kind == catalogue.Tips {
		text = i18n.T("Astuce ajoutée, p pour la proposer : %s", "Tip added, p to propose it: %s")
	}
	return func() tea.Msg { return resultMsg{Text: text.In(e.lang, msg.id), Reload: true} }
}

// commaList splits a field of items separated by commas.
func commaList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// requiredTitle is the check of a title field: one that gives an id.
func requiredTitle(e *env) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(e.t("le titre est obligatoire", "a title is required"))
		}
		if fact.Slug(s) == "" {
			return errors.New(e.t("le titre doit contenir des lettres ou des chiffres", "the title needs letters or digits"))
		}
		return nil
	}
}

// actorOptions lists the directory for a select, with "none" first when
// optional.
func actorOptions(e *env, optional bool) []huh.Option[string] {
	var opts []huh.Option[string]
	if optional {
		opts = append(opts, huh.NewOption(e.t("(aucun)", "(none)"), ""))
	}
	for _, a := range e.cat.Actors {
		opts = append(opts, huh.NewOption(line(a.Name), a.ID))
	}
	return opts
}

// addTraining opens the training form, when the registry can be written.
func (t *trainingsTab) addTraining() tea.Cmd {
	e := t.env
	if cmd := e.writeGuard(); cmd != nil {
		return cmd
	}
	if e.cat == nil {
		return nil
	}
	in := &trainingInput{date: e.now().Format(time.DateOnly)}
	if e.cat.Actor(e.who.Actor) != nil {
		in.organiser = e.who.Actor
	}
	return t.trainingForm(in)
}

func (t *trainingsTab) trainingForm(in *trainingInput) tea.Cmd {
	e := t.env
	levels := []huh.Option[string]{huh.NewOption(e.t("(non précisé)", "(not given)"), "")}
	for _, l := range toolbox.Levels {
		levels = append(levels, huh.NewOption(l.Label(e.lang), string(l)))
	}
	form := huh.NewForm(
		huh.NewGroup(
			huh.NewInput().Title(e.t("Titre", "Title")).Value(&in.title).Validate(requiredTitle(e)),
			huh.NewInput().Title("Date").Description(e.t("de la séance, AAAA-MM-JJ", "of the session, YYYY-MM-DD")).Value(&in.date).
				Validate(func(s string) error {
					if _, err := fact.ParseDate(s); err != nil {
						return errors.New(e.t("une date AAAA-MM-JJ", "a date YYYY-MM-DD"))
					}
					return nil
				}),
			huh.NewInput().Title(e.t("Durée (minutes)", "Length (minutes)")).Value(&in.duration).
				Validate(func(s string) error {
					if n, err := strconv.Atoi(strings.TrimSpace(s)); strings.TrimSpace(s) != "" && (err != nil || n <= 0) {
						return errors.New(e.t("un nombre de minutes", "a number of minutes"))
					}
					return nil
				}),
			huh.NewSelect[string]().Title(e.t("Niveau", "Level")).Options(levels...).Value(&in.level),
			huh.NewInput().Title(e.t("Intervenants", "Speakers")).
				Description(e.t("identifiants d'acteurs ou noms, séparés par des virgules", "actor ids or names, separated by commas")).Value(&in.speakers),
		),
		huh.NewGroup(
			huh.NewSelect[string]().Title(e.t("Organisateur", "Organiser")).Options(actorOptions(e, true)...).Height(6).Value(&in.organiser),
			huh.NewInput().Title(e.t("Thèmes", "Topics")).Description(e.t("séparés par des virgules", "separated by commas")).Value(&in.topics),
			huh.NewInput().Title(e.t("Vidéo", "Video")).Description(e.t("adresse http(s), facultative", "http(s) address, optional")).Value(&in.video),
			huh.NewText().Title(e.t("Description (Markdown)", "Description (Markdown)")).Lines(4).Value(&in.description),
		),
	)
	return OpenModal(NewFormModal(e, e.t("Nouvelle formation", "New training"), form, func(*huh.Form) tea.Cmd {
		prepare := func(c *catalogue.Catalogue, taken func(string) (bool, error)) (catalogue.Prepared, error) {
			return c.PrepareTraining(in.newTraining(c), taken)
		}
		return tea.Sequence(Status(e.t("Ajout de la formation…", "Adding the training…")),
			addEntryCmd(e.src, catalogue.Trainings, prepare, e.who, e.now, func() tea.Cmd { return t.trainingForm(in) }))
	}))
}

// newTraining reads the form: a speaker that is an actor id of c is that
// actor, any other a name.
func (in *trainingInput) newTraining(c *catalogue.Catalogue) catalogue.NewTraining {
	date, _ := fact.ParseDate(in.date)
	duration, _ := strconv.Atoi(strings.TrimSpace(in.duration))
	nt := catalogue.NewTraining{Title: in.title, Date: date, Duration: duration, Organiser: in.organiser, Level: in.level,
		Topics: commaList(in.topics), Language: "fr", Video: in.video, Description: in.description}
	for _, s := range commaList(in.speakers) {
		if c.Actor(s) != nil {
			nt.Speakers = append(nt.Speakers, toolbox.Speaker{Actor: s})
		} else {
			nt.Speakers = append(nt.Speakers, toolbox.Speaker{Name: s})
		}
	}
	return nt
}

// addTip opens the tip form, when the registry can be written.
func (t *tipsTab) addTip() tea.Cmd {
	e := t.env
	if cmd := e.writeGuard(); cmd != nil {
		return cmd
	}
	if e.cat == nil {
		return nil
	}
	in := &tipInput{}
	if e.cat.Actor(e.who.Actor) != nil {
		in.author = e.who.Actor
	}
	return t.tipForm(in)
}

func (t *tipsTab) tipForm(in *tipInput) tea.Cmd {
	e := t.env
	form := huh.NewForm(
		huh.NewGroup(
			huh.NewInput().Title(e.t("Titre", "Title")).Value(&in.title).Validate(requiredTitle(e)),
			huh.NewInput().Title(e.t("Mots-clés", "Tags")).Description(e.t("séparés par des virgules", "separated by commas")).Value(&in.tags),
			huh.NewInput().Title(e.t("Voir aussi", "See also")).
				Description(e.t("entrées liées TYPE/ID séparées par des virgules (schemas/scdl-budget)", "related entries KIND/ID separated by commas (schemas/scdl-budget)")).
				Value(&in.related),
			huh.NewSelect[string]().Title(e.t("Auteur", "Author")).Options(actorOptions(e, true)...).Height(6).Value(&in.author),
		),
		huh.NewGroup(
			huh.NewText().Title(e.t("Astuce (Markdown)", "Tip (Markdown)")).Lines(8).Value(&in.body).
				Validate(func(s string) error {
					if strings.TrimSpace(s) == "" {
						return errors.New(e.t("le texte de l'astuce est obligatoire", "the tip's text is required"))
					}
					return nil
				}),
		),
	)
	return OpenModal(NewFormModal(e, e.t("Nouvelle astuce", "New tip"), form, func(*huh.Form) tea.Cmd {
		date := fact.DateOf(e.now())
		nt := catalogue.NewTip{Title: in.title, Tags: commaList(in.tags), Related: commaList(in.related), Author: in.author, Date: date, Body: in.body}
		prepare := func(c *catalogue.Catalogue, taken func(string) (bool, error)) (catalogue.Prepared, error) {
			return c.PrepareTip(nt, taken)
		}
		return tea.Sequence(Status(e.t("Ajout de l'astuce…", "Adding the tip…")),
			addEntryCmd(e.src, catalogue.Tips, prepare, e.who, e.now, func() tea.Cmd { return t.tipForm(in) }))
	}))
}
