package main

import (
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"github.com/emersion/go-vcard"
)

func TestListActorsFacets(t *testing.T) {
	isolate(t)
	dir := demoRegistry(t)
	out, errOut, code := cli(t, "--registry", dir, "list", "actors", "--kind", "commune", "--competence", "école")
	if code != 0 || strings.Count(out, "\n") != 9 || strings.Contains(out, "gpso ") {
		t.Errorf("--kind commune --competence école: exit %d, %s\n%s", code, errOut, out)
	}
	// Facets in the query itself, as the TUI filter reads them.
	out, _, _ = cli(t, "--registry", dir, "list", "actors", "-q", "competence:dechets")
	if !strings.Contains(out, "gpso ") || strings.Contains(out, "issy-les-moulineaux") {
		t.Errorf("competence:dechets:\n%s", out)
	}
	out, errOut, _ = cli(t, "--registry", dir, "list", "actors", "-q", "kind:commune déchets")
	if out != "" || !strings.Contains(errOut, "Aucune entrée") {
		t.Errorf("kind:commune déchets: %q %q", out, errOut)
	}
	for _, args := range [][]string{
		{"list", "actors", "--kind", "mairie"},
		{"list", "requests", "--kind", "commune"},
		{"list", "requests", "--format", "vcard"},
		{"list", "actors", "--format", "pdf"},
		{"list", "actors", "--format", "csv", "--json"},
	} {
		out, errOut, code := cli(t, append([]string{"--registry", dir}, args...)...)
		if code != 2 || out != "" || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%v: exit %d, out %q, err %q: want exit 2 and one sentence", args, code, out, errOut)
		}
	}
}

func TestListActorsAsVCardAndCSV(t *testing.T) {
	isolate(t)
	dir := demoRegistry(t)
	out, errOut, code := cli(t, "--registry", dir, "list", "actors", "--format", "vcard")
	if code != 0 {
		t.Fatalf("vcard: exit %d: %s", code, errOut)
	}
	dec := vcard.NewDecoder(strings.NewReader(out))
	cards := map[string]vcard.Card{}
	for {
		c, err := dec.Decode()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("vcard does not parse back: %v", err)
		}
		cards[strings.TrimPrefix(c.Value(vcard.FieldUID), "urn:codal:actors:")] = c
	}
	if len(cards) < 16 {
		t.Fatalf("%d cards", len(cards))
	}
	issy := cards["issy-les-moulineaux"]
	if issy.Value(vcard.FieldFormattedName) != "Issy-les-Moulineaux" || issy.PreferredValue(vcard.FieldEmail) != "opendata@issy.example" ||
		issy.Value(vcard.FieldURL) != "https://data.issy.com" {
		t.Errorf("Issy's card: %v", issy)
	}
	if adr := issy.Address(); adr == nil || adr.PostalCode != "92130" || adr.Locality != "Issy-les-Moulineaux" {
		t.Errorf("Issy's address: %+v", adr)
	}
	out, _, code = cli(t, "--registry", dir, "list", "actors", "--format", "csv", "--kind", "commune")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || code != 0 {
		t.Fatalf("csv: %v, exit %d\n%s", err, code, out)
	}
	if len(rows) != 9 || rows[0][0] != "id" || rows[0][14] != "ville" {
		t.Fatalf("csv rows: %v", rows)
	}
	for _, r := range rows[1:] {
		if r[2] != "commune" {
			t.Errorf("--kind commune kept %v", r)
		}
	}
}

func TestCSVCellDefusesFormulas(t *testing.T) {
	for in, want := range map[string]string{"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "@SUM(A1)": "'@SUM(A1)", "Sèvres": "Sèvres", "a\x1b[31mb": "a[31mb"} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}
