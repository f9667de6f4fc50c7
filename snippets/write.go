package snippets

import (
	"bytes"
	"reflect"
	"regexp"
	"sync"
	"unicode/utf8"

	"github.com/goccy/go-yaml"

	"github.com/gpso/codal/i18n"
)

// blankLines are lines of spaces only, which the encoder leaves inside
// literal blocks.
var blankLines = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^[ ]+$`) })

// Marshal renders the snippet as snippet.yaml: the fields in the documented
// order, a multi-line description as a literal block when that reads back
// exactly, quoted otherwise.
func (s *Snippet) Marshal() ([]byte, error) {
	for _, opts := range [][]yaml.EncodeOption{
		{yaml.UseLiteralStyleIfMultiline(true), yaml.IndentSequence(true)},
		{yaml.IndentSequence(true)},
	} {
		data, err := yaml.MarshalWithOptions(s, opts...)
		if err != nil {
			return nil, err
		}
		data = blankLines().ReplaceAll(data, nil)
		back, probs := Parse("snippets/"+s.ID+"/snippet.yaml", data)
		if len(probs) == 0 && sameFields(s, back) {
			return data, nil
		}
	}
	return nil, i18n.Errorf(i18n.T("impossible d'écrire snippet.yaml sans altérer ses valeurs", "cannot write snippet.yaml without altering its values"))
}

func sameFields(a, b *Snippet) bool {
	return a.Title == b.Title && a.Description == b.Description && a.Language == b.Language &&
		reflect.DeepEqual(nilIfEmpty(a.Tags), nilIfEmpty(b.Tags)) && a.Author == b.Author &&
		a.License == b.License && reflect.DeepEqual(a.Files, b.Files)
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// sniffLen is how much of a file IsText looks at.
const sniffLen = 8 << 10

// IsText reports whether data looks like text: no NUL byte and valid UTF-8
// in its first 8 KiB (a character cut by that limit is allowed).
func IsText(data []byte) bool {
	head := data
	if len(head) > sniffLen {
		head = head[:sniffLen]
		// Allow a multi-byte character cut at the limit.
		for i := 0; i < utf8.UTFMax-1 && len(head) > 0 && !utf8.Valid(head); i++ {
			head = head[:len(head)-1]
		}
	}
	return bytes.IndexByte(head, 0) < 0 && utf8.Valid(head)
}

// CheckCodeFile says why a file cannot be one of a snippet's code files:
// its name, its size (MaxFileSize at most) or its content (text only).
func CheckCodeFile(name string, data []byte) *i18n.Error {
	switch {
	case !SafeFileName(name):
		return i18n.Errorf(i18n.T("nom de fichier %q refusé : un nom simple, sans dossier, qui ne commence pas par un point",
			"file name %q refused: a plain name, without folders, that does not start with a dot"), name)
	case name == "snippet.yaml":
		return i18n.Errorf(i18n.T("un fichier de code ne peut pas s'appeler snippet.yaml", "a code file cannot be named snippet.yaml"))
	case len(data) > MaxFileSize:
		return i18n.Errorf(i18n.T("%s est trop gros (%d octets) : un fichier d'extrait fait au plus %d Kio",
			"%s is too large (%d bytes): a snippet file is at most %d KiB"), name, len(data), MaxFileSize>>10)
	case !IsText(data):
		return i18n.Errorf(i18n.T("%s n'est pas un fichier texte (octet nul ou UTF-8 invalide) : un extrait ne contient que du code source",
			"%s is not a text file (NUL byte or invalid UTF-8): a snippet holds source code only"), name)
	}
	return nil
}
