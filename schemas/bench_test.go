package schemas

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// writeSubventions writes n rows shaped like an SCDL subventions file (16
// columns, ";", UTF-8, accents, one attributing body, varied beneficiaries,
// amounts and dates), every row valid.
func writeSubventions(tb testing.TB, path string, n int) int64 {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
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
	fmt.Fprintln(w, "nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;rnaBeneficiaire;objet;montant;nature;conditionsVersement;datesPeriodeVersement;idRAE;notificationUE;pourcentageSubvention;dispositifAide")
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
		fmt.Fprintf(w, "Ville d'Issy-les-Moulineaux;21920040900015;2024-%02d-%02d;DEL-2024-%04d;%s %d;%s;W%09d;%s;%d.%02d;%s;%s;%s;%s;%s;0.%02d;%s\n",
			month, day, i%5000, benef[r.Intn(len(benef))], i%997, siretFrom(r.Int63n(1e14)), r.Intn(1e9), objets[r.Intn(len(objets))],
			100+r.Intn(50000), r.Intn(100), natures[r.Intn(len(natures))], conditions[r.Intn(len(conditions))], dates, rae,
			notif, 1+r.Intn(99), dispositifs[r.Intn(len(dispositifs))])
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	st, _ := f.Stat()
	return st.Size()
}

// bareRead reads the file with encoding/csv alone, as fast as it goes: the
// baseline the validator is compared with.
func bareRead(tb testing.TB, path string) int {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReaderSize(f, sniffSize))
	cr.Comma = ';'
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	n := 0
	for {
		_, err := cr.Read()
		if err == io.EOF {
			return n
		}
		if err != nil {
			tb.Fatal(err)
		}
		n++
	}
}

// BenchmarkValidateSubventions1M validates a generated 1,000,000-row
// subventions file and, in the same run, reads it with a bare encoding/csv
// loop. It reports rows/s of both and their ratio (x-bare: validation time
// over bare read time). ns/op and allocs/op are the validation's alone.
//
//	go test ./schemas -run '^$' -bench Subventions1M -benchtime 3x
func BenchmarkValidateSubventions1M(b *testing.B) {
	const rows = 1_000_000
	path := filepath.Join(b.TempDir(), "subventions-1M.csv")
	size := writeSubventions(b, path, rows)
	v := compileTestdata(b, "scdl__subventions__schema.json")
	b.SetBytes(size)
	b.ReportAllocs()
	var tVal, tBare time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		t0 := time.Now()
		if n := bareRead(b, path); n != rows+1 {
			b.Fatalf("bare read %d records", n)
		}
		tBare += time.Since(t0)
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t1 := time.Now()
		rep, err := v.Validate(f, Options{})
		tVal += time.Since(t1)
		b.StopTimer()
		f.Close()
		if err != nil || rep.Rows != rows || !rep.Valid() {
			b.Fatalf("rows %d, err %v, errors %v", rep.Rows, err, firstLines(rep, 5))
		}
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(rows*b.N)/tVal.Seconds(), "rows/s")
	b.ReportMetric(float64(rows*b.N)/tBare.Seconds(), "bare-rows/s")
	b.ReportMetric(tVal.Seconds()/tBare.Seconds(), "x-bare")
}

// BenchmarkValidateRow measures one valid subventions row, for profiling.
func BenchmarkValidateRows(b *testing.B) {
	path := filepath.Join(b.TempDir(), "subventions-20k.csv")
	writeSubventions(b, path, 20_000)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	v := compileTestdata(b, "scdl__subventions__schema.json")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := v.Validate(bytesReader(data), Options{})
		if err != nil || !rep.Valid() {
			b.Fatal(err, firstLines(rep, 5))
		}
	}
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

func firstLines(rep *Report, n int) []string {
	if rep == nil {
		return nil
	}
	l := lines(rep, "en")
	return l[:min(n, len(l))]
}
