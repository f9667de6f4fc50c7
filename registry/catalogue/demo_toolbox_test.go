package catalogue_test

import (
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
)

// sureHosts are the only hosts the demo's trainings and tips may link to:
// public sites known to exist. A training without a known video has none.
var sureHosts = map[string]bool{
	"schema.data.gouv.fr": true, "help.opendatasoft.com": true, "geoservices.ign.fr": true,
	"qgis.org": true, "data.geopf.fr": true,
}

var anyURL = regexp.MustCompile(`https?://[^\s<>()\[\]"'` + "`" + `]+`)

// The demo's toolbox: 2–3 trainings and 3–4 tips, lint-clean, dated before
// the demo's deadline, linking only to sure hosts, each tip related to
// entries of the demo.
func TestDemoToolbox(t *testing.T) {
	c, err := catalogue.Load(os.DirFS(demoRoot))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.ProblemsUnder("trainings") {
		t.Errorf("%s", p)
	}
	for _, p := range c.ProblemsUnder("tips") {
		t.Errorf("%s", p)
	}
	if n := len(c.Trainings); n < 2 || n > 3 {
		t.Errorf("%d demo trainings, want 2 or 3", n)
	}
	if n := len(c.Tips); n < 3 || n > 4 {
		t.Errorf("%d demo tips, want 3 or 4", n)
	}
	checkURLs := func(where string, texts ...string) {
		for _, s := range texts {
			for _, u := range anyURL.FindAllString(s, -1) {
				p, err := url.Parse(strings.TrimRight(u, ".,;:!?"))
				if err != nil || !sureHosts[p.Host] {
					t.Errorf("%s links to %q, not a host known to exist", where, u)
				}
			}
		}
	}
	for _, tr := range c.Trainings {
		if !tr.Date.Before(demoDeadline) {
			t.Errorf("training %s dated %s, after the demo's deadline", tr.ID, tr.Date)
		}
		checkURLs("training "+tr.ID, append([]string{tr.Video, tr.Description}, tr.Slides...)...)
	}
	for _, tp := range c.Tips {
		if !tp.Date.Before(demoDeadline) {
			t.Errorf("tip %s dated %s, after the demo's deadline", tp.ID, tp.Date)
		}
		if len(tp.Related) == 0 {
			t.Errorf("tip %s relates to no entry", tp.ID)
		}
		checkURLs("tip "+tp.ID, tp.Body)
	}
}
