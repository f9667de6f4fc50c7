package directory

import "github.com/gpso/codal/i18n"

// CheckINSEE checks a commune's INSEE code (code officiel géographique): five
// characters, a département code that exists (01–95 without 20, 2A, 2B, or
// 971–976 overseas) followed by the commune's number.
func CheckINSEE(code string) *i18n.Error {
	if len(code) != 5 {
		return i18n.Errorf(i18n.T("le code INSEE %q doit avoir 5 caractères", "the INSEE code %q must be 5 characters long"), code)
	}
	for i := 2; i < 5; i++ {
		if code[i] < '0' || code[i] > '9' {
			return i18n.Errorf(i18n.T("le code INSEE %q doit finir par 3 chiffres", "the INSEE code %q must end with 3 digits"), code)
		}
	}
	dep := code[:2]
	switch {
	case dep == "2A" || dep == "2B":
		return nil
	case dep[0] < '0' || dep[0] > '9' || dep[1] < '0' || dep[1] > '9':
		return i18n.Errorf(i18n.T("le code INSEE %q ne commence pas par un numéro de département", "the INSEE code %q does not start with a département number"), code)
	case dep == "00" || dep == "20" || dep == "96" || dep == "98" || dep == "99":
		return i18n.Errorf(i18n.T("le code INSEE %q désigne un département qui n'existe pas (%s)", "the INSEE code %q names a département that does not exist (%s)"), code, dep)
	case dep == "97" && (code[2] < '1' || code[2] > '6'):
		return i18n.Errorf(i18n.T("le code INSEE %q désigne un département d'outre-mer qui n'existe pas", "the INSEE code %q names an overseas département that does not exist"), code)
	}
	return nil
}

// CheckSIREN checks a SIREN number: nine digits whose Luhn checksum is valid.
// La Poste's 356000000, the one official exception to the Luhn rule, is
// accepted.
func CheckSIREN(siren string) *i18n.Error {
	if len(siren) != 9 {
		return i18n.Errorf(i18n.T("le SIREN %q doit avoir 9 chiffres", "the SIREN %q must be 9 digits long"), siren)
	}
	for i := 0; i < 9; i++ {
		if siren[i] < '0' || siren[i] > '9' {
			return i18n.Errorf(i18n.T("le SIREN %q ne doit contenir que des chiffres", "the SIREN %q must hold digits only"), siren)
		}
	}
	if siren == "356000000" || Luhn(siren) {
		return nil
	}
	return i18n.Errorf(i18n.T("le SIREN %q a une clé de contrôle (Luhn) fausse", "the SIREN %q fails its Luhn check digit"), siren)
}

// Luhn reports whether the digit string passes the Luhn checksum.
func Luhn(digits string) bool {
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}
