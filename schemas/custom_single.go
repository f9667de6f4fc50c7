package schemas

import (
	"github.com/gpso/codal/i18n"
)

// verdict is a single-column check's finding on one cell: the error's code
// (the check's own when empty) and its message.
type verdict struct {
	code string
	text i18n.Text
}

// singleCheck is a custom check on the cells of one column (Validata's
// CustomCheckSingleColumn): skipped when the column is missing from the
// file and on empty cells (missing values, or cells that failed their type
// check, which frictionless hands to checks as empty).
type singleCheck struct {
	code string
	fi   int
	test func(s string, v val) *verdict
}

func (c *singleCheck) header(r *rowCtx, emit func(CSVError)) bool { return r.present(c.fi) }

func (c *singleCheck) row(r rowCtx, emit func(CSVError)) {
	s, v, ok := r.value(c.fi)
	if !ok || s == "" {
		return
	}
	if vd := c.test(s, v); vd != nil {
		code := vd.code
		if code == "" {
			code = c.code
		}
		emit(r.cellError(code, c.fi, s, vd.text))
	}
}

// single builds a kind whose check reads params.column.
func single(name, old string, test func(v *Validator, fi int, p checkParams) (func(s string, v val) *verdict, *paramError)) *customKind {
	return &customKind{name: name, old: old, build: func(p checkParams, v *Validator) (rowCheck, *paramError) {
		col, bad := p.column("column")
		if bad != nil {
			return nil, bad
		}
		fi := fieldIndex(v, col)
		t, bad := test(v, fi, p)
		if bad != nil {
			return nil, bad
		}
		return &singleCheck{code: name, fi: fi, test: t}, nil
	}}
}

// simple adapts a test that needs no params.
func simple(t func(s string, v val) *verdict) func(*Validator, int, checkParams) (func(string, val) *verdict, *paramError) {
	return func(*Validator, int, checkParams) (func(string, val) *verdict, *paramError) { return t, nil }
}

// found ends a message with what the cell holds.
func found(s string) i18n.Text {
	return cat(lit(" ; trouvé : ", "; found "), quoted(s))
}

// singleKinds registers the single-column checks.
func singleKinds(registerKind func(*customKind)) {
	registerKind(single("french-siret-value", "siret", simple(func(s string, _ val) *verdict {
		if validSIRET(s) {
			return nil
		}
		return &verdict{text: cat(lit("numéro SIRET invalide : 14 chiffres attendus dont la clé de contrôle (algorithme de Luhn) est juste",
			"invalid SIRET number: expected 14 digits with a correct check digit (Luhn algorithm)"), found(s))}
	})))
	registerKind(single("french-siren-value", "siren", simple(func(s string, _ val) *verdict {
		if validSIREN(s) {
			return nil
		}
		return &verdict{text: cat(lit("numéro SIREN invalide : 9 chiffres attendus dont la clé de contrôle (algorithme de Luhn) est juste",
			"invalid SIREN number: expected 9 digits with a correct check digit (Luhn algorithm)"), found(s))}
	})))
	registerKind(single("phone-number-value", "", simple(func(s string, _ val) *verdict {
		if validPhone(s) {
			return nil
		}
		return &verdict{text: cat(lit("numéro de téléphone invalide : un numéro français à 10 chiffres (01 99 00 27 37), international avec l'indicatif du pays (+33 1 99 00 27 37) ou un numéro court (115, 3949) attendu",
			"invalid phone number: expected a 10-digit French number (01 99 00 27 37), an international one with its country code (+33 1 99 00 27 37) or a short number (115, 3949)"), found(s))}
	})))
	registerKind(single("nomenclature-actes-value", "", simple(nomenclatureActes)))
	registerKind(single("french-gps-coordinates", "", simple(frenchGPS)))
	registerKind(single("opening-hours-value", "", simple(func(s string, _ val) *verdict {
		err := parseOpeningHours(s)
		if err == nil {
			return nil
		}
		return &verdict{text: cat(lit("horaires d'ouverture invalides : la syntaxe opening_hours d'OpenStreetMap est attendue (ex. « Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-12:00 ») ; ",
			`invalid opening hours: the OpenStreetMap opening_hours syntax is expected (e.g. "Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-12:00"); `),
			err.text, found(s))}
	})))
	registerKind(single("year-interval-value", "", yearInterval))
}
