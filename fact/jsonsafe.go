package fact

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"unicode/utf8"
)

// WriteJSON writes v as indented JSON (HTML characters left as they are)
// through EscapeJSON, so the output keeps every string intact for a program
// yet holds no raw character a terminal acts upon when the JSON is cat-ed.
func WriteJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(EscapeJSON(buf.Bytes()))
	return err
}

// EscapeJSON rewrites the characters encoding/json leaves raw inside strings
// although a terminal may act on them or show text out of order: DEL, the C1
// controls U+0080–U+009F (U+009B is a one-character CSI for some terminals),
// bidirectional formatting (U+061C, U+200E, U+200F, U+202A–U+202E,
// U+2066–U+2069) and the byte order mark U+FEFF. Each becomes its \uXXXX
// escape, so the JSON still decodes to the very same strings. encoding/json
// already escapes C0 controls and U+2028/U+2029, and writes only ASCII
// outside strings, so the rewrite never touches the structure. Input without
// such a character is returned as is.
func EscapeJSON(b []byte) []byte {
	i := 0
	for i < len(b) {
		if c := b[i]; c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if jsonUnsafe(r) {
			break
		}
		i += size
	}
	if i == len(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	out = append(out, b[:i]...)
	for i < len(b) {
		c := b[i]
		if c < 0x7f {
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if jsonUnsafe(r) {
			out = append(out, `\u`...)
			h := strconv.FormatInt(int64(r), 16)
			for n := len(h); n < 4; n++ {
				out = append(out, '0')
			}
			out = append(out, h...)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

// jsonUnsafe reports whether r is a character EscapeJSON escapes.
func jsonUnsafe(r rune) bool {
	switch {
	case r >= 0x20 && isControl(r), isBidiFormat(r):
		return true
	case r == 0xfeff, r == 0x2028, r == 0x2029:
		return true
	}
	return false
}
