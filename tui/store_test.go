package tui

import (
	"context"
	"time"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// noWrites is the part of store.Store that a test store which can only be
// read shares: it is not Git, and every write, sync or share call says so
// (store.NotARepository). A test store embeds it and gives Dir, Load, State
// and ReadFile. (The conformance-tested in-memory store, memstore, can
// replace these fakes.)
type noWrites struct{}

var _ store.Store = folderSource{}

func (noWrites) notGit() error { return store.NotARepository("test") }

func (noWrites) IsGit() bool { return false }
func (n noWrites) Write(context.Context, catalogue.Change, catalogue.Identity, time.Time, store.WriteOptions) (store.WriteResult, error) {
	return store.WriteResult{}, n.notGit()
}
func (n noWrites) Sync(context.Context, bool) (store.SyncResult, error) {
	return store.SyncResult{}, n.notGit()
}
func (n noWrites) Fetch(context.Context) error { return n.notGit() }
func (n noWrites) BranchHead(string) (store.Hash, bool, error) {
	return "", false, nil
}
func (n noWrites) SetBranch(string, store.Hash, catalogue.Identity, time.Time) error {
	return n.notGit()
}
func (n noWrites) DeleteBranch(string) error             { return n.notGit() }
func (n noWrites) ShareBranches() ([]string, error)      { return nil, nil }
func (n noWrites) PruneShareBranches() ([]string, error) { return nil, nil }
func (n noWrites) Unshared(catalogue.Kind, string) (store.Unshared, error) {
	return store.Unshared{}, n.notGit()
}
func (n noWrites) AddSnippet(context.Context, catalogue.NewSnippet, catalogue.Identity, time.Time) (string, error) {
	return "", n.notGit()
}

func (n noWrites) AddEntry(context.Context, catalogue.Kind, catalogue.EntryPreparer, catalogue.Identity, time.Time) (string, error) {
	return "", n.notGit()
}
func (n noWrites) OriginURL() string         { return "" }
func (n noWrites) Head() (store.Hash, error) { return "", n.notGit() }
func (n noWrites) RemoteHead(string) (store.Hash, bool, error) {
	return "", false, nil
}
func (n noWrites) EntryFiles(catalogue.Kind, string) (map[string][]byte, error) {
	return nil, n.notGit()
}
func (n noWrites) EntryFilesAt(store.Hash, catalogue.Kind, string) (map[string][]byte, error) {
	return nil, n.notGit()
}
func (n noWrites) BuildShare(store.Hash, store.Hash, catalogue.Kind, string, map[string][]byte, string, catalogue.Identity, time.Time) (store.Hash, error) {
	return "", n.notGit()
}
func (n noWrites) LoadCommit(store.Hash) (*catalogue.Catalogue, error) { return nil, n.notGit() }
func (n noWrites) HasCommit(store.Hash) bool                           { return false }
func (n noWrites) RemoteBranch(context.Context, string, string, store.Credentials) (store.Hash, bool, error) {
	return "", false, n.notGit()
}
func (n noWrites) FetchBranch(context.Context, string, string, store.Credentials) error {
	return n.notGit()
}
func (n noWrites) PushBranch(context.Context, string, string, store.Credentials) error {
	return n.notGit()
}
