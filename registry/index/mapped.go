package index

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"github.com/gpso/codal/registry/mmapfile"
	"hash/crc32"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// Mapped is an index file opened in place: its header is read and checked,
// the rest is read when asked for, each block of the body (64 KiB) checked
// against its CRC-32C the first time a read touches it. On unix the file is
// mapped read-only, never copied into the heap. Its methods are safe from
// several goroutines.
type Mapped struct {
	Header
	body    []byte // stat rows | row offsets | snapshot
	nrows   int
	rowsLen int
	snapLen int
	bs      int    // block size
	crcs    []byte // 4 bytes per block of body

	// whole is the whole mapping and at where body starts in it, for
	// releasing checked pages (release).
	whole []byte
	at    int

	mu      sync.Mutex
	checked []bool
	unmap   func()
}

// bulk is the size of a read past which the blocks it checks are released
// from resident memory as soon as checked: verifying a large snapshot
// touches every page once, and a command that then reads a few records
// should not keep them all (codal show at 100,000 entries).
const bulk = 1 << 20

// Open maps the index file at path and checks its header. A missing file
// is an error wrapping fs.ErrNotExist; a file that is not an index of this
// Version wraps ErrBad. Close releases the mapping.
func Open(path string) (*Mapped, error) {
	data, unmap, err := mmapfile.Map(path)
	if err != nil {
		return nil, err
	}
	m, err := parse(data)
	if err != nil {
		unmap()
		return nil, err
	}
	m.unmap = unmap
	if mmapfile.Mapped && len(data) > 0 {
		m.whole = data
	}
	return m, nil
}

// Close releases the mapping: nothing read from m that aliases it (Snapshot's
// bytes) may be used after. Stats and the rows it returns are copies.
func (m *Mapped) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.unmap != nil {
		m.unmap()
		m.unmap = nil
		m.body = nil
	}
}

// parse checks data's header and returns the file's parts, unchecked.
func parse(data []byte) (*Mapped, error) {
	pre := len(magic) + 8
	if len(data) < pre+4 || !bytes.Equal(data[:len(magic)], []byte(magic)) {
		return nil, fmt.Errorf("%w: no index header", ErrBad)
	}
	if v := binary.LittleEndian.Uint32(data[len(magic):]); v != Version {
		return nil, fmt.Errorf("%w: format version %d, this codal writes %d", ErrBad, v, Version)
	}
	hlen := uint64(binary.LittleEndian.Uint32(data[len(magic)+4:]))
	if hlen > uint64(len(data)-pre-4) {
		return nil, fmt.Errorf("%w: header truncated", ErrBad)
	}
	end := pre + int(hlen)
	if crc32.Checksum(data[:end], crcTable) != binary.LittleEndian.Uint32(data[end:]) {
		return nil, fmt.Errorf("%w: header checksum mismatch", ErrBad)
	}
	m := &Mapped{body: data[end+4:], at: end + 4}
	d := decoder{b: data[pre:end]}
	m.Tree = store.Hash(d.string())
	m.Commit = store.Hash(d.string())
	m.Built = time.Unix(0, d.varint())
	m.Communes = int(d.uvarint())
	nrows, rowsLen, snapLen, bs := d.uvarint(), d.uvarint(), d.uvarint(), d.uvarint()
	if d.err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrBad, d.err)
	}
	body := uint64(len(m.body))
	if bs < 256 || bs > 1<<24 || bs&(bs-1) != 0 || nrows > body/4 || rowsLen > body || snapLen > body || rowsLen+4*nrows+snapLen != body {
		return nil, fmt.Errorf("%w: body of %d bytes, header says otherwise", ErrBad, body)
	}
	m.bs = int(bs)
	blocks := (len(m.body) + m.bs - 1) / m.bs
	if len(d.b) != 4*blocks {
		return nil, fmt.Errorf("%w: %d block checksums for %d blocks", ErrBad, len(d.b)/4, blocks)
	}
	m.nrows, m.rowsLen, m.snapLen, m.crcs = int(nrows), int(rowsLen), int(snapLen), d.b
	m.checked = make([]bool, blocks)
	return m, nil
}

// read returns body[lo:hi] once every block it touches has passed its
// checksum; a bulk read releases the blocks it checked.
func (m *Mapped) read(lo, hi int) ([]byte, error) { return m.checkRead(lo, hi, hi-lo > bulk) }

// readKeep is read keeping the pages it checked resident, for bytes that
// are read again at once (a list's haystacks and rows): released, they
// would be faulted in from the page cache a second time.
func (m *Mapped) readKeep(lo, hi int) ([]byte, error) { return m.checkRead(lo, hi, false) }

// checkRead is read, releasing the checked blocks or not.
func (m *Mapped) checkRead(lo, hi int, release bool) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if lo < 0 || hi < lo || hi > len(m.body) {
		return nil, fmt.Errorf("%w: offset out of the file", ErrBad)
	}
	from := -1 // first checked block not released yet (bulk reads)
	for k := lo / m.bs; k*m.bs < hi; k++ {
		if m.checked[k] {
			continue
		}
		b := m.body[k*m.bs : min((k+1)*m.bs, len(m.body))]
		if crc32.Checksum(b, crcTable) != binary.LittleEndian.Uint32(m.crcs[4*k:]) {
			return nil, fmt.Errorf("%w: checksum mismatch in block %d", ErrBad, k)
		}
		m.checked[k] = true
		if !release {
			continue
		}
		if from < 0 {
			from = k
		}
		if (k+1-from)*m.bs >= bulk {
			m.releaseBlocks(from, k+1)
			from = -1
		}
	}
	if from >= 0 {
		m.releaseBlocks(from, (hi+m.bs-1)/m.bs)
	}
	return m.body[lo:hi], nil
}

// releaseBlocks drops the whole pages of blocks [k, end) from resident
// memory (see bulk), one system call per megabyte; nothing on systems where
// the file is read into the heap.
func (m *Mapped) releaseBlocks(k, end int) {
	if m.whole == nil || m.unmap == nil {
		return
	}
	page := os.Getpagesize()
	lo := m.at + k*m.bs
	hi := min(m.at+end*m.bs, m.at+len(m.body))
	lo = (lo + page - 1) / page * page
	hi = hi / page * page
	if lo < hi {
		release(m.whole[lo:hi])
	}
}

// Rows is the number of rows of the stat table.
func (m *Mapped) Rows() int { return m.nrows }

// rowSpan is where row i lies in the body.
func (m *Mapped) rowSpan(i int) (lo, hi int, err error) {
	n := 8
	if i == m.nrows-1 {
		n = 4
	}
	o, err := m.read(m.rowsLen+4*i, m.rowsLen+4*i+n)
	if err != nil {
		return 0, 0, err
	}
	lo, hi = int(binary.LittleEndian.Uint32(o)), m.rowsLen
	if len(o) == 8 {
		hi = int(binary.LittleEndian.Uint32(o[4:]))
	}
	if lo > hi || hi > m.rowsLen {
		return 0, 0, fmt.Errorf("%w: stat row %d out of its table", ErrBad, i)
	}
	return lo, hi, nil
}

// path returns row i's path, in place (valid while m is open).
func (m *Mapped) path(i int) ([]byte, error) {
	lo, hi, err := m.rowSpan(i)
	if err != nil {
		return nil, err
	}
	b, err := m.read(lo, hi)
	if err != nil {
		return nil, err
	}
	d := decoder{b: b}
	p := d.bytes()
	if d.err != nil {
		return nil, fmt.Errorf("%w: stat row %d: %v", ErrBad, i, d.err)
	}
	return p, nil
}

// row decodes row i (its path copied).
func (m *Mapped) row(i int) (Stat, error) {
	lo, hi, err := m.rowSpan(i)
	if err != nil {
		return Stat{}, err
	}
	b, err := m.read(lo, hi)
	if err != nil {
		return Stat{}, err
	}
	return decodeRow(b, i, false)
}

// Stats decodes the whole stat table (paths copied: valid after Close).
func (m *Mapped) Stats() (Table, error) {
	if _, err := m.read(0, m.rowsLen+4*m.nrows); err != nil {
		return nil, err
	}
	t := make(Table, m.nrows)
	for i := range t {
		s, err := m.row(i)
		if err != nil {
			return nil, err
		}
		if i > 0 && s.Path <= t[i-1].Path {
			return nil, fmt.Errorf("%w: stat table not sorted", ErrBad)
		}
		t[i] = s
	}
	return t, nil
}

// Changed is Table.Changed read in place: the stat rows are checked
// against their checksums once, then decoded where they lie (no path is
// copied but those reported), the table never built in the heap.
func (m *Mapped) Changed(dir string, at time.Time) (changed []string, folders Table, err error) {
	return m.changed(dir, at, nil)
}

// changed is Changed, the paths changed only by a racy row appended to
// racy (changedRows).
func (m *Mapped) changed(dir string, at time.Time, racy *racyFound) (changed []string, folders Table, err error) {
	n := m.rowsLen + 4*m.nrows
	b, err := m.read(0, n)
	if err != nil {
		return nil, nil, err
	}
	// The check walked every row, faulting the table's pages back after
	// read released them: they are dropped again (50 MB at 100,000
	// entries, else resident until the mapping closes, through the whole
	// decode that follows in the app). What was returned is a copy.
	defer func() {
		m.mu.Lock()
		m.releaseBlocks(0, (n+m.bs-1)/m.bs)
		m.mu.Unlock()
	}()
	// changedRows checks that the rows are sorted (what the binary
	// searches assume), as Stats does
	rows := inPlace{rows: b[:m.rowsLen], offs: b[m.rowsLen:], n: m.nrows}
	return changedRows(dir, at, rows, rows, racy)
}

// rowsUnder returns the rows at or under root, found by binary search: it
// reads the rows it compares and the ones it returns, not the table.
func (m *Mapped) rowsUnder(root string) (Table, error) {
	var err error
	search := func(p string) int {
		return sort.Search(m.nrows, func(i int) bool {
			q, e := m.path(i)
			if e != nil {
				err = e
				return true
			}
			return string(q) >= p
		})
	}
	// the root's own row, then the rows under root+"/", which are
	// contiguous: not every row that starts with the root's name
	// ("requests/demande-5" is a prefix of 1,111 roots at 100,000 entries,
	// whose rows sort after its own)
	var out Table
	if i := search(root); err == nil && i < m.nrows {
		s, e := m.row(i)
		if e != nil {
			return nil, e
		}
		if s.Path == root {
			out = append(out, s)
		}
	}
	for i := search(root + "/"); err == nil && i < m.nrows; i++ {
		s, e := m.row(i)
		if e != nil {
			return nil, e
		}
		if !strings.HasPrefix(s.Path, root+"/") {
			break
		}
		out = append(out, s)
	}
	return out, err
}

// ChangedRoots is Table.ChangedRoots read in place: only the rows of the
// given roots (and registry.yaml) are decoded.
func (m *Mapped) ChangedRoots(dir string, at time.Time, roots []string) ([]string, error) {
	return changedRoots(dir, at, roots, m.rowsUnder, nil)
}

// Snapshot returns the catalogue's snapshot, in place (valid until Close),
// once all its blocks passed their checksums. (Checking only the blocks a
// View decodes would need the snapshot to say which bytes it reads; its
// OpenSnapshot touches every root's name, which lie between the records,
// so every page is read anyway.)
func (m *Mapped) Snapshot() ([]byte, error) {
	lo := m.rowsLen + 4*m.nrows
	return m.read(lo, lo+m.snapLen)
}

// file decodes and checks everything; the snapshot aliases the mapping.
func (m *Mapped) file() (*File, error) {
	t, err := m.Stats()
	if err != nil {
		return nil, err
	}
	snap, err := m.Snapshot()
	if err != nil {
		return nil, err
	}
	return &File{Header: m.Header, Stats: t, Snapshot: snap[:len(snap):len(snap)]}, nil
}

// previewSnapshot returns the snapshot in place with only the blocks a
// preview reads checked: its tables (the sections before the root table,
// the root table, the roots' names) and the actors' records, which come
// first ("actors/" sorts before the other kinds). A preview (the app's
// first screen: the directory, each kind's count) reads nothing else; the
// snapshot's decoder refuses malformed bytes anywhere without a panic
// (FuzzOpenSnapshot), and the app's whole load, which follows, checks
// every block. Of the list section, only the heads (each kind's count) and
// the directory's block (its haystacks: the first block) are checked: the
// other kinds' haystacks and the board's rows are most of the section (tens
// of megabytes at 100,000 entries, read, checked and kept resident for
// nothing before the first screen). At 100,000 entries this checks a few
// megabytes where Snapshot checks 176.
func (m *Mapped) previewSnapshot() ([]byte, error) {
	snap, err := m.checkedSnapshot(nil, nil, false)
	if err != nil {
		return nil, err
	}
	// the list section is the third (magic, version, then three sections,
	// each its length and its bytes); its first block is the directory's
	at := 12
	for range 2 {
		at += 4 + int(binary.LittleEndian.Uint32(snap[at:]))
	}
	lo, end := at+4, at+4+int(binary.LittleEndian.Uint32(snap[at:]))
	if lo+4 > end || end > len(snap) {
		return nil, fmt.Errorf("%w: snapshot list section out of range", ErrBad)
	}
	if hi := lo + 4 + int(binary.LittleEndian.Uint32(snap[lo:])); hi <= end {
		end = hi
	}
	base := m.rowsLen + 4*m.nrows
	if _, err := m.read(base+lo, base+end); err != nil {
		return nil, err
	}
	return snap, nil
}

// checkedSnapshot is previewSnapshot with the records of roots checked too;
// of the list section, the blocks of the kinds lists says are checked whole,
// and of the others only the heads (what OpenSnapshot reads of them), not
// the haystacks and rows a View never reads (lists nil: heads only). With
// keep, the pages checked stay resident (a list reads them at once).
func (m *Mapped) checkedSnapshot(roots []string, lists func(catalogue.Kind) bool, keep bool) ([]byte, error) {
	base := m.rowsLen + 4*m.nrows
	snap := m.body[base : base+m.snapLen]
	read := m.read
	if keep {
		read = m.readKeep
	}
	check := func(lo, hi int) error {
		if lo < 0 || hi < lo || hi > len(snap) {
			return fmt.Errorf("%w: snapshot offsets out of range", ErrBad)
		}
		_, err := read(base+lo, base+hi)
		return err
	}
	// magic, version, three sections (length, bytes: the global record,
	// the orders, the lists), the root count
	at, starts := 12, [3]int{}
	for i := range 3 {
		if err := check(at, at+4); err != nil {
			return nil, err
		}
		starts[i] = at + 4
		at += 4 + int(binary.LittleEndian.Uint32(snap[at:]))
	}
	if err := checkListHeads(check, snap, starts[2], at, lists); err != nil {
		return nil, err
	} else if err := check(0, starts[2]); err != nil {
		return nil, err
	} else if err := check(at, at+4); err != nil {
		return nil, err
	}
	n := int(binary.LittleEndian.Uint32(snap[at:]))
	table := at + 4
	if n > (len(snap)-table)/16 {
		return nil, fmt.Errorf("%w: snapshot root table out of range", ErrBad)
	}
	if err := check(table, table+16*n); err != nil {
		return nil, err
	}
	if n == 0 {
		return snap, nil
	}
	row := func(k int) (nameAt, nameLen, recAt, recLen int) {
		r := snap[table+16*k:]
		return int(binary.LittleEndian.Uint32(r)), int(binary.LittleEndian.Uint32(r[4:])),
			int(binary.LittleEndian.Uint32(r[8:])), int(binary.LittleEndian.Uint32(r[12:]))
	}
	first, _, _, _ := row(0)
	last, lastLen, _, _ := row(n - 1)
	if err := check(first, last+lastLen); err != nil {
		return nil, err
	}
	lo, hi := -1, -1
	for k := range n {
		na, nl, ra, rl := row(k)
		if na+nl > len(snap) {
			return nil, fmt.Errorf("%w: snapshot root name out of range", ErrBad)
		}
		if !strings.HasPrefix(string(snap[na:na+nl]), "actors/") {
			break
		}
		if lo < 0 {
			lo = ra
		}
		hi = max(hi, ra+rl)
	}
	if lo >= 0 {
		if err := check(lo, hi); err != nil {
			return nil, err
		}
	}
	// the records of the roots asked for, found by binary search
	for _, root := range roots {
		k := sort.Search(n, func(k int) bool {
			na, nl, _, _ := row(k)
			return string(snap[na:na+nl]) >= root
		})
		if k == n {
			continue
		}
		if na, nl, ra, rl := row(k); string(snap[na:na+nl]) == root {
			if err := check(ra, ra+rl); err != nil {
				return nil, err
			}
		}
	}
	return snap, nil
}

// listSnapshot returns the snapshot in place for lists (Lister): the
// tables and the list section checked (previewSnapshot), and every record
// but the requests' (the other kinds' lists decode their entries' records);
// a request's record is checked when decoded (the returned check, for
// Snapshot.Verify). At 100,000 entries the requests' records are most of
// the file, and a list of requests reads its rows from the list section.
//
// Given the kinds to be listed (with those their lists read: ListReads),
// only their blocks of the list section and their records are checked
// (with the tables and the actors' records, as previewSnapshot); the
// snapshot checks any other block or record through the returned check
// when it reads one (a list of requests leaves the snippets' 2.6 MB of
// haystacks and 8 MB of records alone at 100,000 entries). The pages of
// the blocks checked stay resident: the list reads them at once.
func (m *Mapped) listSnapshot(kinds ...catalogue.Kind) ([]byte, func(lo, hi int) error, error) {
	snap, err := m.checkedSnapshot(nil, func(k catalogue.Kind) bool { return len(kinds) == 0 || slices.Contains(kinds, k) }, true)
	if err != nil {
		return nil, nil, err
	}
	listed := func(root []byte) bool {
		if len(kinds) == 0 {
			return true
		}
		for _, k := range kinds {
			if len(root) > len(k) && root[len(k)] == '/' && string(root[:len(k)]) == string(k) {
				return true
			}
		}
		return false
	}
	base := m.rowsLen + 4*m.nrows
	check := func(lo, hi int) error {
		if lo < 0 || hi < lo || hi > len(snap) {
			return fmt.Errorf("%w: snapshot offsets out of range", ErrBad)
		}
		_, err := m.read(base+lo, base+hi)
		return err
	}
	// the root table, checked above: where it is, as checkedSnapshot found it
	at := 12
	for range 3 {
		at += 4 + int(binary.LittleEndian.Uint32(snap[at:]))
	}
	n := int(binary.LittleEndian.Uint32(snap[at:]))
	table := at + 4
	lo, hi := -1, -1 // a run of consecutive records to check at once
	flush := func() error {
		if lo >= 0 {
			if err := check(lo, hi); err != nil {
				return err
			}
		}
		lo, hi = -1, -1
		return nil
	}
	for k := range n {
		r := snap[table+16*k:]
		na, nl := int(binary.LittleEndian.Uint32(r)), int(binary.LittleEndian.Uint32(r[4:]))
		ra, rl := int(binary.LittleEndian.Uint32(r[8:])), int(binary.LittleEndian.Uint32(r[12:]))
		if na+nl > len(snap) {
			return nil, nil, fmt.Errorf("%w: snapshot root name out of range", ErrBad)
		}
		if bytes.HasPrefix(snap[na:na+nl], []byte("requests/")) || !listed(snap[na:na+nl]) {
			if err := flush(); err != nil {
				return nil, nil, err
			}
			continue
		}
		if lo >= 0 && ra == hi {
			hi = ra + rl
			continue
		}
		if err := flush(); err != nil {
			return nil, nil, err
		}
		lo, hi = ra, ra+rl
	}
	if err := flush(); err != nil {
		return nil, nil, err
	}
	return snap, check, nil
}

// checkListHeads checks what OpenSnapshot reads of the list section
// snap[lo:hi]: per kind, its block's length, its count and the end of its
// haystacks (catalogue's openLists); the blocks of the kinds whole says
// (catalogue.ListSectionKinds gives their order; whole nil: none) are
// checked whole. Anything malformed checks the whole section, whose
// checksums then say whether the file is bad.
func checkListHeads(check func(lo, hi int) error, snap []byte, lo, hi int, whole func(catalogue.Kind) bool) error {
	kinds := catalogue.ListSectionKinds()
	at := lo
	for i := 0; at < hi; i++ {
		if err := check(at, at+8); err != nil {
			return err
		}
		m, n := int(binary.LittleEndian.Uint32(snap[at:])), int(binary.LittleEndian.Uint32(snap[at+4:]))
		end := at + 8 + 4*n
		if m < 4 || n < 0 || at+4+m > hi || end+4 > at+4+m || i >= len(kinds) {
			return check(lo, hi)
		}
		if whole != nil && whole(kinds[i]) {
			if err := check(at, at+4+m); err != nil {
				return err
			}
		} else if err := check(end, end+4); err != nil {
			return err
		}
		at += 4 + m
	}
	if at != hi {
		return check(lo, hi)
	}
	return nil
}

// viewSnapshot returns the snapshot in place with the blocks previewSnapshot
// checks and the records of roots checked, and a check for the other
// records, which the snapshot runs before decoding one (Snapshot.Verify): a
// command about one entry reads its record, the directory's names and the
// tables, not the whole file (at 100,000 entries a few megabytes of 176).
func (m *Mapped) viewSnapshot(roots []string) ([]byte, func(lo, hi int) error, error) {
	snap, err := m.checkedSnapshot(roots, nil, false)
	if err != nil {
		return nil, nil, err
	}
	base := m.rowsLen + 4*m.nrows
	return snap, func(lo, hi int) error {
		_, err := m.read(base+lo, base+hi)
		return err
	}, nil
}

// aroundGrain is the alignment releaseAround widens a span to: the page
// cache may hold a file in folios of up to 2 MiB, and one touch of a byte
// can map a whole folio into the process.
const aroundGrain = 2 << 20

// releaseAround drops from resident memory the pages of the mapping around
// b, widened to aroundGrain on each side (catalogue.Snapshot.SetProbed):
// for a read-only mapping of a file this never changes what the mapping
// holds; pages touched again are mapped again from the page cache.
func (m *Mapped) releaseAround(b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	at, ok := m.mappedAt(b)
	if !ok {
		return
	}
	lo := at / aroundGrain * aroundGrain
	hi := min((at+len(b)+aroundGrain-1)/aroundGrain*aroundGrain, len(m.whole))
	hi = hi / os.Getpagesize() * os.Getpagesize()
	if lo < hi {
		release(m.whole[lo:hi])
	}
}

// releaseSpan drops the whole pages of b, a part of the mapped snapshot,
// from resident memory (catalogue.Snapshot.SetRelease); nothing when the
// file is not mapped (read into the heap, or closed).
func (m *Mapped) releaseSpan(b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	at, ok := m.mappedAt(b)
	if !ok {
		return
	}
	page := os.Getpagesize()
	lo := (at + page - 1) / page * page
	hi := (at + len(b)) / page * page
	if lo < hi {
		release(m.whole[lo:hi])
	}
}

// mappedAt is b's offset in the mapping; false when the file is not
// mapped (read into the heap, or closed) or b is not of it. Called with
// m.mu held.
func (m *Mapped) mappedAt(b []byte) (int, bool) {
	if m.whole == nil || m.unmap == nil || len(b) == 0 {
		return 0, false
	}
	base := uintptr(unsafe.Pointer(&m.whole[0]))
	p := uintptr(unsafe.Pointer(&b[0]))
	if p < base || p+uintptr(len(b)) > base+uintptr(len(m.whole)) {
		return 0, false // not of this mapping
	}
	return int(p - base), true
}
