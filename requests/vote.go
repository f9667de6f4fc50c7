package requests

import (
	"path"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Vote is one organisation's support for a request, read from
// requests/<id>/votes/<actor-id>.yaml. The file name is the actor's id, so an
// organisation votes at most once per request.
type Vote struct {
	Actor   string    `yaml:"-" json:"actor"`
	Name    string    `yaml:"name" json:"name"`
	Email   string    `yaml:"email" json:"email"`
	Date    fact.Date `yaml:"date" json:"date"`
	Need    Need      `yaml:"need" json:"need"`
	Comment string    `yaml:"comment,omitempty" json:"comment,omitempty"`
}

// ParseVote reads requests/<id>/votes/<actor-id>.yaml.
func ParseVote(file string, data []byte) (*Vote, []fact.Problem) {
	v := &Vote{Actor: strings.TrimSuffix(path.Base(file), ".yaml")}
	doc, probs := fact.SafeDecodeYAML(file, data, v)
	internVote(v)
	if fact.Unread(probs) {
		return v, probs
	}
	probs = append(probs, checkWho(doc, v.Name, v.Email)...)
	if v.Date.IsZero() && !doc.Has("date") {
		probs = append(probs, fact.Errorf(file, doc.Pos("date"), "missing-field", fact.MsgMissing, "date"))
	}
	switch {
	case v.Need == "":
		probs = append(probs, fact.Errorf(file, doc.Pos("need"), "missing-field", fact.MsgMissing, "need"))
	case !v.Need.Valid():
		probs = append(probs, fact.Errorf(file, doc.Pos("need"), "invalid-value",
			i18n.T("niveau de besoin inconnu %q (attendu : essential, useful ou interested)", "unknown need %q (expected: essential, useful or interested)"), string(v.Need)))
	}
	return v, probs
}

// checkWho checks the name and e-mail of whoever wrote a vote or an event.
func checkWho(doc *fact.Doc, name, email string) []fact.Problem {
	var ps []fact.Problem
	if strings.TrimSpace(name) == "" {
		ps = append(ps, fact.Errorf(doc.Path, doc.Pos("name"), "missing-field", fact.MsgMissing, "name"))
	}
	switch {
	case email == "":
		ps = append(ps, fact.Errorf(doc.Path, doc.Pos("email"), "missing-field", fact.MsgMissing, "email"))
	case !fact.ValidEmail(email):
		ps = append(ps, fact.Errorf(doc.Path, doc.Pos("email"), "bad-email", fact.MsgBadEmail, email))
	}
	return ps
}
