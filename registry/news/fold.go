package news

import (
	"iter"
	"strings"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// A commit classified as the walk diffs it (store.Since.Fold): a bulk
// import's commit changes hundreds of thousands of files, and a walk that
// listed them before news saw them held them all. The walk gives them one
// at a time, in path order; foldCommit keeps the first limit items and
// counts the rest, exactly as fromCommit does over the list.
//
// fromCommit knows, before making any item, which entries the commit adds
// or removes (wholeEntry): their other files give no "changed" item. A
// stream learns it when it reaches the entry's main file, which may come
// after the entry's other files (snippets/x/README.md before
// snippets/x/snippet.yaml). So an entry's "changed" item waits, and the
// items after it with it, until the stream has passed the entry's main
// path: paths come sorted, so nothing after can add or remove it. In a
// registry's layout that is a few files; the wait holds only those.

// foldedCommit is what foldCommit makes of a commit: its first items and
// the count of them all.
type foldedCommit struct {
	items []Item
	total int
}

// waiting is an item not handed on yet: main is, for an entry changed,
// the entry's main path, which decides it ("" for any other item).
type waiting struct {
	it   Item
	main string
}

// folder classifies one commit's changes, given in path order.
type folder struct {
	base    Item
	limit   int
	out     foldedCommit
	whole   map[string]bool // entries whose main file the commit adds or removes
	changed map[string]bool // entries reported as changed
	wait    []waiting
}

// foldCommit is the store.Since.Fold of a news walk keeping limit items of
// each commit (all for 0).
func foldCommit(limit int) func(store.Commit, iter.Seq[store.FileChange]) any {
	return func(c store.Commit, changes iter.Seq[store.FileChange]) any {
		f := folder{base: baseItem(c), limit: limit, whole: map[string]bool{}, changed: map[string]bool{}}
		for ch := range changes {
			f.add(ch)
		}
		f.settle("", true)
		return f.out
	}
}

// add classifies the next change; its path sorts after the previous one's.
func (f *folder) add(ch store.FileChange) {
	if e, ok := wholeEntry(ch); ok {
		f.whole[e] = true
	}
	if it, ok, entryChange := itemOf(f.base, ch); ok {
		w := waiting{it: it}
		if entryChange {
			kind, id, _ := strings.Cut(it.Entry, "/")
			w.main = catalogue.Kind(kind).Path(id)
		}
		f.wait = append(f.wait, w)
	}
	f.settle(ch.Path, false)
}

// settle hands on the waiting items, in order, up to the first entry
// changed whose main path sorts after p, the path the stream is at (all of
// them at the end).
func (f *folder) settle(p string, end bool) {
	i := 0
	for ; i < len(f.wait); i++ {
		w := f.wait[i]
		if w.main != "" {
			if !end && w.main > p {
				break
			}
			if f.whole[w.it.Entry] || f.changed[w.it.Entry] {
				continue
			}
			f.changed[w.it.Entry] = true
		}
		w.it.Seq = f.out.total
		f.out.total++
		if f.limit == 0 || len(f.out.items) < f.limit {
			f.out.items = append(f.out.items, w.it)
		}
	}
	n := copy(f.wait, f.wait[i:])
	clear(f.wait[n:])
	f.wait = f.wait[:n]
}
