package schemas

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/gpso/codal/i18n"
)

// Files as agents have them: UTF-8 with or without byte order mark,
// Windows-1252 from Excel on Windows, sometimes Latin-1 or UTF-16. Detection:
// a byte order mark decides; otherwise the first 64 KiB are valid UTF-8 or
// the file is read as Windows-1252. A UTF-8 file whose later lines contain
// stray Windows-1252 bytes (a file assembled from two sources) is still
// read: those bytes are decoded as Windows-1252 and the report says so.

// sniffSize is how much of the file detection looks at.
const sniffSize = 64 << 10

// Encoding names reported and accepted by --encoding.
const (
	EncUTF8        = "utf-8"
	EncUTF8BOM     = "utf-8-sig"
	EncWindows1252 = "windows-1252"
	EncLatin1      = "iso-8859-1"
	EncLatin9      = "iso-8859-15"
	EncUTF16LE     = "utf-16le"
	EncUTF16BE     = "utf-16be"
	EncMacRoman    = "macintosh"
	EncCP850       = "cp850"
)

// EncodingNames lists the accepted --encoding values (aliases included).
var EncodingNames = []string{"utf-8", "utf8", "utf-8-sig", "windows-1252", "cp1252", "latin-1", "latin1",
	"iso-8859-1", "iso-8859-15", "latin-9", "utf-16", "utf-16le", "utf-16be", "macintosh", "cp850"}

// canonicalEncoding resolves an --encoding value; "" when unknown.
func canonicalEncoding(name string) string {
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(name), "_", "-")) {
	case "utf-8", "utf8":
		return EncUTF8
	case "utf-8-sig", "utf8-sig", "utf-8-bom":
		return EncUTF8BOM
	case "windows-1252", "cp1252", "win1252", "ansi":
		return EncWindows1252
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1":
		return EncLatin1
	case "iso-8859-15", "iso8859-15", "latin-9", "latin9":
		return EncLatin9
	case "utf-16", "utf16", "utf-16le", "utf16le":
		return EncUTF16LE
	case "utf-16be", "utf16be":
		return EncUTF16BE
	case "macintosh", "mac-roman", "macroman", "mac":
		return EncMacRoman
	case "cp850", "ibm850", "850":
		return EncCP850
	}
	return ""
}

// decodeInput returns a UTF-8 reader for the file and the encoding used.
// mixed is set (later, while reading) when a UTF-8 file had stray bytes.
func decodeInput(r io.Reader, name string) (io.Reader, string, *bool, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "", nil, i18n.Wrap(err, i18n.T("lecture impossible : %v", "cannot read: %v"), err)
	}
	enc := name
	if name != "" {
		enc = canonicalEncoding(name)
		if enc == "" {
			return nil, "", nil, i18n.Errorf(i18n.T("encodage inconnu « %s » : utilisez %s", "unknown encoding %q: use %s"),
				name, "utf-8, windows-1252, latin-1, iso-8859-15, utf-16, macintosh, cp850")
		}
	}
	hasBOM := bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	if enc == "" {
		switch {
		case hasBOM:
			enc = EncUTF8BOM
		case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
			enc = EncUTF16LE
		case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
			enc = EncUTF16BE
		case validUTF8Prefix(head):
			enc = EncUTF8
		default:
			enc = EncWindows1252
		}
	}
	var dec encoding.Encoding
	switch enc {
	case EncUTF8, EncUTF8BOM:
		if hasBOM {
			_, _ = br.Discard(3)
			enc = EncUTF8BOM
		}
		fb := &utf8Fallback{r: br, strict: name != ""}
		return fb, enc, &fb.mixed, nil
	case EncWindows1252:
		dec = charmap.Windows1252
	case EncLatin1:
		dec = charmap.ISO8859_1
	case EncLatin9:
		dec = charmap.ISO8859_15
	case EncMacRoman:
		dec = charmap.Macintosh
	case EncCP850:
		dec = charmap.CodePage850
	case EncUTF16LE:
		dec = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	case EncUTF16BE:
		dec = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	}
	return transform.NewReader(br, dec.NewDecoder()), enc, new(bool), nil
}

// validUTF8Prefix is utf8.Valid ignoring a rune cut at the end of the
// sample.
func validUTF8Prefix(b []byte) bool {
	if utf8.Valid(b) {
		return true
	}
	for cut := 1; cut <= 3 && cut <= len(b); cut++ {
		if !utf8.RuneStart(b[len(b)-cut]) {
			continue
		}
		return utf8.Valid(b[:len(b)-cut])
	}
	return false
}

// utf8Fallback passes valid UTF-8 through and decodes any invalid byte as
// Windows-1252 (unless strict, where it becomes U+FFFD as Go would show it).
// Valid input is read straight into the caller's buffer: no copy.
type utf8Fallback struct {
	r      io.Reader
	strict bool
	mixed  bool
	carry  []byte // the start of a rune cut at the end of the last read
	out    []byte // decoded bytes not yet returned
	eof    bool
}

func (u *utf8Fallback) Read(p []byte) (int, error) {
	if len(u.out) > 0 {
		n := copy(p, u.out)
		u.out = u.out[n:]
		return n, nil
	}
	if len(p) < 8 {
		// Too small to hold a rune and its carry: go through out.
		var buf [64]byte
		n, err := u.Read(buf[:])
		if n == 0 {
			return 0, err
		}
		// buf[:n] comes before what the call left in out.
		u.out = append(append(make([]byte, 0, n+len(u.out)), buf[:n]...), u.out...)
		m := copy(p, u.out)
		u.out = u.out[m:]
		return m, nil
	}
	for {
		if u.eof && len(u.carry) == 0 {
			return 0, io.EOF
		}
		c := copy(p, u.carry)
		u.carry = u.carry[:0]
		n := c
		if !u.eof {
			m, err := u.r.Read(p[c:])
			n += m
			if err == io.EOF {
				u.eof = true
			} else if err != nil {
				return 0, err
			}
		}
		end := n
		if !u.eof {
			end = completeRunes(p[:n])
			u.carry = append(u.carry, p[end:n]...)
		}
		if end == 0 {
			continue
		}
		if validUTF8(p[:end]) {
			return end, nil
		}
		u.out = u.decodeMixed(u.out[:0], p[:end])
		m := copy(p, u.out)
		u.out = u.out[m:]
		return m, nil
	}
}

// completeRunes returns the length of b without a rune cut at its end.
func completeRunes(b []byte) int {
	end := len(b)
	for cut := 1; cut <= 3 && cut <= end; cut++ {
		if c := b[end-cut]; utf8.RuneStart(c) {
			if c >= 0xC0 && !utf8.FullRune(b[end-cut:end]) {
				return end - cut
			}
			break
		}
	}
	return end
}

func (u *utf8Fallback) decodeMixed(dst, b []byte) []byte {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			u.mixed = true
			if u.strict {
				dst = utf8.AppendRune(dst, utf8.RuneError)
			} else {
				dst = utf8.AppendRune(dst, charmap.Windows1252.DecodeByte(b[i]))
			}
			i++
			continue
		}
		dst = append(dst, b[i:i+size]...)
		i += size
	}
	return dst
}

// validUTF8 is utf8.Valid, faster on text with scattered accents: it goes
// back to reading eight ASCII bytes at a time after each multi-byte rune.
func validUTF8(p []byte) bool {
	i := 0
	for i < len(p) {
		for i+8 <= len(p) && binary.LittleEndian.Uint64(p[i:])&0x8080808080808080 == 0 {
			i += 8
		}
		if i >= len(p) {
			break
		}
		c := p[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		i += size
	}
	return true
}

// sniffDelimiter picks ",", ";" or tab from the first line (outside quotes):
// the most frequent wins; "," when none appears.
func sniffDelimiter(head []byte) rune {
	counts := map[byte]int{}
	inQuote := false
	for i := 0; i < len(head); i++ {
		c := head[i]
		if c == '"' {
			inQuote = !inQuote
			continue
		}
		if inQuote {
			continue
		}
		if c == '\n' || c == '\r' {
			break
		}
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	best, bestN := byte(','), 0
	for _, c := range []byte{',', ';', '\t'} {
		if counts[c] > bestN {
			best, bestN = c, counts[c]
		}
	}
	return rune(best)
}

// delimiterName names a delimiter for reports.
func delimiterName(d rune) string {
	if d == '\t' {
		return `\t`
	}
	return string(d)
}
