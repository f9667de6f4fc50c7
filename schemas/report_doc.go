package schemas

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gpso/codal/i18n"
)

// DocInfo says what a report document (Markdown or HTML) is about, beyond
// the Report itself: the file's name as the producer knows it, the
// schema's title, the language, and how many rows of each error type to
// list.
type DocInfo struct {
	// File is the name of the checked file (a base name: the producer does
	// not need the data officer's folders).
	File string
	// SchemaTitle is the schema's title, shown next to its id ("" for none).
	SchemaTitle string
	// Lang is the language of the document.
	Lang i18n.Lang
	// PerType is how many errors of each type are listed; 0 means
	// DefaultPerType. The others are counted ("and N more").
	PerType int
}

// DefaultPerType is how many errors of each type a report document lists.
const DefaultPerType = 20

// Bounds of a report document's cells: every string comes from the file or
// the schema and may be megabytes long.
const (
	// MaxDocValue is how many characters of a cell's value a document shows.
	MaxDocValue = 200
	// MaxDocTitle is how many characters of a file name or schema title a
	// document shows.
	MaxDocTitle = 200
)

// docGroup is the errors of one type in a report document.
type docGroup struct {
	Code    string
	Explain string
	Count   int
	Rows    []docRow
	More    int // errors of this type not listed
}

// docRow is one listed error, every string made inert and bounded.
type docRow struct {
	Row, Column, Field, Value, Message string
}

// docSummary is what both documents show before the groups.
type docSummary struct {
	Title, Schema, File, Rows, Encoding, Delimiter, Verdict string
	Valid, Truncated                                        bool
	TruncatedNote                                           string
	Groups                                                  []docGroup
}

// codeOrder lists the error codes in the order a document shows their
// groups: the header's problems first, then the rows', then the cells'.
// Codes not listed (custom checks) come after, in alphabetical order.
var codeOrder = []string{"blank-header", "blank-label", "duplicate-label", "missing-label", "extra-label",
	"blank-row", "missing-cell", "extra-cell", "type-error", "constraint-error", "unique-error", "primary-key", "pattern-timeout"}

// codeExplanations say in plain words what each error type means, for the
// producer of the file; built when a report first asks.
var codeExplanations = sync.OnceValue(func() map[string]i18n.Text {
	return map[string]i18n.Text{
		"blank-header":     i18n.T("Le fichier n'a pas de ligne d'en-tête utilisable : il est vide, ou sa première ligne est vide, ou elle ne contient aucun nom de colonne.", "The file has no usable header line: it is empty, or its first line is empty, or it names no column."),
		"blank-label":      i18n.T("Une colonne de l'en-tête n'a pas de nom.", "A column of the header has no name."),
		"duplicate-label":  i18n.T("Un nom de colonne apparaît deux fois dans l'en-tête ; la seconde colonne est ignorée.", "A column name appears twice in the header; the second column is ignored."),
		"missing-label":    i18n.T("Une colonne demandée par le schéma est absente du fichier : ses valeurs ne peuvent pas être vérifiées.", "A column the schema asks for is absent from the file: its values cannot be checked."),
		"extra-label":      i18n.T("Le fichier a une colonne que le schéma ne prévoit pas (souvent un nom mal orthographié).", "The file has a column the schema does not have (often a misspelt name)."),
		"blank-row":        i18n.T("Une ligne est entièrement vide.", "A row is entirely empty."),
		"missing-cell":     i18n.T("Une ligne a moins de valeurs que l'en-tête n'a de colonnes.", "A row has fewer values than the header has columns."),
		"extra-cell":       i18n.T("Une valeur est hors des colonnes du schéma : sa colonne n'est pas dans le schéma, ou la ligne a plus de valeurs que l'en-tête n'a de colonnes (souvent un séparateur de trop dans une valeur).", "A value lies outside the schema's columns: its column is not in the schema, or the row has more values than the header has columns (often a separator inside a value)."),
		"type-error":       i18n.T("Une valeur n'a pas le type ou le format attendu (nombre, date, booléen…).", "A value is not of the expected type or format (number, date, boolean…)."),
		"constraint-error": i18n.T("Une valeur ne respecte pas une règle du schéma : obligatoire, liste de valeurs permises, motif, longueur, minimum ou maximum.", "A value breaks a rule of the schema: required, allowed values, pattern, length, minimum or maximum."),
		"unique-error":     i18n.T("Une valeur qui doit être unique apparaît plusieurs fois.", "A value that must be unique appears more than once."),
		"primary-key":      i18n.T("L'identifiant de la ligne (clé primaire) est déjà utilisé par une autre ligne, ou vide.", "The row's identifier (primary key) is already used by another row, or empty."),
		"pattern-timeout":  i18n.T("La valeur n'a pas pu être comparée au motif du schéma dans le temps imparti : elle doit être vérifiée à la main.", "The value could not be matched against the schema's pattern in time: it must be checked by hand."),
		// Validata's custom checks (custom.go): the code is the check's name.
		"french-siret-value":              i18n.T("Un numéro SIRET est invalide : il faut 14 chiffres dont le dernier est une clé de contrôle (algorithme de Luhn).", "A SIRET number is invalid: 14 digits are expected, the last a check digit (Luhn algorithm)."),
		"french-siren-value":              i18n.T("Un numéro SIREN est invalide : il faut 9 chiffres dont le dernier est une clé de contrôle (algorithme de Luhn).", "A SIREN number is invalid: 9 digits are expected, the last a check digit (Luhn algorithm)."),
		"one-of-required":                 i18n.T("Une ligne ne renseigne aucune de deux colonnes dont l'une au moins est obligatoire.", "A row fills neither of two columns of which at least one is required."),
		"french-gps-coordinates":          i18n.T("Des coordonnées GPS tombent hors de la France (métropole et outre-mer).", "GPS coordinates fall outside France (mainland and overseas)."),
		"reversed-french-gps-coordinates": i18n.T("La latitude et la longitude semblent inversées.", "Latitude and longitude look swapped."),
		"phone-number-value":              i18n.T("Un numéro de téléphone n'a pas une forme valide (français à 10 chiffres, international avec l'indicatif, ou numéro court).", "A phone number is not of a valid form (French 10 digits, international with the country code, or a short number)."),
		"year-interval-value":             i18n.T("Une année ou un intervalle d'années n'est pas de la forme AAAA ou AAAA/AAAA (la seconde année après la première).", "A year or a span of years is not of the form YYYY or YYYY/YYYY (the second year after the first)."),
		"compare-columns-value":           i18n.T("Deux colonnes d'une même ligne ne respectent pas la comparaison que le schéma demande entre elles.", "Two columns of one row break the comparison the schema asks between them."),
		"sum-columns-value":               i18n.T("Une colonne n'est pas égale à la somme d'autres colonnes de la ligne.", "A column is not the sum of other columns of its row."),
		"cohesive-columns-value":          i18n.T("Des colonnes qui vont ensemble sont renseignées pour une partie seulement.", "Columns that go together are only partly filled."),
		"opening-hours-value":             i18n.T("Des horaires d'ouverture ne suivent pas la syntaxe OpenStreetMap (opening_hours).", "Opening hours do not follow the OpenStreetMap syntax (opening_hours)."),
		"nomenclature-actes-value":        i18n.T("Une matière d'acte ne commence pas par un préfixe de la nomenclature @ctes suivi de « / ».", "An act's subject does not start with a prefix of the @ctes nomenclature followed by \"/\"."),
		"french-commune-code":             i18n.T("Un code commune INSEE est inconnu.", "An INSEE commune code is unknown."),
		"french-postal-code":              i18n.T("Un code postal est inconnu.", "A postal code is unknown."),
		"french-departement-code":         i18n.T("Un code de département est inconnu.", "A département code is unknown."),
		"french-region-code":              i18n.T("Un code de région est inconnu.", "A région code is unknown."),
	}
})

// explainCode returns the plain-words explanation of an error code.
func explainCode(code string, l i18n.Lang) string {
	if t, ok := codeExplanations()[code]; ok {
		return t.In(l)
	}
	return i18n.T("Voir le message de chaque erreur.", "See each error's message.").In(l)
}

// summarize builds what a document shows, every string from the file or
// the schema cleaned of control characters and bounded.
func (r *Report) summarize(info DocInfo) docSummary {
	l := info.Lang
	en := l == i18n.EN
	per := info.PerType
	if per <= 0 {
		per = DefaultPerType
	}
	s := docSummary{Valid: r.Valid(), Truncated: r.Truncated(), File: inert(info.File, MaxDocTitle),
		Encoding: r.Encoding, Rows: i18n.Number(l, r.Rows)}
	s.Schema = inert(r.Schema, MaxDocTitle)
	if info.SchemaTitle != "" {
		s.Schema += " — " + inert(info.SchemaTitle, MaxDocTitle)
	}
	if r.MixedEncoding {
		s.Encoding += i18n.T(" avec des octets Windows-1252", " with Windows-1252 bytes").In(l)
	}
	switch r.Delimiter {
	case `\t`, "\t":
		s.Delimiter = i18n.T("tabulation", "tab").In(l)
	default:
		s.Delimiter = inert(r.Delimiter, 4)
	}
	s.Title = i18n.T("Rapport de validation", "Validation report").In(l)
	if r.Valid() {
		s.Verdict = i18n.T("valide : le fichier est conforme au schéma", "valid: the file matches the schema").In(l)
		return s
	}
	codes := r.docCodes()
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = c + " " + i18n.Number(l, r.Counts[c])
	}
	errs := plural(r.ErrorCount, "erreur", "erreurs", "error", "errors", en)
	if en {
		s.Verdict = "invalid: " + errs + " (" + strings.Join(parts, ", ") + ")"
	} else {
		s.Verdict = "non valide : " + errs + " (" + strings.Join(parts, ", ") + ")"
	}
	if s.Truncated {
		s.TruncatedNote = i18n.T("Seules les %d premières erreurs du fichier ont été conservées : les autres sont comptées ci-dessus mais pas listées.",
			"Only the file's first %d errors were kept: the others are counted above but not listed.").In(l, len(r.Errors))
	}
	byCode := map[string]*docGroup{}
	for _, c := range codes {
		g := &docGroup{Code: c, Explain: explainCode(c, l), Count: r.Counts[c]}
		byCode[c] = g
	}
	for _, e := range r.Errors {
		g := byCode[e.Code]
		if g == nil || len(g.Rows) >= per {
			continue
		}
		col := ""
		if e.Column > 0 {
			col = strconv.Itoa(e.Column)
		}
		g.Rows = append(g.Rows, docRow{Row: strconv.Itoa(e.Row), Column: col, Field: inert(e.Field, maxShown),
			Value: inert(e.Value, MaxDocValue), Message: inert(e.Message(l), MaxMessageCell)})
	}
	for _, c := range codes {
		g := byCode[c]
		g.More = g.Count - len(g.Rows)
		s.Groups = append(s.Groups, *g)
	}
	return s
}

// docCodes returns the report's error codes in document order.
func (r *Report) docCodes() []string {
	rank := make(map[string]int, len(codeOrder))
	for i, c := range codeOrder {
		rank[c] = i
	}
	codes := make([]string, 0, len(r.Counts))
	for c, n := range r.Counts {
		if n > 0 {
			codes = append(codes, c)
		}
	}
	sort.Slice(codes, func(i, j int) bool {
		ri, iok := rank[codes[i]]
		rj, jok := rank[codes[j]]
		switch {
		case iok && jok:
			return ri < rj
		case iok != jok:
			return iok
		}
		return codes[i] < codes[j]
	})
	return codes
}

// writeInert writes r (size bytes of UTF-8, 1 for an invalid byte) as
// inert text: control characters, line breaks and bidirectional formatting
// characters escaped (\x1b, \n, \u202e), an invalid byte as U+FFFD. It
// serves the report documents (inert) and the messages (showValue).
func writeInert(b *strings.Builder, r rune, size int) {
	switch {
	case r == utf8.RuneError && size == 1:
		b.WriteRune(utf8.RuneError)
	case r == '\n':
		b.WriteString(`\n`)
	case r == '\r':
		b.WriteString(`\r`)
	case r == '\t':
		b.WriteString(`\t`)
	case r < 0x20 || r == 0x7f:
		b.WriteString(`\x`)
		b.WriteByte("0123456789abcdef"[r>>4])
		b.WriteByte("0123456789abcdef"[r&15])
	case r >= 0x80 && r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff,
		r >= 0x200e && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x061c:
		b.WriteString(`\u`)
		for shift := 12; shift >= 0; shift -= 4 {
			b.WriteByte("0123456789abcdef"[(r>>uint(shift))&15])
		}
	default:
		b.WriteRune(r)
	}
}

// inert makes a string from the file or the schema safe to place in a
// document: control characters (escape sequences, bidirectional overrides,
// line breaks) shown escaped as \x1b, \n, \u202e…, invalid UTF-8 as U+FFFD,
// and at most n characters kept, the last one "…" when cut. It reads at
// most n characters of s, whatever its length.
func inert(s string, n int) string {
	var b strings.Builder
	count := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if count == n-1 && i+size < len(s) {
			b.WriteString("…")
			break
		}
		i += size
		count++
		writeInert(&b, r, size)
	}
	return b.String()
}
