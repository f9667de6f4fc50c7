package catalogue

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
	"github.com/gpso/codal/toolbox"
)

// The snapshot's encoding of values: unsigned varints for counts and
// lengths, zig-zag varints for ints, strings as length and bytes, lists as
// count+1 (0 is a nil list, so nil and empty lists come back as they were),
// maps with their keys sorted (the same catalogue always gives the same
// bytes). The decoder reads from a string, so the strings it returns share
// the record's memory instead of each allocating its own.

// maxDepth bounds the nesting the decoder follows (a schema field's
// arrayItem, a JSON value in a constraint), so hostile data cannot exhaust
// the stack.
const maxDepth = 100

type enc struct {
	b   []byte
	err error
}

func (e *enc) uv(x uint64) { e.b = binary.AppendUvarint(e.b, x) }
func (e *enc) int(x int)   { e.b = binary.AppendVarint(e.b, int64(x)) }
func (e *enc) str(s string) {
	e.uv(uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *enc) bool(x bool) {
	if x {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// list writes the count+1 of a list, 0 for a nil one.
func (e *enc) list(isNil bool, n int) {
	if isNil {
		e.uv(0)
		return
	}
	e.uv(uint64(n) + 1)
}

func (e *enc) strs(ss []string) {
	e.list(ss == nil, len(ss))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *enc) where(w fact.Where) {
	e.list(w == nil, len(w))
	keys := make([]string, 0, len(w))
	for k := range w {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		e.str(k)
		e.int(w[k].Line)
		e.int(w[k].Col)
	}
}

// time writes the instant and the zone's offset (0 for UTC).
func (e *enc) time(t time.Time) {
	e.b = binary.AppendVarint(e.b, t.Unix())
	e.uv(uint64(t.Nanosecond()))
	if t.Location() == time.UTC {
		e.uv(0)
		return
	}
	_, off := t.Zone()
	e.uv(1)
	e.int(off)
}

// The tags of the dynamic values a problem's arguments and a schema's
// constraints hold.
const (
	tagNil = iota
	tagString
	tagNumber // json.Number
	tagFalse
	tagTrue
	tagList // []any
	tagMap  // map[string]any
	tagInt
	tagInt64
	tagFloat
	tagDate // fact.Date
	tagTime
	tagText // i18n.Text
	tagStrings
	tagUint64
)

func (e *enc) value(v any, depth int) {
	if depth > maxDepth {
		e.fail(fmt.Errorf("catalogue: snapshot: values nested more than %d levels", maxDepth))
		return
	}
	switch x := v.(type) {
	case nil:
		e.uv(tagNil)
	case string:
		e.uv(tagString)
		e.str(x)
	case json.Number:
		e.uv(tagNumber)
		e.str(string(x))
	case bool:
		if x {
			e.uv(tagTrue)
		} else {
			e.uv(tagFalse)
		}
	case []any:
		e.uv(tagList)
		e.list(x == nil, len(x))
		for _, it := range x {
			e.value(it, depth+1)
		}
	case map[string]any:
		e.uv(tagMap)
		e.list(x == nil, len(x))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			e.str(k)
			e.value(x[k], depth+1)
		}
	case int:
		e.uv(tagInt)
		e.int(x)
	case int64:
		e.uv(tagInt64)
		e.b = binary.AppendVarint(e.b, x)
	case uint64:
		e.uv(tagUint64)
		e.uv(x)
	case float64:
		e.uv(tagFloat)
		e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(x))
	case fact.Date:
		e.uv(tagDate)
		e.time(x.Time)
	case time.Time:
		e.uv(tagTime)
		e.time(x)
	case i18n.Text:
		e.uv(tagText)
		e.str(x.FR)
		e.str(x.EN)
	case []string:
		e.uv(tagStrings)
		e.strs(x)
	default:
		e.fail(fmt.Errorf("catalogue: snapshot: cannot encode a value of type %T", v))
	}
}

func (e *enc) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

func (e *enc) problems(ps []fact.Problem) {
	e.uv(uint64(len(ps)))
	for _, p := range ps {
		e.str(p.Path)
		e.int(p.Line)
		e.int(p.Col)
		e.str(p.Code)
		e.int(int(p.Severity))
		e.str(p.Text.FR)
		e.str(p.Text.EN)
		e.list(p.Args == nil, len(p.Args))
		for _, a := range p.Args {
			e.value(a, 0)
		}
	}
}

func (e *enc) meta(m Meta) {
	e.int(m.Format)
	e.str(m.Name)
	e.str(m.Description)
	e.str(m.Language)
	e.strs(m.Triagers)
	e.str(m.GitHub)
	e.int(m.ResponseDays)
	e.where(m.Where)
}

func (e *enc) kinds(ks []Kind) {
	e.list(ks == nil, len(ks))
	for _, k := range ks {
		e.str(string(k))
	}
}

// The kinds of entry a record holds.
const (
	entryNone = iota
	entryActor
	entrySnippet
	entrySchema
	entryRequest
	entryTraining
	entryTip
)

func (e *enc) entry(v any) {
	switch x := v.(type) {
	case *directory.Actor:
		e.uv(entryActor)
		e.str(x.ID)
		e.str(x.Name)
		e.str(string(x.Kind))
		e.str(x.INSEE)
		e.str(x.SIREN)
		e.int(x.Population)
		e.str(x.Parent)
		e.str(x.Portal)
		e.strs(x.Competences)
		e.bool(x.CODAL)
		e.list(x.Contacts == nil, len(x.Contacts))
		for _, c := range x.Contacts {
			e.str(c.Role)
			e.str(c.Email)
			e.str(c.Phone)
			e.str(c.Name)
		}
		e.str(x.Address.Street)
		e.str(x.Address.PostalCode)
		e.str(x.Address.City)
		e.str(x.Address.Country)
		e.where(x.Where)
		e.str(x.DataGouv)
	case *snippets.Snippet:
		e.uv(entrySnippet)
		e.str(x.ID)
		e.str(x.Title)
		e.str(x.Description)
		e.str(x.Language)
		e.strs(x.Tags)
		e.str(x.Author)
		e.str(x.License)
		e.strs(x.Files)
		e.where(x.Where)
	case *schemas.Schema:
		e.uv(entrySchema)
		e.str(x.ID)
		e.str(x.Name)
		e.str(x.Title)
		e.str(x.Description)
		e.str(x.Version)
		e.list(x.Fields == nil, len(x.Fields))
		for i := range x.Fields {
			e.field(&x.Fields[i], 0)
		}
		e.strs(x.MissingValues)
		e.strs(x.PrimaryKey)
		e.strs(x.Examples)
		e.bool(x.HasReadme)
		e.str(x.Homepage)
		e.str(x.Path)
		e.list(x.CustomChecks == nil, len(x.CustomChecks))
		for _, cc := range x.CustomChecks {
			e.str(cc.Name)
			e.value(cc.Params, 0)
		}
	case *requests.Request:
		e.uv(entryRequest)
		e.str(x.ID)
		e.str(x.Title)
		e.str(x.Description)
		e.str(x.RequestedBy)
		e.str(x.AddressedTo)
		e.strs(x.Themes)
		e.time(x.Created.Time)
		e.time(x.WantedBy.Time)
		e.str(x.Usage)
		e.where(x.Where)
		e.list(x.Votes == nil, len(x.Votes))
		for _, v := range x.Votes {
			e.str(v.Actor)
			e.str(v.Name)
			e.str(v.Email)
			e.time(v.Date.Time)
			e.str(string(v.Need))
			e.str(v.Comment)
		}
		e.list(x.Events == nil, len(x.Events))
		for _, ev := range x.Events {
			e.time(ev.Stamp)
			e.str(ev.Actor)
			e.str(string(ev.Status))
			e.str(ev.Name)
			e.str(ev.Email)
			e.time(ev.Date.Time)
			e.str(ev.Note)
			e.time(ev.PlannedFor.Time)
			e.str(ev.Dataset)
			e.str(ev.DuplicateOf)
			e.str(ev.Reason)
			e.str(ev.TransferTo)
			e.where(ev.Where)
		}
		e.list(x.Comments == nil, len(x.Comments))
		for _, cm := range x.Comments {
			e.time(cm.Stamp)
			e.str(cm.Actor)
			e.str(cm.Name)
			e.str(cm.Email)
			e.time(cm.Date.Time)
			e.str(cm.Body)
			e.str(cm.ReplyTo)
			e.where(cm.Where)
		}
	case *toolbox.Training:
		e.uv(entryTraining)
		e.str(x.ID)
		e.str(x.Title)
		e.time(x.Date.Time)
		e.int(x.Duration)
		e.list(x.Speakers == nil, len(x.Speakers))
		for _, sp := range x.Speakers {
			e.str(sp.Name)
			e.str(sp.Actor)
		}
		e.str(x.Organiser)
		e.str(string(x.Level))
		e.strs(x.Topics)
		e.str(x.Language)
		e.str(x.Video)
		e.strs(x.Slides)
		e.str(x.Description)
		e.str(x.License)
		e.where(x.Where)
	case *toolbox.Tip:
		e.uv(entryTip)
		e.str(x.ID)
		e.str(x.Title)
		e.strs(x.Tags)
		e.str(x.Author)
		e.time(x.Date.Time)
		e.strs(x.Related)
		e.str(x.Body)
		e.where(x.Where)
	case nil:
		e.uv(entryNone)
	default:
		e.fail(fmt.Errorf("catalogue: snapshot: cannot encode an entry of type %T", v))
	}
}

func (e *enc) optInt(p *int) {
	if p == nil {
		e.uv(0)
		return
	}
	e.uv(1)
	e.int(*p)
}

func (e *enc) field(f *schemas.Field, depth int) {
	if depth > maxDepth {
		e.fail(fmt.Errorf("catalogue: snapshot: schema fields nested more than %d levels", maxDepth))
		return
	}
	e.str(f.Name)
	e.str(f.Title)
	e.str(f.Description)
	e.str(f.Type)
	e.str(f.Format)
	c := &f.Constraints
	e.bool(c.Required)
	e.bool(c.Unique)
	e.optInt(c.MinLength)
	e.optInt(c.MaxLength)
	e.value(c.Minimum, 0)
	e.value(c.Maximum, 0)
	e.value(c.ExclusiveMinimum, 0)
	e.value(c.ExclusiveMaximum, 0)
	e.str(c.Pattern)
	e.list(c.Enum == nil, len(c.Enum))
	for _, v := range c.Enum {
		e.value(v, 0)
	}
	e.bool(c.EnumSet)
	e.strs(f.TrueValues)
	e.strs(f.FalseValues)
	e.strs(f.MissingValues)
	switch {
	case f.BareNumber == nil:
		e.uv(0)
	case *f.BareNumber:
		e.uv(2)
	default:
		e.uv(1)
	}
	e.str(f.DecimalChar)
	e.str(f.GroupChar)
	if f.ArrayItem == nil {
		e.uv(0)
	} else {
		e.uv(1)
		e.field(f.ArrayItem, depth+1)
	}
	e.str(f.Delimiter)
	e.str(f.ItemType)
}

// record writes one entry root: its part, its reference problems and, for a
// request, its standing on the board.
func (e *enc) record(pt *part, refs []fact.Problem, st *requests.Standing) {
	e.entry(pt.entry)
	e.problems(pt.probs)
	e.problems(refs)
	e.listing(pt)
	if st == nil {
		e.uv(0)
		return
	}
	e.uv(1)
	// the rank is not stored: it is the request's place in the board's
	// order (the orders section), and one vote moves many requests' ranks
	// (PatchSnapshot then re-encodes only the request voted on)
	e.int(0)
	e.str(string(st.Status))
	e.strs(st.Supporters)
	e.strs(st.Communes)
	e.int(st.Population)
}

// listing writes what the walk found under a part's root: its paths, and
// its files with their sizes.
func (e *enc) listing(pt *part) {
	e.list(pt.paths.isNil(), pt.paths.len())
	for i := range pt.paths.len() {
		e.str(pt.paths.at(i))
	}
	e.list(pt.files == nil, len(pt.files))
	names := make([]string, 0, len(pt.files))
	for n := range pt.files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		e.str(n)
		e.b = binary.AppendVarint(e.b, pt.files[n])
	}
}

// dec reads what enc wrote. The first malformed value sets bad and makes
// every later read return zero values: callers check bad once at the end.
type dec struct {
	s   string
	i   int
	bad bool
	// wheres, when not nil, shares one fact.Where between the entries
	// whose positions are encoded alike (most files of a kind put their
	// keys at the same lines and columns): Where maps are never written
	// after parsing.
	wheres map[string]fact.Where
	// own, when not nil, makes str return strings of their own (owner),
	// not slices of s.
	own *owner
}

func (d *dec) fail() {
	d.bad = true
	d.i = len(d.s)
}

func (d *dec) uv() uint64 {
	var x uint64
	var shift uint
	for k := 0; ; k++ {
		if d.i >= len(d.s) || k == binary.MaxVarintLen64 {
			d.fail()
			return 0
		}
		c := d.s[d.i]
		d.i++
		if c < 0x80 {
			if k == binary.MaxVarintLen64-1 && c > 1 {
				d.fail()
				return 0
			}
			return x | uint64(c)<<shift
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
}

func (d *dec) i64() int64 {
	ux := d.uv()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (d *dec) int() int {
	x := d.i64()
	if int64(int(x)) != x {
		d.fail()
		return 0
	}
	return int(x)
}

// n reads a count or a length, never more than the bytes left: each item
// takes at least one byte, so a hostile count cannot ask for more memory
// than the data's size.
func (d *dec) n() int {
	x := d.uv()
	if x > uint64(len(d.s)-d.i) {
		d.fail()
		return 0
	}
	return int(x)
}

// list reads a count+1: ok is false for a nil list.
func (d *dec) list() (n int, ok bool) {
	x := d.uv()
	if x == 0 {
		return 0, false
	}
	if x-1 > uint64(len(d.s)-d.i) {
		d.fail()
		return 0, false
	}
	return int(x - 1), true
}

func (d *dec) str() string {
	n := d.n()
	s := d.s[d.i : d.i+n]
	d.i += n
	if d.own != nil {
		return d.own.own(s)
	}
	return s
}

func (d *dec) bool() bool {
	switch d.uv() {
	case 0:
		return false
	case 1:
		return true
	}
	d.fail()
	return false
}

func (d *dec) strs() []string {
	n, ok := d.list()
	if !ok {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

// pathList reads what strs wrote as a pathList: the paths are read in
// place and copied once, into the list's own string (never through the
// decoder's owner: they are many and distinct).
func (d *dec) pathList() pathList {
	n, ok := d.list()
	if !ok {
		return pathList{}
	}
	var b pathListBuilder
	b.grow(n)
	for range n {
		k := d.n()
		b.add(d.s[d.i : d.i+k])
		d.i += k
	}
	return b.done()
}

func (d *dec) where() fact.Where {
	if d.wheres != nil {
		start := d.i
		n, ok := d.list()
		if !ok {
			return nil
		}
		for range n {
			d.str()
			d.i64()
			d.i64()
		}
		key := d.s[start:d.i]
		if w, ok := d.wheres[key]; ok || d.bad {
			return w
		}
		d.i = start
		d.list()
		w := d.readWhere(n)
		d.wheres[key] = w
		return w
	}
	n, ok := d.list()
	if !ok {
		return nil
	}
	return d.readWhere(n)
}

func (d *dec) readWhere(n int) fact.Where {
	w := make(fact.Where, min(n, 64))
	for range n {
		k := d.str()
		w[k] = fact.Pos{Line: d.int(), Col: d.int()}
	}
	return w
}

func (d *dec) time() time.Time {
	sec := d.i64()
	nsec := d.uv()
	if nsec >= 1e9 {
		d.fail()
		return time.Time{}
	}
	switch d.uv() {
	case 0:
		return time.Unix(sec, int64(nsec)).UTC()
	case 1:
		off := d.int()
		t := time.Unix(sec, int64(nsec))
		// As time.Parse does: the local zone when the offset is its own.
		if _, local := t.Zone(); local == off {
			return t
		}
		return t.In(time.FixedZone("", off))
	}
	d.fail()
	return time.Time{}
}

func (d *dec) date() fact.Date { return fact.Date{Time: d.time()} }

func (d *dec) value(depth int) any {
	if depth > maxDepth {
		d.fail()
		return nil
	}
	switch d.uv() {
	case tagNil:
		return nil
	case tagString:
		return d.str()
	case tagNumber:
		return json.Number(d.str())
	case tagFalse:
		return false
	case tagTrue:
		return true
	case tagList:
		n, ok := d.list()
		if !ok {
			return []any(nil)
		}
		out := make([]any, 0, min(n, 64))
		for range n {
			out = append(out, d.value(depth+1))
		}
		return out
	case tagMap:
		n, ok := d.list()
		if !ok {
			return map[string]any(nil)
		}
		out := make(map[string]any, min(n, 64))
		for range n {
			k := d.str()
			out[k] = d.value(depth + 1)
		}
		return out
	case tagInt:
		return d.int()
	case tagInt64:
		return d.i64()
	case tagUint64:
		return d.uv()
	case tagFloat:
		if len(d.s)-d.i < 8 {
			d.fail()
			return nil
		}
		x := math.Float64frombits(binary.LittleEndian.Uint64([]byte(d.s[d.i : d.i+8])))
		d.i += 8
		return x
	case tagDate:
		return d.date()
	case tagTime:
		return d.time()
	case tagText:
		return i18n.Text{FR: d.str(), EN: d.str()}
	case tagStrings:
		return d.strs()
	}
	d.fail()
	return nil
}

func (d *dec) problems() []fact.Problem {
	n := d.n()
	if n == 0 {
		return nil
	}
	out := make([]fact.Problem, 0, min(n, 64))
	for range n {
		p := fact.Problem{Path: d.str(), Line: d.int(), Col: d.int(), Code: d.str(), Severity: fact.Severity(d.int())}
		p.Text.FR, p.Text.EN = d.str(), d.str()
		if k, ok := d.list(); ok {
			p.Args = make([]any, 0, min(k, 64))
			for range k {
				p.Args = append(p.Args, d.value(0))
			}
		}
		out = append(out, p)
		if d.bad {
			return nil
		}
	}
	return out
}

func (d *dec) meta() Meta {
	return Meta{Format: d.int(), Name: d.str(), Description: d.str(), Language: d.str(), Triagers: d.strs(), GitHub: d.str(), ResponseDays: d.int(), Where: d.where()}
}

func (d *dec) kinds() []Kind {
	n, ok := d.list()
	if !ok {
		return nil
	}
	out := make([]Kind, 0, min(n, 8))
	for range n {
		out = append(out, Kind(d.str()))
	}
	return out
}

func (d *dec) entry() any {
	switch d.uv() {
	case entryNone:
		return nil
	case entryActor:
		a := &directory.Actor{ID: d.str(), Name: d.str(), Kind: directory.Kind(d.str()), INSEE: d.str(), SIREN: d.str(),
			Population: d.int(), Parent: d.str(), Portal: d.str(), Competences: d.strs(), CODAL: d.bool()}
		if n, ok := d.list(); ok {
			a.Contacts = make([]directory.Contact, 0, min(n, 64))
			for range n {
				a.Contacts = append(a.Contacts, directory.Contact{Role: d.str(), Email: d.str(), Phone: d.str(), Name: d.str()})
			}
		}
		a.Address = directory.Address{Street: d.str(), PostalCode: d.str(), City: d.str(), Country: d.str()}
		a.Where = d.where()
		a.DataGouv = d.str()
		return a
	case entrySnippet:
		return &snippets.Snippet{ID: d.str(), Title: d.str(), Description: d.str(), Language: d.str(), Tags: d.strs(),
			Author: d.str(), License: d.str(), Files: d.strs(), Where: d.where()}
	case entrySchema:
		s := &schemas.Schema{ID: d.str(), Name: d.str(), Title: d.str(), Description: d.str(), Version: d.str()}
		if n, ok := d.list(); ok {
			s.Fields = make([]schemas.Field, 0, min(n, 64))
			for range n {
				var f schemas.Field
				d.field(&f, 0)
				s.Fields = append(s.Fields, f)
				if d.bad {
					return nil
				}
			}
		}
		s.MissingValues, s.PrimaryKey, s.Examples, s.HasReadme = d.strs(), d.strs(), d.strs(), d.bool()
		s.Homepage, s.Path = d.str(), d.str()
		if n, ok := d.list(); ok {
			s.CustomChecks = make([]schemas.CustomCheck, 0, min(n, 64))
			for range n {
				cc := schemas.CustomCheck{Name: d.str()}
				if p, ok := d.value(0).(map[string]any); ok {
					cc.Params = p
				}
				s.CustomChecks = append(s.CustomChecks, cc)
				if d.bad {
					return nil
				}
			}
		}
		return s
	case entryRequest:
		r := &requests.Request{ID: d.str(), Title: d.str(), Description: d.str(), RequestedBy: d.str(), AddressedTo: d.str(),
			Themes: d.strs(), Created: d.date(), WantedBy: d.date(), Usage: d.str(), Where: d.where()}
		if n, ok := d.list(); ok {
			r.Votes = make([]*requests.Vote, 0, min(n, 1024))
			for range n {
				r.Votes = append(r.Votes, &requests.Vote{Actor: d.str(), Name: d.str(), Email: d.str(), Date: d.date(),
					Need: requests.Need(d.str()), Comment: d.str()})
				if d.bad {
					return nil
				}
			}
		}
		if n, ok := d.list(); ok {
			r.Events = make([]*requests.Event, 0, min(n, 1024))
			for range n {
				r.Events = append(r.Events, &requests.Event{Stamp: d.time(), Actor: d.str(), Status: requests.Status(d.str()),
					Name: d.str(), Email: d.str(), Date: d.date(), Note: d.str(), PlannedFor: d.date(), Dataset: d.str(),
					DuplicateOf: d.str(), Reason: d.str(), TransferTo: d.str(), Where: d.where()})
				if d.bad {
					return nil
				}
			}
		}
		if n, ok := d.list(); ok {
			r.Comments = make([]*requests.Comment, 0, min(n, 1024))
			for range n {
				r.Comments = append(r.Comments, &requests.Comment{Stamp: d.time(), Actor: d.str(), Name: d.str(), Email: d.str(),
					Date: d.date(), Body: d.str(), ReplyTo: d.str(), Where: d.where()})
				if d.bad {
					return nil
				}
			}
		}
		return r
	case entryTraining:
		t := &toolbox.Training{ID: d.str(), Title: d.str(), Date: d.date(), Duration: d.int()}
		if n, ok := d.list(); ok {
			t.Speakers = make([]toolbox.Speaker, 0, min(n, 64))
			for range n {
				t.Speakers = append(t.Speakers, toolbox.Speaker{Name: d.str(), Actor: d.str()})
				if d.bad {
					return nil
				}
			}
		}
		t.Organiser, t.Level, t.Topics, t.Language, t.Video = d.str(), toolbox.Level(d.str()), d.strs(), d.str(), d.str()
		t.Slides, t.Description, t.License, t.Where = d.strs(), d.str(), d.str(), d.where()
		return t
	case entryTip:
		return &toolbox.Tip{ID: d.str(), Title: d.str(), Tags: d.strs(), Author: d.str(), Date: d.date(), Related: d.strs(),
			Body: d.str(), Where: d.where()}
	}
	d.fail()
	return nil
}

func (d *dec) optInt() *int {
	switch d.uv() {
	case 0:
		return nil
	case 1:
		x := d.int()
		return &x
	}
	d.fail()
	return nil
}

func (d *dec) field(f *schemas.Field, depth int) {
	if depth > maxDepth {
		d.fail()
		return
	}
	f.Name, f.Title, f.Description, f.Type, f.Format = d.str(), d.str(), d.str(), d.str(), d.str()
	c := &f.Constraints
	c.Required, c.Unique = d.bool(), d.bool()
	c.MinLength, c.MaxLength = d.optInt(), d.optInt()
	c.Minimum, c.Maximum, c.ExclusiveMinimum, c.ExclusiveMaximum = d.value(0), d.value(0), d.value(0), d.value(0)
	c.Pattern = d.str()
	if n, ok := d.list(); ok {
		c.Enum = make([]any, 0, min(n, 64))
		for range n {
			c.Enum = append(c.Enum, d.value(0))
		}
	}
	c.EnumSet = d.bool()
	f.TrueValues, f.FalseValues, f.MissingValues = d.strs(), d.strs(), d.strs()
	switch d.uv() {
	case 0:
	case 1:
		f.BareNumber = new(bool)
	case 2:
		t := true
		f.BareNumber = &t
	default:
		d.fail()
	}
	f.DecimalChar, f.GroupChar = d.str(), d.str()
	switch d.uv() {
	case 0:
	case 1:
		f.ArrayItem = &schemas.Field{}
		d.field(f.ArrayItem, depth+1)
	default:
		d.fail()
	}
	f.Delimiter, f.ItemType = d.str(), d.str()
}

// record reads what enc.record wrote.
func (d *dec) record() (*part, []fact.Problem, *requests.Standing) {
	pt := &part{entry: d.entry()}
	pt.probs = d.problems()
	refs := d.problems()
	pt.paths = d.pathList()
	if n, ok := d.list(); ok {
		pt.files = make(map[string]int64, min(n, 64))
		for range n {
			name := d.str()
			pt.files[name] = d.i64()
		}
	}
	var st *requests.Standing
	switch d.uv() {
	case 0:
	case 1:
		st = &requests.Standing{Rank: d.int(), Status: requests.Status(d.str()), Supporters: d.strs(), Communes: d.strs(), Population: d.int()}
	default:
		d.fail()
	}
	if d.bad || d.i != len(d.s) {
		return nil, nil, nil
	}
	return pt, refs, st
}
