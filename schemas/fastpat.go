package schemas

import (
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// A faster matcher for the patterns schemas use most: fixed shapes such as
// ^\d{14}$ (SIRET), ^W\d{9}$ (RNA), ^([013-9]\d|2[AB1-9])\d{3}$ (INSEE) or
// a date with an optional second date. Such a pattern is expanded into a few
// flat sequences of literals and repeated character classes, matched with a
// small backtracking loop under a step budget. When the budget runs out, or
// for patterns outside this shape (repeated groups, word boundaries, case
// folding…), the regular expression decides. Go's regexp spends most of its
// time in general machinery on these short cells.

// fastPattern is a set of alternative flat sequences.
type fastPattern struct {
	flats []flat
}

type flat struct {
	items    []fastItemP
	endFixed bool // anchored at the end: the match must consume the whole cell
}

type fastItemP struct {
	lit      string   // a literal, when cls is nil
	cls      *runeSet // a class repeated min..max times (max < 0: no limit)
	min, max int
}

// runeSet is a character class: an ASCII bitmap and sorted ranges beyond.
type runeSet struct {
	ascii  [2]uint64
	ranges []rune // pairs lo, hi, for runes ≥ 0x80
}

func (c *runeSet) has(r rune) bool {
	if r < utf8.RuneSelf {
		return c.ascii[r>>6]&(1<<(uint(r)&63)) != 0
	}
	rs := c.ranges
	lo, hi := 0, len(rs)/2
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case r < rs[2*m]:
			hi = m
		case r > rs[2*m+1]:
			lo = m + 1
		default:
			return true
		}
	}
	return false
}

func newRuneSet(pairs []rune) *runeSet {
	c := &runeSet{}
	for i := 0; i+1 < len(pairs); i += 2 {
		lo, hi := pairs[i], pairs[i+1]
		for r := lo; r <= hi && r < utf8.RuneSelf; r++ {
			c.ascii[r>>6] |= 1 << (uint(r) & 63)
		}
		if hi >= utf8.RuneSelf {
			c.ranges = append(c.ranges, max(lo, utf8.RuneSelf), hi)
		}
	}
	return c
}

const (
	maxFlats    = 16
	maxFlatSize = 64
)

// compileFast expands an anchored Go pattern; nil when it is outside the
// supported shape.
func compileFast(goSrc string) *fastPattern {
	re, err := syntax.Parse(goSrc, syntax.Perl)
	if err != nil {
		return nil
	}
	raw, ok := expand(re)
	if !ok || len(raw) == 0 {
		return nil
	}
	fp := &fastPattern{}
	for _, seq := range raw {
		f, ok := finishFlat(seq)
		if !ok {
			return nil
		}
		fp.flats = append(fp.flats, f)
	}
	return fp
}

// node of an expanded sequence before anchors are resolved.
type xitem struct {
	fastItemP
	begin, end bool // an anchor
}

func expand(re *syntax.Regexp) ([][]xitem, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return [][]xitem{{}}, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return [][]xitem{{{fastItemP: fastItemP{lit: string(re.Rune)}}}}, true
	case syntax.OpCharClass, syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		c, ok := classOf(re)
		if !ok {
			return nil, false
		}
		return [][]xitem{{{fastItemP: fastItemP{cls: c, min: 1, max: 1}}}}, true
	case syntax.OpBeginText:
		return [][]xitem{{{begin: true}}}, true
	case syntax.OpEndText:
		return [][]xitem{{{end: true}}}, true
	case syntax.OpCapture:
		return expand(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		sub := re.Sub[0]
		lo, hi := 0, -1
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
		}
		if c, ok := classOf(sub); ok {
			return [][]xitem{{{fastItemP: fastItemP{cls: c, min: lo, max: hi}}}}, true
		}
		if sub.Op == syntax.OpLiteral && len(sub.Rune) == 1 && sub.Flags&syntax.FoldCase == 0 {
			c := newRuneSet([]rune{sub.Rune[0], sub.Rune[0]})
			return [][]xitem{{{fastItemP: fastItemP{cls: c, min: lo, max: hi}}}}, true
		}
		// A group repeated a bounded number of times: expand the counts.
		if hi < 0 || hi > 4 {
			return nil, false
		}
		inner, ok := expand(sub)
		if !ok {
			return nil, false
		}
		var out [][]xitem
		for k := lo; k <= hi; k++ {
			seqs := [][]xitem{{}}
			for j := 0; j < k; j++ {
				if seqs, ok = product(seqs, inner); !ok {
					return nil, false
				}
			}
			out = append(out, seqs...)
			if len(out) > maxFlats {
				return nil, false
			}
		}
		return out, true
	case syntax.OpConcat:
		seqs := [][]xitem{{}}
		for _, s := range re.Sub {
			alts, ok := expand(s)
			if !ok {
				return nil, false
			}
			if seqs, ok = product(seqs, alts); !ok {
				return nil, false
			}
		}
		return seqs, true
	case syntax.OpAlternate:
		var out [][]xitem
		for _, s := range re.Sub {
			alts, ok := expand(s)
			if !ok {
				return nil, false
			}
			out = append(out, alts...)
			if len(out) > maxFlats {
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

func product(a, b [][]xitem) ([][]xitem, bool) {
	if len(a)*len(b) > maxFlats {
		return nil, false
	}
	out := make([][]xitem, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			if len(x)+len(y) > maxFlatSize {
				return nil, false
			}
			s := make([]xitem, 0, len(x)+len(y))
			out = append(out, append(append(s, x...), y...))
		}
	}
	return out, true
}

func classOf(re *syntax.Regexp) (*runeSet, bool) {
	switch re.Op {
	case syntax.OpCharClass:
		return newRuneSet(re.Rune), true
	case syntax.OpAnyCharNotNL:
		return newRuneSet([]rune{0, '\n' - 1, '\n' + 1, utf8.MaxRune}), true
	case syntax.OpAnyChar:
		return newRuneSet([]rune{0, utf8.MaxRune}), true
	}
	return nil, false
}

// finishFlat checks the anchors: a sequence must start with \A (as every
// schema pattern is anchored with "^"); \z may only end it.
func finishFlat(seq []xitem) (flat, bool) {
	var f flat
	if len(seq) == 0 || !seq[0].begin {
		return f, false
	}
	seq = seq[1:]
	for len(seq) > 0 && seq[0].begin {
		seq = seq[1:] // ^^ as in frictionless' "^" + "^…"
	}
	for len(seq) > 0 && seq[len(seq)-1].end {
		f.endFixed = true
		seq = seq[:len(seq)-1]
	}
	for _, it := range seq {
		if it.begin || it.end {
			return f, false
		}
		// merge adjacent literals
		if it.cls == nil && len(f.items) > 0 && f.items[len(f.items)-1].cls == nil {
			f.items[len(f.items)-1].lit += it.lit
			continue
		}
		f.items = append(f.items, it.fastItemP)
	}
	return f, true
}

// match reports whether s matches; decided is false when the step budget
// ran out and the caller must ask the regular expression.
func (fp *fastPattern) match(s string) (matched, decided bool) {
	budget := 64 + 8*len(s)
	for i := range fp.flats {
		f := &fp.flats[i]
		if matchFlat(f, 0, s, 0, &budget) {
			return true, true
		}
		if budget < 0 {
			return false, false
		}
	}
	return false, true
}

func matchFlat(f *flat, i int, s string, pos int, budget *int) bool {
	for i < len(f.items) {
		it := &f.items[i]
		if it.cls == nil {
			if !strings.HasPrefix(s[pos:], it.lit) {
				return false
			}
			pos += len(it.lit)
			i++
			continue
		}
		// Greedy run of the class.
		p, k := pos, 0
		for (it.max < 0 || k < it.max) && p < len(s) {
			c := s[p]
			if c < utf8.RuneSelf {
				if it.cls.ascii[c>>6]&(1<<(c&63)) == 0 {
					break
				}
				p++
			} else {
				r, w := utf8.DecodeRuneInString(s[p:])
				if !it.cls.has(r) {
					break
				}
				p += w
			}
			k++
		}
		if k < it.min {
			return false
		}
		if k == it.min || i+1 == len(f.items) && f.endFixed {
			// No choice left (or only the longest run can reach the end).
			pos = p
			i++
			continue
		}
		for {
			*budget--
			if *budget < 0 {
				return false
			}
			if matchFlat(f, i+1, s, p, budget) {
				return true
			}
			if k == it.min {
				return false
			}
			_, w := utf8.DecodeLastRuneInString(s[:p])
			p -= w
			k--
		}
	}
	return !f.endFixed || pos == len(s)
}
