package directory

import (
	"path"
	"strconv"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Actor is one organisation of the directory, read from actors/<id>.yaml.
type Actor struct {
	ID         string `yaml:"-" json:"id"`
	Name       string `yaml:"name" json:"name"`
	Kind       Kind   `yaml:"kind" json:"kind"`
	INSEE      string `yaml:"insee,omitempty" json:"insee,omitempty"`
	SIREN      string `yaml:"siren,omitempty" json:"siren,omitempty"`
	Population int    `yaml:"population,omitempty" json:"population,omitempty"`
	Parent     string `yaml:"parent,omitempty" json:"parent,omitempty"`
	Portal     string `yaml:"portal,omitempty" json:"portal,omitempty"`
	// DataGouv names the actor's organisation on data.gouv.fr: its id (24
	// hexadecimal digits) or its slug.
	DataGouv    string    `yaml:"datagouv,omitempty" json:"datagouv,omitempty"`
	Competences []string  `yaml:"competences,omitempty" json:"competences,omitempty"`
	CODAL       bool      `yaml:"codal,omitempty" json:"codal"`
	Contacts    []Contact `yaml:"contacts,omitempty" json:"contacts,omitempty"`
	// Address is the organisation's postal address, when given.
	Address Address `yaml:"address,omitempty" json:"address,omitzero"`

	// Where locates the file's values, for problems found later.
	Where fact.Where `yaml:"-" json:"-"`
}

// Contact is a way to reach an actor: preferably a role mailbox; the personal
// name is optional.
type Contact struct {
	Role  string `yaml:"role" json:"role"`
	Email string `yaml:"email,omitempty" json:"email,omitempty"`
	Phone string `yaml:"phone,omitempty" json:"phone,omitempty"`
	Name  string `yaml:"name,omitempty" json:"name,omitempty"`
}

// IsCommune reports whether the actor is a commune.
func (a *Actor) IsCommune() bool { return a.Kind == Commune }

// Parse reads actors/<id>.yaml. file is the path relative to the registry
// root; the id is the file name without ".yaml". The actor is returned even
// when it has problems, filled in as far as possible. References to other
// actors (parent) are checked by the registry, which knows them all.
func Parse(file string, data []byte) (*Actor, []fact.Problem) {
	a := &Actor{ID: strings.TrimSuffix(path.Base(file), ".yaml")}
	doc, probs := fact.SafeDecodeYAML(file, data, a)
	a.Where = doc.Where()
	if fact.Unread(probs) {
		return a, probs
	}
	return a, append(probs, a.check(doc)...)
}

func (a *Actor) check(doc *fact.Doc) []fact.Problem {
	var ps []fact.Problem
	f := doc.Path
	errf := func(key, code string, t i18n.Text, args ...any) {
		ps = append(ps, fact.Errorf(f, doc.Pos(key), code, t, args...))
	}
	if strings.TrimSpace(a.Name) == "" {
		errf("name", "missing-field", fact.MsgMissing, "name")
	}
	switch {
	case a.Kind == "":
		errf("kind", "missing-field", fact.MsgMissing, "kind")
	case !a.Kind.Valid():
		errf("kind", "invalid-value", i18n.T("genre d'acteur inconnu %q (attendu : %s)", "unknown kind of actor %q (expected: %s)"), string(a.Kind), kindList())
	}
	if a.Kind == Commune && a.INSEE == "" {
		errf("name", "missing-field", i18n.T("une commune doit avoir son code INSEE (champ %q)", "a commune needs its INSEE code (field %q)"), "insee")
	}
	if a.INSEE != "" {
		if err := CheckINSEE(a.INSEE); err != nil {
			ps = append(ps, fact.FromError(f, doc.Pos("insee"), "bad-insee", err))
		}
	}
	if a.SIREN != "" {
		if err := CheckSIREN(a.SIREN); err != nil {
			ps = append(ps, fact.FromError(f, doc.Pos("siren"), "bad-siren", err))
		}
	}
	if a.Population < 0 {
		errf("population", "invalid-value", i18n.T("la population ne peut pas être négative", "the population cannot be negative"))
	}
	if a.Portal != "" && !fact.ValidURL(a.Portal) {
		errf("portal", "bad-url", fact.MsgBadURL, "portal", a.Portal)
	}
	if a.DataGouv != "" && !ValidDataGouv(a.DataGouv) {
		errf("datagouv", "invalid-value", i18n.T("organisation data.gouv.fr illisible %q : attendu son identifiant ou son slug (lettres minuscules, chiffres, tirets)",
			"unreadable data.gouv.fr organisation %q: expected its id or its slug (lowercase letters, digits, hyphens)"), a.DataGouv)
	}
	checkAddress(a.Address, errf)
	for i, c := range a.Contacts {
		at := func(k string) string { return "$.contacts[" + strconv.Itoa(i) + "]." + k }
		if strings.TrimSpace(c.Role) == "" {
			ps = append(ps, fact.Errorf(f, doc.Pos(at("role")), "missing-field", i18n.T("le contact n°%d n'a pas de rôle (%q)", "contact #%d has no role (%q)"), i+1, "role"))
		}
		if c.Email == "" && c.Phone == "" {
			ps = append(ps, fact.Errorf(f, doc.Pos(at("role")), "missing-field", i18n.T("le contact n°%d n'a ni e-mail ni téléphone", "contact #%d has neither e-mail nor phone"), i+1))
		}
		if c.Email != "" && !fact.ValidEmail(c.Email) {
			ps = append(ps, fact.Errorf(f, doc.Pos(at("email")), "bad-email", fact.MsgBadEmail, c.Email))
		}
		if c.Phone != "" && !validPhone(c.Phone) {
			ps = append(ps, fact.Errorf(f, doc.Pos(at("phone")), "invalid-value", i18n.T("numéro de téléphone illisible %q", "unreadable phone number %q"), c.Phone))
		}
	}
	return ps
}

// ValidDataGouv reports whether s can name a data.gouv.fr organisation: an
// id (24 hexadecimal digits) or a slug (lowercase letters, digits and
// hyphens, at most 100), so that it is safe in the API's path.
func ValidDataGouv(s string) bool {
	if s == "" || len(s) > 100 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func validPhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '.' || r == '-' || r == '+' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits >= 3 && digits <= 15
}

func kindList() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}
