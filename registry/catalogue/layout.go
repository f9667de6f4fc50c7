package catalogue

import (
	"fmt"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Kind names one of the kinds of entry; its value is the folder the
// entries live in.
type Kind string

// The kinds of entry.
const (
	Actors    Kind = "actors"
	Snippets  Kind = "snippets"
	Schemas   Kind = "schemas"
	Requests  Kind = "requests"
	Trainings Kind = "trainings"
	Tips      Kind = "tips"
)

// Kinds lists the kinds in the order codal shows them.
var Kinds = []Kind{Actors, Snippets, Schemas, Requests, Trainings, Tips}

// File names inside entry folders.
const (
	SnippetFile = "snippet.yaml"
	SchemaFile  = "schema.json"
	RequestFile = "request.yaml"
	// TrainingFile is a training's main file; its slides and video may sit
	// beside it.
	TrainingFile = "training.yaml"
	// TipFile is a tip: YAML front matter, then Markdown.
	TipFile     = "tip.md"
	VotesDir    = "votes"
	EventsDir   = "events"
	CommentsDir = "comments"
	ExamplesDir = "examples"
	ReadmeFile  = "README.md"
)

// MaxFactSize caps the size of a file codal reads from a registry (4 MiB):
// the YAML and JSON it parses, the code of snippets, the descriptions given
// on the command line.
const MaxFactSize = fact.MaxFileSize

const maxFactSize = MaxFactSize

// ParseKind reads a kind name, singular or plural, French or English
// ("request", "demandes", "schéma"…).
func ParseKind(s string) (Kind, bool) {
	switch fact.Fold(strings.TrimSpace(s)) {
	case "actors", "actor", "acteurs", "acteur", "annuaire", "directory":
		return Actors, true
	case "snippets", "snippet", "extraits", "extrait", "code":
		return Snippets, true
	case "schemas", "schema":
		return Schemas, true
	case "requests", "request", "demandes", "demande":
		return Requests, true
	case "trainings", "training", "formations", "formation":
		return Trainings, true
	case "tips", "tip", "astuces", "astuce":
		return Tips, true
	}
	return "", false
}

// ParseRef reads "KIND/ID", such as "requests/budget-climat".
func ParseRef(ref string) (Kind, string, error) {
	k, id, ok := strings.Cut(strings.Trim(ref, "/"), "/")
	kind, known := ParseKind(k)
	if !ok || !known || id == "" {
		return "", "", i18n.Errorf(i18n.T(
			"référence %q invalide : TYPE/ID attendu, où TYPE est actors, snippets, schemas, requests, trainings ou tips (par exemple requests/budget-climat)",
			"invalid reference %q: KIND/ID expected, where KIND is actors, snippets, schemas, requests, trainings or tips (for example requests/budget-climat)"), ref)
	}
	if err := fact.CheckID(id); err != nil {
		return "", "", err
	}
	return kind, id, nil
}

// Path returns the path of the entry's main file, relative to the registry
// root.
func (k Kind) Path(id string) string {
	switch k {
	case Actors:
		return fmt.Sprintf("actors/%s.yaml", id)
	case Snippets:
		return fmt.Sprintf("snippets/%s/%s", id, SnippetFile)
	case Schemas:
		return fmt.Sprintf("schemas/%s/%s", id, SchemaFile)
	case Trainings:
		return fmt.Sprintf("trainings/%s/%s", id, TrainingFile)
	case Tips:
		return fmt.Sprintf("tips/%s/%s", id, TipFile)
	}
	return fmt.Sprintf("requests/%s/%s", id, RequestFile)
}

// Label is the kind's name for people.
func (k Kind) Label(l i18n.Lang) string {
	switch k {
	case Actors:
		return i18n.T("Annuaire", "Directory").In(l)
	case Snippets:
		return i18n.T("Extraits de code", "Code snippets").In(l)
	case Schemas:
		return i18n.T("Schémas", "Schemas").In(l)
	case Trainings:
		return i18n.T("Formations", "Trainings").In(l)
	case Tips:
		return i18n.T("Astuces", "Tips").In(l)
	}
	return i18n.T("Demandes", "Requests").In(l)
}

// SnippetPath is the path of one of a snippet's files from the registry's
// root.
func SnippetPath(id, name string) string { return string(Snippets) + "/" + id + "/" + name }
