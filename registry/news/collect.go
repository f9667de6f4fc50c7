package news

import (
	"errors"
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
	since.Want = Wants
	since.MaxReads = MaxReadsPerCommit
	var commits []store.Commit
	if err := h.History(since, func(c store.Commit) error {
		commits = append(commits, c)
		return nil
	}); err != nil {
		return nil, err
	}
	return FromHistory(commits, titles), nil
}

// Window is how far back news looks when the user has marked nothing read
// (or the commit they marked is gone from the history).
const Window = 30 * 24 * time.Hour

// Unread is the news since lastSeen, the commit the user last marked read
// ("" for none: the Window before now), and the head it runs to. When
// lastSeen is no longer in the history (a force-push), it falls back to the
// Window too, and says so with fellBack.
func Unread(h store.Historian, lastSeen string, now time.Time, titles func(string) string) (items []Item, head store.Hash, fellBack bool, err error) {
	head, err = h.Head()
	if err != nil {
		return nil, "", false, err
	}
	window := store.Since{After: now.Add(-Window)}
	if lastSeen == "" {
		items, err = Collect(h, window, titles)
		return items, head, false, err
	}
	items, err = Collect(h, store.Since{Commit: store.Hash(lastSeen)}, titles)
	if errors.Is(err, store.ErrNotFound) {
		items, err = Collect(h, window, titles)
		return items, head, true, err
	}
	return items, head, false, err
}
