package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/toolbox"
)

// toolboxView is what show reads of the toolbox's kinds: a loaded
// catalogue and the index's snapshot both answer it.
type toolboxView interface {
	Training(id string) *toolbox.Training
	Tip(id string) *toolbox.Tip
}

var (
	_ toolboxView = (*catalogue.Catalogue)(nil)
	_ toolboxView = (*catalogue.Snapshot)(nil)
)

// training and tip read an entry of the toolbox from v, or nil.
func training(v catalogue.View, id string) *toolbox.Training {
	if tv, ok := v.(toolboxView); ok {
		return tv.Training(id)
	}
	return nil
}

func tip(v catalogue.View, id string) *toolbox.Tip {
	if tv, ok := v.(toolboxView); ok {
		return tv.Tip(id)
	}
	return nil
}

// listToolbox prints the trainings or the tips.
func (a *app) listToolbox(l catalogue.Lister, kind catalogue.Kind, terms []string) (listing, error) {
	var ls listing
	if kind == catalogue.Trainings {
		xs, err := l.ListTrainings(terms)
		if err != nil {
			return ls, err
		}
		ls.header = []string{"ID", "DATE", a.tt("TITRE", "TITLE"), a.tt("NIVEAU", "LEVEL"), a.tt("DURÉE", "LENGTH")}
		for _, x := range xs {
			ls.objs = append(ls.objs, x)
			ls.rows = append(ls.rows, []string{x.ID, x.Date.String(), fact.Truncate(x.Title, 56), x.Level.Label(a.lang), a.minutes(x.Duration)})
		}
		return ls, nil
	}
	xs, err := l.ListTips(terms)
	if err != nil {
		return ls, err
	}
	ls.header = []string{"ID", a.tt("TITRE", "TITLE"), a.tt("MOTS-CLÉS", "TAGS"), a.tt("AUTEUR", "AUTHOR")}
	for _, x := range xs {
		ls.objs = append(ls.objs, x)
		ls.rows = append(ls.rows, []string{x.ID, fact.Truncate(x.Title, 56), fact.Truncate(strings.Join(x.Tags, ", "), 30), x.Author})
	}
	return ls, nil
}

// minutes renders a duration: "90 min", or "" when unknown.
func (a *app) minutes(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n) + " min"
}

// speakerNames renders a training's speakers: a person's name, with its
// organisation's in brackets, or the organisation's name.
func speakerNames(c catalogue.View, t *toolbox.Training) []string {
	out := make([]string, 0, len(t.Speakers))
	for _, sp := range t.Speakers {
		org := ""
		if sp.Actor != "" {
			org = sp.Actor
			if x := c.Actor(sp.Actor); x != nil {
				org = x.Name
			}
		}
		switch {
		case sp.Name != "" && org != "":
			out = append(out, sp.Name+" ("+org+")")
		case sp.Name != "":
			out = append(out, sp.Name)
		default:
			out = append(out, org)
		}
	}
	return out
}

func (a *app) showTraining(w io.Writer, c catalogue.View, t *toolbox.Training) {
	a.heading(w, t.Title)
	a.field(w, "ID", t.ID)
	a.field(w, "Date", t.Date.String())
	a.field(w, a.tt("Durée", "Length"), a.minutes(t.Duration))
	a.field(w, a.tt("Niveau", "Level"), t.Level.Label(a.lang))
	a.field(w, a.tt("Langue", "Language"), t.Language)
	if t.Organiser != "" {
		a.field(w, a.tt("Organisateur", "Organiser"), a.actorName(c, t.Organiser))
	}
	a.field(w, a.tt("Intervenants", "Speakers"), strings.Join(speakerNames(c, t), ", "))
	a.field(w, a.tt("Thèmes", "Topics"), strings.Join(t.Topics, ", "))
	a.field(w, a.tt("Vidéo", "Video"), t.Video)
	a.field(w, a.tt("Supports", "Slides"), strings.Join(t.Slides, ", "))
	a.field(w, a.tt("Licence", "License"), t.License)
	if t.Description != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, strings.TrimSpace(fact.Clean(t.Description)))
	}
}

func (a *app) showTip(w io.Writer, c catalogue.View, t *toolbox.Tip) {
	a.heading(w, t.Title)
	a.field(w, "ID", t.ID)
	if t.Author != "" {
		a.field(w, a.tt("Auteur", "Author"), a.actorName(c, t.Author))
	}
	a.field(w, "Date", t.Date.String())
	a.field(w, a.tt("Mots-clés", "Tags"), strings.Join(t.Tags, ", "))
	a.field(w, a.tt("Voir aussi", "See also"), strings.Join(t.Related, ", "))
	if body := strings.TrimSpace(fact.Clean(t.Body)); body != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, body)
	}
}

// showToolbox prints a training or a tip, as text or JSON.
func (a *app) showToolbox(c catalogue.View, kind catalogue.Kind, id string, asJSON bool) error {
	w := a.stdout
	if kind == catalogue.Trainings {
		if asJSON {
			return writeJSON(w, training(c, id))
		}
		a.showTraining(w, c, training(c, id))
		return nil
	}
	if asJSON {
		return writeJSON(w, tip(c, id))
	}
	a.showTip(w, c, tip(c, id))
	return nil
}
