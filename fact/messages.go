package fact

import "github.com/gpso/codal/i18n"

// Messages shared by every kind of entry.
var (
	// MsgMissing takes the field name.
	MsgMissing = i18n.T("champ obligatoire %q manquant", "required field %q is missing")
	// MsgBadURL takes the field name and the value.
	MsgBadURL = i18n.T("le champ %q doit être une URL http(s) complète, pas %q", "the field %q must be a full http(s) URL, not %q")
	// MsgBadEmail takes the value.
	MsgBadEmail = i18n.T("adresse e-mail invalide %q", "invalid e-mail address %q")
	// MsgBadDate takes the field name.
	MsgBadDate = i18n.T("le champ %q doit être une date AAAA-MM-JJ", "the field %q must be a date YYYY-MM-DD")
)

// HasCode reports whether any problem has one of the codes.
func HasCode(ps []Problem, codes ...string) bool {
	for _, p := range ps {
		for _, c := range codes {
			if p.Code == c {
				return true
			}
		}
	}
	return false
}

// FromError turns a bilingual error into an error-level problem.
func FromError(path string, pos Pos, code string, err *i18n.Error) Problem {
	return Errorf(path, pos, code, err.Text, err.Args...)
}

// Unread reports whether decoding stopped before reading the fields: the
// file is not YAML (yaml-syntax), not one mapping (yaml-shape), or nested too
// deeply to be parsed (too-deep). Its fields are then not checked.
func Unread(ps []Problem) bool { return HasCode(ps, "yaml-syntax", "yaml-shape", "too-deep") }
