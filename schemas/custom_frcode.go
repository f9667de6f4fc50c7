package schemas

import "github.com/gpso/codal/schemas/frcode"

// frcodeKinds registers the French code lists (package frcode) as custom checks. Validata now
// checks such codes with the fr-format library (CodeCommuneInsee,
// CodePostal, CodeDepartement, CodeRegion), but the name a schema would
// give them in custom_checks could not be verified; codal names them
// french-commune-code, french-postal-code, french-departement-code and
// french-region-code, with params {"column": …}, and skips missing columns
// and empty cells like Validata's single-column checks.
func frcodeKinds(registerKind func(*customKind)) {
	registerKind(single("french-commune-code", "", simple(func(s string, _ val) *verdict {
		if frcode.Commune(s) {
			return nil
		}
		return &verdict{text: cat(lit("code commune INSEE inconnu : un code du Code officiel géographique en vigueur est attendu (5 caractères, ex. 92040 pour Issy-les-Moulineaux, 2A004 pour Ajaccio, 75101 pour Paris 1er)",
			"unknown INSEE commune code: expected a code of the current Code officiel géographique (5 characters, e.g. 92040 for Issy-les-Moulineaux, 2A004 for Ajaccio, 75101 for Paris 1st)"), found(s))}
	})))
	registerKind(single("french-postal-code", "", simple(func(s string, _ val) *verdict {
		if frcode.PostalCode(s) {
			return nil
		}
		return &verdict{text: cat(lit("code postal inconnu : un code postal français en usage est attendu (5 chiffres, ex. 92130)",
			"unknown postal code: expected a French postal code in use (5 digits, e.g. 92130)"), found(s))}
	})))
	registerKind(single("french-departement-code", "", simple(func(s string, _ val) *verdict {
		if frcode.Departement(s) {
			return nil
		}
		return &verdict{text: cat(lit("code de département inconnu : 01 à 95, 2A, 2B, 971 à 976 ou une collectivité d'outre-mer (975, 977, 978, 984, 986 à 989) attendu",
			"unknown département code: expected 01 to 95, 2A, 2B, 971 to 976 or an overseas collectivity (975, 977, 978, 984, 986 to 989)"), found(s))}
	})))
	registerKind(single("french-region-code", "", simple(func(s string, _ val) *verdict {
		if frcode.Region(s) {
			return nil
		}
		return &verdict{text: cat(lit("code de région inconnu : un des 18 codes de région en vigueur depuis 2016 (ex. 11 pour l'Île-de-France) attendu",
			"unknown région code: expected one of the 18 région codes in force since 2016 (e.g. 11 for Île-de-France)"), found(s))}
	})))
}
