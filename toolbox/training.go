package toolbox

import (
	"path"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/snippets"
)

// Training is one recorded training session: trainings/<id>/training.yaml,
// with its slides beside it when they are files.
type Training struct {
	ID    string    `yaml:"-" json:"id"`
	Title string    `yaml:"title" json:"title"`
	Date  fact.Date `yaml:"date" json:"date"`
	// Duration is in minutes.
	Duration int       `yaml:"duration,omitempty" json:"duration,omitempty"`
	Speakers []Speaker `yaml:"speakers,omitempty" json:"speakers,omitempty"`
	// Organiser is an actor id of the directory.
	Organiser string   `yaml:"organiser,omitempty" json:"organiser,omitempty"`
	Level     Level    `yaml:"level,omitempty" json:"level,omitempty"`
	Topics    []string `yaml:"topics,omitempty" json:"topics,omitempty"`
	// Language is fr or en.
	Language string `yaml:"language,omitempty" json:"language,omitempty"`
	// Video is an http(s) URL (PeerTube, YouTube, Dailymotion…) or the
	// name of a file in the training's folder.
	Video string `yaml:"video,omitempty" json:"video,omitempty"`
	// Slides are http(s) URLs or names of files in the training's folder.
	Slides      []string `yaml:"slides,omitempty" json:"slides,omitempty"`
	Description string   `yaml:"description,omitempty" json:"description,omitempty"`
	License     string   `yaml:"license,omitempty" json:"license,omitempty"`

	// Where locates the file's values, for problems found later.
	Where fact.Where `yaml:"-" json:"-"`
}

// Speaker is one person who spoke: an actor of the directory, a named
// person, or a named person of an actor.
type Speaker struct {
	Name  string `yaml:"name,omitempty" json:"name,omitempty"`
	Actor string `yaml:"actor,omitempty" json:"actor,omitempty"`
}

// trainingFile is training.yaml as written: speakers and slides take
// several shapes.
type trainingFile struct {
	Title       string    `yaml:"title"`
	Date        fact.Date `yaml:"date"`
	Duration    int       `yaml:"duration"`
	Speakers    []any     `yaml:"speakers"`
	Organiser   string    `yaml:"organiser"`
	Level       string    `yaml:"level"`
	Topics      []string  `yaml:"topics"`
	Language    string    `yaml:"language"`
	Video       string    `yaml:"video"`
	Slides      any       `yaml:"slides"`
	Description string    `yaml:"description"`
	License     string    `yaml:"license"`
}

// ParseTraining reads trainings/<id>/training.yaml; file is its path
// relative to the registry root. Whether the actors it names and the files
// it lists exist is checked by the registry.
func ParseTraining(file string, data []byte) (*Training, []fact.Problem) {
	t := &Training{ID: path.Base(path.Dir(file))}
	var raw trainingFile
	doc, probs := fact.SafeDecodeYAML(file, data, &raw)
	t.Where = doc.Where()
	if fact.Unread(probs) {
		return t, probs
	}
	t.Title, t.Date, t.Duration, t.Organiser = raw.Title, raw.Date, raw.Duration, raw.Organiser
	t.Topics, t.Language, t.Video, t.Description, t.License = raw.Topics, raw.Language, raw.Video, raw.Description, raw.License
	errf := func(pos fact.Pos, code string, tx i18n.Text, args ...any) {
		probs = append(probs, fact.Errorf(file, pos, code, tx, args...))
	}
	if strings.TrimSpace(t.Title) == "" {
		errf(doc.Pos("title"), "missing-field", fact.MsgMissing, "title")
	}
	if !doc.Has("date") {
		errf(doc.Pos("date"), "missing-field", fact.MsgMissing, "date")
	}
	if doc.Has("duration") && raw.Duration <= 0 && !hasProblemAt(probs, doc.Pos("duration")) {
		errf(doc.Pos("duration"), "invalid-value", i18n.T("la durée doit être un nombre de minutes positif, pas %d", "the duration must be a positive number of minutes, not %d"), raw.Duration)
	}
	if raw.Level != "" {
		if l, ok := ParseLevel(raw.Level); ok {
			t.Level = l
		} else {
			errf(doc.Pos("level"), "invalid-value", i18n.T("niveau %q inconnu : débutant, intermédiaire ou avancé", "unknown level %q: débutant, intermédiaire or avancé"), raw.Level)
		}
	}
	if raw.Language != "" && raw.Language != "fr" && raw.Language != "en" {
		errf(doc.Pos("language"), "invalid-value", i18n.T("langue %q inconnue : fr ou en", "unknown language %q: fr or en"), raw.Language)
	}
	if raw.Organiser != "" {
		if err := fact.CheckID(raw.Organiser); err != nil {
			probs = append(probs, fact.FromError(file, doc.Pos("organiser"), "bad-id", err))
		}
	}
	for i, item := range raw.Speakers {
		pos := doc.ListPos("speakers", i)
		sp, ok := speakerOf(item)
		switch {
		case !ok:
			errf(pos, "field-type", i18n.T("l'intervenant n°%d doit être un identifiant d'acteur ou une table {name, actor}", "speaker #%d must be an actor id or a mapping {name, actor}"), i+1)
			continue
		case sp.Name == "" && sp.Actor == "":
			errf(pos, "missing-field", i18n.T("l'intervenant n°%d n'a ni nom ni acteur", "speaker #%d has neither name nor actor"), i+1)
		case sp.Actor != "" && fact.CheckID(sp.Actor) != nil:
			probs = append(probs, fact.FromError(file, pos, "bad-id", fact.CheckID(sp.Actor)))
		}
		t.Speakers = append(t.Speakers, sp)
	}
	if raw.Video != "" && !fact.ValidURL(raw.Video) && !snippets.SafeFileName(raw.Video) {
		errf(doc.Pos("video"), "bad-url", i18n.T("le champ %q doit être une URL http(s) complète ou le nom d'un fichier du dossier, pas %q",
			"the field %q must be a full http(s) URL or the name of a file in the folder, not %q"), "video", raw.Video)
	}
	slides, ok := stringsOf(raw.Slides)
	if !ok {
		errf(doc.Pos("slides"), "field-type", i18n.T("le champ %q doit être un texte ou une liste de textes", "the field %q must be a text or a list of texts"), "slides")
	}
	for i, s := range slides {
		if !fact.ValidURL(s) && !snippets.SafeFileName(s) {
			pos := doc.Pos("slides")
			if _, list := raw.Slides.([]any); list {
				pos = doc.ListPos("slides", i)
			}
			errf(pos, "bad-url", i18n.T("le champ %q doit être une URL http(s) complète ou le nom d'un fichier du dossier, pas %q",
				"the field %q must be a full http(s) URL or the name of a file in the folder, not %q"), "slides", s)
		}
	}
	t.Slides = slides
	if raw.License != "" && !snippets.KnownLicense(raw.License) {
		probs = append(probs, fact.Warnf(file, doc.Pos("license"), "bad-license",
			i18n.T("licence %q inconnue : utilisez un identifiant SPDX (MIT, Apache-2.0, EUPL-1.2…) ou etalab-2.0",
				"unknown license %q: use an SPDX id (MIT, Apache-2.0, EUPL-1.2…) or etalab-2.0"), raw.License))
	}
	return t, probs
}

func hasProblemAt(ps []fact.Problem, pos fact.Pos) bool {
	for _, p := range ps {
		if p.Line == pos.Line && p.Col == pos.Col {
			return true
		}
	}
	return false
}

// speakerOf reads one item of speakers: an actor id, or {name, actor}.
func speakerOf(v any) (Speaker, bool) {
	switch x := v.(type) {
	case string:
		return Speaker{Actor: strings.TrimSpace(x)}, true
	case map[string]any:
		var sp Speaker
		for k, val := range x {
			s, ok := val.(string)
			if !ok {
				return Speaker{}, false
			}
			switch k {
			case "name":
				sp.Name = strings.TrimSpace(s)
			case "actor":
				sp.Actor = strings.TrimSpace(s)
			default:
				return Speaker{}, false
			}
		}
		return sp, true
	}
	return Speaker{}, false
}

// stringsOf reads a text or a list of texts.
func stringsOf(v any) ([]string, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case string:
		return []string{x}, true
	case []any:
		out := make([]string, 0, len(x))
		for _, item := range x {
			s, ok := item.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// Files are the names of files in the training's folder it points to (a
// video or slides that are not URLs).
func (t *Training) Files() []string {
	var out []string
	if t.Video != "" && !fact.ValidURL(t.Video) && snippets.SafeFileName(t.Video) {
		out = append(out, t.Video)
	}
	for _, s := range t.Slides {
		if !fact.ValidURL(s) && snippets.SafeFileName(s) {
			out = append(out, s)
		}
	}
	return out
}

// Actors are the actor ids the training names: its organiser and its
// speakers', each once.
func (t *Training) Actors() []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range append([]string{t.Organiser}, t.speakerActors()...) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func (t *Training) speakerActors() []string {
	out := make([]string, len(t.Speakers))
	for i, s := range t.Speakers {
		out[i] = s.Actor
	}
	return out
}
