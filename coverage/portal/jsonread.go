package portal

import (
	"encoding/json"
	"errors"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// decode reads a JSON body of at most limit bytes, refuses one nested
// deeper than fact.MaxDepth, then decodes it into v. where (the portal)
// names the response in the error's sentence.
func decode(r *response, limit int64, v any, where string) error {
	data, err := fact.ReadCapped(r.Body, limit)
	switch {
	case errors.Is(err, fact.ErrTooLarge):
		return i18n.Wrap(ErrTooLarge, i18n.T("la réponse de %s dépasse %d Mio : refusée", "the answer of %s is over %d MiB: refused"), where, limit>>20)
	case err != nil:
		return unreachable(r.Request.URL.Host, err)
	}
	if !shallow(data, fact.MaxDepth) {
		return i18n.Wrap(ErrTooDeep, i18n.T("la réponse de %s est imbriquée sur plus de %d niveaux : refusée", "the answer of %s is nested more than %d levels deep: refused"), where, fact.MaxDepth)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return i18n.Wrap(errors.Join(ErrBadResponse, err), i18n.T("la réponse de %s n'est pas le JSON attendu", "the answer of %s is not the JSON expected"), where)
	}
	return nil
}

// shallow reports whether the JSON text nests arrays and objects at most
// max levels deep (strings skipped, escapes honoured).
func shallow(data []byte, max int) bool {
	depth := 0
	in := false
	for i := 0; i < len(data); i++ {
		b := data[i]
		if in {
			switch b {
			case '\\':
				i++
			case '"':
				in = false
			}
			continue
		}
		switch b {
		case '"':
			in = true
		case '[', '{':
			depth++
			if depth > max {
				return false
			}
		case ']', '}':
			depth--
		}
	}
	return true
}
