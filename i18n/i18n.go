// Package i18n holds codal's two interface languages and the small type that
// carries one message in both of them. French is the default.
package i18n

import (
	"fmt"
	"os"
	"strings"
)

// Lang is an interface language.
type Lang string

const (
	// FR is French, the default language.
	FR Lang = "fr"
	// EN is English.
	EN Lang = "en"
)

// Parse reads a language name such as "fr", "en" or "fr_FR.UTF-8".
func Parse(s string) (Lang, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	switch {
	case v == "" || v == "fr" || strings.HasPrefix(v, "fr_") || strings.HasPrefix(v, "fr-"):
		return FR, nil
	case v == "en" || strings.HasPrefix(v, "en_") || strings.HasPrefix(v, "en-"):
		return EN, nil
	}
	return FR, fmt.Errorf("langue inconnue %q : utilisez fr ou en (unknown language, use fr or en)", s)
}

// FromEnv returns the language named by CODAL_LANG, French otherwise.
func FromEnv() Lang {
	if l, err := Parse(os.Getenv("CODAL_LANG")); err == nil {
		return l
	}
	return FR
}

// Text is one message in both languages. Both strings are fmt formats and
// take the same arguments in the same order; an argument that is itself a
// Text is rendered in the same language.
type Text struct {
	FR string
	EN string
}

// T builds a Text.
func T(fr, en string) Text { return Text{FR: fr, EN: en} }

// In formats the message in the given language.
func (t Text) In(l Lang, args ...any) string {
	f := t.FR
	if l == EN && t.EN != "" {
		f = t.EN
	}
	if len(args) == 0 {
		return f
	}
	copied := false
	for i, a := range args {
		if t, ok := a.(Text); ok {
			if !copied {
				args, copied = append([]any(nil), args...), true
			}
			args[i] = t.In(l)
		} else if e, ok := a.(*Error); ok {
			if !copied {
				args, copied = append([]any(nil), args...), true
			}
			args[i] = e.In(l)
		}
	}
	return fmt.Sprintf(f, args...)
}
