package schemas

import (
	"bytes"
	"html/template"
	"io"
	"sync"

	"github.com/gpso/codal/i18n"
)

// HTML writes the report as one self-contained HTML5 file for the producer
// of the file: the same content as Markdown (summary, then errors grouped
// by type with their first rows), its language set, inline CSS with a print
// stylesheet, no script, no external asset, dark text on a light background;
// each table with a caption and header cells scoped to their column (the row
// number to its row). Every string from the file or the schema is made inert
// (control characters shown escaped, bounded) and escaped by html/template.
// Nothing is written to w unless the whole page rendered.
func (r *Report) HTML(w io.Writer, info DocInfo) error {
	l := info.Lang
	t := func(fr, en string) string { return i18n.T(fr, en).In(l) }
	type group struct {
		docGroup
		Caption, More, CountText string
	}
	data := struct {
		Lang string
		docSummary
		Heads   map[string]string
		Summary [][2]string
		Groups  []group
		OK      string
	}{Lang: "fr", docSummary: r.summarize(info)}
	if l == i18n.EN {
		data.Lang = "en"
	}
	s := data.docSummary
	data.Heads = map[string]string{
		"summary": t("Résumé", "Summary"), "item": t("Élément", "Item"), "value": t("Valeur", "Value"),
		"errors": t("Erreurs par type", "Errors by type"), "row": t("Ligne", "Row"), "column": t("Colonne", "Column"),
		"field": t("Champ", "Field"), "message": t("Message", "Message"), "sep": t(" : ", ": "),
		"summaryCaption": t("Le fichier vérifié et le résultat", "The checked file and the result"),
	}
	data.Summary = [][2]string{
		{t("Schéma", "Schema"), s.Schema},
		{t("Fichier", "File"), s.File},
		{t("Lignes de données", "Data rows"), s.Rows},
		{t("Encodage", "Encoding"), s.Encoding},
		{t("Séparateur", "Separator"), t("« ", "\"") + s.Delimiter + t(" »", "\"")},
		{t("Résultat", "Result"), s.Verdict},
	}
	data.OK = t("Aucune erreur : le fichier peut être publié avec ce schéma.", "No error: the file can be published with this schema.")
	for _, g := range s.Groups {
		gr := group{docGroup: g, CountText: i18n.Number(l, g.Count)}
		gr.Caption = i18n.T("Erreurs %s listées : %s sur %s", "%s errors listed: %s of %s").In(l, g.Code, i18n.Number(l, len(g.Rows)), gr.CountText)
		if g.More > 0 {
			gr.More = moreText(l, g.More, len(g.Rows) > 0)
		}
		data.Groups = append(data.Groups, gr)
	}
	var b bytes.Buffer
	if err := docPage().Execute(&b, data); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// docPage is the HTML report. Its CSS is fixed text (no value from the file
// or the schema is placed in it); colours keep a contrast above 7:1 (WCAG
// AAA), the verdict's red and green included.
var docPage = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("validation").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}{{.Heads.sep}}{{.File}}</title>
<style>
:root { color: #1a1a1a; background: #ffffff; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.45; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.5rem; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 2px solid #1a1a1a; padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.6rem; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: #f0f0f0; padding: 0 0.2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; margin: 0.5rem 0; }
caption { text-align: left; font-style: italic; color: #333333; padding: 0.3rem 0; }
th, td { border: 1px solid #8c8c8c; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #e6e6e6; color: #000000; }
tbody th { font-weight: normal; }
td.num, th.num { text-align: right; white-space: nowrap; }
.invalid { color: #8b0000; font-weight: bold; }
.valid { color: #0b5a1e; font-weight: bold; }
.explain { margin: 0.2rem 0; }
.more, .note { font-style: italic; color: #333333; }
@page { margin: 1.5cm; }
@media print {
  :root { color: #000000; background: #ffffff; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  code { background: none; }
}
</style>
</head>
<body>
<header>
<h1>{{.Title}}{{.Heads.sep}}{{.File}}</h1>
</header>
<main>
<section aria-labelledby="resume">
<h2 id="resume">{{.Heads.summary}}</h2>
<table>
<caption>{{.Heads.summaryCaption}}</caption>
<thead><tr><th scope="col">{{.Heads.item}}</th><th scope="col">{{.Heads.value}}</th></tr></thead>
<tbody>
{{- $valid := .Valid}}
{{- range $i, $kv := .Summary}}
<tr><th scope="row">{{index $kv 0}}</th><td{{if eq $i 5}} class="{{if $valid}}valid{{else}}invalid{{end}}"{{end}}>{{index $kv 1}}</td></tr>
{{- end}}
</tbody>
</table>
{{- if .Valid}}
<p>{{.OK}}</p>
{{- end}}
{{- if .TruncatedNote}}
<p class="note">{{.TruncatedNote}}</p>
{{- end}}
</section>
{{- if .Groups}}
<section aria-labelledby="erreurs">
<h2 id="erreurs">{{.Heads.errors}}</h2>
{{- $h := .Heads}}
{{- range .Groups}}
<section aria-labelledby="code-{{.Code}}">
<h3 id="code-{{.Code}}"><code>{{.Code}}</code> ({{.CountText}})</h3>
<p class="explain">{{.Explain}}</p>
{{- if .Rows}}
<table>
<caption>{{.Caption}}</caption>
<thead><tr><th scope="col" class="num">{{$h.row}}</th><th scope="col" class="num">{{$h.column}}</th><th scope="col">{{$h.field}}</th><th scope="col">{{$h.value}}</th><th scope="col">{{$h.message}}</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr><th scope="row" class="num">{{.Row}}</th><td class="num">{{.Column}}</td><td>{{.Field}}</td><td>{{.Value}}</td><td>{{.Message}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}
{{- if .More}}
<p class="more">{{.More}}</p>
{{- end}}
</section>
{{- end}}
</section>
{{- end}}
</main>
</body>
</html>
`))
})
