package catalogue

// pieceWriter writes a snapshot as pieces instead of one buffer: runs of
// bytes copied from another snapshot's data (a mapped index file) are kept
// as slices of it, not copied, when they are long; everything encoded goes
// to buffers of its own. An overlay's compaction (Overlay.MarshalParts)
// writes the index file from the pieces, so that the old snapshot's
// hundreds of megabytes at 100,000 entries are never copied into memory.
type pieceWriter struct {
	e     enc      // the current buffer of encoded bytes
	parts [][]byte // the pieces written
	done  int      // their length
	run   []byte   // a run of borrowed bytes not written yet
}

// minBorrow is the shortest run kept as a piece of its own; shorter runs
// are copied (a row, a haystack, a record between two changed ones), so
// that the pieces stay few.
var minBorrow = 64 << 10

// pos is the position in the snapshot of the next byte written.
func (w *pieceWriter) pos() int { return w.done + len(w.e.b) + len(w.run) }

// enc returns the encoder that appends to the current buffer, for bytes
// encoded now.
func (w *pieceWriter) enc() *enc {
	w.flush()
	return &w.e
}

// borrow writes b, which must not change until the pieces are written:
// appended to the run when it follows it in the same data, else a run of
// its own.
func (w *pieceWriter) borrow(b []byte) {
	if len(b) == 0 {
		return
	}
	if n := len(w.run); n > 0 && n < cap(w.run) && &w.run[:n+1][n] == &b[0] {
		w.run = w.run[:n+len(b)]
		return
	}
	w.flush()
	w.run = b
}

// flush writes the pending run: a piece of its own when it is long, else
// copied into the current buffer.
func (w *pieceWriter) flush() {
	if len(w.run) == 0 {
		return
	}
	if len(w.run) < minBorrow {
		w.e.b = append(w.e.b, w.run...)
	} else {
		w.cut()
		w.parts = append(w.parts, w.run)
		w.done += len(w.run)
	}
	w.run = nil
}

// grow makes room for n more encoded bytes in the current buffer without
// copying it as it grows (the rows of a board of 100,000 requests).
func (w *pieceWriter) grow(n int) {
	w.flush()
	if cap(w.e.b)-len(w.e.b) < n {
		w.cut()
		if cap(w.e.b) < n {
			w.e.b = make([]byte, 0, n+1<<16)
		}
	}
}

// cut ends the current buffer as a piece.
func (w *pieceWriter) cut() {
	if len(w.e.b) > 0 {
		w.parts = append(w.parts, w.e.b)
		w.done += len(w.e.b)
		w.e.b = make([]byte, 0, 1<<20)
	}
}

// reserve writes n zero bytes as a piece of their own and returns them,
// to be filled later (a length, the root table).
func (w *pieceWriter) reserve(n int) []byte {
	w.flush()
	w.cut()
	b := make([]byte, n)
	w.parts = append(w.parts, b)
	w.done += n
	return b
}

// finish returns the pieces, or the encoder's error.
func (w *pieceWriter) finish() ([][]byte, error) {
	w.flush()
	w.cut()
	if w.e.err != nil {
		return nil, w.e.err
	}
	return w.parts, nil
}
