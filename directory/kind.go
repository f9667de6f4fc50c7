// Package directory is the directory of the territory's actors: communes, the
// territory (EPT), the métropole, the département, the région, State services,
// agencies, companies and associations. It parses and checks actors/<id>.yaml.
package directory

import "github.com/gpso/codal/i18n"

// Kind is the kind of organisation an actor is.
type Kind string

// The kinds of actor, in the order the directory lists them.
const (
	Commune     Kind = "commune"
	EPT         Kind = "ept"
	Metropole   Kind = "metropole"
	Departement Kind = "departement"
	Region      Kind = "region"
	Etat        Kind = "etat"
	Agence      Kind = "agence"
	Entreprise  Kind = "entreprise"
	Association Kind = "association"
)

// Kinds lists every kind in directory order.
var Kinds = []Kind{Commune, EPT, Metropole, Departement, Region, Etat, Agence, Entreprise, Association}

var kindLabels = map[Kind]i18n.Text{
	Commune:     i18n.T("Commune", "Municipality"),
	EPT:         i18n.T("Établissement public territorial", "Public territorial body"),
	Metropole:   i18n.T("Métropole", "Metropolis"),
	Departement: i18n.T("Département", "Département"),
	Region:      i18n.T("Région", "Region"),
	Etat:        i18n.T("État", "State"),
	Agence:      i18n.T("Agence", "Agency"),
	Entreprise:  i18n.T("Entreprise", "Company"),
	Association: i18n.T("Association", "Association"),
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { _, ok := kindLabels[k]; return ok }

// Label is the kind's name for people.
func (k Kind) Label(l i18n.Lang) string {
	if t, ok := kindLabels[k]; ok {
		return t.In(l)
	}
	return string(k)
}

// Order is the kind's place in Kinds (communes first); unknown kinds last.
func (k Kind) Order() int {
	for i, v := range Kinds {
		if v == k {
			return i
		}
	}
	return len(Kinds)
}
