package directory

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/emersion/go-vcard"

	"github.com/gpso/codal/i18n"
)

func vcardActors() []*Actor {
	return []*Actor{
		{ID: "issy-les-moulineaux", Name: "Ville d'Issy-les-Moulineaux", Kind: Commune, INSEE: "92040",
			Portal:      "https://data.issy.com",
			Competences: []string{"état civil, élections", "données; ouvertes"},
			Contacts: []Contact{
				{Role: "Service des données", Email: "opendata@example.org", Name: "Camille Martin"},
				{Role: "Accueil", Email: "accueil@example.org", Phone: "01 41 23 80 00"},
			},
			Address: Address{Street: "62 rue du Général Leclerc", PostalCode: "92130", City: "Issy-les-Moulineaux"}},
		{ID: "long", Name: strings.Repeat("Établissement à très long nom ", 6) + "\x1b[31mrouge\x1b[0m", Kind: Association},
	}
}

func TestVCardsParseBack(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteVCards(&buf, vcardActors(), i18n.FR); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	for i, l := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, l)
		}
	}
	if strings.Contains(raw, "\x1b") {
		t.Fatalf("an escape sequence went through: %q", raw)
	}
	dec := vcard.NewDecoder(strings.NewReader(raw))
	var cards []vcard.Card
	for {
		c, err := dec.Decode()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("decode: %v\n%s", err, raw)
		}
		cards = append(cards, c)
	}
	if len(cards) != 2 {
		t.Fatalf("%d cards", len(cards))
	}
	c := cards[0]
	if got := c.Value(vcard.FieldVersion); got != "4.0" {
		t.Errorf("version %q", got)
	}
	if got := c.Value(vcard.FieldFormattedName); got != "Ville d'Issy-les-Moulineaux" {
		t.Errorf("FN %q", got)
	}
	if got := c.Value(vcard.FieldKind); got != "org" {
		t.Errorf("KIND %q", got)
	}
	if got := c.PreferredValue(vcard.FieldEmail); got != "opendata@example.org" {
		t.Errorf("preferred e-mail %q", got)
	}
	if got := c.Values(vcard.FieldEmail); len(got) != 2 || got[1] != "accueil@example.org" {
		t.Errorf("e-mails %q", got)
	}
	if got := c.Value(vcard.FieldTelephone); got != "01 41 23 80 00" {
		t.Errorf("TEL %q", got)
	}
	if got := c.Value(vcard.FieldURL); got != "https://data.issy.com" {
		t.Errorf("URL %q", got)
	}
	if got := c.Categories(); len(got) != 3 || got[0] != "Commune" || got[1] != "état civil élections" || got[2] != "données ouvertes" {
		t.Errorf("categories %q", got)
	}
	adr := c.Address()
	if adr == nil || adr.StreetAddress != "62 rue du Général Leclerc" || adr.PostalCode != "92130" ||
		adr.Locality != "Issy-les-Moulineaux" || adr.Country != "France" {
		t.Errorf("address %+v", adr)
	}
	note := c.Value(vcard.FieldNote)
	for _, want := range []string{"Service des données (Camille Martin) : opendata@example.org", "Accueil : accueil@example.org, 01 41 23 80 00", "code INSEE 92040"} {
		if !strings.Contains(note, want) {
			t.Errorf("note %q lacks %q", note, want)
		}
	}
	long := cards[1]
	if got := long.Value(vcard.FieldFormattedName); !strings.HasSuffix(got, "rouge[0m") || strings.ContainsRune(got, 0x1b) {
		t.Errorf("long FN %q", got)
	}
	if long.Address() != nil || long.Value(vcard.FieldURL) != "" {
		t.Errorf("an actor with no address or portal got one: %v", long)
	}
}

func TestAddressChecks(t *testing.T) {
	for _, tc := range []struct{ yaml, code string }{
		{"address:\n  street: 1 rue X\n  postal_code: \"92130\"\n  city: Issy-les-Moulineaux\n", ""},
		{"address:\n  street: 1 rue X\n  postal_code: \"9213\"\n  city: Issy-les-Moulineaux\n", "invalid-value"},
		{"address:\n  street: 1 rue X\n  postal_code: \"1000\"\n  city: Bruxelles\n  country: Belgique\n", ""},
		{"address:\n  street: 1 rue X\n", "missing-field"},
	} {
		src := "name: X\nkind: association\n" + tc.yaml
		_, probs := Parse("actors/x.yaml", []byte(src))
		var codes []string
		for _, p := range probs {
			codes = append(codes, p.Code)
		}
		if got := strings.Join(codes, ","); got != tc.code {
			t.Errorf("%q: codes %q, want %q", tc.yaml, got, tc.code)
		}
	}
}
