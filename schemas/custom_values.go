package schemas

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// compactID removes the spaces and dots python-stdnum tolerates in SIREN
// and SIRET numbers ("356 000 000 00048"), then surrounding blanks.
func compactID(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == '.' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '.' {
			b.WriteByte(s[i])
		}
	}
	return strings.TrimSpace(b.String())
}

// luhn reports whether an ASCII digit string passes the Luhn checksum.
func luhn(s string) bool {
	sum := 0
	for i, k := len(s)-1, 0; i >= 0; i, k = i-1, k+1 {
		d := s[i] - '0'
		if k&1 == 1 {
			d = luhnDouble[d]
		}
		sum += int(d)
	}
	return sum%10 == 0
}

// luhnDouble is a digit doubled, its digits summed.
var luhnDouble = [10]byte{0, 2, 4, 6, 8, 1, 3, 5, 7, 9}

// validSIREN is python-stdnum's fr.siren.is_valid: 9 digits (spaces and
// dots removed) passing the Luhn checksum.
func validSIREN(s string) bool {
	if len(s) != 9 || !allDigits(s) {
		s = compactID(s)
	}
	return len(s) == 9 && allDigits(s) && luhn(s)
}

// laPosteSIREN is La Poste's SIREN: its establishments' SIRET numbers do not
// follow the Luhn checksum but the sum of their digits is a multiple of 5
// (its head office, 35600000000048, follows Luhn).
const laPosteSIREN = "356000000"

// validSIRET is python-stdnum's fr.siret.is_valid: 14 digits (spaces and
// dots removed), the Luhn checksum on the whole number (La Poste's
// exception aside) and a valid SIREN in the first 9.
func validSIRET(s string) bool {
	if len(s) != 14 || !allDigits(s) {
		s = compactID(s)
		if len(s) != 14 || !allDigits(s) {
			return false
		}
	}
	if strings.HasPrefix(s, laPosteSIREN) && s != "35600000000048" {
		sum := 0
		for i := 0; i < len(s); i++ {
			sum += int(s[i] - '0')
		}
		if sum%5 != 0 {
			return false
		}
	} else if !luhn(s) {
		return false
	}
	return luhn(s[:9])
}

// validPhone approximates Validata's phone-number-value (libphonenumber's
// is_valid_number for France, then for any country, or a French short
// number): a French number of 10 digits starting 0[1-9], +33 (or 0033)
// followed by 9 digits starting [1-9], an international number (+, a country
// code not starting with 0, 7 to 15 digits in all), or a short number (15,
// 112, 115, 3949, 116xxx, 118xxx…). Separators: spaces, dots, dashes, and
// parentheses around a group.
func validPhone(s string) bool {
	var b strings.Builder
	plus := false
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			plus = true
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')' || r == '\u00a0':
		default:
			return false
		}
	}
	d := b.String()
	if !plus && strings.HasPrefix(d, "00") {
		plus, d = true, d[2:]
	}
	if plus {
		if strings.HasPrefix(d, "33") {
			n := d[2:]
			if strings.HasPrefix(n, "0") {
				n = n[1:] // +33 (0)1 …
			}
			return len(n) == 9 && n[0] != '0'
		}
		return len(d) >= 7 && len(d) <= 15 && d[0] != '0'
	}
	switch {
	case len(d) == 10:
		return d[0] == '0' && d[1] != '0'
	case len(d) == 2 || len(d) == 3:
		return d[0] == '1' // 15, 17, 18, 112, 115, 119…
	case len(d) == 4:
		return d[0] == '1' || d[0] == '3' // 1010, 3949…
	case len(d) == 6:
		return strings.HasPrefix(d, "116") || strings.HasPrefix(d, "118")
	}
	return false
}

// actesPrefixes are the first level of the @ctes nomenclature (what comes
// before the "/" in a deliberation's subject), folded (lower case, no
// accents) as Validata compares them; folded when first asked, not at
// every start of codal (the Unicode normalisation's tables).
var actesPrefixes = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, p := range []string{"Commande publique", "Urbanisme", "Domaine et patrimoine", "Fonction publique",
		"Institutions et vie politique", "Libertés publiques et pouvoirs de police", "Finances locales",
		"Domaines de compétences par thèmes", "Autres domaines de compétences"} {
		m[foldActes(p)] = true
	}
	return m
})

// foldActes lowers a string and removes its accents (NFD, marks dropped),
// as Validata's norm_str does.
func foldActes(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)))
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}

func nomenclatureActes(s string, _ val) *verdict {
	slash := strings.IndexByte(s, '/')
	if slash < 0 {
		return &verdict{text: cat(lit("matière de la nomenclature @ctes invalide : « Préfixe/… » attendu, la barre oblique « / » manque",
			`invalid @ctes nomenclature subject: expected "Prefix/…", the slash "/" is missing`), found(s))}
	}
	prefix := s[:slash]
	if len(prefix) > maxShown*4 || !actesPrefixes()[foldActes(prefix)] {
		return &verdict{text: cat(lit("préfixe de la nomenclature @ctes ", "@ctes nomenclature prefix "), quoted(prefix),
			lit(" non reconnu : Commande publique, Urbanisme, Domaine et patrimoine, Fonction publique, Institutions et vie politique, Libertés publiques et pouvoirs de police, Finances locales, Domaines de compétences par thèmes ou Autres domaines de compétences attendu",
				" is not recognised: expected Commande publique, Urbanisme, Domaine et patrimoine, Fonction publique, Institutions et vie politique, Libertés publiques et pouvoirs de police, Finances locales, Domaines de compétences par thèmes or Autres domaines de compétences"), found(s))}
	}
	return nil
}

// franceBoxes are Validata's bounding boxes of metropolitan France,
// Guadeloupe, Martinique, Guyane, La Réunion and Mayotte (lon min, lat min,
// lon max, lat max), WGS84.
var franceBoxes = [][4]float64{
	{-61.809839, 15.832041, -61.001959, 16.514488},
	{-61.229033, 14.388646, -60.809655, 14.878723},
	{-54.60239, 2.111055, -51.619041, 5.748138},
	{55.216526, -21.389631, 55.836654, -20.8718},
	{45.01833, -13.005254, 45.299985, -12.63659},
	{-5.141277, 41.333571, 9.560091, 51.088989},
}

// inFrance reports whether (lon, lat) lies strictly inside a box, as
// shapely's within does.
func inFrance(lon, lat float64) bool {
	for _, b := range franceBoxes {
		if lon > b[0] && lon < b[2] && lat > b[1] && lat < b[3] {
			return true
		}
	}
	return false
}

// parseLonLat reads a geopoint cell in any of Table Schema's formats:
// "lon, lat", [lon, lat] or {"lon": …, "lat": …}.
func parseLonLat(s string) (lon, lat float64, ok bool) {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "{") {
		var m map[string]float64
		if len(t) > 512 || !jsonUnmarshalStrict(t, &m) {
			return 0, 0, false
		}
		lo, ok1 := m["lon"]
		la, ok2 := m["lat"]
		return lo, la, ok1 && ok2
	}
	t = strings.TrimSuffix(strings.TrimPrefix(t, "["), "]")
	a, b, cut := strings.Cut(t, ",")
	if !cut {
		return 0, 0, false
	}
	lo, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	la, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return lo, la, true
}

func frenchGPS(s string, _ val) *verdict {
	lon, lat, ok := parseLonLat(s)
	if !ok {
		return nil // a type error, or not a point: nothing to place
	}
	if inFrance(lon, lat) {
		return nil
	}
	if inFrance(lat, lon) {
		return &verdict{code: "reversed-french-gps-coordinates", text: cat(lit(
			"coordonnées GPS inversées : « longitude, latitude » attendu, la latitude semble en premier (inversées, elles tombent en France)",
			`reversed GPS coordinates: expected "longitude, latitude", the latitude seems to come first (swapped, they fall in France)`), found(s))}
	}
	return &verdict{text: cat(lit("coordonnées GPS hors de France : un point « longitude, latitude » (WGS84) en métropole, Guadeloupe, Martinique, Guyane, à La Réunion ou Mayotte attendu",
		`GPS coordinates outside France: expected a "longitude, latitude" point (WGS84) in metropolitan France, Guadeloupe, Martinique, Guyane, La Réunion or Mayotte`), found(s))}
}

// yearInterval is Validata's year-interval-value: "AAAA/AAAA" with the
// first year before the second, or "AAAA" alone when allow-year-only is
// the string "yes" or "true" (Validata reads nothing else as true).
func yearInterval(_ *Validator, _ int, p checkParams) (func(string, val) *verdict, *paramError) {
	allow := false
	switch x := p["allow-year-only"].(type) {
	case string:
		allow = x == "yes" || x == "true"
	case nil:
	default:
		return nil, badParam("le paramètre « allow-year-only » doit être la chaîne \"yes\" ou \"true\" : Validata ne lit pas autre chose (ici le contrôle s'applique sans l'option)",
			`the param "allow-year-only" must be the string "yes" or "true": Validata reads nothing else (here the check runs without the option)`)
	}
	return func(s string, _ val) *verdict {
		isYear := func(t string) bool { return len(t) == 4 && allDigits(t) }
		a, b, cut := strings.Cut(s, "/")
		if !cut || !isYear(a) || !isYear(b) {
			if allow && isYear(s) {
				return nil
			}
			if allow {
				return &verdict{text: cat(lit("année ou intervalle d'années invalide : AAAA ou AAAA/AAAA attendu", "invalid year or year interval: expected YYYY or YYYY/YYYY"), found(s))}
			}
			return &verdict{text: cat(lit("intervalle d'années invalide : AAAA/AAAA attendu", "invalid year interval: expected YYYY/YYYY"), found(s))}
		}
		switch {
		case a == b:
			return &verdict{text: cat(lit("intervalle d'années invalide : les deux années doivent être différentes", "invalid year interval: the two years must differ"), found(s))}
		case a > b:
			return &verdict{text: cat(lit("intervalle d'années invalide : la deuxième année doit être postérieure à la première ("+b+"/"+a+")",
				"invalid year interval: the second year must come after the first ("+b+"/"+a+")"), found(s))}
		}
		return nil
	}, nil
}

// jsonUnmarshalStrict decodes a small JSON text, reporting success.
func jsonUnmarshalStrict(t string, out any) bool { return json.Unmarshal([]byte(t), out) == nil }
