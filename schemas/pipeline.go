package schemas

import (
	"bufio"
	"bytes"
	"io"
	"sync"
)

// The parallel pipeline. One goroutine (split) reads the decoded text in
// chunks of about chunkSize bytes cut at record ends, exactly as
// encoding/csv ends records (quoted cells may span lines; a quote opens a
// quoted cell only at a cell's start), and counts the lines before each
// chunk. Workers, one per core, each parse their chunk with the same
// reader as a sequential run (encoding/csv, or readLong for a line longer
// than its buffer) and check its rows, numbering them from the chunk's
// start. The calling goroutine applies the chunks' findings in file order
// (the sequencer: unique, primaryKey, error order, the --max-errors cut),
// turning relative row numbers into absolute ones. A record longer than a
// chunk hands the rest of the input to the sequential reader.
//
// Memory is bounded: at most inFlight chunks exist at once (their buffers
// recycled through a channel), each chunk's findings are released once
// applied.

// defaultChunkSize is the size of a chunk's buffer.
const defaultChunkSize = 256 << 10

// chunk is one piece of input: whole records, from line startLine.
type chunk struct {
	data      []byte
	startLine int
	// rest, when set, is the input from startLine on, to be read
	// sequentially (a record longer than a chunk); data is then nil.
	rest io.Reader
	// err is a read error after the records of data.
	err error
	// results, set by the worker before done is closed
	out  []finding
	rows int
	done chan struct{}
}

// parallel reads and checks the rows after the header on workers
// goroutines. prevEnd is the line on which the header ended.
func (sq *sequencer) parallel(br *bufio.Reader, comma byte, prevEnd, workers int) error {
	inFlight := 2*workers + 2
	// Buffer tokens: a nil token makes fillChunk allocate. The first
	// chunk's buffer is the one more that makes inFlight, so that workers
	// never block giving theirs back.
	free := make(chan []byte, inFlight)
	for i := 0; i < inFlight-1; i++ {
		free <- nil
	}
	// The first chunk decides: a short input is checked here, with no
	// goroutine.
	first := &chunk{startLine: prevEnd + 1}
	carry, last := fillChunk(br, nil, nil, first, comma, sq.chunkSize)
	if last {
		return sq.runChunk(first, newChecker(sq))
	}
	jobs := make(chan *chunk, workers)
	order := make(chan *chunk, inFlight)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newChecker(sq)
			for ch := range jobs {
				ch.check(c)
				free <- ch.data[:0]
				ch.data = nil
				close(ch.done)
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(jobs)
		ch := first
		for {
			ch.done = make(chan struct{})
			nextLine := ch.startLine + bytes.Count(ch.data, []byte{'\n'})
			if ch.rest != nil {
				close(ch.done)
			} else {
				select {
				case jobs <- ch:
				case <-stop:
					return
				}
			}
			select {
			case order <- ch:
			case <-stop:
				return
			}
			if last {
				return
			}
			var next []byte
			select {
			case next = <-free:
			case <-stop:
				return
			}
			ch = &chunk{startLine: nextLine}
			carry, last = fillChunk(br, next, carry, ch, comma, sq.chunkSize)
		}
	}()
	var err error
	for ch := range order {
		<-ch.done
		if err = sq.runChunk(ch, nil); err != nil {
			close(stop)
			break
		}
	}
	for range order {
	}
	wg.Wait()
	return err
}

// runChunk applies a chunk; one not yet checked (c not nil) is checked
// first, a rest chunk read sequentially.
func (sq *sequencer) runChunk(ch *chunk, c *rowChecker) error {
	if ch.rest != nil {
		recs := newRecords(bufio.NewReaderSize(ch.rest, sniffSize), sq.comma)
		recs.extra = ch.startLine - 1
		recs.end = ch.startLine - 1
		return sq.sequentialFrom(recs, ch.startLine-1)
	}
	if c != nil {
		ch.check(c)
	}
	sq.apply(ch.out, sq.row)
	sq.row += ch.rows
	ch.out = nil
	if sq.progress != nil {
		sq.progress(sq.row - sq.headerRow)
	}
	if ch.err != nil {
		return readErr(ch.err, sq.row+1)
	}
	return nil
}

// check parses and checks the chunk's rows with c, numbering them from the
// chunk's start, and keeps the findings and the number of rows.
func (ch *chunk) check(c *rowChecker) {
	// The worker's reader buffer serves chunk after chunk.
	c.src.Reset(ch.data)
	if c.br == nil {
		c.br = bufio.NewReaderSize(&c.src, sniffSize)
	}
	c.br.Reset(&c.src)
	recs := newRecords(c.br, c.comma)
	recs.extra = ch.startLine - 1
	recs.end = ch.startLine - 1
	rows, err := c.scan(recs, 0, ch.startLine-1, nil)
	ch.rows = rows
	ch.out, c.out = c.out, nil
	if err != nil && ch.err == nil {
		ch.err = err
	}
}

// fillChunk reads into buf (allocated when nil), after carry (the
// incomplete record the last chunk left), and sets ch's data to the whole
// records read; it returns the bytes after them, and whether ch is the
// last chunk: the end of the input, a read error (ch.err), or a record
// longer than a chunk (ch.rest, the input from the record on).
func fillChunk(br *bufio.Reader, buf, carry []byte, ch *chunk, comma byte, size int) (rest []byte, last bool) {
	if buf == nil {
		buf = make([]byte, 0, size)
	}
	buf = append(buf[:0], carry...)
	n, err := io.ReadFull(br, buf[len(buf):cap(buf)])
	buf = buf[:len(buf)+n]
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		ch.data = buf
		return nil, true
	case err != nil:
		ch.data = buf[:lastRecordEnd(buf, comma)]
		ch.err = err
		return nil, true
	}
	cut := lastRecordEnd(buf, comma)
	if cut == 0 {
		ch.rest = io.MultiReader(bytes.NewReader(buf), br)
		return nil, true
	}
	ch.data = buf[:cut]
	return buf[cut:], false
}

// lastRecordEnd returns the offset just after the last whole record of b
// (its line feed), 0 when b holds none; b starts where a record starts.
// Blank lines after the last record are left out.
// Records end as encoding/csv ends them with LazyQuotes: at a line feed,
// unless inside a quoted cell; a quote opens a quoted cell only at the
// start of a cell, and closes it when followed by the separator or the
// line's end ("" is a quote, any other quote is kept as text).
func lastRecordEnd(b []byte, comma byte) int {
	last, i := 0, 0
	for i < len(b) {
		nl := bytes.IndexByte(b[i:], '\n')
		if nl < 0 {
			return last
		}
		line := b[i : i+nl]
		if bytes.IndexByte(line, '"') < 0 {
			i += nl + 1
			// A blank line stays with the record after it: it is a
			// blank row only if a record follows (a run whose next
			// chunk sees the record counts it).
			if len(line) > 1 || len(line) == 1 && line[0] != '\r' {
				last = i
			}
			continue
		}
		end := quotedRecordEnd(b, i, comma)
		if end < 0 {
			return last
		}
		i, last = end, end
	}
	return last
}

// quotedRecordEnd returns the offset after the record starting at i, -1
// when b ends first.
func quotedRecordEnd(b []byte, i int, comma byte) int {
	for i < len(b) {
		if b[i] != '"' {
			// Unquoted cell: up to the separator or the line's end.
			for ; i < len(b); i++ {
				if c := b[i]; c == comma {
					break
				} else if c == '\n' {
					return i + 1
				}
			}
			if i == len(b) {
				return -1
			}
			i++ // the separator: a cell starts
			continue
		}
		// Quoted cell.
		i++
		for {
			q := bytes.IndexByte(b[i:], '"')
			if q < 0 {
				return -1
			}
			i += q + 1
			if i >= len(b) {
				return -1
			}
			c := b[i]
			if c == '"' {
				i++
				continue
			}
			if c == comma {
				i++
				break
			}
			if c == '\n' {
				return i + 1
			}
			if c == '\r' {
				if i+1 >= len(b) {
					return -1
				}
				if b[i+1] == '\n' {
					return i + 2
				}
			}
			// A bare quote, kept as text: the cell goes on.
		}
	}
	return -1
}
