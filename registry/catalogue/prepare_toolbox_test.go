package catalogue_test

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/toolbox"
)

// A training and a tip prepared from the demo's catalogue read back as
// given, lint-clean, with an id free of the entries and of what the store
// says is taken; unknown actors and related entries are refused.
func TestPrepareToolbox(t *testing.T) {
	c, err := catalogue.Load(os.DirFS(demoRoot))
	if err != nil {
		t.Fatal(err)
	}
	date, _ := fact.ParseDate("2026-10-01")
	nothing := func(string) (bool, error) { return false, nil }
	takenFirst := func(id string) (bool, error) { return id == "api-explore-opendatasoft-2", nil }
	p, err := c.PrepareTraining(catalogue.NewTraining{Title: "API Explore Opendatasoft", Date: date, Duration: 45,
		Speakers: []toolbox.Speaker{{Actor: "meudon"}, {Name: "Camille", Actor: "gpso"}}, Organiser: "gpso", Level: "Avance",
		Topics: []string{"API", " API ", ""}, Language: "fr", Video: "https://video.example/w/1", Description: "Ligne 1\n\n**Ligne 2**"}, takenFirst)
	if err != nil {
		t.Fatal(err)
	}
	if p.Path != "trainings/api-explore-opendatasoft-3" {
		t.Errorf("path %s", p.Path)
	}
	q, err := c.PrepareTip(catalogue.NewTip{Title: "Une astuce : le « where »", Tags: []string{"api"}, Author: "gpso",
		Related: []string{"snippets/ods-explore-records", "trainings/api-explore-opendatasoft"}, Body: "# Titre\n\nVoir https://help.opendatasoft.com.\n"}, nothing)
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	for _, dir := range []string{"registry.yaml", "actors", "snippets", "schemas", "requests", "trainings", "tips"} {
		_ = fsCopy(m, dir)
	}
	for _, prep := range []catalogue.Prepared{p, q} {
		for name, data := range prep.Change.Files {
			m[name] = &fstest.MapFile{Data: data}
		}
	}
	back, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range back.Problems {
		t.Errorf("%s", pr)
	}
	tr := back.Training("api-explore-opendatasoft-3")
	if tr == nil || tr.Level != toolbox.Advanced || len(tr.Topics) != 1 || tr.Description != "Ligne 1\n\n**Ligne 2**\n" || len(tr.Speakers) != 2 || tr.License != "etalab-2.0" {
		t.Errorf("training read back: %+v", tr)
	}
	tip := back.Tip("une-astuce-le-where")
	if tip == nil || !strings.HasPrefix(tip.Body, "# Titre") || len(tip.Related) != 2 || tip.Links()[0] != "https://help.opendatasoft.com" {
		t.Errorf("tip read back: %+v", tip)
	}
	for _, bad := range []catalogue.NewTip{
		{Title: "x", Author: "inconnu", Body: "b"},
		{Title: "x", Related: []string{"schemas/absent"}, Body: "b"},
		{Title: "x", Body: " "},
		{Title: "\x1b[2J", Body: "b"},
	} {
		if _, err := c.PrepareTip(bad, nothing); err == nil {
			t.Errorf("PrepareTip(%+v) accepted", bad)
		}
	}
	if _, err := c.PrepareTraining(catalogue.NewTraining{Title: "x", Date: date, Speakers: []toolbox.Speaker{{Actor: "inconnu"}}}, nothing); err == nil {
		t.Error("a training by an unknown speaker accepted")
	}
	if _, err := c.PrepareTraining(catalogue.NewTraining{Title: "x"}, nothing); err == nil {
		t.Error("a training without a date accepted")
	}
}

// fsCopy copies the demo's files under dir into m.
func fsCopy(m fstest.MapFS, dir string) error {
	return fsWalk(os.DirFS(demoRoot), dir, func(p string, data []byte) { m[p] = &fstest.MapFile{Data: data} })
}

func fsWalk(fsys fs.FS, root string, each func(p string, data []byte)) error {
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err == nil {
			each(p, data)
		}
		return err
	})
}
