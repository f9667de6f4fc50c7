package schemas

import (
	"bufio"
	"bytes"
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
type utf8Fallback struct {
	r      io.Reader
	strict bool
	mixed  bool
	in     []byte // undecoded bytes
	out    []byte // decoded bytes not yet returned
	eof    bool
}

func (u *utf8Fallback) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.eof && len(u.in) == 0 {
			return 0, io.EOF
		}
		if !u.eof {
			if cap(u.in)-len(u.in) < 4096 {
				nb := make([]byte, len(u.in), max(2*cap(u.in), 32<<10))
				copy(nb, u.in)
				u.in = nb
			}
			n, err := u.r.Read(u.in[len(u.in):cap(u.in)])
			u.in = u.in[:len(u.in)+n]
			if err == io.EOF {
				u.eof = true
			} else if err != nil {
				return 0, err
			}
			if n == 0 && !u.eof {
				continue
			}
		}
		// Keep a possibly incomplete rune at the end for the next read.
		end := len(u.in)
		if !u.eof {
			for cut := 1; cut <= 3 && cut <= end; cut++ {
				if c := u.in[end-cut]; utf8.RuneStart(c) {
					if c >= 0xC0 && !utf8.FullRune(u.in[end-cut:end]) {
						end -= cut
					}
					break
				}
			}
		}
		if end == 0 && !u.eof {
			continue
		}
		chunk := u.in[:end]
		if utf8.Valid(chunk) {
			if len(p) >= len(chunk) && len(u.out) == 0 {
				// Common case: hand the bytes straight to the caller.
				n := copy(p, chunk)
				u.in = u.in[:copy(u.in, u.in[end:])]
				return n, nil
			}
			u.out = append(u.out[:0], chunk...)
		} else {
			u.out = u.out[:0]
			for i := 0; i < len(chunk); {
				r, size := utf8.DecodeRune(chunk[i:])
				if r == utf8.RuneError && size == 1 {
					u.mixed = true
					if u.strict {
						u.out = utf8.AppendRune(u.out, utf8.RuneError)
					} else {
						u.out = utf8.AppendRune(u.out, charmap.Windows1252.DecodeByte(chunk[i]))
					}
					i++
					continue
				}
				u.out = append(u.out, chunk[i:i+size]...)
				i += size
			}
		}
		u.in = u.in[:copy(u.in, u.in[end:])]
	}
	n := copy(p, u.out)
	u.out = u.out[:copy(u.out, u.out[n:])]
	return n, nil
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
