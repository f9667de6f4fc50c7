package directory

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// WriteVCards writes one vCard 4.0 (RFC 6350) per actor, in the given
// order, so the directory can be imported into a mail client or an address
// book: the organisation's name (FN, ORG), its kind and competences
// (CATEGORIES), every contact's mailbox and phone (EMAIL, TEL, the first one
// preferred), its portal (URL), its address (ADR) when it has one, and a
// NOTE naming each contact's role and the SIREN and INSEE codes. Lines end
// with CRLF and are folded at 75 octets, never inside a UTF-8 sequence;
// text is cleaned of control characters and escaped.
func WriteVCards(w io.Writer, actors []*Actor, lang i18n.Lang) error {
	bw := bufio.NewWriter(w)
	for _, a := range actors {
		writeVCard(bw, a, lang)
	}
	return bw.Flush()
}

func writeVCard(w *bufio.Writer, a *Actor, lang i18n.Lang) {
	line := func(s string) { foldLine(w, s) }
	line("BEGIN:VCARD")
	line("VERSION:4.0")
	line("KIND:org")
	line("UID:urn:codal:actors:" + vcardText(a.ID))
	line("FN:" + vcardText(a.Name))
	line("ORG:" + vcardText(a.Name))
	cats := []string{vcardText(a.Kind.Label(lang))}
	for _, c := range a.Competences {
		// readers split CATEGORIES on every comma, escaped or not
		c = strings.Join(strings.Fields(strings.NewReplacer(",", " ", ";", " ").Replace(c)), " ")
		cats = append(cats, vcardText(c))
	}
	line("CATEGORIES:" + strings.Join(cats, ","))
	pref := ";PREF=1"
	for _, c := range a.Contacts {
		if c.Email != "" {
			line("EMAIL;TYPE=work" + pref + ":" + vcardText(c.Email))
			pref = ""
		}
	}
	pref = ";PREF=1"
	for _, c := range a.Contacts {
		if c.Phone != "" {
			line("TEL;VALUE=text;TYPE=work" + pref + ":" + vcardText(c.Phone))
			pref = ""
		}
	}
	if a.Portal != "" && fact.ValidURL(a.Portal) {
		line("URL:" + vcardText(a.Portal))
	}
	if !a.Address.IsZero() {
		country := a.Address.Country
		if country == "" {
			country = "France"
		}
		// post office box; extended address; street; locality; region;
		// postal code; country
		line("ADR;TYPE=work:;;" + vcardText(a.Address.Street) + ";" + vcardText(a.Address.City) + ";;" +
			vcardText(a.Address.PostalCode) + ";" + vcardText(country))
	}
	if note := vcardNote(a, lang); note != "" {
		line("NOTE:" + vcardText(note))
	}
	line("END:VCARD")
}

// vcardNote names each contact's role (and person, when given) and the
// actor's official codes.
func vcardNote(a *Actor, lang i18n.Lang) string {
	var lines []string
	for _, c := range a.Contacts {
		who := c.Role
		if c.Name != "" {
			who += " (" + c.Name + ")"
		}
		var ways []string
		for _, s := range []string{c.Email, c.Phone} {
			if s != "" {
				ways = append(ways, s)
			}
		}
		lines = append(lines, who+" : "+strings.Join(ways, ", "))
	}
	if a.SIREN != "" {
		lines = append(lines, "SIREN "+a.SIREN)
	}
	if a.INSEE != "" {
		lines = append(lines, i18n.T("code INSEE ", "INSEE code ").In(lang)+a.INSEE)
	}
	return strings.Join(lines, "\n")
}

// vcardText cleans registry text (no control character survives) and
// escapes what RFC 6350 §3.4 reserves in values: backslash, comma,
// semicolon and newline.
func vcardText(s string) string {
	s = fact.Clean(s)
	r := strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\n", `\n`)
	return r.Replace(s)
}

// foldLine writes one content line, folded as RFC 6350 §3.2 asks: no line
// longer than 75 octets, continuation lines starting with a space, never
// splitting a UTF-8 sequence.
func foldLine(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
