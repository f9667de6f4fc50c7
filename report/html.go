package report

import (
	"bytes"
	"html/template"
	"io"
	"sync"
)

// HTML writes the pack as one self-contained HTML5 file, for a browser or a
// printer: its language set, inline CSS with a print stylesheet, no script,
// no image, no link but to its own sections, dark text on a light
// background; each section a heading and a table with a caption and header
// cells scoped to their column (and the cell naming each row's entry to its row),
// or a sentence when the section is empty. Every registry string is cleaned
// of control characters and escaped by html/template. Nothing is written to
// w unless the whole page rendered.
func HTML(w io.Writer, p Pack) error {
	var b bytes.Buffer
	if err := page().Execute(&b, build(p)); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// page is the HTML page. Its CSS is fixed text (no value from the pack is
// placed in it); colours keep a contrast above 7:1 (WCAG AAA).
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root { color: #1a1a1a; background: #ffffff; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.45; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 2px solid #1a1a1a; padding-bottom: 0.2rem; }
.period { color: #333333; margin-top: 0; }
nav ol { padding-left: 1.5rem; }
a { color: #0b3d91; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-style: italic; color: #333333; padding: 0.3rem 0; }
th, td { border: 1px solid #8c8c8c; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #e6e6e6; color: #000000; }
tbody th { font-weight: normal; }
.empty { font-style: italic; color: #333333; }
@page { margin: 1.5cm; }
@media print {
  :root { color: #000000; background: #ffffff; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p class="period">{{.Period}}</p>
</header>
<nav aria-labelledby="sommaire"><h2 id="sommaire">{{if eq .Lang "en"}}Contents{{else}}Sommaire{{end}}</h2>
<ol>
{{- range .Sections}}
<li><a href="#{{.ID}}">{{.Heading}}</a></li>
{{- end}}
</ol>
</nav>
<main>
{{- range .Sections}}
<section id="{{.ID}}">
<h2>{{.Heading}}</h2>
{{- if .Rows}}
<table>
<caption>{{.Caption}}</caption>
<thead><tr>{{range .Head}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- $rh := .RowHeader}}
{{- range .Rows}}
<tr>{{range $i, $c := .}}{{if eq $i $rh}}<th scope="row">{{$c}}</th>{{else}}<td>{{$c}}</td>{{end}}{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p class="empty">{{.Empty}}</p>
{{- end}}
</section>
{{- end}}
</main>
</body>
</html>
`))
})
