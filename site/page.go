package site

import (
	"bytes"
	"embed"
	"html/template"
	"sync"
	"time"

	"github.com/gpso/codal/i18n"
)

//go:embed templates/*.html style.css
var files embed.FS

// pageKinds are the page templates, each parsed with the layout.
var pageKinds = []string{"board", "request", "directory", "snippets", "snippet", "schemas", "schema", "trainings", "tips"}

// templates holds one template set per page kind, parsed on first use
// (not at start-up: every codal command links this package).
var templates = sync.OnceValue(func() map[string]*template.Template {
	layout := template.Must(template.New("layout.html").ParseFS(files, "templates/layout.html"))
	out := map[string]*template.Template{}
	for _, k := range pageKinds {
		out[k] = template.Must(template.Must(layout.Clone()).ParseFS(files, "templates/"+k+".html"))
	}
	return out
})

// navItem is one link of the main navigation.
type navItem struct {
	Href, Label string
	// Current is the aria-current value: "page" on the page itself,
	// "true" on a page of its section, "" elsewhere.
	Current string
}

// page is what the layout renders: the frame around one page's body.
type page struct {
	Lang      i18n.Lang
	Root      string // "" at the site's root, "../" one folder down
	Title     string
	Registry  string
	Nav       []navItem
	Canonical string
	HeadDate  string
	HeadISO   string
	DataLinks []string
	Body      any
}

// T picks the French or English text, by the page's language.
func (p page) T(fr, en string) string { return i18n.T(fr, en).In(p.Lang) }

// render executes the page kind's template.
func render(kind string, p page) ([]byte, error) {
	var b bytes.Buffer
	if err := templates()[kind].ExecuteTemplate(&b, "layout", p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// isoDate is a date as the datetime attribute takes it.
func isoDate(t time.Time) string { return t.UTC().Format(time.DateOnly) }
