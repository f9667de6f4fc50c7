package catalogue

// THROW-AWAY SHIM (branch s11-idxstore): it stands in for the API the idxcat
// branch writes (RootOf, Update, MarshalBinary, OpenSnapshot, Snapshot) so
// that registry/index and its callers compile and their tests run. Update
// re-reads everything and the snapshot is a gob of the catalogue, decoded
// whole. DELETE THIS FILE when s11-idxcat is merged.

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"errors"
	"io/fs"
	"strings"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
)

// RootOf is the entry root holding the path p (shim).
func RootOf(p string) string {
	parts := strings.SplitN(p, "/", 3)
	if len(parts) < 2 || parts[1] == "" {
		return ""
	}
	switch Kind(parts[0]) {
	case Actors, Snippets, Schemas, Requests:
		return parts[0] + "/" + parts[1]
	}
	return ""
}

// Update is Load(fsys) (shim: re-reads everything).
func Update(old *Catalogue, fsys fs.FS, roots []string) (*Catalogue, error) { return Load(fsys) }

func init() {
	gob.Register(json.Number(""))
	gob.Register(map[string]any{})
	gob.Register([]any{})
}

// ErrBadSnapshot is returned for malformed snapshot data (shim).
var ErrBadSnapshot = errors.New("catalogue: bad snapshot")

// shimFields is Catalogue without its methods (gob would call MarshalBinary).
type shimFields Catalogue

type shimWire struct {
	C     shimFields
	Paths []string
}

// MarshalBinary encodes the catalogue (shim: gob).
func (c *Catalogue) MarshalBinary() ([]byte, error) {
	w := shimWire{C: shimFields(*c)}
	for p := range c.paths {
		w.Paths = append(w.Paths, p)
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(&w); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Snapshot is a decoded catalogue (shim: not lazy).
type Snapshot struct {
	c    *Catalogue
	Meta Meta
}

// OpenSnapshot decodes data (shim: all of it).
func OpenSnapshot(data []byte) (*Snapshot, error) {
	var w shimWire
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&w); err != nil {
		return nil, ErrBadSnapshot
	}
	c := (*Catalogue)(&w.C)
	c.paths = map[string]struct{}{}
	for _, p := range w.Paths {
		c.paths[p] = struct{}{}
	}
	c.actors = map[string]*directory.Actor{}
	c.snippets = map[string]*snippets.Snippet{}
	c.schemas = map[string]*schemas.Schema{}
	c.requests = map[string]*requests.Request{}
	for _, x := range c.Actors {
		c.actors[x.ID] = x
	}
	for _, x := range c.Snippets {
		c.snippets[x.ID] = x
	}
	for _, x := range c.Schemas {
		c.schemas[x.ID] = x
	}
	for _, x := range c.Requests {
		c.requests[x.ID] = x
	}
	for i := range c.Board {
		if r := c.requests[c.Board[i].Request.ID]; r != nil {
			c.Board[i].Request = r
		}
	}
	return &Snapshot{c: c, Meta: c.Meta}, nil
}

// Catalogue is the whole catalogue (shim).
func (s *Snapshot) Catalogue() (*Catalogue, error) { return s.c, nil }

func (s *Snapshot) Actor(id string) *directory.Actor      { return s.c.Actor(id) }
func (s *Snapshot) Snippet(id string) *snippets.Snippet   { return s.c.Snippet(id) }
func (s *Snapshot) Schema(id string) *schemas.Schema      { return s.c.Schema(id) }
func (s *Snapshot) Request(id string) *requests.Request   { return s.c.Request(id) }
func (s *Snapshot) Standing(id string) *requests.Standing { return s.c.Standing(id) }
func (s *Snapshot) Triagers() []string                    { return s.c.Triagers() }
func (s *Snapshot) IsTriager(a string) bool               { return s.c.IsTriager(a) }
func (s *Snapshot) Exists(p string) bool                  { return s.c.Exists(p) }
func (s *Snapshot) ProblemsUnder(prefix string) []fact.Problem {
	return s.c.ProblemsUnder(prefix)
}

var _ View = (*Snapshot)(nil)
