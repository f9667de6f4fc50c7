package tui

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/toolbox"
)

// trainingsTab is Formations: the recorded training sessions, the latest
// first; the description is Markdown; o opens the video outside the
// terminal.
type trainingsTab struct {
	*toolboxTab
	trainings []*toolbox.Training
}

func newTrainingsTab(e *env) *trainingsTab {
	t := &trainingsTab{toolboxTab: &toolboxTab{}}
	t.browser = newBrowser(e, catalogue.Trainings, t)
	t.add = t.addTraining
	t.link = func(i int) tea.Cmd {
		return openURL(t.env, t.trainings[i].Video, i18n.T("la vidéo", "the video"))
	}
	return t
}

func (t *trainingsTab) Kind() catalogue.Kind { return catalogue.Trainings }
func (t *trainingsTab) Count() int           { return len(t.trainings) }

func (t *trainingsTab) Load() tea.Cmd {
	c := t.env.cat
	t.trainings = c.Trainings
	ids := t.env.kindIDs(catalogue.Trainings)
	return t.load(ids)
}

func (t *trainingsTab) row(i, width int) string {
	x := t.trainings[i]
	return spread(line(firstNonEmpty(x.Title, x.ID)), t.env.st.RowMuted.Render(line(x.Date.String())), width)
}

// speakerLine renders one speaker: a person's name with its organisation's
// in brackets, or the organisation's name.
func (e *env) speakerLine(sp toolbox.Speaker) string {
	switch {
	case sp.Name != "" && sp.Actor != "":
		return sp.Name + " (" + e.actorName(sp.Actor) + ")"
	case sp.Name != "":
		return sp.Name
	}
	return e.actorName(sp.Actor)
}

func (t *trainingsTab) detail(i, width int) string {
	e, x := t.env, t.trainings[i]
	d := newDoc(e.st, e.lang, width)
	d.title(firstNonEmpty(x.Title, x.ID))
	var sub []string
	if x.Level != "" {
		sub = append(sub, x.Level.Label(e.lang))
	}
	if x.Duration > 0 {
		sub = append(sub, strconv.Itoa(x.Duration)+" min")
	}
	if len(sub) > 0 {
		d.subtitle(strings.Join(sub, " · "))
	}
	d.blank()
	d.field("ID", x.ID)
	d.field("Date", x.Date.String())
	d.field(e.t("Langue", "Language"), x.Language)
	if x.Organiser != "" {
		d.field(e.t("Organisateur", "Organiser"), e.actorName(x.Organiser))
	}
	if len(x.Speakers) > 0 {
		names := make([]string, len(x.Speakers))
		for i, sp := range x.Speakers {
			names[i] = e.speakerLine(sp)
		}
		d.field(e.t("Intervenants", "Speakers"), strings.Join(names, ", "))
	}
	d.field(e.t("Thèmes", "Topics"), strings.Join(x.Topics, ", "))
	d.field(e.t("Vidéo", "Video"), x.Video)
	d.field(e.t("Supports", "Slides"), strings.Join(x.Slides, ", "))
	d.field(e.t("Licence", "License"), x.License)
	if x.Description != "" {
		d.blank()
		d.block(e.render.markdown(x.Description, width))
	}
	d.blank()
	if _, ok := cleanURL(x.Video); ok {
		d.muted(e.t("o ouvre la vidéo dans le navigateur.", "o opens the video in the browser."))
	} else {
		d.muted(e.t("Pas de vidéo en ligne pour cette formation.", "No online video for this training."))
	}
	return d.String()
}
