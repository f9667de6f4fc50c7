package news

import (
	"fmt"
	"testing"

	"github.com/gpso/codal/registry/store"
)

// BenchmarkFromCommitBulkImport: one commit adding 20,000 snippets (each
// its snippet.yaml and a README), as a registry's first import. Each
// README gives a "changed" item dropped because its entry was added;
// that was a scan of every item per README (quadratic: minutes at
// 100,000 entries), now a set.
func BenchmarkFromCommitBulkImport(b *testing.B) {
	var c store.Commit
	for i := range 20000 {
		id := fmt.Sprintf("snippets/extrait-%05d", i)
		c.Changes = append(c.Changes,
			store.FileChange{Path: id + "/README.md", HasNew: true, New: []byte("x")},
			store.FileChange{Path: id + "/snippet.yaml", HasNew: true, New: []byte("title: Extrait\n")})
	}
	b.ResetTimer()
	for b.Loop() {
		if n := len(FromCommit(c)); n != 20000 {
			b.Fatalf("%d items, want 20000", n)
		}
	}
}
