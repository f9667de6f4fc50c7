package schemas

import (
	"bufio"
	"bytes"
	"io"
)

// Line endings. Files come with LF (Unix), CRLF (Windows) or, from old Mac
// software and some exports, CR alone. Go's CSV reader ends lines at LF
// only, so a CR-only file would be one long row; frictionless (Python's
// universal newlines) reads it as rows. crReader turns every CR that is not
// followed by LF into LF, so that the three conventions give the same rows
// and the same row numbers.

// crReader rewrites lone carriage returns as line feeds.
type crReader struct {
	r *bufio.Reader
}

// newCRReader wraps r. Its small buffer only serves to look one byte past a
// CR that ends a read: large reads go straight into the caller's buffer.
func newCRReader(r io.Reader) *crReader {
	return &crReader{r: bufio.NewReaderSize(r, 16)}
}

func (c *crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\r')
		if j < 0 {
			break
		}
		i += j
		if i+1 < n {
			if p[i+1] != '\n' {
				p[i] = '\n'
			}
		} else if next, perr := c.r.Peek(1); perr != nil || next[0] != '\n' {
			// The CR ends this read: the next byte decides (none: the
			// end of the file, also a line end).
			p[i] = '\n'
		}
		i++
	}
	return n, err
}
