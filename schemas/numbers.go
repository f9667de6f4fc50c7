package schemas

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// isPyWhite reports Python's str.isspace for a rune.
func isPyWhite(r rune) bool {
	return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f
}

// trimPySpace is Python's str.strip(): surrounding Unicode whitespace.
func trimPySpace(s string) string {
	if s == "" {
		return s
	}
	if c, d := s[0], s[len(s)-1]; c > ' ' && c < 0x80 && d > ' ' && d < 0x80 {
		return s
	}
	return strings.TrimFunc(s, isPyWhite)
}

// stripNonDigits removes leading and trailing non-digits (bareNumber false).
func stripNonDigits(s string) string {
	isD := func(r rune) bool { return unicode.IsDigit(r) }
	return strings.TrimRightFunc(strings.TrimLeftFunc(s, func(r rune) bool { return !isD(r) }), func(r rune) bool { return !isD(r) })
}

// parseInteger reads an integer as Python's int() does after frictionless'
// bare-number rules: surrounding spaces, a sign, single underscores between
// digits.
func parseInteger(s string, bare bool, group string) (val, bool) {
	// Fast path: optional minus and up to 18 ASCII digits.
	if n := len(s); n > 0 && n <= 19 {
		i := 0
		neg := false
		if s[0] == '-' {
			neg, i = true, 1
		}
		if n-i <= 18 && i < n {
			var v int64
			j := i
			for ; j < n; j++ {
				c := s[j]
				if c < '0' || c > '9' {
					break
				}
				v = v*10 + int64(c-'0')
			}
			if j == n && j > i {
				if neg {
					v = -v
				}
				return val{i: v, f: float64(v)}, true
			}
		}
	}
	t := s
	if !bare {
		t = stripNonDigits(t)
	}
	if group != "" {
		t = strings.ReplaceAll(t, group, "")
	}
	t = trimPySpace(t)
	clean, ok := pyDigits(t, true, false)
	if !ok {
		return val{}, false
	}
	v, err := strconv.ParseInt(clean, 10, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			f, _ := strconv.ParseFloat(clean, 64)
			if f > 0 {
				return val{i: math.MaxInt64, f: f}, true
			}
			return val{i: math.MinInt64, f: f}, true
		}
		return val{}, false
	}
	return val{i: v, f: float64(v)}, true
}

// pyDigits validates a Python numeric literal body and returns it without
// underscores: an optional sign, digits with single underscores between
// them and, for decimals, a fraction and exponent.
func pyDigits(t string, integer, decimal bool) (string, bool) {
	if t == "" {
		return "", false
	}
	hasUnderscore := false
	i := 0
	if t[0] == '+' || t[0] == '-' {
		i = 1
	}
	digitsAt := func(j int) (int, bool) {
		start := j
		for j < len(t) {
			c := t[j]
			if c >= '0' && c <= '9' {
				j++
				continue
			}
			if c == '_' && j > start && j+1 < len(t) && isDigit(t[j+1]) && isDigit(t[j-1]) {
				hasUnderscore = true
				j++
				continue
			}
			break
		}
		return j, j > start
	}
	j, intPart := digitsAt(i)
	if integer {
		if !intPart || j != len(t) {
			return "", false
		}
	} else {
		frac := false
		if j < len(t) && t[j] == '.' {
			j, frac = digitsAt(j + 1)
		}
		if !intPart && !frac {
			return "", false
		}
		if j < len(t) && (t[j] == 'e' || t[j] == 'E') {
			k := j + 1
			if k < len(t) && (t[k] == '+' || t[k] == '-') {
				k++
			}
			var ok bool
			j, ok = digitsAt(k)
			if !ok {
				return "", false
			}
		}
		if j != len(t) {
			return "", false
		}
	}
	if hasUnderscore {
		return strings.ReplaceAll(t, "_", ""), true
	}
	return t, true
}

// parseNumber reads a number as Python's Decimal() does after frictionless'
// processing (bare numbers, decimal and group characters).
func parseNumber(s string, bare bool, dec, group string, custom bool) (val, bool) {
	// Fast path: plain decimal notation, converted exactly when the digits
	// fit a float64 mantissa (as strconv does), else by strconv.
	if !custom && len(s) > 0 && len(s) < 40 {
		i := 0
		if s[0] == '-' {
			i = 1
		}
		plain := i < len(s) && (s[i] != '0' || i+1 == len(s) || s[i+1] == '.')
		dot := -1
		digits := 0
		var mant uint64
		for j := i; j < len(s) && plain; j++ {
			c := s[j]
			switch {
			case c >= '0' && c <= '9':
				digits++
				mant = mant*10 + uint64(c-'0')
			case c == '.' && dot < 0:
				dot = j
			default:
				plain = false
			}
		}
		if plain && digits > 0 {
			frac := 0
			if dot >= 0 {
				frac = len(s) - dot - 1
			}
			if digits <= 15 && frac < len(pow10) {
				f := float64(mant) / pow10[frac]
				if i == 1 {
					f = -f
				}
				return val{f: f}, true
			}
			f, err := strconv.ParseFloat(s, 64)
			if err == nil {
				return val{f: f}, true
			}
		}
	}
	t := s
	if custom {
		if !bare {
			t = stripNonDigits(t)
		}
		if group != "" {
			t = strings.ReplaceAll(t, group, "")
		}
		if dec != "." {
			if strings.Contains(t, ".") {
				return val{}, false
			}
			t = strings.ReplaceAll(t, dec, ".")
		}
	}
	t = trimPySpace(t)
	body := strings.TrimLeft(t, "+-")
	if len(t)-len(body) <= 1 {
		switch strings.ToLower(body) {
		case "inf", "infinity":
			if strings.HasPrefix(t, "-") {
				return val{f: math.Inf(-1)}, true
			}
			return val{f: math.Inf(1)}, true
		case "nan", "snan":
			return val{f: math.NaN()}, true
		}
	}
	clean, ok := pyDigits(t, false, true)
	if !ok {
		return val{}, false
	}
	f, err := strconv.ParseFloat(clean, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return val{}, false
	}
	return val{f: f}, true
}
