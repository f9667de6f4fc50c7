package news

import (
	"errors"
	"slices"
	"time"

	"github.com/gpso/codal/registry/store"
)

// MaxReadsPerCommit is the most files news reads of one commit: a commit
// changing more of them (a bulk import, a migration) is listed from its
// paths alone — its entries added, removed or changed, their titles from
// the catalogue — without the details only the files hold (a supporter's
// need, a status change, a comment's text). Reading them all would cost
// what the import weighs (at 100,000 entries: 33 s and 1.7 GB).
const MaxReadsPerCommit = 5000

// Collect walks h's history since since (reading the files Wants names,
// at most MaxReadsPerCommit of a commit) and returns the items, newest
// first (FromHistory; titles fills the titles a commit did not carry).
func Collect(h store.Historian, since store.Since, titles func(entry string) string) ([]Item, error) {
	p, err := CollectPage(h, since, titles, 0)
	return p.Items, err
}

// Page is the newest items of a walk, and how many items the walk gave in
// all.
type Page struct {
	// Items are the newest items, newest first, at most the limit asked.
	Items []Item
	// Total counts every item of the walk, Items included.
	Total int
}

// pageBatch is how many commits a walk classifies at once (in parallel)
// before keeping only the newest items of those seen so far.
const pageBatch = 256

// CollectPage is Collect keeping only the newest limit items (all when
// limit is 0) and counting the others: the items kept are exactly the first
// limit items Collect would return, but a walk over a bulk import (one item
// per entry: 380,000 at 100,000 entries) holds a page of them, not all.
// titles is asked only for the items kept. A store that folds (store.Since.Fold:
// the Git store) has each commit classified as it diffs it, without listing
// its changes; commits given with their changes listed are classified here.
func CollectPage(h store.Historian, since store.Since, titles func(entry string) string, limit int) (Page, error) {
	since.Want = Wants
	since.MaxReads = MaxReadsPerCommit
	since.Fold = foldCommit(limit)
	var p Page
	var batch []store.Commit
	add := func(items []Item, total int) {
		p.Items = append(p.Items, items...)
		p.Total += total
		if limit > 0 && len(p.Items) > 2*limit {
			p.Items = newestFirst(p.Items)[:limit]
		}
	}
	flush := func() {
		if len(batch) == 0 {
			return
		}
		add(fromCommits(batch, limit))
		clear(batch) // the commits' changes go once classified
		batch = batch[:0]
	}
	if err := h.History(since, func(c store.Commit) error {
		if f, ok := c.Folded.(foldedCommit); ok {
			// Classified by the walk, as it diffed the commit.
			flush()
			add(f.items, f.total)
			return nil
		}
		batch = append(batch, c)
		if len(batch) == pageBatch {
			flush()
		}
		return nil
	}); err != nil {
		return Page{}, err
	}
	flush()
	p.Items = newestFirst(p.Items)
	if limit > 0 && len(p.Items) > limit {
		p.Items = p.Items[:limit]
	}
	p.Items = slices.Clip(p.Items)
	fillTitles(p.Items, titles)
	return p, nil
}

// Window is how far back news looks when the user has marked nothing read
// (or the commit they marked is gone from the history).
const Window = 30 * 24 * time.Hour

// Unread is the news since lastSeen, the commit the user last marked read
// ("" for none: the Window before now), and the head it runs to: at most
// limit items, the newest (all when limit is 0), with the count of them all
// (CollectPage). When lastSeen is no longer in the history (a force-push),
// it falls back to the Window too, and says so with fellBack.
func Unread(h store.Historian, lastSeen string, now time.Time, titles func(string) string, limit int) (page Page, head store.Hash, fellBack bool, err error) {
	head, err = h.Head()
	if err != nil {
		return Page{}, "", false, err
	}
	window := store.Since{After: now.Add(-Window)}
	if lastSeen == "" {
		page, err = CollectPage(h, window, titles, limit)
		return page, head, false, err
	}
	page, err = CollectPage(h, store.Since{Commit: store.Hash(lastSeen)}, titles, limit)
	if errors.Is(err, store.ErrNotFound) {
		page, err = CollectPage(h, window, titles, limit)
		return page, head, true, err
	}
	return page, head, false, err
}
