// Package snippets holds the shared code snippets: snippets/<id>/snippet.yaml
// and the code files beside it. It parses and checks the metadata and guesses
// a language from a file name.
package snippets

import (
	"path"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Snippet is one shared piece of code.
type Snippet struct {
	ID          string   `yaml:"-" json:"id"`
	Title       string   `yaml:"title" json:"title"`
	Description string   `yaml:"description,omitempty" json:"description,omitempty"`
	Language    string   `yaml:"language" json:"language"`
	Tags        []string `yaml:"tags,omitempty" json:"tags,omitempty"`
	Author      string   `yaml:"author,omitempty" json:"author,omitempty"`
	License     string   `yaml:"license" json:"license"`
	Files       []string `yaml:"files" json:"files"`

	// Where locates the file's values, for problems found later.
	Where fact.Where `yaml:"-" json:"-"`
}

// MaxFileSize is the largest code file a snippet may hold (256 KiB).
const MaxFileSize = 256 << 10

// Parse reads snippets/<id>/snippet.yaml; file is its path relative to the
// registry root. Whether the listed files exist is checked by the registry.
func Parse(file string, data []byte) (*Snippet, []fact.Problem) {
	s := &Snippet{ID: path.Base(path.Dir(file))}
	doc, probs := fact.SafeDecodeYAML(file, data, s)
	s.Where = doc.Where()
	if fact.Unread(probs) {
		return s, probs
	}
	return s, append(probs, s.check(doc)...)
}

func (s *Snippet) check(doc *fact.Doc) []fact.Problem {
	var ps []fact.Problem
	f := doc.Path
	for _, k := range []struct{ key, val string }{{"title", s.Title}, {"language", s.Language}, {"license", s.License}} {
		if strings.TrimSpace(k.val) == "" {
			ps = append(ps, fact.Errorf(f, doc.Pos(k.key), "missing-field", fact.MsgMissing, k.key))
		}
	}
	if s.License != "" && !KnownLicense(s.License) {
		ps = append(ps, fact.Warnf(f, doc.Pos("license"), "bad-license",
			i18n.T("licence %q inconnue : utilisez un identifiant SPDX (MIT, Apache-2.0, EUPL-1.2…) ou etalab-2.0",
				"unknown license %q: use an SPDX id (MIT, Apache-2.0, EUPL-1.2…) or etalab-2.0"), s.License))
	}
	if len(s.Files) == 0 {
		ps = append(ps, fact.Errorf(f, doc.Pos("files"), "missing-field", fact.MsgMissing, "files"))
	}
	seen := map[string]bool{}
	for i, name := range s.Files {
		pos := doc.ListPos("files", i)
		switch {
		case !SafeFileName(name):
			ps = append(ps, fact.Errorf(f, pos, "path-escape",
				i18n.T("nom de fichier %q refusé : un simple nom de fichier dans le dossier de l'extrait est attendu", "file name %q refused: a plain file name inside the snippet's folder is expected"), name))
		case name == "snippet.yaml":
			ps = append(ps, fact.Errorf(f, pos, "invalid-value",
				i18n.T("snippet.yaml ne peut pas se lister lui-même dans %q", "snippet.yaml cannot list itself in %q"), "files"))
		case seen[name]:
			ps = append(ps, fact.Errorf(f, pos, "invalid-value",
				i18n.T("le fichier %q est listé deux fois", "the file %q is listed twice"), name))
		}
		seen[name] = true
	}
	return ps
}

// SafeFileName reports whether name is a plain file name: no directory part,
// not "." or "..", no control characters, not hidden.
func SafeFileName(name string) bool {
	if name == "" || name == "." || name == ".." || strings.HasPrefix(name, ".") || strings.ContainsAny(name, `/\:`) {
		return false
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}
