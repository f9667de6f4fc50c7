package directory

import (
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Address is an actor's postal address (optional, `address:` in
// actors/<id>.yaml). Country defaults to France.
type Address struct {
	Street     string `yaml:"street,omitempty" json:"street,omitempty"`
	PostalCode string `yaml:"postal_code,omitempty" json:"postal_code,omitempty"`
	City       string `yaml:"city,omitempty" json:"city,omitempty"`
	Country    string `yaml:"country,omitempty" json:"country,omitempty"`
}

// IsZero reports whether no part of the address is given.
func (a Address) IsZero() bool { return a == Address{} }

// InFrance reports whether the address is French (no country, or France).
func (a Address) InFrance() bool {
	c := fact.Fold(strings.TrimSpace(a.Country))
	return c == "" || c == "france" || c == "fr"
}

// checkAddress checks an actor's address: a city is needed, and a French
// postal code has five digits.
func checkAddress(a Address, errf func(key, code string, t i18n.Text, args ...any)) {
	if a.IsZero() {
		return
	}
	if strings.TrimSpace(a.City) == "" {
		errf("address", "missing-field", i18n.T("l'adresse n'a pas de ville (champ %q)", "the address has no city (field %q)"), "city")
	}
	if a.PostalCode != "" && a.InFrance() && !fiveDigits(a.PostalCode) {
		errf("$.address.postal_code", "invalid-value", i18n.T("code postal %q invalide : cinq chiffres attendus", "invalid postal code %q: five digits expected"), a.PostalCode)
	}
}

func fiveDigits(s string) bool {
	if len(s) != 5 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String is the address on one line, as a French envelope reads it:
// "62 rue du Général Leclerc, 92130 Issy-les-Moulineaux" (and the country
// when it is not France).
func (a Address) String() string {
	var parts []string
	if s := strings.TrimSpace(a.Street); s != "" {
		parts = append(parts, s)
	}
	if s := strings.TrimSpace(strings.TrimSpace(a.PostalCode) + " " + strings.TrimSpace(a.City)); s != "" {
		parts = append(parts, s)
	}
	if !a.InFrance() {
		parts = append(parts, strings.TrimSpace(a.Country))
	}
	return strings.Join(parts, ", ")
}
