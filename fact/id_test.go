package fact

import "testing"

func TestSlug(t *testing.T) {
	cases := map[string]string{
		"Issy-les-Moulineaux":                   "issy-les-moulineaux",
		"Ville-d'Avray":                         "ville-d-avray",
		"Ville-d’Avray":                         "ville-d-avray",
		"Sèvres":                                "sevres",
		"Grand Paris Seine Ouest":               "grand-paris-seine-ouest",
		"  Données   budget climat 2026 ! ":     "donnees-budget-climat-2026",
		"Œuvres d'art et cœur de ville":         "oeuvres-d-art-et-coeur-de-ville",
		"Marnes-la-Coquette":                    "marnes-la-coquette",
		"---":                                   "",
		"Région Île-de-France":                  "region-ile-de-france",
		"Département des Hauts-de-Seine (CD92)": "departement-des-hauts-de-seine-cd92",
	}
	for in, want := range cases {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	long := Slug("Consommations énergétiques mensuelles de tous les bâtiments communaux et intercommunaux du territoire")
	if len(long) > MaxIDLen || !ValidID(long) {
		t.Errorf("long slug %q (%d) is not a valid id", long, len(long))
	}
}

func TestCheckID(t *testing.T) {
	for _, ok := range []string{"gpso", "budget-climat", "a1-b2", "x"} {
		if err := CheckID(ok); err != nil {
			t.Errorf("CheckID(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"", "-a", "a-", "a--b", "Sevres", "sèvres", "a_b", "a.b", string(make([]byte, 65))} {
		if CheckID(bad) == nil {
			t.Errorf("CheckID(%q) = nil, want an error", bad)
		}
	}
}

func TestFold(t *testing.T) {
	if got := Fold("Sèvres ÉCOLE Œuvre"); got != "sevres ecole oeuvre" {
		t.Errorf("Fold = %q", got)
	}
}

func TestClean(t *testing.T) {
	cases := map[string]string{
		"plain text\nline 2":                            "plain text\nline 2",
		"red \x1b[31mtext\x1b[0m":                       "red [31mtext[0m",
		"clip \x1b]52;c;aGVsbG8=\x07 end":               "clip ]52;c;aGVsbG8= end",
		"link \x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\": "link ]8;;http://evil\\x]8;;\\",
		"bidi \u202eevil\u202c ok":                      "bidi evil ok",
		"c1 \u009b31m":                                  "c1 31m",
		"tab\there\r\n":                                 "tab    here\n",
		"bad \xff utf8":                                 "bad \uFFFD utf8",
	}
	for in, want := range cases {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := CleanLine("a\nb\tc"); got != "a b c" {
		t.Errorf("CleanLine = %q", got)
	}
}

func TestCleanDropsByteOrderMark(t *testing.T) {
	if got := Clean("\ufeff# PowerShell"); got != "# PowerShell" {
		t.Errorf("Clean kept the BOM: %q", got)
	}
}
