package fact

import (
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"

	"github.com/gpso/codal/i18n"
)

// MsgControl takes the field name and the character: registry text holds a
// control character.
var MsgControl = i18n.T("le champ %s contient un caractère de contrôle (U+%04X) : retirez-le",
	"the field %s contains a control character (U+%04X): remove it")

// msgNotUTF8 takes the field name.
var msgNotUTF8 = i18n.T("le champ %s n'est pas du texte UTF-8 valide", "the field %s is not valid UTF-8 text")

// ControlChar returns the first character of s that registry text may not
// hold, with ok true, or ok false when there is none. Registry text is shown
// on terminals, so it may not hold C0 controls other than tab and newline
// (\r\n counts as a newline; escape sequences start with ESC), DEL, C1 controls, nor the bidirectional
// overrides and isolates (U+202A–U+202E, U+2066–U+2069) that reorder what is
// shown. Invalid UTF-8 gives utf8.RuneError.
func ControlChar(s string) (r rune, ok bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			i++
			continue
		}
		if c == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			return r, true
		case isControl(r), isBidiOverride(r):
			return r, true
		}
	}
	return 0, false
}

// CheckText refuses text a field may not hold (see ControlChar): the check
// of every text the CLI writes, and of every field lint reads.
func CheckText(field, s string) *i18n.Error {
	r, bad := ControlChar(s)
	switch {
	case !bad:
		return nil
	case r == utf8.RuneError && !utf8.ValidString(s):
		return i18n.Errorf(msgNotUTF8, field)
	}
	return i18n.Errorf(MsgControl, field, int(r)) // an int, as every problem argument the index stores
}

// checkNodeText reports, as control-character problems, the text scalars
// under the field key's value that hold a character CheckText refuses.
func checkNodeText(path, key string, n ast.Node, probs []Problem) []Problem {
	switch n := n.(type) {
	case nil:
	case *ast.MappingNode:
		for _, v := range n.Values {
			probs = checkNodeText(path, key, v, probs)
		}
	case *ast.MappingValueNode:
		probs = checkNodeText(path, key, n.Key, probs)
		probs = checkNodeText(path, key, n.Value, probs)
	case *ast.SequenceNode:
		for _, v := range n.Values {
			probs = checkNodeText(path, key, v, probs)
		}
	case *ast.TagNode:
		probs = checkNodeText(path, key, n.Value, probs)
	case *ast.AnchorNode:
		probs = checkNodeText(path, key, n.Value, probs)
	default:
		if s, ok := scalarText(n); ok {
			if err := CheckText(key, s); err != nil {
				probs = append(probs, FromError(path, tokPos(n.GetToken()), "control-character", err))
			}
		}
	}
	return probs
}
