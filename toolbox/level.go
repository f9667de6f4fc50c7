package toolbox

import (
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Level is how much a training expects of its audience.
type Level string

// The three levels, as written in training.yaml.
const (
	Beginner     Level = "débutant"
	Intermediate Level = "intermédiaire"
	Advanced     Level = "avancé"
)

// Levels lists the levels from the easiest.
var Levels = []Level{Beginner, Intermediate, Advanced}

// ParseLevel reads a level, accents and case aside ("debutant", "Avancé").
func ParseLevel(s string) (Level, bool) {
	f := fact.Fold(s)
	for _, l := range Levels {
		if fact.Fold(string(l)) == f {
			return l, true
		}
	}
	return "", false
}

// Label is the level's name for people.
func (l Level) Label(lang i18n.Lang) string {
	switch l {
	case Beginner:
		return i18n.T("débutant", "beginner").In(lang)
	case Intermediate:
		return i18n.T("intermédiaire", "intermediate").In(lang)
	case Advanced:
		return i18n.T("avancé", "advanced").In(lang)
	}
	return string(l)
}
