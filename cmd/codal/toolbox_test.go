package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// The toolbox of the demo, through the CLI: list and show of trainings and
// tips, as text and JSON, the accent-folded filter, completion of ids, and
// an absent entry.
func TestToolboxListShow(t *testing.T) {
	isolate(t)
	dir := filepath.Join(t.TempDir(), "demo")
	if _, errOut, code := cli(t, "init", dir, "--demo"); code != 0 {
		t.Fatalf("init --demo: %s", errOut)
	}
	out, errOut, code := cli(t, "list", "trainings")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 4 || !strings.Contains(lines[1], "api-explore-opendatasoft") || !strings.Contains(lines[3], "120 min") {
		t.Fatalf("list trainings (exit %d, %s):\n%s", code, errOut, out)
	}
	out, _, _ = cli(t, "list", "formations", "-q", "ORTHOPHOTO intermediaire")
	if !strings.Contains(out, "qgis-orthophotographie-du-territoire") || strings.Contains(out, "scdl") {
		t.Errorf("filter of trainings:\n%s", out)
	}
	out, _, code = cli(t, "list", "tips", "--json")
	var tips []map[string]any
	if err := json.Unmarshal([]byte(out), &tips); err != nil || code != 0 || len(tips) != 4 {
		t.Fatalf("list tips --json (exit %d, %v):\n%s", code, err, out)
	}
	out, _, _ = cli(t, "list", "astuces", "-q", "QUALITE")
	if !strings.Contains(out, "verifier-un-csv-avec-codal") || strings.Contains(out, "orthophotographie") {
		t.Errorf("filter of tips:\n%s", out)
	}
	out, _, code = cli(t, "show", "trainings/publier-son-budget-au-format-scdl")
	for _, want := range []string{"Publier son budget au format SCDL", "Intervenants : Mission open data (Grand Paris Seine Ouest), Issy-les-Moulineaux", "Niveau : débutant", "codal schema validate"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("show training lacks %q (exit %d):\n%s", want, code, out)
		}
	}
	out, _, code = cli(t, "show", "tips/verifier-un-csv-avec-codal", "--json")
	var tip map[string]any
	if err := json.Unmarshal([]byte(out), &tip); err != nil || code != 0 || tip["author"] != "gpso" || !strings.Contains(tip["body"].(string), "codal schema validate") {
		t.Fatalf("show tip --json (exit %d, %v):\n%s", code, err, out)
	}
	out, _, _ = cli(t, "__complete", "show", "")
	if !strings.Contains(out, "trainings/qgis-orthophotographie-du-territoire") || !strings.Contains(out, "tips/orthophotographie-dans-qgis") {
		t.Errorf("completion lacks the toolbox's ids:\n%s", out)
	}
	_, errOut, code = cli(t, "show", "tips/absente")
	if code != 1 || !strings.Contains(errOut, "tips/absente n'existe pas") {
		t.Errorf("absent tip: exit %d, %q", code, errOut)
	}
}
