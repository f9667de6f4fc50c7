package schemas

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// A small JSON reader that keeps the byte offset of every key and value, so
// that problems found in a descriptor point at the right line and column.
// encoding/json forgets positions once a value is decoded.

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

// jnode is one JSON value. Num keeps the number's text as written.
type jnode struct {
	Kind    jkind
	Off     int // byte offset of the value's first byte
	Str     string
	Num     string
	Bool    bool
	Items   []*jnode
	Members []jmember
}

// jmember is one key of an object, with the offset of the key's opening quote.
type jmember struct {
	Key    string
	KeyOff int
	Val    *jnode
}

// get returns the value of key in an object, nil when absent. With duplicate
// keys the last one wins, as in Python and encoding/json.
func (n *jnode) get(key string) *jnode {
	if n == nil || n.Kind != jObject {
		return nil
	}
	var v *jnode
	for i := range n.Members {
		if n.Members[i].Key == key {
			v = n.Members[i].Val
		}
	}
	return v
}

// member returns the member for key (the last one), nil when absent.
func (n *jnode) member(key string) *jmember {
	if n == nil || n.Kind != jObject {
		return nil
	}
	var m *jmember
	for i := range n.Members {
		if n.Members[i].Key == key {
			m = &n.Members[i]
		}
	}
	return m
}

// kindName names a JSON kind for messages.
func (k jkind) name() (fr, en string) {
	switch k {
	case jNull:
		return "null", "null"
	case jBool:
		return "un booléen", "a boolean"
	case jNumber:
		return "un nombre", "a number"
	case jString:
		return "une chaîne", "a string"
	case jArray:
		return "une liste", "a list"
	}
	return "un objet", "an object"
}

// jsonError is a syntax error at a byte offset.
type jsonError struct {
	Off int
	FR  string
	EN  string
}

func (e *jsonError) Error() string { return e.EN + " at offset " + strconv.Itoa(e.Off) }

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 512

type jparser struct {
	data  []byte
	pos   int
	depth int
}

// parseJSON reads one JSON document. A UTF-8 byte order mark is skipped.
func parseJSON(data []byte) (*jnode, *jsonError) {
	p := &jparser{data: data}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		p.pos = 3
	}
	p.skipSpace()
	if p.pos >= len(p.data) {
		return nil, p.errAt(p.pos, "fichier vide : un objet JSON est attendu", "empty file: a JSON object is expected")
	}
	n, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.data) {
		return nil, p.errAt(p.pos, "texte en trop après la fin du JSON", "extra text after the end of the JSON value")
	}
	return n, nil
}

func (p *jparser) errAt(off int, fr, en string) *jsonError {
	return &jsonError{Off: off, FR: fr, EN: en}
}

func (p *jparser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jparser) value() (*jnode, *jsonError) {
	if p.pos >= len(p.data) {
		return nil, p.errAt(p.pos, "fin de fichier inattendue : une valeur est attendue", "unexpected end of file: a value is expected")
	}
	start := p.pos
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &jnode{Kind: jString, Off: start, Str: s}, nil
	case c == 't':
		return p.literal("true", &jnode{Kind: jBool, Off: start, Bool: true})
	case c == 'f':
		return p.literal("false", &jnode{Kind: jBool, Off: start})
	case c == 'n':
		return p.literal("null", &jnode{Kind: jNull, Off: start})
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == '}' || c == ']':
		return nil, p.errAt(p.pos, "« "+string(c)+" » inattendu : une valeur est attendue (virgule en trop ?)",
			"unexpected \""+string(c)+"\": a value is expected (trailing comma?)")
	case c == '\'':
		return nil, p.errAt(p.pos, "apostrophe inattendue : JSON exige des guillemets doubles", "unexpected single quote: JSON requires double quotes")
	default:
		r, _ := utf8.DecodeRune(p.data[p.pos:])
		return nil, p.errAt(p.pos, "caractère inattendu « "+string(r)+" » : une valeur est attendue",
			"unexpected character \""+string(r)+"\": a value is expected")
	}
}

func (p *jparser) literal(word string, n *jnode) (*jnode, *jsonError) {
	if len(p.data)-p.pos >= len(word) && string(p.data[p.pos:p.pos+len(word)]) == word {
		p.pos += len(word)
		return n, nil
	}
	return nil, p.errAt(p.pos, "valeur inconnue : true, false, null, un nombre, une chaîne, une liste ou un objet est attendu",
		"unknown value: true, false, null, a number, a string, a list or an object is expected")
}

func (p *jparser) number() (*jnode, *jsonError) {
	start := p.pos
	bad := func() (*jnode, *jsonError) {
		return nil, p.errAt(start, "nombre mal formé", "malformed number")
	}
	if p.data[p.pos] == '-' {
		p.pos++
	}
	if p.pos >= len(p.data) {
		return bad()
	}
	switch c := p.data[p.pos]; {
	case c == '0':
		p.pos++
	case c >= '1' && c <= '9':
		for p.pos < len(p.data) && isDigit(p.data[p.pos]) {
			p.pos++
		}
	default:
		return bad()
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if p.pos >= len(p.data) || !isDigit(p.data[p.pos]) {
			return bad()
		}
		for p.pos < len(p.data) && isDigit(p.data[p.pos]) {
			p.pos++
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if p.pos >= len(p.data) || !isDigit(p.data[p.pos]) {
			return bad()
		}
		for p.pos < len(p.data) && isDigit(p.data[p.pos]) {
			p.pos++
		}
	}
	return &jnode{Kind: jNumber, Off: start, Num: string(p.data[start:p.pos])}, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *jparser) str() (string, *jsonError) {
	start := p.pos
	p.pos++ // opening quote
	// Fast path: no escapes.
	i := p.pos
	for i < len(p.data) {
		c := p.data[i]
		if c == '"' {
			if utf8.Valid(p.data[p.pos:i]) {
				s := string(p.data[p.pos:i])
				p.pos = i + 1
				return s, nil
			}
			break
		}
		if c == '\\' || c < 0x20 {
			break
		}
		i++
	}
	buf := make([]byte, 0, i-p.pos+16)
	for {
		if p.pos >= len(p.data) {
			return "", p.errAt(start, "chaîne non terminée : guillemet fermant manquant", "unterminated string: closing quote missing")
		}
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			return string(buf), nil
		case c < 0x20:
			return "", p.errAt(p.pos, "caractère de contrôle (retour à la ligne, tabulation…) dans une chaîne : écrivez \\n ou \\t",
				"control character (newline, tab…) inside a string: write \\n or \\t")
		case c == '\\':
			if p.pos+1 >= len(p.data) {
				return "", p.errAt(start, "chaîne non terminée : guillemet fermant manquant", "unterminated string: closing quote missing")
			}
			e := p.data[p.pos+1]
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := p.hex4(p.pos + 2)
				if !ok {
					return "", p.errAt(p.pos, "échappement \\u mal formé : quatre chiffres hexadécimaux attendus", "malformed \\u escape: four hex digits expected")
				}
				p.pos += 6
				if utf16.IsSurrogate(r) {
					if p.pos+1 < len(p.data) && p.data[p.pos] == '\\' && p.data[p.pos+1] == 'u' {
						if r2, ok := p.hex4(p.pos + 2); ok {
							if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
								p.pos += 6
								buf = utf8.AppendRune(buf, d)
								continue
							}
						}
					}
					r = utf8.RuneError
				}
				buf = utf8.AppendRune(buf, r)
				continue
			default:
				return "", p.errAt(p.pos, "échappement inconnu « \\"+string(rune(e))+" » : dans une chaîne JSON, écrivez \\\\ pour une barre oblique inverse",
					"unknown escape \"\\"+string(rune(e))+"\": inside a JSON string, write \\\\ for a backslash")
			}
			p.pos += 2
		default:
			r, size := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", p.errAt(p.pos, "octet non UTF-8 dans une chaîne : enregistrez le fichier en UTF-8", "non-UTF-8 byte in a string: save the file as UTF-8")
			}
			buf = append(buf, p.data[p.pos:p.pos+size]...)
			p.pos += size
		}
	}
}

func (p *jparser) hex4(at int) (rune, bool) {
	if at+4 > len(p.data) {
		return 0, false
	}
	var r rune
	for _, c := range p.data[at : at+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

func (p *jparser) enter() *jsonError {
	p.depth++
	if p.depth > maxDepth {
		return p.errAt(p.pos, "imbrication trop profonde", "nesting too deep")
	}
	return nil
}

func (p *jparser) array() (*jnode, *jsonError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	n := &jnode{Kind: jArray, Off: p.pos}
	p.pos++
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return n, nil
	}
	for {
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		n.Items = append(n.Items, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errAt(n.Off, "liste non fermée : « ] » manquant", "unclosed list: \"]\" missing")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return n, nil
		default:
			return nil, p.errAt(p.pos, "« , » ou « ] » attendu après un élément de liste", "\",\" or \"]\" expected after a list item")
		}
	}
}

func (p *jparser) object() (*jnode, *jsonError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	n := &jnode{Kind: jObject, Off: p.pos}
	p.pos++
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return n, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errAt(n.Off, "objet non fermé : « } » manquant", "unclosed object: \"}\" missing")
		}
		if p.data[p.pos] != '"' {
			if p.data[p.pos] == '}' {
				return nil, p.errAt(p.pos, "virgule en trop avant « } »", "trailing comma before \"}\"")
			}
			return nil, p.errAt(p.pos, "nom de propriété entre guillemets doubles attendu", "property name in double quotes expected")
		}
		keyOff := p.pos
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errAt(p.pos, "« : » attendu après le nom de propriété", "\":\" expected after the property name")
		}
		p.pos++
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		n.Members = append(n.Members, jmember{Key: key, KeyOff: keyOff, Val: v})
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errAt(n.Off, "objet non fermé : « } » manquant", "unclosed object: \"}\" missing")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return n, nil
		default:
			return nil, p.errAt(p.pos, "« , » ou « } » attendu après une valeur", "\",\" or \"}\" expected after a value")
		}
	}
}

// lineIndex turns byte offsets into 1-based line and column (in characters).
type lineIndex struct {
	data   []byte
	starts []int
}

func newLineIndex(data []byte) *lineIndex {
	li := &lineIndex{data: data, starts: []int{0}}
	for i, c := range data {
		if c == '\n' {
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

func (li *lineIndex) pos(off int) (line, col int) {
	off = max(0, min(off, len(li.data)))
	lo, hi := 0, len(li.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if li.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	start := li.starts[lo]
	seg := li.data[start:off]
	if lo == 0 && len(seg) >= 3 && seg[0] == 0xEF && seg[1] == 0xBB && seg[2] == 0xBF {
		seg = seg[3:]
	}
	return lo + 1, utf8.RuneCount(seg) + 1
}
