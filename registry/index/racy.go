package index

import (
	"os"
	"slices"
	"time"

	"github.com/gpso/codal/registry/catalogue"
)

// Racy rows. A stat row taken in the second its file was modified proves
// nothing (a later write in that second may keep the size and the time on
// a file system with coarse times): the check counts it as changed, as git
// counts its racy entries. Reading the entry again and bringing the index
// up to date for it (at 100,000 entries, a compaction of the whole index
// file) would be paid by the next command after every write of the index
// that followed an edit within a second. Instead, as git compares a racy
// entry's content with its blob, the roots whose only difference is a
// racy row (the same paths, the same stat) are read again and compared with
// the snapshot's records (catalogue.Snapshot.Unchanged): unchanged, they
// are left out of the change, and their rows, scanned afresh before the
// read, are recorded at the index's next write, whatever brings it (a
// change elsewhere, a folder listed again); changed, they are read again as
// any change is. Racy rows found unchanged do not make a write of their
// own: at 100,000 entries the index file is 218 MB, and reading a few
// entries again costs a fraction of a millisecond each. A hand edit made in
// the same second as the index write is never missed: its content is what
// is compared.

// racyFound is what the stat check found changed only by racy rows: the
// paths of files whose stat is the disk's, and the rows of the folders
// listed again with nothing added or removed (changedRows).
type racyFound struct {
	paths   []string
	folders Table
}

// recorded is what the next write of the index records beside the rows of
// the changed roots: the folders the check listed again (racy, those whose
// only change was being racy, which make no write of their own), and the
// roots whose racy rows were found unchanged, with their rows scanned
// afresh.
type recorded struct {
	folders, racy Table
	roots         []string
	fresh         Table
}

// table is m's stat table with fresh rows for the changed roots and what r
// records, encoded in place (Mapped.refresh).
func (r recorded) table(m *Mapped, fresh Table, changed []string) (*encodedTable, error) {
	if len(r.roots) > 0 {
		fresh = append(slices.Clone(fresh), r.fresh...)
		changed = union(slices.Clone(changed), r.roots)
	}
	return m.refresh(fresh, changed, append(slices.Clone(r.racy), r.folders...))
}

// racy takes the roots of the paths the check found changed only by a
// racy row (racy, sorted) out of the change when their content is the
// snapshot's: those already changed (committed, or with a real change in
// them) are left as they are; the others are scanned, then read again and
// compared with their records in m's snapshot (registry.yaml with the
// snapshot's description). Unchanged, they go into rec (their fresh rows);
// otherwise they join changed (registry.yaml too: catalogue.Update reads
// it again). full is true when one of them needs a full load.
func (s Source) racy(m *Mapped, at time.Time, changed, racy []string, rec *recorded) (_ []string, full bool) {
	if len(racy) == 0 {
		return changed, false
	}
	meta := slices.Contains(racy, catalogue.MetaFile)
	roots, full := rootsOf(without(racy, []string{catalogue.MetaFile}))
	if full {
		return changed, true
	}
	var check []string
	if meta {
		check = append(check, catalogue.MetaFile)
	}
	for _, r := range roots {
		if !slices.Contains(changed, r) {
			check = append(check, r)
		}
	}
	if len(check) == 0 {
		return changed, false
	}
	fresh := ScanRoots(s.Dir, at, check) // before the read: a change meanwhile shows next time
	if !s.unchanged(m, check) {
		debugf("%d entries with racy rows changed: read again", len(check))
		return union(changed, check), false
	}
	debugf("%d entries with racy rows unchanged", len(check))
	rec.roots, rec.fresh = check, fresh
	return changed, false
}

// unchanged reports whether roots, read again from the work tree, are what
// m's snapshot holds for them; only the blocks of their records (and the
// snapshot's tables) are checked.
func (s Source) unchanged(m *Mapped, roots []string) bool {
	data, verify, err := m.viewSnapshot(roots)
	if err != nil {
		return false
	}
	snap, err := catalogue.OpenSnapshot(data)
	if err != nil {
		return false
	}
	snap.Verify(verify)
	return snap.Unchanged(os.DirFS(s.Dir), roots)
}
