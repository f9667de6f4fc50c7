package schemas

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/i18n"
)

// TestCorpusCustomChecksKnown: every custom check named by a schema of the
// corpus (the testdata copies, and the whole corpus when present) is known,
// with params codal can use: lint reports nothing about them.
func TestCorpusCustomChecksKnown(t *testing.T) {
	dirs := []string{filepath.Join("testdata", "schemas")}
	if c := corpusDir(); c != "" {
		dirs = append(dirs, c)
	} else {
		t.Log("no ../shared/schemas-corpus: checking the testdata copies only")
	}
	names := map[string]int{}
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.json"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no schema in %s", dir)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s, ps := Parse("schemas/x/schema.json", data)
			for _, p := range ps {
				if strings.Contains(p.Code, "custom-check") {
					t.Errorf("%s: %s", filepath.Base(f), p.Format(i18n.EN))
				}
			}
			for _, cc := range s.CustomChecks {
				names[cc.Name]++
				if _, ok := KnownCustomCheck(cc.Name); !ok {
					t.Errorf("%s: unknown custom check %q", filepath.Base(f), cc.Name)
				}
			}
		}
	}
	// The corpus uses these seven; the testdata copies hold them all.
	for _, n := range []string{"french-siret-value", "one-of-required", "year-interval-value", "cohesive-columns-value",
		"compare-columns-value", "sum-columns-value", "nomenclature-actes-value"} {
		if names[n] == 0 {
			t.Errorf("no schema uses %s", n)
		}
	}
}

func TestSIRETAndSIREN(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"21920040900015", true},    // Issy-les-Moulineaux
		{"219 200 409 00015", true}, // spaces dropped, as python-stdnum does
		{"219.200.409.00015", true},
		{"21920040900016", false},
		{"35600000000048", true},  // La Poste's head office: Luhn
		{"35600000049837", true},  // La Poste: digit sum 45, not Luhn
		{"35600000049838", false}, // digit sum 46
		{"2192004090001a", false},
		{"", false},
		{"２１９２００４０９００００１５", false}, // full-width digits
	} {
		if got := validSIRET(tt.s); got != tt.want {
			t.Errorf("validSIRET(%q) = %v", tt.s, got)
		}
	}
	if luhn("35600000049837") {
		t.Error("the La Poste example passes Luhn: it does not test the exception")
	}
	if !validSIREN("356000000") || validSIREN("356000001") || !validSIREN(" 219200409") {
		t.Error("SIREN")
	}
}

func TestOpeningHoursParser(t *testing.T) {
	valid := []string{
		"24/7", "Mo-Fr", "Mo-Fr 08:00-12:00", "Mo-Fr 08:00-12:00,14:00-18:00", "Mo,We,Fr 09:00-17:00",
		"Mo-Fr 08:00-12:00, 14:00-18:00", "Mo-Sa 09:00-19:00; Su off", "Mo-Fr 22:00-02:00", "Mo-Su 00:00-24:00",
		"Fr 18:00-26:00", "Sa 10:00+", "Mo-Fr 10:00-16:00/30", "Mo-Fr sunrise-sunset", "Mo-Fr (sunrise+00:30)-(sunset-01:00)",
		"PH off", "PH,Su off", "Mo-Fr 09:00-18:00; PH closed", "Su[1] 10:00-12:00", "Su[1,3] 10:00-12:00", "Sa[-1] 09:00-12:00",
		"Jan-Mar Mo-Fr 09:00-17:00", "Dec 25 off", "Jan 01,May 01,Dec 25 off", "Apr 01-Sep 30: Mo-Su 10:00-19:00",
		"2025 Dec 24 08:00-12:00", "2024-2026 Mo 10:00-12:00", "week 01-26 Mo 08:00-12:00", "week 01-53/2 Fr 09:00-12:00",
		`Mo-Fr 08:00-12:00 "sur rendez-vous"`, `"sur rendez-vous"`, "Mo-Fr 08:00-18:00 || PH off", "easter off",
		"Mo-Fr 09:00-12:00 open", "unknown \"appeler\"", "SH Mo-Fr 09:00-12:00", "PH +1 day off",
	}
	for _, s := range valid {
		if err := parseOpeningHours(s); err != nil {
			t.Errorf("%q: %s", s, err.text.EN)
		}
	}
	invalid := []string{
		"", "Lu-Ve", "lundi", "Mo-Fr 8:00-12:00", "Mo-Fr 08h00-12h00", "Mo-Fr 08:00-12:60", "Mo-Fr 25:00-26:00",
		"Mo-Fr 08:00-49:00", "Mo-Fr 08:00-12:00;", "Mo-Fr 08:00-12:00 ;; Sa", "Mo-Xx", "Su[6]", "Su[0]",
		`Mo "unclosed`, "2026-2024 Mo", "week 54", "Mo-Fr 08:00-", "(sunrise+00:30", "Mo-Fr 08:00-12:00 ouvert",
		"Mo-Fr 08:00-12:00 14:00-18:00", strings.Repeat("Mo,", 2000) + "Tu",
	}
	for _, s := range invalid {
		if err := parseOpeningHours(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
	err := parseOpeningHours("Mo-Fr 8:00-12:00")
	if err == nil || err.text.FR != "au caractère 7, une heure hh:mm (deux chiffres pour l'heure) attendu, « 8:00-12:00 » trouvé" {
		t.Errorf("message: %+v", err)
	}
}
