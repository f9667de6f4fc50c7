package requests

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gpso/codal/fact"
)

// YAML renders the request as requests/<id>/request.yaml: the keys in the
// order of the format (title, description, requested_by, addressed_to,
// themes, created, wanted_by, usage), empty optional keys left out, dates
// unquoted YYYY-MM-DD, texts plain when YAML reads them back unchanged,
// otherwise as a literal block (several lines) or double-quoted. Parse reads
// the result back to the same values.
func (r *Request) YAML() []byte {
	var w yamlWriter
	w.text("title", r.Title, true)
	w.text("description", r.Description, false)
	w.text("requested_by", r.RequestedBy, true)
	w.text("addressed_to", r.AddressedTo, true)
	w.list("themes", r.Themes)
	w.date("created", r.Created)
	w.date("wanted_by", r.WantedBy)
	w.text("usage", r.Usage, false)
	return w.bytes()
}

// YAML renders the vote as requests/<id>/votes/<actor>.yaml: name, email,
// date, need, comment.
func (v *Vote) YAML() []byte {
	var w yamlWriter
	w.text("name", v.Name, true)
	w.text("email", v.Email, true)
	w.date("date", v.Date)
	w.text("need", string(v.Need), true)
	w.text("comment", v.Comment, false)
	return w.bytes()
}

// YAML renders the event as requests/<id>/events/<stamp>-<actor>.yaml:
// status, name, email, date, then the field the status calls for
// (planned_for, dataset, duplicate_of, reason), then note — the order of
// the format's examples. A transfer renders as transfer_to, name, email,
// date, note.
func (e *Event) YAML() []byte {
	var w yamlWriter
	if e.IsTransfer() {
		w.text("transfer_to", e.TransferTo, true)
		w.text("name", e.Name, true)
		w.text("email", e.Email, true)
		w.date("date", e.Date)
		w.text("note", e.Note, false)
		return w.bytes()
	}
	w.text("status", string(e.Status), true)
	w.text("name", e.Name, true)
	w.text("email", e.Email, true)
	w.date("date", e.Date)
	w.date("planned_for", e.PlannedFor)
	w.text("dataset", e.Dataset, false)
	w.text("duplicate_of", e.DuplicateOf, false)
	w.text("reason", e.Reason, false)
	w.text("note", e.Note, false)
	return w.bytes()
}

type yamlWriter struct {
	b strings.Builder
}

func (w *yamlWriter) bytes() []byte { return []byte(w.b.String()) }

// text writes key: value; an empty value is left out unless always.
func (w *yamlWriter) text(key, v string, always bool) {
	if v == "" && !always {
		return
	}
	w.b.WriteString(key)
	w.b.WriteByte(':')
	if block, ok := literalBlock(v); ok {
		w.b.WriteString(block)
		return
	}
	w.b.WriteByte(' ')
	w.b.WriteString(scalar(v))
	w.b.WriteByte('\n')
}

func (w *yamlWriter) date(key string, d fact.Date) {
	if d.IsZero() {
		return
	}
	fmt.Fprintf(&w.b, "%s: %s\n", key, d.String())
}

func (w *yamlWriter) list(key string, items []string) {
	if len(items) == 0 {
		return
	}
	w.b.WriteString(key)
	w.b.WriteString(":\n")
	for _, it := range items {
		w.b.WriteString("  - ")
		w.b.WriteString(scalar(it))
		w.b.WriteByte('\n')
	}
}

// scalar returns s as a one-line YAML scalar: plain when that reads back as
// the same string, double-quoted otherwise.
func scalar(s string) string {
	if plainSafe(s) {
		return s
	}
	return quote(s)
}

// plainSafe is deliberately strict: a plain scalar must start with a letter,
// hold no control or formatting character, no " #" or ": ", no flow
// indicator, not end with a colon or a space, and not be a word YAML reads as
// a boolean or null.
func plainSafe(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(first) {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") || strings.ContainsAny(s, "{}[]") || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if !printable(r) || r == '\t' {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf":
		return false
	}
	return true
}

// printable reports whether r can appear as is in a YAML scalar codal writes:
// no control character, no line or paragraph separator, no bidirectional or
// other formatting character, no byte order mark.
func printable(r rune) bool {
	switch {
	case r == utf8.RuneError:
		return false
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
		return false
	case r == 0x2028 || r == 0x2029 || r == 0xfeff:
		return false
	case unicode.Is(unicode.Cf, r):
		return false
	}
	return unicode.IsPrint(r) || r == ' '
}

// quote writes s as a double-quoted YAML scalar on one line.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		case !printable(r) && r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		case !printable(r):
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// literalBlock renders a text of several lines as a literal block ("|" or
// "|-", its lines indented by two spaces) when YAML reads it back exactly:
// printable lines, none with trailing blanks or tabs, the first not starting
// with a space, at most one final newline. ok is false otherwise.
func literalBlock(s string) (string, bool) {
	body, chomp := s, "|-"
	if strings.HasSuffix(s, "\n") {
		body, chomp = s[:len(s)-1], "|"
	}
	if !strings.Contains(body, "\n") || strings.HasSuffix(body, "\n") || strings.HasPrefix(body, " ") || strings.HasPrefix(body, "\n") {
		return "", false
	}
	lines := strings.Split(body, "\n")
	for _, l := range lines {
		if strings.TrimRight(l, " \t") != l || strings.ContainsRune(l, '\t') {
			return "", false
		}
		for _, r := range l {
			if !printable(r) {
				return "", false
			}
		}
	}
	var b strings.Builder
	b.WriteString(" " + chomp + "\n")
	for _, l := range lines {
		if l != "" {
			b.WriteString("  ")
			b.WriteString(l)
		}
		b.WriteByte('\n')
	}
	return b.String(), true
}
