package schemas

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gpso/codal/i18n"
)

func compileTestdata(t testing.TB, name string) *Validator {
	t.Helper()
	s, ps := Parse("schemas/"+name+"/schema.json", readTestdata(t, name))
	for _, p := range errorsOnly(ps) {
		t.Fatalf("%s: %s", name, p.Format(i18n.EN))
	}
	v, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func validateFile(t testing.TB, v *Validator, csvName string, opts Options) *Report {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "csv", csvName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := v.Validate(f, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func validateString(t testing.TB, v *Validator, data string, opts Options) *Report {
	t.Helper()
	rep, err := v.Validate(strings.NewReader(data), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// lines renders errors as "row:column field code message".
func lines(rep *Report, l i18n.Lang) []string {
	var out []string
	for _, e := range rep.Errors {
		out = append(out, strconv.Itoa(e.Row)+":"+strconv.Itoa(e.Column)+" "+e.Field+" "+e.Code+" "+e.Message(l))
	}
	return out
}

func sameLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors differ\ngot:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// TestRealSchemas validates, for three SCDL schemas, a valid file and an
// invalid one whose exact error list is known. The files cover the formats
// agents have: UTF-8 with BOM, ";" and CRLF (subventions); Windows-1252 and
// "," (budget); UTF-8 without BOM, tab and CRLF (équipements).
func TestRealSchemas(t *testing.T) {
	tests := []struct {
		schema, valid, invalid string
		encoding, delimiter    string
		rows                   int
		want                   []string
	}{
		{"scdl__subventions__schema.json", "subventions-valide.csv", "subventions-invalide.csv", "utf-8-sig", ";", 6, []string{
			"2:9 montant type-error expected a number (decimal point, e.g. 1234.56); found \"1 500,50\" (the decimal separator is a point, not a comma)",
			"3:2 idAttribuant constraint-error value does not match the pattern ^\\d{14}$: \"2192001250001\"",
			"3:3 dateConvention type-error expected a date in the format YYYY-MM-DD (e.g. 2024-03-31); found \"31/01/2024\"",
			"3:2 idAttribuant french-siret-value invalid SIRET number: expected 14 digits with a correct check digit (Luhn algorithm); found \"2192001250001\"",
			"4:10 nature constraint-error value expected among \"aide en numéraire\", \"aide en nature\", \"aide en numéraire;aide en nature\" or \"aide en nature;aide en numéraire\"; found \"aide en numeraire\" (did you mean \"aide en numéraire\"?)",
			"4:14 notificationUE type-error expected one of \"oui\" or \"non\"; found \"Oui\" (did you mean \"oui\"?)",
			"5:5 nomBeneficiaire constraint-error required value is missing",
			"5:7 rnaBeneficiaire constraint-error value does not match the pattern ^W\\d{9}$: \"W12345678\"",
			"5:8 objet constraint-error at most 256 characters expected, found 257: \"éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé…\"",
			"5:13 idRAE constraint-error at most 5 characters expected, found 6: \"123456\"",
			"5:15 pourcentageSubvention constraint-error value ≤ 1 expected, found \"1.5\"",
			"6:0  blank-row blank row",
			"7:10 nature missing-cell missing cell: the row has 9 cells, the header 16 columns",
			"7:11 conditionsVersement missing-cell missing cell: the row has 9 cells, the header 16 columns",
			"7:12 datesPeriodeVersement missing-cell missing cell: the row has 9 cells, the header 16 columns",
			"7:13 idRAE missing-cell missing cell: the row has 9 cells, the header 16 columns",
			"7:14 notificationUE missing-cell missing cell: the row has 9 cells, the header 16 columns",
			"7:15 pourcentageSubvention missing-cell missing cell: the row has 9 cells, the header 16 columns",
			"7:16 dispositifAide missing-cell missing cell: the row has 9 cells, the header 16 columns",
		}},
		{"scdl__budget__schema.json", "budget-valide.csv", "budget-invalide.csv", "windows-1252", ",", 2, []string{
			"1:4 BGT_NOM  extra-label column \"BGT_NOM \" is not in the schema (did you mean \"BGT_NOM\"?)",
			"1:22 COMMENTAIRE extra-label column \"COMMENTAIRE\" is not in the schema",
			"1:0 BGT_NOM missing-label column \"BGT_NOM\" missing from the header (its values are required)",
			"1:0 BGT_ARTSPE missing-label column \"BGT_ARTSPE\" missing from the header",
			"2:2 BGT_ANNEE type-error expected a 4-digit year (YYYY); found \"24\"",
			"2:4 BGT_NOM  extra-cell extra cell: the column \"BGT_NOM \" is not in the schema; found \"Boulogne-Billancourt\"",
			"2:12 BGT_SECTION constraint-error value expected among \"investissement\" or \"fonctionnement\"; found \"Fonctionnement\" (did you mean \"fonctionnement\"?)",
			"2:15 BGT_MTREAL type-error expected a number (decimal point, e.g. 1234.56); found \"125430,12\" (the decimal separator is a point, not a comma)",
			"2:22 COMMENTAIRE extra-cell extra cell: the column \"COMMENTAIRE\" is not in the schema; found \"à revoir\"",
			"3:4 BGT_NOM  extra-cell extra cell: the column \"BGT_NOM \" is not in the schema; found \"Boulogne-Billancourt\"",
			"3:5 BGT_CONTNAT constraint-error required value is missing",
			"3:7 BGT_NATURE constraint-error at most 9 characters expected, found 10: \"1234567890\"",
			"3:13 BGT_OPBUDG constraint-error value expected among \"réel\" or \"ordre\"; found \"reel\" (did you mean \"réel\"?)",
			"3:22 COMMENTAIRE extra-cell extra cell: the column \"COMMENTAIRE\" is not in the schema; found \"\"",
		}},
		{"scdl__equipements__schema.json", "equipements-valide.csv", "equipements-invalide.csv", "utf-8", `\t`, 2, []string{
			"2:3 EQUIP_UID constraint-error at most 18 characters expected, found 19: \"92040-00000001-001X\"",
			"2:3 EQUIP_UID constraint-error value does not match the pattern ^[0-9A-B]{5}-[0-9]{8}-[0-9]{3}: \"92040-00000001-001X\"",
			"2:9 ADR_NOMVOIE constraint-error value does not match the pattern ^[a-zA-Z0-9\\-\\'\\s\\d\\u00C0-\\u00FF]+$: \"Rue de l’Église\"",
			"2:10 ADR_CODEPOSTAL constraint-error at most 5 characters expected, found 6: \"921300\"",
			"2:12 ADR_CLE_INTEROP constraint-error at least 16 characters expected, found 10: \"92040_4120\"",
			"2:15 ERP_CATEGORIE constraint-error value ≤ 5 expected, found \"6\"",
			"2:16 EQUIP_LAT type-error expected a number (decimal point, e.g. 1234.56); found \"48,8245\" (the decimal separator is a point, not a comma)",
			"2:20 EQUIP_EMAIL type-error expected an e-mail address (e.g. jane.doe@example.org); found \"mediatheque@ville-issy\"",
			"2:21 EQUIP_WEB type-error expected a full URI with its scheme (e.g. https://example.org/page); found \"www.issy.com\" (the scheme is missing, e.g. https://)",
			"3:4 EQUIP_THEME constraint-error value expected among \"Equipement administratif\", \"Equipement de justice\", \"Equipement sanitaire\", \"Equipement social et d'animation\", \"Equipement sportif et de loisirs\", \"Equipement d'enseignement\", \"Equipement cultuel\", \"Equipement culturel\"… (2 more values); found \"Equipement sportif\"",
			"3:15 ERP_CATEGORIE constraint-error value ≥ 1 expected, found \"0\"",
			"3:21 EQUIP_WEB type-error expected a full URI with its scheme (e.g. https://example.org/page); found \"https://exemple.fr/piscine d'été\" (a URI contains no space: write %20)",
			"3:22  extra-cell extra cell: the row has 22 cells, the header 21 columns; found \"\"",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.valid, func(t *testing.T) {
			v := compileTestdata(t, tt.schema)
			rep := validateFile(t, v, tt.valid, Options{})
			if !rep.Valid() || rep.ErrorCount != 0 {
				t.Errorf("valid file reported invalid:\n%s", strings.Join(lines(rep, i18n.EN), "\n"))
			}
			if rep.Encoding != tt.encoding || rep.Delimiter != tt.delimiter {
				t.Errorf("detected %s %q, want %s %q", rep.Encoding, rep.Delimiter, tt.encoding, tt.delimiter)
			}
			bad := validateFile(t, v, tt.invalid, Options{})
			if bad.Valid() || bad.Rows != tt.rows || bad.ErrorCount != len(tt.want) {
				t.Errorf("invalid file: valid=%v rows=%d errors=%d", bad.Valid(), bad.Rows, bad.ErrorCount)
			}
			sameLines(t, lines(bad, i18n.EN), tt.want)
		})
	}
}

func TestRealSchemaFrenchMessages(t *testing.T) {
	v := compileTestdata(t, "scdl__subventions__schema.json")
	rep := validateFile(t, v, "subventions-invalide.csv", Options{})
	got := lines(rep, i18n.FR)
	want := []string{
		"2:9 montant type-error attendu : un nombre (point décimal, ex. 1234.56) ; trouvé : « 1 500,50 » (le séparateur décimal est le point, pas la virgule)",
		"3:2 idAttribuant constraint-error valeur non conforme au motif ^\\d{14}$ : « 2192001250001 »",
		"3:3 dateConvention type-error attendu : une date au format AAAA-MM-JJ (ex. 2024-03-31) ; trouvé : « 31/01/2024 »",
		"3:2 idAttribuant french-siret-value numéro SIRET invalide : 14 chiffres attendus dont la clé de contrôle (algorithme de Luhn) est juste ; trouvé : « 2192001250001 »",
		"4:10 nature constraint-error valeur attendue parmi « aide en numéraire », « aide en nature », « aide en numéraire;aide en nature » ou « aide en nature;aide en numéraire » ; trouvé : « aide en numeraire » (vouliez-vous dire « aide en numéraire » ?)",
		"4:14 notificationUE type-error attendu : une des valeurs « oui » ou « non » ; trouvé : « Oui » (vouliez-vous dire « oui » ?)",
		"5:5 nomBeneficiaire constraint-error valeur obligatoire manquante",
	}
	sameLines(t, got[:len(want)], want)
	if s := rep.Summary(i18n.FR); !strings.HasPrefix(s, "non valide : 19 erreurs sur 6 lignes (constraint-error 7, missing-cell 7, type-error 3, blank-row 1, french-siret-value 1) ; encodage utf-8-sig, séparateur « ; »") {
		t.Errorf("summary: %s", s)
	}
}
