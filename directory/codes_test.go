package directory

import "testing"

func TestCheckINSEE(t *testing.T) {
	for _, ok := range []string{"92040", "92077", "2A004", "2B033", "97105", "01004", "75056"} {
		if err := CheckINSEE(ok); err != nil {
			t.Errorf("CheckINSEE(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "9204", "920400", "20004", "00123", "97705", "92A40", "2C004", "96001", "abcde"} {
		if CheckINSEE(bad) == nil {
			t.Errorf("CheckINSEE(%q) = nil, want an error", bad)
		}
	}
}

func TestCheckSIREN(t *testing.T) {
	// 200057974 is GPSO's SIREN, 200057966 Vallée Sud – Grand Paris's; 356000000 is La Poste, the Luhn exception.
	for _, ok := range []string{"200057974", "200057966", "356000000"} {
		if err := CheckSIREN(ok); err != nil {
			t.Errorf("CheckSIREN(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"200057975", "20005797", "2000579744", "20005796a", "123456789"} {
		if CheckSIREN(bad) == nil {
			t.Errorf("CheckSIREN(%q) = nil, want an error", bad)
		}
	}
}

func TestParseActor(t *testing.T) {
	src := `name: Issy-les-Moulineaux
kind: commune
insee: "92040"
population: 68451
parent: gpso
portal: https://data.issy.com
competences: [urbanisme, climat]
codal: true
contacts:
  - role: Direction de la donnée
    email: opendata@issy.example
`
	a, probs := Parse("actors/issy-les-moulineaux.yaml", []byte(src))
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	if a.ID != "issy-les-moulineaux" || a.INSEE != "92040" || a.Population != 68451 || !a.CODAL || len(a.Contacts) != 1 {
		t.Errorf("parsed %+v", a)
	}

	bad := `name: ""
kind: ville
insee: "92A40"
siren: "200057967"
portal: data.issy.com
contacts:
  - email: nobody
`
	_, probs = Parse("actors/x.yaml", []byte(bad))
	got := map[string]bool{}
	for _, p := range probs {
		got[p.Code] = true
	}
	for _, code := range []string{"missing-field", "invalid-value", "bad-insee", "bad-siren", "bad-url", "bad-email"} {
		if !got[code] {
			t.Errorf("no %s problem in %v", code, probs)
		}
	}
}
