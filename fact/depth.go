package fact

// MaxDepth is how deeply the collections of a registry YAML file may nest
// (a top-level mapping is level 1). Real files use three or four levels; the
// YAML library's time and memory grow much faster than the depth, so a file
// nested deeper is refused before it is parsed (lint problem too-deep).
const MaxDepth = 64

// YAMLDepth scans YAML source without parsing it and returns the first
// position where collections nest deeper than max, or ok true when they
// never do. It runs in one pass, allocates almost nothing, and stops at the
// first excess, so a hostile file costs no more than reading it. It bounds
// the parser's work (what it lets through nests at most twice max, the
// property FuzzYAMLDepth checks against the parser); DecodeYAML then checks
// the parsed depth exactly (checkDepth), since the parser reads some odd
// layouts one level deeper than their indentation says.
//
// It counts flow collections ([ and {) and block levels (indentation, and
// the "- ", "? " indicators that open a level on the same line, even inside
// a flow collection, where the parser nests them too), skipping
// quoted scalars, comments and the content of block scalars (| and >) as the
// parser does. It errs on the side of counting: text it skips (a quoted or
// plain scalar, a comment, a block scalar) is refused too when more than max
// brackets are open in it or more than max "- " start one line, which no
// real text does, so that a file can never hide deep nesting from the scan
// behind a scalar the parser reads differently.
func YAMLDepth(data []byte, max int) (pos Pos, ok bool) {
	s := depthScan{max: max, blockIndent: -1}
	for start, n := 0, 1; start < len(data); n++ {
		// a line ends at \n, \r\n or a lone \r, as in the parser
		end := start
		for end < len(data) && data[end] != '\n' && data[end] != '\r' {
			end++
		}
		s.line = n
		s.scanLine(data[start:end])
		if s.bad.Line > 0 {
			return s.bad, false
		}
		start = end + 1
		if end+1 < len(data) && data[end] == '\r' && data[end+1] == '\n' {
			start++
		}
	}
	return Pos{}, true
}

type depthScan struct {
	max  int
	line int
	bad  Pos
	// stack holds the indentation of the open block levels, and seqs
	// whether each is a block sequence that began a line (a sequence
	// may share its column with the mapping it is the value of).
	stack []int
	seqs  []bool
	// flow is how many flow collections are open, and extra how many levels
	// "- " indicators opened inside each of them (the parser nests block
	// entries there too), with their sum in dashes.
	flow   int
	extra  []int
	dashes int
	// colons counts the ":" of the flow entry in progress at each open flow
	// level: the parser reads "a:b:{c}" in a flow collection as mappings
	// nested in the entry's value, so every ":" after the entry's first
	// counts as one more level (in extra and dashes, and in entry, which
	// the next "," takes back).
	colons []int
	entry  []int
	// seq is true for each open flow collection that is a sequence: there
	// the first ":" of an entry already opens a level (a single-pair
	// mapping, "[a: [b]]"), as does a "? " that starts one.
	seq []bool
	// quote is the quote character of a quoted scalar still open at the end
	// of the previous line, 0 when none.
	quote byte
	// inScalar is true inside a block scalar: its lines are text while they
	// are indented at least blockIndent (set by the first non-blank line),
	// itself more than blockParent.
	inScalar    bool
	blockParent int
	blockIndent int
	// raw is the bracket balance of the skipped text in progress.
	raw int
	// dangling is the depth at a tag or anchor that ends its line (with
	// isDangling): the parser gives it the next line's node whatever that
	// line's indentation ("- !" then "- -" nests the second sequence in
	// the first), and that node goes on over the lines indented at least
	// as much. So base, the depth block lines start from, takes it from the
	// next line on, for as long as lines are indented at least baseIndent
	// (which over-counts a well-indented value, harmlessly).
	dangling, base, baseIndent int
	isDangling                 bool
}

func (s *depthScan) fail(i int) {
	if s.bad.Line == 0 {
		s.bad = Pos{Line: s.line, Col: i + 1}
	}
}

func (s *depthScan) push(indent int, seq bool) {
	s.stack = append(s.stack, indent)
	s.seqs = append(s.seqs, seq)
}

func (s *depthScan) pop() {
	s.stack = s.stack[:len(s.stack)-1]
	s.seqs = s.seqs[:len(s.seqs)-1]
}

// level checks the depth after opening a collection at byte i.
func (s *depthScan) level(i int) {
	if s.base+len(s.stack)+s.flow+s.dashes > s.max {
		s.fail(i)
	}
}

// open opens a flow collection at byte i: a sequence when seq is true.
func (s *depthScan) open(i int, seq bool) {
	s.flow++
	s.extra = append(s.extra, 0)
	s.colons = append(s.colons, 0)
	s.entry = append(s.entry, 0)
	s.seq = append(s.seq, seq)
	s.level(i)
}

// close closes the innermost flow collection, if any.
func (s *depthScan) close() {
	if s.flow == 0 {
		return
	}
	s.flow--
	s.dashes -= s.extra[len(s.extra)-1]
	s.extra = s.extra[:len(s.extra)-1]
	s.colons = s.colons[:len(s.colons)-1]
	s.entry = s.entry[:len(s.entry)-1]
	s.seq = s.seq[:len(s.seq)-1]
}

// skipped counts the brackets and leading "- " of text the scan does not
// read as structure (see YAMLDepth).
func (s *depthScan) skipped(line []byte, from, to int) {
	dashes := 0
	lead := true
	for i := from; i < to && s.bad.Line == 0; i++ {
		switch c := line[i]; {
		case c == '[' || c == '{':
			s.raw++
			if s.raw > s.max {
				s.fail(i)
			}
		case c == ']' || c == '}':
			if s.raw > 0 {
				s.raw--
			}
		case lead && (c == '-' || c == '?') && (i+1 == to || line[i+1] == ' ' || line[i+1] == '\t'):
			dashes++
			if dashes > s.max {
				s.fail(i)
			}
		case lead && (c == ' ' || c == '\t'):
		default:
			lead = false
		}
	}
}

func spaceAt(line []byte, i int) bool {
	return i >= len(line) || line[i] == ' ' || line[i] == '\t'
}

func skipSpaces(line []byte, i int) int {
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return i
}

func (s *depthScan) scanLine(line []byte) {
	i := 0
	if s.quote != 0 {
		i = s.closeQuote(line, 0)
		if i < 0 {
			return
		}
	} else if s.inScalar {
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		blank := skipSpaces(line, 0) == len(line)
		if s.blockIndent < 0 && !blank && indent > s.blockParent {
			s.blockIndent = indent
		}
		if blank || s.blockIndent >= 0 && indent >= s.blockIndent {
			s.skipped(line, 0, len(line))
			return
		}
		s.inScalar = false
	}
	if i == 0 && s.flow == 0 {
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		j := skipSpaces(line, indent)
		if j == len(line) || line[j] == '#' || indent == 0 && line[0] == '%' {
			s.raw = 0
			s.skipped(line, j, len(line))
			return
		}
		switch {
		case s.isDangling:
			// the line's node hangs on the tag: one level deeper
			s.base, s.baseIndent, s.isDangling = s.dangling, indent, false
			if s.base+1 > s.max {
				s.fail(indent)
				return
			}
		case indent < s.baseIndent:
			s.base, s.baseIndent = 0, 0
		}
		if indent == 0 && len(line) >= 3 && (string(line[:3]) == "---" || string(line[:3]) == "...") && spaceAt(line, 3) {
			s.stack, s.seqs = s.stack[:0], s.seqs[:0]
			s.base, s.baseIndent = 0, 0
			i = 3
		} else {
			// A line that starts with ": " gives the value of what the
			// lines before began (the parser may read an indented scalar
			// above it as the key): its levels count on top of theirs.
			value := line[indent] == ':' && spaceAt(line, indent+1)
			for !value && len(s.stack) > 0 && s.stack[len(s.stack)-1] > indent {
				s.pop()
			}
			dash := line[indent] == '-' && spaceAt(line, indent+1)
			top := len(s.stack) - 1
			switch {
			case value:
			case top < 0 || s.stack[top] < indent:
				s.push(indent, dash)
				s.level(indent)
			case dash && !s.seqs[top]:
				// "- " in the column of a mapping's keys: the sequence
				// is that key's value, one level deeper ("a:\n- b")
				s.push(indent, true)
				s.level(indent)
			case !dash && s.seqs[top] && top > 0 && s.stack[top-1] == indent:
				// back to the mapping's keys after such a sequence
				s.pop()
			}
			i = indent
		}
	}
	for i >= 0 && i < len(line) && s.bad.Line == 0 {
		if s.flow > 0 {
			i = s.scanFlow(line, i, true)
		} else {
			i = s.scanBlock(line, i)
		}
	}
}

// closeQuote skips the rest of an open quoted scalar from i and returns the
// index after its closing quote, or -1 when it goes on past this line.
func (s *depthScan) closeQuote(line []byte, i int) int {
	from := i
	for ; i < len(line); i++ {
		c := line[i]
		if s.quote == '"' && c == '\\' {
			i++
			continue
		}
		if c == s.quote {
			if s.quote == '\'' && i+1 < len(line) && line[i+1] == '\'' {
				i++
				continue
			}
			s.skipped(line, from, i)
			s.quote = 0
			return i + 1
		}
	}
	s.skipped(line, from, len(line))
	return -1
}

// openQuote starts a quoted scalar at i and returns where the scan goes on,
// or -1 when the scalar goes on past this line.
func (s *depthScan) openQuote(line []byte, i int) int {
	s.quote = line[i]
	s.raw = 0
	return s.closeQuote(line, i+1)
}

// scanBlock reads block-context nodes from i and returns where the scan goes
// on: inside a flow collection opened on this line, or -1 at the line's end.
func (s *depthScan) scanBlock(line []byte, i int) int {
	for {
		i = skipSpaces(line, i)
		if i >= len(line) {
			return -1
		}
		switch c := line[i]; {
		case c == '#':
			s.raw = 0
			s.skipped(line, i, len(line))
			return -1
		case (c == '-' || c == '?' || c == ':') && spaceAt(line, i+1):
			// an indicator: what follows on the line is a level deeper
			j := skipSpaces(line, i+1)
			if j < len(line) && line[j] != '#' {
				s.push(j, false)
				s.level(j)
				if s.bad.Line > 0 {
					return -1
				}
			}
			i = j
		case c == '&' || c == '!' || c == '*':
			for i < len(line) && !spaceAt(line, i) {
				i++
			}
			if j := skipSpaces(line, i); c != '*' && (j == len(line) || line[j] == '#') {
				s.dangling, s.isDangling = s.base+len(s.stack), true
			}
		case c == '[' || c == '{':
			s.open(i, c == '[')
			return i + 1
		case c == '"' || c == '\'':
			i = s.openQuote(line, i)
			if i < 0 {
				return -1
			}
			i = s.afterScalar(line, i)
		case (c == '|' || c == '>') && s.blockHeader(line, i+1):
			s.inScalar = true
			s.blockParent = 0
			if n := len(s.stack); n > 0 {
				s.blockParent = s.stack[n-1]
			}
			s.blockIndent = -1
			s.raw = 0
			return -1
		default:
			// a plain scalar: up to ": " (it was a key), " #" or the end
			s.raw = 0
			j := i
			for j < len(line) {
				if line[j] == ':' && spaceAt(line, j+1) {
					break
				}
				if line[j] == '#' && j > i && (line[j-1] == ' ' || line[j-1] == '\t') {
					break
				}
				j++
			}
			s.skipped(line, i, j)
			i = j
			if i < len(line) && line[i] == ':' {
				i++
			}
		}
		if s.bad.Line > 0 {
			return -1
		}
	}
}

// afterScalar moves past the ":" that makes the scalar ending at i a key.
func (s *depthScan) afterScalar(line []byte, i int) int {
	j := skipSpaces(line, i)
	if j < len(line) && line[j] == ':' {
		return j + 1
	}
	return j
}

// blockHeader reports whether line from i holds what may follow | or >:
// indentation and chomping indicators, then blanks and maybe a comment.
func (s *depthScan) blockHeader(line []byte, i int) bool {
	for i < len(line) && (line[i] >= '0' && line[i] <= '9' || line[i] == '+' || line[i] == '-') {
		i++
	}
	j := skipSpaces(line, i)
	return j == len(line) || j > i && line[j] == '#'
}

// scanFlow reads flow-context text from i and returns where the scan goes
// on: back in block context after the outermost collection closed, or -1 at
// the line's end.
func (s *depthScan) scanFlow(line []byte, i int, atStart bool) int {
	for ; i < len(line); i++ {
		switch c := line[i]; c {
		case ' ', '\t':
		case '[', '{':
			s.open(i, c == '[')
			if s.bad.Line > 0 {
				return -1
			}
			atStart = true
		case ']', '}':
			s.close()
			atStart = false
			if s.flow == 0 {
				return i + 1
			}
		case ':':
			top := len(s.colons) - 1
			if s.colons[top]++; s.colons[top] > 1 || s.seq[top] {
				s.extra[top]++
				s.entry[top]++
				s.dashes++
				s.level(i)
				if s.bad.Line > 0 {
					return -1
				}
			}
			atStart = true
		case ',':
			top := len(s.colons) - 1
			s.extra[top] -= s.entry[top]
			s.dashes -= s.entry[top]
			s.colons[top], s.entry[top] = 0, 0
			atStart = true
		case '?':
			if top := len(s.colons) - 1; atStart && s.seq[top] && spaceAt(line, i+1) {
				// "[? a ...": the entry is a mapping; its ":" counts again
				s.extra[top]++
				s.entry[top]++
				s.dashes++
				s.level(i)
				if s.bad.Line > 0 {
					return -1
				}
			}
			atStart = true
		case '-':
			if atStart && spaceAt(line, i+1) {
				s.extra[len(s.extra)-1]++
				s.dashes++
				s.level(i)
				if s.bad.Line > 0 {
					return -1
				}
				continue
			}
			atStart = false
		case '#':
			if i == 0 || line[i-1] == ' ' || line[i-1] == '\t' {
				s.raw = 0
				s.skipped(line, i, len(line))
				return -1
			}
			atStart = false
		case '"', '\'':
			if !atStart {
				continue
			}
			j := s.openQuote(line, i)
			if j < 0 {
				return -1
			}
			i = j - 1
			atStart = false
		default:
			atStart = false
		}
	}
	return -1
}
