package toolbox

import (
	"bytes"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Tip is one tip or trick for managing data: tips/<id>/tip.md, a YAML front
// matter between two "---" lines, then a Markdown body.
type Tip struct {
	ID    string   `yaml:"-" json:"id"`
	Title string   `yaml:"title" json:"title"`
	Tags  []string `yaml:"tags,omitempty" json:"tags,omitempty"`
	// Author is an actor id of the directory.
	Author string    `yaml:"author,omitempty" json:"author,omitempty"`
	Date   fact.Date `yaml:"date,omitempty" json:"date,omitzero"`
	// Related are other entries of the registry, as KIND/ID
	// ("schemas/scdl-budget").
	Related []string `yaml:"related,omitempty" json:"related,omitempty"`
	// Body is the Markdown after the front matter.
	Body string `yaml:"-" json:"body"`

	// Where locates the front matter's values (lines counted from the
	// top of tip.md), for problems found later.
	Where fact.Where `yaml:"-" json:"-"`
}

// frontMatter is the line that opens and closes a tip's front matter.
const frontMatter = "---"

// SplitFrontMatter cuts a Markdown file into its YAML front matter and its
// body. ok is false when the file does not open with a "---" line closed by
// another. The front matter starts on the file's second line.
func SplitFrontMatter(data []byte) (front, body []byte, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	first, rest, found := bytes.Cut(data, []byte("\n"))
	if !found || string(bytes.TrimRight(first, " \r")) != frontMatter {
		return nil, data, false
	}
	at := 0
	for at <= len(rest) {
		line, _, _ := bytes.Cut(rest[at:], []byte("\n"))
		if string(bytes.TrimRight(line, " \r")) == frontMatter {
			end := min(at+len(line)+1, len(rest))
			return rest[:at], rest[end:], true
		}
		if at+len(line) >= len(rest) {
			break
		}
		at += len(line) + 1
	}
	return nil, data, false
}

// ParseTip reads tips/<id>/tip.md; file is its path relative to the
// registry root. Whether the author and the related entries exist is
// checked by the registry.
func ParseTip(file string, data []byte) (*Tip, []fact.Problem) {
	t := &Tip{ID: path.Base(path.Dir(file))}
	front, body, ok := SplitFrontMatter(data)
	if !ok {
		return t, []fact.Problem{fact.Errorf(file, fact.Pos{Line: 1, Col: 1}, "missing-front-matter",
			i18n.T("tip.md doit commencer par un en-tête YAML entre deux lignes ---", "tip.md must open with a YAML front matter between two --- lines"))}
	}
	t.Body = string(body)
	doc, probs := fact.SafeDecodeYAML(file, front, t)
	// The front matter starts on line 2.
	for i := range probs {
		probs[i].Line++
	}
	t.Where = doc.Where()
	for k, p := range t.Where {
		p.Line++
		t.Where[k] = p
	}
	if err := fact.CheckText("body", t.Body); err != nil {
		probs = append(probs, fact.FromError(file, fact.Pos{Line: strings.Count(string(front), "\n") + 3, Col: 1}, "control-character", err))
	}
	if fact.Unread(probs) {
		return t, probs
	}
	if strings.TrimSpace(t.Title) == "" {
		probs = append(probs, fact.Errorf(file, t.Where.Of("title"), "missing-field", fact.MsgMissing, "title"))
	}
	if t.Author != "" {
		if err := fact.CheckID(t.Author); err != nil {
			probs = append(probs, fact.FromError(file, t.Where.Of("author"), "bad-id", err))
		}
	}
	for i, r := range t.Related {
		if _, _, ok := SplitRef(r); !ok {
			probs = append(probs, fact.Errorf(file, t.Where.Item("related", i), "bad-reference",
				i18n.T("entrée liée %q illisible : TYPE/ID attendu (par exemple schemas/scdl-budget)", "unreadable related entry %q: KIND/ID expected (for example schemas/scdl-budget)"), r))
		}
	}
	if strings.TrimSpace(t.Body) == "" {
		probs = append(probs, fact.Warnf(file, fact.Pos{Line: strings.Count(string(front), "\n") + 3, Col: 1}, "missing-field",
			i18n.T("l'astuce n'a pas de texte après son en-tête", "the tip has no text after its front matter")))
	}
	return t, probs
}

// SplitRef cuts "KIND/ID" into its two parts; ok is false when either is
// missing or the id is not valid. Whether KIND names a kind is the
// registry's to say.
func SplitRef(ref string) (kind, id string, ok bool) {
	kind, id, found := strings.Cut(ref, "/")
	if !found || kind == "" || !fact.ValidID(id) {
		return "", "", false
	}
	return kind, id, true
}

// linkRE finds http(s) URLs in Markdown: the target of [text](url), an
// autolink <url>, or a bare URL.
var linkRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`https?://[^\s<>()\[\]"'` + "`" + `]+`) })

// Links returns the http(s) URLs of the tip's body, in order, each once,
// trailing punctuation left out.
func (t *Tip) Links() []string {
	var out []string
	seen := map[string]bool{}
	for _, u := range linkRE().FindAllString(t.Body, -1) {
		u = strings.TrimRight(u, ".,;:!?*_")
		if fact.ValidURL(u) && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}
