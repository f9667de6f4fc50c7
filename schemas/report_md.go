package schemas

import (
	"bytes"
	"io"
	"strings"

	"github.com/gpso/codal/i18n"
)

// Markdown writes the report as a Markdown document for the producer of the
// file: a summary (schema, file, rows, encoding, separator, verdict), then
// the errors grouped by type, each group with its code, an explanation in
// plain words, its count and a table of its first rows (info.PerType),
// "and N more" when cut. Every string from the file or the schema is made
// inert (control characters shown escaped, bounded) and escaped for
// Markdown (table pipes, backticks, emphasis, HTML). Nothing is written to
// w unless the whole document rendered.
func (r *Report) Markdown(w io.Writer, info DocInfo) error {
	s := r.summarize(info)
	l := info.Lang
	var b bytes.Buffer
	head := func(fr, en string) string { return i18n.T(fr, en).In(l) }
	b.WriteString("# " + s.Title + head(" : ", ": ") + mdEscape(s.File) + "\n\n")
	b.WriteString("| " + head("Élément", "Item") + " | " + head("Valeur", "Value") + " |\n|---|---|\n")
	for _, kv := range [][2]string{
		{head("Schéma", "Schema"), mdEscape(s.Schema)},
		{head("Fichier", "File"), mdEscape(s.File)},
		{head("Lignes de données", "Data rows"), s.Rows},
		{head("Encodage", "Encoding"), mdEscape(s.Encoding)},
		{head("Séparateur", "Separator"), head("« ", "\"") + mdEscape(s.Delimiter) + head(" »", "\"")},
		{head("Résultat", "Result"), "**" + mdEscape(s.Verdict) + "**"},
	} {
		b.WriteString("| " + kv[0] + " | " + kv[1] + " |\n")
	}
	if s.Valid {
		b.WriteString("\n" + head("Aucune erreur : le fichier peut être publié avec ce schéma.", "No error: the file can be published with this schema.") + "\n")
		_, err := w.Write(b.Bytes())
		return err
	}
	if s.TruncatedNote != "" {
		b.WriteString("\n" + mdEscape(s.TruncatedNote) + "\n")
	}
	b.WriteString("\n## " + head("Erreurs par type", "Errors by type") + "\n")
	for _, g := range s.Groups {
		b.WriteString("\n### `" + g.Code + "` (" + i18n.Number(l, g.Count) + ")\n\n")
		b.WriteString(mdEscape(g.Explain) + "\n")
		if len(g.Rows) > 0 {
			b.WriteString("\n| " + head("Ligne", "Row") + " | " + head("Colonne", "Column") + " | " + head("Champ", "Field") + " | " +
				head("Valeur", "Value") + " | " + head("Message", "Message") + " |\n|---:|---:|---|---|---|\n")
			for _, row := range g.Rows {
				b.WriteString("| " + row.Row + " | " + row.Column + " | " + mdEscape(row.Field) + " | " + mdEscape(row.Value) + " | " + mdEscape(row.Message) + " |\n")
			}
		}
		if g.More > 0 {
			b.WriteString("\n" + moreText(l, g.More, len(g.Rows) > 0) + "\n")
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// moreText says how many errors of a type are not listed.
func moreText(l i18n.Lang, n int, some bool) string {
	if !some {
		return i18n.T("%s erreurs de ce type, non listées.", "%s errors of this type, not listed.").In(l, i18n.Number(l, n))
	}
	if n == 1 {
		return i18n.T("… et 1 autre, non listée.", "… and 1 more, not listed.").In(l)
	}
	return i18n.T("… et %s autres, non listées.", "… and %s more, not listed.").In(l, i18n.Number(l, n))
}

// mdEscape escapes text (already inert: one line, no control character) for
// a Markdown paragraph or table cell: a backslash before each character
// Markdown or a GFM table would read as syntax (pipes, backticks, emphasis,
// links, HTML tags and entities, headings).
func mdEscape(s string) string {
	if !strings.ContainsAny(s, "\\`*_[]<>|&#~!") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|&#~!", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
