package news

import (
	"errors"
	"time"

	"github.com/gpso/codal/registry/store"
)

// Collect walks h's history since since (reading the files Wants names)
// and returns the items, newest first (FromHistory; titles fills the
// titles a commit did not carry).
func Collect(h store.Historian, since store.Since, titles func(entry string) string) ([]Item, error) {
	since.Want = Wants
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
