package main

import (
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/requests"
)

// errJSONFallback asks requestJSONList's caller to print the list through
// ListRequests and encoding/json instead: a value the writer does not
// write itself (a time encoding/json refuses) comes out of the encoder,
// error included, exactly as before.
var errJSONFallback = errors.New("json: fall back to encoding/json")

// requestJSONList prints the requests matching terms as writeJSON prints
// their requestJSON objects (an indented array), without reflection:
// straight from the lister's standings when it hands them over one at a
// time (catalogue.StandingLister: the index), else from ListRequests' (an
// overlay, a loaded catalogue). The bytes are the encoder's, field for
// field and escape for escape (TestRequestJSONIsTheListing,
// TestJSONStringIsTheEncoders). Nothing is printed before every row was
// read.
func (a *app) requestJSONList(l catalogue.Lister, terms []string) error {
	var w jsonWriter
	w.buf = make([]byte, 0, jsonBlock+jsonBlock/4)
	n := 0
	err := eachStanding(l, terms, func(s *requests.Standing) error {
		if n == 0 {
			w.raw("[\n")
		} else {
			w.raw(",\n")
		}
		n++
		if err := w.request(s); err != nil {
			return err
		}
		if len(w.buf) >= jsonBlock {
			w.done = append(w.done, fact.EscapeJSON(w.buf))
			w.buf = make([]byte, 0, jsonBlock+jsonBlock/4)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n == 0 {
		w.raw("[]\n")
	} else {
		w.raw("\n]\n")
	}
	for _, b := range append(w.done, fact.EscapeJSON(w.buf)) {
		if _, err := a.stdout.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// eachStanding calls each with the standings of the requests matching
// terms, in order: from the lister's EachStanding, else from ListRequests.
func eachStanding(l catalogue.Lister, terms []string, each func(*requests.Standing) error) error {
	if sl, ok := l.(catalogue.StandingLister); ok {
		return sl.EachStanding(terms, each)
	}
	board, err := l.ListRequests(terms)
	if err != nil {
		return err
	}
	for i := range board {
		if err := each(&board[i]); err != nil {
			return err
		}
	}
	return nil
}

// jsonBlock is the size past which requestJSONList starts a new block of
// output, at the end of a request: one buffer grown by append to the 58 MB
// of 100,000 requests copied itself over and over (a third of the list's
// time).
var jsonBlock = 1 << 20

// jsonWriter appends JSON to buf as encoding/json's Encoder with
// SetIndent("", "  ") and SetEscapeHTML(false) writes it (writeJSON's
// settings; writeJSON then rewrites the characters fact.EscapeJSON names,
// which requestJSONList does block by block: a block ends between two
// requests, where the output is ASCII, never inside a character).
type jsonWriter struct {
	buf  []byte
	done [][]byte // the blocks written before buf
}

func (w *jsonWriter) raw(s string) { w.buf = append(w.buf, s...) }

// key starts a member at depth (its indentation) after the previous one
// of the same object, first telling whether there is one.
func (w *jsonWriter) key(depth int, first bool, name string) {
	if !first {
		w.buf = append(w.buf, ',')
	}
	w.buf = append(w.buf, '\n')
	w.indent(depth)
	w.buf = append(w.buf, '"')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, `": `...)
}

func (w *jsonWriter) indent(depth int) {
	for range depth {
		w.buf = append(w.buf, "  "...)
	}
}

// strs writes a list of strings at depth: [] when empty (the writer is
// only used where the list is never null).
func (w *jsonWriter) strs(depth int, xs []string) {
	if len(xs) == 0 {
		w.buf = append(w.buf, "[]"...)
		return
	}
	w.buf = append(w.buf, '[')
	for i, x := range xs {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.buf = append(w.buf, '\n')
		w.indent(depth + 1)
		w.buf = appendJSONString(w.buf, x)
	}
	w.buf = append(w.buf, '\n')
	w.indent(depth)
	w.buf = append(w.buf, ']')
}

// request writes one element of the array: newRequestJSON(*s) as the
// encoder writes it, at depth 1 (the embedded request's fields first, in
// their order, with their omitempty and omitzero; then requestJSON's).
func (w *jsonWriter) request(s *requests.Standing) error {
	r := s.Request
	w.indent(1)
	w.buf = append(w.buf, '{')
	w.key(2, true, "id")
	w.buf = appendJSONString(w.buf, r.ID)
	w.key(2, false, "title")
	w.buf = appendJSONString(w.buf, r.Title)
	if r.Description != "" {
		w.key(2, false, "description")
		w.buf = appendJSONString(w.buf, r.Description)
	}
	w.key(2, false, "requested_by")
	w.buf = appendJSONString(w.buf, r.RequestedBy)
	w.key(2, false, "addressed_to")
	w.buf = appendJSONString(w.buf, r.AddressedTo)
	if len(r.Themes) > 0 {
		w.key(2, false, "themes")
		w.strs(2, r.Themes)
	}
	w.key(2, false, "created")
	w.date(r.Created)
	if !r.WantedBy.IsZero() {
		w.key(2, false, "wanted_by")
		w.date(r.WantedBy)
	}
	if r.Usage != "" {
		w.key(2, false, "usage")
		w.buf = appendJSONString(w.buf, r.Usage)
	}
	w.key(2, false, "status")
	w.buf = appendJSONString(w.buf, string(s.Status))
	w.key(2, false, "rank")
	w.buf = strconv.AppendInt(w.buf, int64(s.Rank), 10)
	w.key(2, false, "supporters")
	w.strs(2, s.Supporters)
	w.key(2, false, "communes")
	w.strs(2, s.Communes)
	w.key(2, false, "organisations")
	w.buf = strconv.AppendInt(w.buf, int64(len(s.Supporters)), 10)
	w.key(2, false, "population")
	w.buf = strconv.AppendInt(w.buf, int64(s.Population), 10)
	w.key(2, false, "current_addressee")
	w.buf = appendJSONString(w.buf, r.CurrentAddressee())
	w.key(2, false, "transfers")
	if err := w.transfers(r.Transfers()); err != nil {
		return err
	}
	w.buf = append(w.buf, '\n')
	w.indent(1)
	w.buf = append(w.buf, '}')
	return nil
}

// transfers writes a request's transfers at depth 2.
func (w *jsonWriter) transfers(ts []requests.Transfer) error {
	if len(ts) == 0 {
		w.buf = append(w.buf, "[]"...)
		return nil
	}
	w.buf = append(w.buf, '[')
	for i, t := range ts {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.buf = append(w.buf, '\n')
		w.indent(3)
		w.buf = append(w.buf, '{')
		w.key(4, true, "from")
		w.buf = appendJSONString(w.buf, t.From)
		w.key(4, false, "to")
		w.buf = appendJSONString(w.buf, t.To)
		w.key(4, false, "by")
		w.buf = appendJSONString(w.buf, t.By)
		w.key(4, false, "date")
		w.date(t.Date)
		w.key(4, false, "stamp")
		stamp, err := t.Stamp.MarshalJSON()
		if err != nil {
			return errJSONFallback
		}
		w.buf = append(w.buf, stamp...)
		if t.Note != "" {
			w.key(4, false, "note")
			w.buf = appendJSONString(w.buf, t.Note)
		}
		w.buf = append(w.buf, '\n')
		w.indent(3)
		w.buf = append(w.buf, '}')
	}
	w.buf = append(w.buf, '\n')
	w.indent(2)
	w.buf = append(w.buf, ']')
	return nil
}

// date writes a fact.Date as its MarshalJSON does (its String quoted: digits,
// '-', ':', 'T', '+' and 'Z' only, which the encoder keeps as they are).
func (w *jsonWriter) date(d fact.Date) {
	w.buf = append(w.buf, '"')
	w.buf = append(w.buf, d.String()...)
	w.buf = append(w.buf, '"')
}

// appendJSONString appends s quoted as encoding/json quotes a string with
// HTML escaping off: \" \\ \b \f \n \r \t, other bytes under 0x20 as
// \u00XX, invalid UTF-8 as \ufffd, U+2028 and U+2029 as \u2028 and \u2029,
// anything else as it is.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xf])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
