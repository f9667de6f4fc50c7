package schemas

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// Patterns in Table Schemas are Python regular expressions: frictionless
// compiles "^" + pattern + "$" with Python's re module and calls match. We
// translate the Python syntax to Go's regexp (RE2) where it has an
// equivalent, and fall back to regexp2 (a backtracking engine with .NET
// syntax) for what RE2 cannot do: backreferences, lookarounds, atomic groups.
//
// Python differences handled here:
//   - \uXXXX and \UXXXXXXXX escapes, and escaped non-ASCII characters (\’);
//   - \d, \w, \s match Unicode digits, letters and spaces (str patterns);
//   - \Z is the absolute end of the string;
//   - {,n} means {0,n};
//   - a "[" inside a character class is a literal, not a POSIX class;
//   - (?P=name) is a named backreference.

// pattern is a compiled pattern constraint.
type pattern struct {
	source string // as written in the schema
	re     *regexp.Regexp
	re2    *regexp2.Regexp
	fast   *fastPattern // nil unless the pattern has a simple shape
}

// patternTimeout bounds one backtracking match, so that a catastrophic
// pattern cannot hang a validation.
const patternTimeout = 200 * time.Millisecond

// patternTimeoutText is patternTimeout as messages say it.
const patternTimeoutText = "200 ms"

// errBackrefRE2 marks a translation that needs the backtracking engine.
var errNeedsBacktracking = errors.New("needs backtracking engine")

// compilePattern compiles a schema pattern, anchored as frictionless does:
// "^" + pattern + "$" (without grouping, like frictionless).
func compilePattern(src string) (*pattern, error) {
	goSrc, netSrc, err := translatePyRegex(src)
	if err == nil {
		if re, gerr := regexp.Compile("^" + goSrc + "$"); gerr == nil {
			return &pattern{source: src, re: re, fast: compileFast("^" + goSrc + "$")}, nil
		}
	} else if !errors.Is(err, errNeedsBacktracking) {
		return nil, err
	}
	re2, err2 := regexp2.Compile("^"+netSrc+"$", regexp2.None)
	if err2 != nil {
		return nil, err2
	}
	re2.MatchTimeout = patternTimeout
	return &pattern{source: src, re2: re2}, nil
}

// match reports whether s matches the whole pattern. Like Python's "$",
// the final anchor also matches before a newline that ends the cell.
// timedOut is set when the backtracking engine gave up after
// patternTimeout: the cell could not be checked, which is not the same as
// "does not match".
func (p *pattern) match(s string) (ok, timedOut bool) {
	if p.re != nil {
		if p.goMatch(s) {
			return true, false
		}
		if n := len(s); n > 0 && s[n-1] == '\n' {
			return p.goMatch(s[:n-1]), false
		}
		return false, false
	}
	ok, err := p.re2.MatchString(s)
	if err != nil {
		// regexp2 returns an error only when the match timed out.
		return false, true
	}
	return ok, false
}

func (p *pattern) goMatch(s string) bool {
	if p.fast != nil {
		if m, decided := p.fast.match(s); decided {
			return m
		}
	}
	return p.re.MatchString(s)
}

// pyRegexError is a syntax error in a Python pattern found while translating.
type pyRegexError struct{ msg string }

func (e *pyRegexError) Error() string { return e.msg }

// Unicode classes matching Python's str semantics.
const (
	pyDigit      = `\p{Nd}`
	pyWordInner  = `\p{L}\p{N}_`
	pySpaceInner = `\t\n\v\f\r \x{1c}-\x{1f}\x{85}\p{Z}`
)

// translatePyRegex returns the pattern in Go syntax and in .NET (regexp2)
// syntax. The error errNeedsBacktracking means only the .NET form is usable.
func translatePyRegex(src string) (goSrc, netSrc string, err error) {
	var g, n strings.Builder
	g.Grow(len(src) + 16)
	n.Grow(len(src) + 16)
	both := func(s string) { g.WriteString(s); n.WriteString(s) }
	needsBT := false
	inClass := false
	classStart := false // just after "[" or "[^": a "]" here is literal
	for i := 0; i < len(src); {
		c := src[i]
		if inClass {
			switch {
			case c == ']' && !classStart:
				inClass = false
				both("]")
				i++
				continue
			case c == '[':
				both(`\[`)
				i++
				classStart = false
				continue
			case c == '\\':
				// handled below
			default:
				r, size := utf8.DecodeRuneInString(src[i:])
				if c == ']' {
					both(`\]`)
				} else {
					both(string(r))
				}
				i += size
				classStart = false
				continue
			}
		}
		switch c {
		case '\\':
			if i+1 >= len(src) {
				return "", "", &pyRegexError{"bad escape (end of pattern)"}
			}
			consumed, gs, ns, bt, eerr := translateEscape(src[i:], inClass)
			if eerr != nil {
				return "", "", eerr
			}
			needsBT = needsBT || bt
			g.WriteString(gs)
			n.WriteString(ns)
			i += consumed
			classStart = false
		case '[':
			inClass = true
			classStart = true
			i++
			both("[")
			if i < len(src) && src[i] == '^' {
				both("^")
				i++
			}
		case '(':
			rest := src[i:]
			switch {
			case strings.HasPrefix(rest, "(?P<"):
				g.WriteString("(?P<")
				n.WriteString("(?<")
				i += 4
			case strings.HasPrefix(rest, "(?P="):
				end := strings.IndexByte(rest, ')')
				if end < 0 {
					return "", "", &pyRegexError{"missing ), unterminated name"}
				}
				name := rest[4:end]
				n.WriteString(`\k<` + name + `>`)
				needsBT = true
				i += end + 1
			case strings.HasPrefix(rest, "(?#"):
				end := strings.IndexByte(rest, ')')
				if end < 0 {
					return "", "", &pyRegexError{"missing ), unterminated comment"}
				}
				i += end + 1
			case strings.HasPrefix(rest, "(?="), strings.HasPrefix(rest, "(?!"),
				strings.HasPrefix(rest, "(?<="), strings.HasPrefix(rest, "(?<!"), strings.HasPrefix(rest, "(?>"):
				needsBT = true
				both("(")
				i++
			default:
				both("(")
				i++
			}
		case '{':
			// Python reads {,n} as {0,n}.
			if j := strings.IndexByte(src[i:], '}'); j > 1 && src[i+1] == ',' && allDigits(src[i+2:i+j]) {
				both("{0" + src[i+1:i+j+1])
				i += j + 1
			} else {
				both("{")
				i++
			}
		default:
			r, size := utf8.DecodeRuneInString(src[i:])
			both(string(r))
			i += size
		}
	}
	if inClass {
		return "", "", &pyRegexError{"unterminated character set"}
	}
	if needsBT {
		return "", n.String(), errNeedsBacktracking
	}
	return g.String(), n.String(), nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// translateEscape translates the escape at the start of s ("\x…").
func translateEscape(s string, inClass bool) (consumed int, goS, netS string, needsBT bool, err error) {
	c := s[1]
	lit := func(r rune) string {
		// A literal rune, escaped when it is ASCII punctuation.
		if r < utf8.RuneSelf && !isAlnum(byte(r)) && r > ' ' {
			return `\` + string(r)
		}
		if r < ' ' || r == 0x7f {
			return `\x{` + strconv.FormatInt(int64(r), 16) + `}`
		}
		return string(r)
	}
	netLit := func(r rune) string {
		if r < utf8.RuneSelf && !isAlnum(byte(r)) && r > ' ' {
			return `\` + string(r)
		}
		if r < ' ' || r == 0x7f || r > 0xffff {
			if r > 0xffff {
				return string(r)
			}
			return `\u` + leftPad(strconv.FormatInt(int64(r), 16), 4)
		}
		return string(r)
	}
	switch {
	case c == 'u' || c == 'U':
		width := 4
		if c == 'U' {
			width = 8
		}
		if len(s) < 2+width {
			return 0, "", "", false, &pyRegexError{"incomplete escape \\" + string(c)}
		}
		v, perr := strconv.ParseUint(s[2:2+width], 16, 32)
		if perr != nil || v > utf8.MaxRune {
			return 0, "", "", false, &pyRegexError{"bad escape \\" + s[1:2+width]}
		}
		r := rune(v)
		return 2 + width, lit(r), netLit(r), false, nil
	case c == 'x':
		if len(s) < 4 {
			return 0, "", "", false, &pyRegexError{"incomplete escape \\x"}
		}
		v, perr := strconv.ParseUint(s[2:4], 16, 8)
		if perr != nil {
			return 0, "", "", false, &pyRegexError{"bad escape \\" + s[1:4]}
		}
		return 4, lit(rune(v)), netLit(rune(v)), false, nil
	case c == 'd':
		return 2, pyDigit, `\d`, false, nil
	case c == 'D':
		return 2, `\P{Nd}`, `\D`, false, nil
	case c == 'w':
		if inClass {
			return 2, pyWordInner, `\w`, false, nil
		}
		return 2, "[" + pyWordInner + "]", `\w`, false, nil
	case c == 'W':
		if inClass {
			return 2, `\W`, `\W`, false, nil
		}
		return 2, "[^" + pyWordInner + "]", `\W`, false, nil
	case c == 's':
		if inClass {
			return 2, pySpaceInner, `\s`, false, nil
		}
		return 2, "[" + pySpaceInner + "]", `\s`, false, nil
	case c == 'S':
		if inClass {
			return 2, `\S`, `\S`, false, nil
		}
		return 2, "[^" + pySpaceInner + "]", `\S`, false, nil
	case c == 'Z':
		if inClass {
			return 0, "", "", false, &pyRegexError{"bad escape \\Z in a character set"}
		}
		return 2, `\z`, `\z`, false, nil
	case c == 'A' || c == 'b' || c == 'B':
		if inClass {
			if c == 'b' {
				return 2, `\x{8}`, `\u0008`, false, nil
			}
			return 0, "", "", false, &pyRegexError{"bad escape \\" + string(c) + " in a character set"}
		}
		return 2, `\` + string(c), `\` + string(c), false, nil
	case c == 'n', c == 't', c == 'r', c == 'f', c == 'v', c == 'a':
		return 2, `\` + string(c), `\` + string(c), false, nil
	case c == '0':
		// Octal escape: up to three octal digits.
		j := 2
		for j < len(s) && j < 4 && s[j] >= '0' && s[j] <= '7' {
			j++
		}
		v, _ := strconv.ParseUint("0"+s[2:j], 8, 32)
		return j, lit(rune(v)), netLit(rune(v)), false, nil
	case c >= '1' && c <= '9':
		// Three octal digits make an octal escape; otherwise a backreference.
		if len(s) >= 4 && s[1] <= '7' && s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7' {
			v, _ := strconv.ParseUint(s[1:4], 8, 32)
			return 4, lit(rune(v)), netLit(rune(v)), false, nil
		}
		if inClass {
			return 0, "", "", false, &pyRegexError{"bad escape \\" + string(c) + " in a character set"}
		}
		j := 2
		if j < len(s) && isDigit(s[j]) {
			j++
		}
		return j, "", `\` + s[1:j], true, nil
	case c < utf8.RuneSelf && isAlnum(c):
		return 0, "", "", false, &pyRegexError{"bad escape \\" + string(c)}
	default:
		r, size := utf8.DecodeRuneInString(s[1:])
		return 1 + size, lit(r), netLit(r), false, nil
	}
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}
