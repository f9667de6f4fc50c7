package catalogue

import (
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/requests"
)

// Format is the newest registry format this codal reads and writes. Format 1
// is requests, votes and events; format 2 adds comments
// (requests/<id>/comments/). codal reads both, writes format 1 until a change
// needs more (Change.MinFormat), and stops on a newer one.
const Format = 2

// MetaFile is the registry's description file at its root.
const MetaFile = "registry.yaml"

// Meta is registry.yaml: what the registry is and who triages its requests.
type Meta struct {
	Format      int      `yaml:"format" json:"format"`
	Name        string   `yaml:"name" json:"name"`
	Description string   `yaml:"description,omitempty" json:"description,omitempty"`
	Language    string   `yaml:"language,omitempty" json:"language,omitempty"`
	Triagers    []string `yaml:"triagers,omitempty" json:"triagers,omitempty"`
	// GitHub is the registry's home repository, "owner/name".
	GitHub string `yaml:"github,omitempty" json:"github,omitempty"`
	// ResponseDays is the response clock in calendar days (0: unset, the
	// default requests.DefaultResponseDays); see ResponseClock.
	ResponseDays int `yaml:"response_days,omitempty" json:"response_days,omitempty"`

	// Where locates the file's values, for problems found later.
	Where fact.Where `yaml:"-" json:"-"`
}

// parseMeta reads registry.yaml. A format newer than Format is an error the
// caller must stop on; everything else is a problem.
func parseMeta(data []byte) (Meta, []fact.Problem, error) {
	var m Meta
	doc, probs := fact.SafeDecodeYAML(MetaFile, data, &m)
	m.Where = doc.Where()
	if fact.Unread(probs) {
		return m, probs, nil
	}
	switch {
	case !doc.Has("format"):
		probs = append(probs, fact.Errorf(MetaFile, doc.Pos("format"), "missing-field", fact.MsgMissing, "format"))
	case m.Format > Format:
		return m, probs, i18n.Errorf(i18n.T(
			"ce registre est au format %d, plus récent que celui que cette version de codal sait lire (%d) : mettez codal à jour",
			"this registry uses format %d, newer than this version of codal reads (%d): update codal"), m.Format, Format)
	case m.Format < 1:
		probs = append(probs, fact.Errorf(MetaFile, doc.Pos("format"), "invalid-value",
			i18n.T("format %d invalide : 1 ou 2 attendu", "invalid format %d: 1 or 2 expected"), m.Format))
	}
	if strings.TrimSpace(m.Name) == "" {
		probs = append(probs, fact.Errorf(MetaFile, doc.Pos("name"), "missing-field", fact.MsgMissing, "name"))
	}
	if m.GitHub != "" && !validRepoName(m.GitHub) {
		probs = append(probs, fact.Errorf(MetaFile, doc.Pos("github"), "invalid-value",
			i18n.T("le champ github doit être de la forme propriétaire/dépôt, pas %q", "the github field must read owner/name, not %q"), m.GitHub))
	}
	for i, t := range m.Triagers {
		if !fact.ValidID(t) {
			probs = append(probs, fact.Errorf(MetaFile, doc.ListPos("triagers", i), "bad-id",
				i18n.T("identifiant d'acteur invalide %q dans triagers", "invalid actor id %q in triagers"), t))
		}
	}
	if doc.Has("response_days") && !fact.HasCode(probs, "field-type") && (m.ResponseDays < 1 || m.ResponseDays > requests.MaxResponseDays) {
		probs = append(probs, fact.Errorf(MetaFile, doc.Pos("response_days"), "invalid-value",
			i18n.T("response_days doit être un nombre entier de jours entre 1 et %d, pas %d", "response_days must be a whole number of days from 1 to %d, not %d"), requests.MaxResponseDays, m.ResponseDays))
	}
	return m, probs, nil
}

// ResponseClock is the number of calendar days an addressee has to answer
// a request: response_days, or requests.DefaultResponseDays when unset or
// out of range.
func (m Meta) ResponseClock() int {
	if m.ResponseDays < 1 || m.ResponseDays > requests.MaxResponseDays {
		return requests.DefaultResponseDays
	}
	return m.ResponseDays
}

func validRepoName(s string) bool {
	owner, name, ok := strings.Cut(s, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./", r)) {
			return false
		}
	}
	return true
}
