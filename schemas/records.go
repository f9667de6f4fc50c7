package schemas

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"
)

// Records. Go's encoding/csv reads a whole line into a growing buffer,
// copies its cells into a second growing buffer, then makes a string of
// them: a single line of 100 MB costs it about eight times its size. Rows
// as people make them fit in the read buffer (64 KiB) and go through
// encoding/csv; a record whose first line does not fit is read here
// instead, rune by rune with the same rules (lazy quotes, "" in quoted
// cells, line breaks inside quotes), its cells written into chunks that
// are never copied to grow, then joined once into the record's string:
// about twice the line at most.

// records reads CSV records from br, through encoding/csv or, for a record
// whose first line is longer than br's buffer, through readLong.
type records struct {
	br    *bufio.Reader
	cr    *csv.Reader
	comma rune
	// extra counts the lines encoding/csv did not see: blank lines
	// skipped here and the lines of records read by readLong.
	extra int
	// long is set when the last record came from readLong; lines then
	// holds the line on which each of its cells starts.
	long  bool
	lines []int
	rec   []string
	// end is the line the last record (or skipped blank line) ends on.
	end int
	// stopsUnquoted marks the bytes that may end an unquoted cell: the
	// separator's first byte, CR and LF.
	stopsUnquoted [256]bool
}

// stopsQuoted marks the bytes that matter in a quoted cell.
var stopsQuoted = func() (t [256]bool) {
	t['"'], t['\r'], t['\n'] = true, true, true
	return t
}()

// newRecords reads from br. encoding/csv reads through br itself only when
// br's buffer holds at least 4096 bytes (else it would read ahead into its
// own): a smaller one is wrapped.
func newRecords(br *bufio.Reader, comma rune) *records {
	if br.Size() < 4096 {
		br = bufio.NewReaderSize(br, 4096)
	}
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	r := &records{br: br, cr: cr, comma: comma}
	var first [utf8.UTFMax]byte
	utf8.EncodeRune(first[:], comma)
	r.stopsUnquoted[first[0]], r.stopsUnquoted['\r'], r.stopsUnquoted['\n'] = true, true, true
	return r
}

// bulk copies the buffered bytes up to the first stop byte into text, so
// that runs of plain text are not read rune by rune. It stops before a
// stop byte, which the caller then reads as a rune: the bytes copied end
// where a rune starts.
func (r *records) bulk(text *chunks, stops *[256]bool) {
	for {
		buf := peekBuffered(r.br)
		if len(buf) == 0 {
			if b, _ := r.br.Peek(1); len(b) == 0 {
				return
			}
			continue
		}
		i := 0
		for i < len(buf) && !stops[buf[i]] {
			i++
		}
		text.write(buf[:i])
		_, _ = r.br.Discard(i)
		if i < len(buf) {
			return
		}
	}
}

// keep writes the rune just read into text; a byte that is not UTF-8 is
// kept as it is, as encoding/csv does.
func (r *records) keep(text *chunks, c rune, size int) {
	if c == utf8.RuneError && size == 1 {
		_ = r.br.UnreadRune()
		b, _ := r.br.ReadByte()
		text.write([]byte{b})
		return
	}
	text.writeRune(c)
}

// longChunk is the least size of a chunk of a long record's text.
const longChunk = 64 << 10

// read returns the next record, io.EOF at the end. Blank lines are
// skipped, as encoding/csv does, and counted.
func (r *records) read() ([]string, error) {
	for {
		b, _ := r.br.Peek(2)
		switch {
		case len(b) >= 1 && b[0] == '\n':
			_, _ = r.br.Discard(1)
		case len(b) == 2 && b[0] == '\r' && b[1] == '\n':
			_, _ = r.br.Discard(2)
		default:
			return r.readOne()
		}
		r.extra++
		r.end++
	}
}

func (r *records) readOne() ([]string, error) {
	if bytes.IndexByte(peekBuffered(r.br), '\n') < 0 {
		// A full buffer without a line end: the line is longer than the
		// buffer (a shorter last line ends at EOF, an error is
		// encoding/csv's to report).
		if b, err := r.br.Peek(r.br.Size()); err == nil && bytes.IndexByte(b, '\n') < 0 {
			r.long = true
			return r.readLong()
		}
	}
	r.long = false
	rec, err := r.cr.Read()
	if err == nil {
		last := len(rec) - 1
		r.end = r.line(last) + strings.Count(rec[last], "\n")
	}
	return rec, err
}

// peekBuffered is what br holds already, without reading.
func peekBuffered(br *bufio.Reader) []byte {
	b, _ := br.Peek(br.Buffered())
	return b
}

// line is the line on which cell i of the last record starts.
func (r *records) line(i int) int {
	if r.long {
		return r.lines[i]
	}
	l, _ := r.cr.FieldPos(i)
	return l + r.extra
}

// readLong reads one record rune by rune, as encoding/csv would with
// LazyQuotes. Its lines are counted in extra.
func (r *records) readLong() ([]string, error) {
	// The record starts on the line after the last one read.
	start := r.end + 1
	line := start
	var text chunks
	var ends []int
	r.lines = r.lines[:0]
	br := r.br
	// finalCR is a CR that ends the file: encoding/csv drops it.
	finalCR := func(c rune) bool {
		if c != '\r' {
			return false
		}
		b, err := br.Peek(1)
		return len(b) == 0 && err == io.EOF
	}
	// newline consumes the LF after a CR and reports a line end (or a CR
	// that ends the file).
	newline := func(c rune) bool {
		if c == '\n' {
			return true
		}
		if c == '\r' {
			if b, _ := br.Peek(1); len(b) == 1 && b[0] == '\n' {
				_, _ = br.Discard(1)
				return true
			}
			return finalCR(c)
		}
		return false
	}
	var err error
	done := false
	for !done {
		fieldLine := line
		c, size, rerr := br.ReadRune()
		if rerr != nil {
			err = rerr
			ends = append(ends, text.total)
			r.lines = append(r.lines, fieldLine)
			break
		}
		if c != '"' {
			// Unquoted cell: up to the separator or the line's end.
			_ = br.UnreadRune()
			for {
				r.bulk(&text, &r.stopsUnquoted)
				if c, size, rerr = br.ReadRune(); rerr != nil {
					err, done = rerr, true
					break
				}
				if c == r.comma {
					break
				}
				if newline(c) {
					done = true
					break
				}
				r.keep(&text, c, size)
			}
			ends = append(ends, text.total)
			r.lines = append(r.lines, fieldLine)
			continue
		}
		// Quoted cell.
		for {
			r.bulk(&text, &stopsQuoted)
			if c, size, rerr = br.ReadRune(); rerr != nil {
				err, done = rerr, true
				break
			}
			if c == '"' {
				c2, size2, rerr2 := br.ReadRune()
				if rerr2 != nil {
					err, done = rerr2, true
					break
				}
				if c2 == '"' {
					text.writeRune('"')
					continue
				}
				if c2 == r.comma {
					break
				}
				if newline(c2) {
					done = true
					break
				}
				// A bare quote: kept, and so is what follows it (neither
				// a quote, a separator nor a line end).
				text.writeRune('"')
				r.keep(&text, c2, size2)
				continue
			}
			if finalCR(c) {
				continue
			}
			if newline(c) {
				text.writeRune('\n')
				line++
				continue
			}
			r.keep(&text, c, size)
		}
		ends = append(ends, text.total)
		r.lines = append(r.lines, fieldLine)
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	r.end = line
	r.extra += line - start + 1
	s := text.string()
	r.rec = r.rec[:0]
	prev := 0
	for _, e := range ends {
		r.rec = append(r.rec, s[prev:e])
		prev = e
	}
	return r.rec, nil
}

// chunks collects a long record's text without copying it to grow: when
// the current chunk is full a new one is started, a quarter of what is
// held (at least longChunk). string joins them once.
type chunks struct {
	full  [][]byte
	cur   []byte
	total int
}

func (c *chunks) writeRune(r rune) {
	if len(c.cur)+utf8.UTFMax > cap(c.cur) {
		if len(c.cur) > 0 {
			c.full = append(c.full, c.cur)
		}
		c.cur = make([]byte, 0, max(longChunk, c.total/4))
	}
	c.cur = utf8.AppendRune(c.cur, r)
	c.total += utf8.RuneLen(r)
}

func (c *chunks) write(b []byte) {
	for len(b) > 0 {
		if len(c.cur) == cap(c.cur) {
			if len(c.cur) > 0 {
				c.full = append(c.full, c.cur)
			}
			c.cur = make([]byte, 0, max(longChunk, c.total/4))
		}
		n := min(len(b), cap(c.cur)-len(c.cur))
		c.cur = append(c.cur, b[:n]...)
		c.total += n
		b = b[n:]
	}
}

// string returns the text and lets go of the chunks.
func (c *chunks) string() string {
	var b strings.Builder
	b.Grow(c.total)
	for _, f := range c.full {
		b.Write(f)
	}
	b.Write(c.cur)
	*c = chunks{}
	return b.String()
}
