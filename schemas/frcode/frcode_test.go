package frcode

import "testing"

func TestCommune(t *testing.T) {
	for code, want := range map[string]bool{
		"92040":  true,  // Issy-les-Moulineaux
		"75056":  true,  // Paris
		"75101":  true,  // Paris 1er arrondissement (arrondissement municipal)
		"69381":  true,  // Lyon 1er
		"13201":  true,  // Marseille 1er
		"2A004":  true,  // Ajaccio (Corse-du-Sud)
		"2B033":  true,  // Bastia (Haute-Corse)
		"20004":  false, // Ajaccio's code before 1976
		"97101":  true,  // Les Abymes (Guadeloupe)
		"97411":  true,  // Saint-Denis (La Réunion)
		"97611":  true,  // Mamoudzou (Mayotte)
		"75040":  false, // Issy's code before 1968
		"92999":  false,
		"9204":   false,
		"920400": false,
		"":       false,
		// Commune nouvelle d'Annecy (2017): Annecy-le-Vieux is now a
		// commune déléguée, still in the COG.
		"74010": true,
		"74011": true,
	} {
		if got := Commune(code); got != want {
			t.Errorf("Commune(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestPostalDepartementRegion(t *testing.T) {
	for code, want := range map[string]bool{"92130": true, "75001": true, "75116": true, "20000": true, "97139": true, "92999": false, "9213": false} {
		if got := PostalCode(code); got != want {
			t.Errorf("PostalCode(%q) = %v", code, got)
		}
	}
	for code, want := range map[string]bool{"92": true, "01": true, "2A": true, "2B": true, "20": false, "971": true, "976": true, "975": true, "988": true, "979": false, "1": false} {
		if got := Departement(code); got != want {
			t.Errorf("Departement(%q) = %v", code, got)
		}
	}
	for code, want := range map[string]bool{"11": true, "94": true, "01": true, "06": true, "05": false, "21": false, "975": false} {
		if got := Region(code); got != want {
			t.Errorf("Region(%q) = %v", code, got)
		}
	}
	c, p, d, r := Counts()
	if c < 36000 || p < 6000 || d != 109 || r != 18 {
		t.Errorf("counts %d %d %d %d", c, p, d, r)
	}
}

// TestMergedCommune: the code of a commune absorbed in a merger, retired
// by INSEE (listed among the anciensCodes of decoupage-administratif), is
// refused; the merged commune's code is accepted.
func TestMergedCommune(t *testing.T) {
	if !Commune("14068") || Commune("14072") {
		t.Error("Biéville-Beuville (14068) absorbed Beuville (14072, retired)")
	}
}
