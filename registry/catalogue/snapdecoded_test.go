package catalogue_test

import (
	"bytes"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
)

// SetDecoded is told of each record decoded for an entry asked for, once
// (the decode is cached), with bytes of the snapshot's data that hold what
// was decoded; nothing decoded aliases them.
func TestSetDecodedIsToldOfEachRecord(t *testing.T) {
	c, err := catalogue.Load(mapRegistry(t, 30, 4))
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	s, err := catalogue.OpenSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	var told [][]byte
	s.SetDecoded(func(b []byte) { told = append(told, b) })
	id := c.Requests[0].ID
	r := s.Request(id)
	s.Request(id)
	if r == nil || len(told) != 1 {
		t.Fatalf("Request(%s) twice: told %d times, want once", id, len(told))
	}
	if !bytes.Contains(told[0], []byte(r.Title)) {
		t.Fatal("the bytes told are not the request's record")
	}
	for i := range told[0] {
		told[0][i] = 0 // what the index's release stands for: the pages gone
	}
	if again := s.Request(id); again.Title != c.Requests[0].Title {
		t.Fatalf("the decoded request aliases the record's bytes: title %q", again.Title)
	}
	if a := s.Actor(c.Actors[0].ID); a == nil || len(told) != 2 {
		t.Fatalf("Actor: told %d times, want 2", len(told))
	}
}
