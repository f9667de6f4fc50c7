package news

import "github.com/gpso/codal/registry/store"

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
