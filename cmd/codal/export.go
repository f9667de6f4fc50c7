package main

import (
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
)

// exportActors writes the actors a list keeps as vCards (an address book a
// mail client imports) or as CSV (one row per actor, for a spreadsheet).
func (a *app) exportActors(l catalogue.Lister, terms []string, format string) error {
	xs, err := l.ListActors(terms)
	if err != nil {
		return err
	}
	if format == "vcard" {
		return directory.WriteVCards(a.stdout, xs, a.lang)
	}
	return writeActorsCSV(a, xs)
}

// actorCSVHeader is the header of `codal list actors --format csv`; its
// column names are a contract for spreadsheets and scripts: extend, never
// rename.
var actorCSVHeader = []string{"id", "nom", "genre", "insee", "siren", "population", "parent", "portail", "codal",
	"competences", "courriels", "telephones", "adresse", "code_postal", "ville", "pays"}

// writeActorsCSV writes RFC 4180 CSV (comma, CRLF line ends) with a header
// row; lists (competences, mailboxes, phones) are joined with " | ". Cells
// are cleaned of control characters, and a cell a spreadsheet would read
// as a formula (= + - @ first) is prefixed with an apostrophe.
func writeActorsCSV(a *app, xs []*directory.Actor) error {
	w := csv.NewWriter(a.stdout)
	w.UseCRLF = true
	if err := w.Write(actorCSVHeader); err != nil {
		return err
	}
	for _, x := range xs {
		var mails, phones []string
		for _, c := range x.Contacts {
			if c.Email != "" {
				mails = append(mails, c.Email)
			}
			if c.Phone != "" {
				phones = append(phones, c.Phone)
			}
		}
		pop := ""
		if x.Population > 0 {
			pop = strconv.Itoa(x.Population)
		}
		codal := "non"
		if x.CODAL {
			codal = "oui"
		}
		row := []string{x.ID, x.Name, string(x.Kind), x.INSEE, x.SIREN, pop, x.Parent, x.Portal, codal,
			strings.Join(x.Competences, " | "), strings.Join(mails, " | "), strings.Join(phones, " | "),
			x.Address.Street, x.Address.PostalCode, x.Address.City, x.Address.Country}
		for i, c := range row {
			row[i] = csvCell(c)
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// csvCell cleans one cell and defuses formula injection.
func csvCell(s string) string {
	s = fact.CleanLine(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		s = "'" + s
	}
	return s
}
