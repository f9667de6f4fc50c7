package toolbox

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gpso/codal/fact"
)

func codesAt(ps []fact.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s@%d:%d", p.Code, p.Line, p.Col))
	}
	return out
}

func TestParseTraining(t *testing.T) {
	src := `title: Publier un budget au format SCDL
date: 2026-03-12
duration: 90
speakers:
  - issy-les-moulineaux
  - {name: Camille Martin, actor: gpso}
organiser: gpso
level: intermediaire
topics: [SCDL, budget]
language: fr
video: https://example.org/w/abc
slides: [slides.pdf, https://example.org/s.pdf]
license: etalab-2.0
`
	tr, ps := ParseTraining("trainings/scdl/training.yaml", []byte(src))
	if len(ps) != 0 {
		t.Fatalf("problems: %v", ps)
	}
	if tr.ID != "scdl" || tr.Duration != 90 || tr.Level != Intermediate || len(tr.Speakers) != 2 ||
		tr.Speakers[1] != (Speaker{Name: "Camille Martin", Actor: "gpso"}) || tr.Date.String() != "2026-03-12" {
		t.Fatalf("parsed %+v", tr)
	}
	if got := tr.Files(); !slices.Equal(got, []string{"slides.pdf"}) {
		t.Errorf("Files = %v", got)
	}
	if got := tr.Actors(); !slices.Equal(got, []string{"gpso", "issy-les-moulineaux"}) {
		t.Errorf("Actors = %v", got)
	}
}

func TestTrainingProblems(t *testing.T) {
	src := `date: 2026-13-40
duration: -5
speakers:
  - Bad Id
  - {nom: x}
level: expert
language: de
video: "javascript:alert(1)"
slides: ../../etc/passwd
license: proprietary
`
	_, ps := ParseTraining("trainings/x/training.yaml", []byte(src))
	got := strings.Join(codesAt(ps), " ")
	for _, want := range []string{"field-type@1:7", "missing-field@1:1", "invalid-value@2:1", "bad-id@4:5", "field-type@5:5",
		"invalid-value@6:8", "invalid-value@7:1", "bad-url@8:8", "bad-url@9:9", "bad-license@10:10"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
}

func TestParseTip(t *testing.T) {
	src := "---\ntitle: Vérifier un CSV\ntags: [csv]\nauthor: gpso\ndate: 2026-02-01\nrelated:\n  - schemas/scdl-budget\n  - nothing\n---\n# Titre\n\nVoir [le guide](https://schema.data.gouv.fr/), puis https://help.opendatasoft.com.\n"
	tip, ps := ParseTip("tips/csv/tip.md", []byte(src))
	got := strings.Join(codesAt(ps), " ")
	if got != "bad-reference@8:5" {
		t.Fatalf("problems %s", got)
	}
	if tip.Title != "Vérifier un CSV" || tip.Author != "gpso" || !strings.HasPrefix(tip.Body, "# Titre") || tip.Where.Of("title").Line != 2 {
		t.Fatalf("parsed %+v", tip)
	}
	if links := tip.Links(); !slices.Equal(links, []string{"https://schema.data.gouv.fr/", "https://help.opendatasoft.com"}) {
		t.Errorf("Links = %v", links)
	}
}

func TestTipWithoutFrontMatter(t *testing.T) {
	for _, src := range []string{"# just markdown\n", "---\ntitle: x\n", ""} {
		_, ps := ParseTip("tips/x/tip.md", []byte(src))
		if !fact.HasCode(ps, "missing-front-matter") {
			t.Errorf("%q: %v", src, ps)
		}
	}
	_, ps := ParseTip("tips/x/tip.md", []byte("---\ntitle: x\n---\n\x1b[31m\n"))
	if !fact.HasCode(ps, "control-character") {
		t.Errorf("control character in body not reported: %v", ps)
	}
}
