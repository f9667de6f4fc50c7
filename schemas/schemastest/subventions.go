// Package schemastest generates CSV files for the schemas package's
// benchmarks, tests and scripts: rows shaped like SCDL subventions, every
// one valid against scdl-subventions, written to any writer (a file, or a
// pipe for files too large for a disk).
package schemastest

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand"
)

// SubventionsHeader is the header line of a subventions file (with its
// line feed).
const SubventionsHeader = "nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;rnaBeneficiaire;objet;montant;nature;conditionsVersement;datesPeriodeVersement;idRAE;notificationUE;pourcentageSubvention;dispositifAide\n"

// subventionRows makes n rows (each with its line feed) shaped like an SCDL
// subventions file (16 columns, ";", UTF-8, accents, one attributing body,
// varied beneficiaries, amounts and dates), every row valid, from rand
// seeded 42: the same rows every time.
func subventionRows(n int, emit func(row []byte) error) error {
	r := rand.New(rand.NewSource(42))
	benef := []string{"Association Les Amis du Parc", "Club sportif « Le Ballon rond »", "Théâtre de l'Ouest parisien",
		"Comité des fêtes d'Issy", "Chorale Saint-Étienne", "Banque alimentaire des Hauts-de-Seine", "École de musique de Vanves",
		"Jardins partagés de Meudon", "Amicale des locataires", "Secours populaire – antenne de Sèvres"}
	objets := []string{"Animation estivale du parc", "Tournoi de football, édition annuelle", "Saison théâtrale jeune public",
		"Fête de la musique", "Aide à l'équipement informatique", "Soutien au fonctionnement", "Classe découverte à la mer",
		"Rénovation énergétique du local associatif"}
	natures := []string{"aide en numéraire", "aide en nature", `"aide en numéraire;aide en nature"`}
	conditions := []string{"Versement unique", "Échelonné", "Sur justificatifs", "50 % à la signature, solde à la clôture"}
	dispositifs := []string{"", "Fonds vie associative", "Contrat de ville", "Appel à projets transition écologique"}
	var buf []byte
	for i := 0; i < n; i++ {
		month, day := 1+r.Intn(12), 1+r.Intn(28)
		dates := fmt.Sprintf("2024-%02d-%02d", month, day)
		if r.Intn(3) == 0 {
			dates += fmt.Sprintf("/2025-%02d-%02d", month, day)
		}
		rae := ""
		if r.Intn(10) == 0 {
			rae = fmt.Sprintf("%05d", r.Intn(100000))
		}
		notif := "non"
		if r.Intn(20) == 0 {
			notif = "oui"
		}
		buf = fmt.Appendf(buf[:0], "Ville d'Issy-les-Moulineaux;21920040900015;2024-%02d-%02d;DEL-2024-%04d;%s %d;%s;W%09d;%s;%d.%02d;%s;%s;%s;%s;%s;0.%02d;%s\n",
			month, day, i%5000, benef[r.Intn(len(benef))], i%997, SIRET(r.Int63n(1e14)), r.Intn(1e9), objets[r.Intn(len(objets))],
			100+r.Intn(50000), r.Intn(100), natures[r.Intn(len(natures))], conditions[r.Intn(len(conditions))], dates, rae,
			notif, 1+r.Intn(99), dispositifs[r.Intn(len(dispositifs))])
		if err := emit(buf); err != nil {
			return err
		}
	}
	return nil
}

// Subventions writes a header and rows rows, each made afresh (about a
// million rows a second); it returns the bytes written.
func Subventions(w io.Writer, rows int) (int64, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	n, _ := bw.WriteString(SubventionsHeader)
	total := int64(n)
	err := subventionRows(rows, func(row []byte) error {
		n, err := bw.Write(row)
		total += int64(n)
		return err
	})
	if err == nil {
		err = bw.Flush()
	}
	return total, err
}

// streamPeriod is how many distinct rows SubventionsStream repeats.
const streamPeriod = 8192

// SubventionsStream writes a header and rows rows as fast as a pipe takes
// them: the first streamPeriod rows of Subventions, repeated. It stops at
// the first write error (a reader that went away).
func SubventionsStream(w io.Writer, rows int64) error {
	var block []byte
	_ = subventionRows(streamPeriod, func(row []byte) error {
		block = append(block, row...)
		return nil
	})
	ends := make([]int, 0, streamPeriod)
	for i, c := range block {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if _, err := io.WriteString(w, SubventionsHeader); err != nil {
		return err
	}
	for rows > 0 {
		k := int64(len(ends))
		if rows < k {
			k = rows
		}
		if _, err := w.Write(block[:ends[k-1]]); err != nil {
			return err
		}
		rows -= k
	}
	return nil
}

// BareRead reads CSV from r with encoding/csv alone (separator ";", lazy
// quotes, any number of cells, records reused) and counts the records,
// the header included: the baseline validation is compared with.
func BareRead(r io.Reader) (int, error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, 64<<10))
	cr.Comma = ';'
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	n := 0
	for {
		_, err := cr.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// SIRET turns any number below 10^14 into a valid SIRET number (the
// checksum french-siret-value checks): its 9th digit is set so that the
// SIREN passes the Luhn check, its 14th so that the whole number does.
func SIRET(n int64) string {
	s := []byte(fmt.Sprintf("%014d", n%1e14))
	for d := byte('0'); d <= '9'; d++ {
		if s[8] = d; luhn(s[:9]) {
			break
		}
	}
	for d := byte('0'); d <= '9'; d++ {
		if s[13] = d; luhn(s) {
			break
		}
	}
	return string(s)
}

// luhn reports whether the digits pass the Luhn check.
func luhn(digits []byte) bool {
	sum := 0
	for i := range digits {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}
