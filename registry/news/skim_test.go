package news

import (
	"testing"

	"github.com/gpso/codal/registry/store"
)

// TestSkimmedCommitListsItsEntries: a commit read from its paths alone (a
// bulk import past MaxReadsPerCommit) still lists each request filed and
// each support gained, titled from the catalogue; a status change, which
// only its file says, gives no item rather than a wrong one.
func TestSkimmedCommitListsItsEntries(t *testing.T) {
	c := store.Commit{Hash: "c1", Skimmed: true, Changes: []store.FileChange{
		{Path: "requests/budget/events/20260301T100000Z-gpso.yaml", HasNew: true},
		{Path: "requests/budget/request.yaml", HasNew: true},
		{Path: "requests/budget/votes/vanves.yaml", HasNew: true},
	}}
	items := FromHistory([]store.Commit{c}, func(entry string) string { return "Titre de " + entry })
	if len(items) != 2 {
		t.Fatalf("%d items, want 2: %+v", len(items), items)
	}
	if items[0].Kind != RequestFiled || items[0].Title != "Titre de requests/budget" {
		t.Errorf("first item: %+v", items[0])
	}
	if items[1].Kind != SupportGained || items[1].Actor != "vanves" || items[1].Title != "Titre de requests/budget" {
		t.Errorf("second item: %+v", items[1])
	}
}
